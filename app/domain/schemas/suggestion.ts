// The forms of « Partenaires suggérés » (an idea's page, a groupement's workspace): invite a
// suggested organisation to express interest, hide it (« Pas intéressé »), show it again. Shared by
// the browser and the server; the submit button's `intent` says which.
import * as z from "~/utils/zod";
import { optionalText } from "./fields";

export const SUGGESTION_INTENTS = {
  invite: "suggestion-invite",
  dismiss: "suggestion-dismiss",
  restore: "suggestion-restore",
} as const;

export type SuggestionIntent = (typeof SUGGESTION_INTENTS)[keyof typeof SUGGESTION_INTENTS];

export const isSuggestionIntent = (value: unknown): value is SuggestionIntent =>
  Object.values(SUGGESTION_INTENTS).includes(value as SuggestionIntent);

export const SUGGESTION_MESSAGE_MAX = 1000;

/**
 * Said of a structure nobody administers here (a demo's, a register's fiche), before and after the
 * invitation: it waits in its messagerie, nobody is told.
 */
export const NOBODY_TOLD =
  "personne n'administre encore sa fiche sur Coopérons : elle n'en sera prévenue que lorsqu'un administrateur la rejoindra.";

const organisationId = z
  .string({ message: "Choisissez une structure parmi les partenaires suggérés." })
  .min(1, "Choisissez une structure parmi les partenaires suggérés.");

export const InviteSuggestionSchema = z.object({
  organisationId,
  message: optionalText("Votre message", SUGGESTION_MESSAGE_MAX),
});

export const SuggestionChoiceSchema = z.object({ organisationId });
