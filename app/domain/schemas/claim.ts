// The forms of a claim of an unclaimed profile (/organisations/:slug/revendiquer) and of the CCAS's
// decision on it (/ccas/moderation). The claim form's schema takes the profile's known domains:
// the page builds it from what its loader gives, the server from the database.
import * as z from "~/utils/zod";
import { CLAIM_DOCUMENT_KINDS, claimEmailProblem } from "../registers/claims";
import { email, optionalText, requiredText } from "./fields";

const note = optionalText("Message au CCAS", 1000);

export function createClaimSchema(knownDomains: readonly string[]) {
  return z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("email"),
      email: email.superRefine((value, context) => {
        const problem = claimEmailProblem(value, knownDomains);
        if (problem) context.addIssue({ code: "custom", message: problem });
      }),
    }),
    z.object({
      intent: z.literal("document"),
      documentKind: z.enum(
        CLAIM_DOCUMENT_KINDS.map((kind) => kind.code),
        { message: "Type de document : choisissez dans la liste." },
      ),
      note,
    }),
    // The claimant's claim still waiting, withdrawn (a mistyped address, a wrong document).
    z.object({ intent: z.literal("withdraw") }),
    // A new link for the claimant's claim by address, still unopened (the mail lost or late).
    z.object({ intent: z.literal("resend") }),
  ]);
}

export const ClaimDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept-claim"), claimId: z.string().min(1) }),
  z.object({ intent: z.literal("refuse-claim"), claimId: z.string().min(1), reason: requiredText("Motif", 1000) }),
]);

export const isClaimDecisionIntent = (intent: FormDataEntryValue | null) =>
  intent === "accept-claim" || intent === "refuse-claim";
