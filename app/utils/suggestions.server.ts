// « Partenaires suggérés » as an idea's page and a groupement's workspace both show and answer it:
// the panel's data (cards with badges and sentences, the hidden ones on request), and its forms —
// invite a suggested organisation to express interest (a message in its inbox and a mail to its
// admins, rate-limited), hide it (« Pas intéressé »), show it again. The route has already checked
// that the person belongs to the project.
import type { SubmissionResult } from "@conform-to/react";
import type { RuleId } from "~/domain/eligibility";
import { formatDay } from "~/domain/format";
import { reasonBadges, reasonsInOrder } from "~/domain/recommendation-display";
import {
  InviteSuggestionSchema,
  NOBODY_TOLD,
  SUGGESTION_INTENTS,
  SuggestionChoiceSchema,
  type SuggestionIntent,
} from "~/domain/schemas/suggestion";
import { adminIdsOf, notifyUsers } from "~/models/notification.server";
import {
  dismissSuggestion,
  getInvitedOn,
  getSuggestions,
  inviteToExpressInterest,
  restoreSuggestion,
  SEEKING_STAGES,
  type Suggestion,
  type SuggestionTarget,
} from "~/models/recommendation.server";
import type { SessionUser } from "./auth.server";
import type { Db } from "./db.server";
import { parseForm } from "./forms.server";
import { sendMail } from "./mail.server";
import { hitRateLimit, tooManyMessage } from "./rate-limit.server";
import { absoluteUrl } from "./url.server";

export type SuggestionCard = {
  id: string;
  name: string;
  url: string;
  badges: string[];
  /** The reasons' sentences, the one that would turn a failing rule to pass first. */
  sentences: string[];
  /** When it was invited to express interest in the idea, if it was. */
  invitedOn: string | null;
  /** Whether someone administers it here (a demo's or a register's fiche: nobody reads its messagerie). */
  administered: boolean;
};

export type SuggestionPanel = {
  cards: SuggestionCard[];
  /** The hidden suggestions, when asked for (`?masquees=1`); else null. */
  hidden: SuggestionCard[] | null;
  hiddenCount: number;
  /** Why no invitation can be sent, when none can. */
  inviteRefusal: string | null;
};

/** The panel of an idea's or a groupement's suggestions; null when there is no such project. */
export async function getSuggestionPanel(
  db: Db,
  target: SuggestionTarget,
  { showHidden, failingRules = [] }: { showHidden: boolean; failingRules?: readonly RuleId[] },
): Promise<SuggestionPanel | null> {
  const found = await getSuggestions(db, target);
  if (!found) return null;
  const ids = [...found.suggestions, ...found.hidden].map((suggestion) => suggestion.id);
  const [invitedOn, idea, administered] = await Promise.all([
    getInvitedOn(db, found.ideaId, ids),
    db.idea.findUnique({ where: { id: found.ideaId }, select: { status: true, stage: true } }),
    db.membership
      .findMany({
        where: { organisationId: { in: ids }, role: "admin" },
        distinct: ["organisationId"],
        select: { organisationId: true },
      })
      .then((rows) => new Set(rows.map((row) => row.organisationId))),
  ]);
  const memberSectors = new Set(found.project.members.map((member) => member.sector)).size;
  const card = (suggestion: Suggestion): SuggestionCard => {
    const invited = invitedOn.get(suggestion.id);
    return {
      id: suggestion.id,
      name: suggestion.name,
      url: suggestion.url,
      badges: reasonBadges(reasonsInOrder(suggestion.reasons, failingRules), suggestion, memberSectors),
      sentences: reasonsInOrder(suggestion.reasons, failingRules).map((reason) => reason.message),
      invitedOn: invited ? formatDay(invited) : null,
      administered: administered.has(suggestion.id),
    };
  };
  return {
    cards: found.suggestions.map(card),
    hidden: showHidden ? found.hidden.map(card) : null,
    hiddenCount: found.hidden.length,
    inviteRefusal:
      idea?.status !== "published"
        ? "Une fois l'idée publiée, vous pourrez inviter ces structures à manifester leur intérêt."
        : (SEEKING_STAGES as readonly string[]).includes(idea.stage)
          ? null
          : "Le projet ne cherche plus de partenaires à son étape actuelle : les invitations ne sont plus proposées.",
  };
}

/**
 * What the page shows after one of these forms: `intent` is the form's intent and the organisation
 * it was about (`suggestion-invite:<id>`), so that the answer appears on that suggestion's card.
 */
export type SuggestionActionData = { intent: string; notice?: string; error?: string; result?: SubmissionResult<string[]> };

const DEFAULT_MESSAGE =
  "Nous pensons que votre structure pourrait rejoindre notre projet. Découvrez-le et, s'il vous parle, proposez de participer.";

export async function answerSuggestionForm(
  db: Db,
  {
    formData,
    intent,
    target,
    ideaId,
    senderOrganisationId,
    user,
  }: {
    formData: FormData;
    intent: SuggestionIntent;
    target: SuggestionTarget;
    ideaId: string;
    senderOrganisationId: string;
    user: Pick<SessionUser, "id">;
  },
): Promise<{ status: number; payload: SuggestionActionData }> {
  if (intent === SUGGESTION_INTENTS.invite) {
    const submission = parseForm(formData, { schema: InviteSuggestionSchema });
    const organisationId = String(formData.get("organisationId") ?? "");
    const key = `${intent}:${organisationId}`;
    if (submission.status !== "success") return { status: 400, payload: { intent: key, result: submission.reply() } };
    const limit = await hitRateLimit("interestInvitation", [`user:${user.id}`, `organisation:${senderOrganisationId}`]);
    if (!limit.ok) {
      const error = tooManyMessage(limit.retryAfterSeconds, "Vous avez envoyé beaucoup d'invitations aujourd'hui");
      return { status: 429, payload: { intent: key, error, result: submission.reply({ formErrors: [error] }) } };
    }
    const message = submission.value.message || DEFAULT_MESSAGE;
    const invited = await inviteToExpressInterest(db, {
      ideaId,
      organisationId,
      senderOrganisationId,
      authorId: user.id,
      message,
    });
    if (!invited.ok) {
      const { field, message: error } = invited.error;
      return {
        status: 400,
        payload: {
          intent: key,
          error,
          result: submission.reply(field ? { fieldErrors: { [field]: [error] } } : { formErrors: [error] }),
        },
      };
    }
    const { idea, organisation, sender } = invited;
    const admins = await adminIdsOf(db, organisationId);
    await notifyUsers(
      db,
      admins,
      {
        subject: `${sender.name} vous invite à rejoindre « ${idea.title} »`,
        body: `${sender.name} pense que ${organisation.name} pourrait rejoindre son projet « ${idea.title} » :\n\n${message}\n\nDécouvrez le projet et, s'il vous parle, proposez de participer depuis sa page :`,
        link: absoluteUrl(`/idees/${idea.slug}#rejoindre`),
      },
      sendMail,
    );
    return {
      status: 200,
      payload: {
        intent: key,
        notice:
          admins.length > 0
            ? `Invitation envoyée à « ${organisation.name} » : elle la trouvera dans sa messagerie, et ses administrateurs sont prévenus.`
            : // A fiche nobody administers here (a register's, a demo's): nobody reads its messagerie yet.
              `Invitation enregistrée dans la messagerie de « ${organisation.name} », mais ${NOBODY_TOLD}`,
        result: submission.reply({ resetForm: true }),
      },
    };
  }

  const submission = parseForm(formData, { schema: SuggestionChoiceSchema });
  if (submission.status !== "success")
    return { status: 400, payload: { intent, error: "Choisissez une structure parmi les partenaires suggérés." } };
  const { organisationId } = submission.value;
  const organisation = await db.organisation.findUnique({ where: { id: organisationId }, select: { name: true } });
  if (!organisation) return { status: 400, payload: { intent, error: "Cette structure n'existe pas." } };
  if (intent === SUGGESTION_INTENTS.dismiss) {
    await dismissSuggestion(db, target, organisationId);
    return {
      status: 200,
      payload: {
        intent,
        notice: `${organisation.name} ne vous est plus suggérée. Vous la retrouverez dans les suggestions masquées.`,
      },
    };
  }
  await restoreSuggestion(db, target, organisationId);
  return { status: 200, payload: { intent, notice: `${organisation.name} peut de nouveau vous être suggérée.` } };
}
