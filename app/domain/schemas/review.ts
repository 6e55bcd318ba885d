// The CCAS's review of filed groupements: its forms (shared by the browser and the server) and the
// decisions' codes. A decision is the CCAS's until the call's results are published.
import * as z from "~/utils/zod";
import { codeOf, requiredText } from "./fields";

export const DECISIONS = [
  { code: "retenu", label: "Retenu" },
  { code: "non-retenu", label: "Non retenu" },
  { code: "liste-attente", label: "Liste d'attente" },
] as const;
export type DecisionCode = (typeof DECISIONS)[number]["code"];

export const decisionLabel = (code: string) => DECISIONS.find((decision) => decision.code === code)?.label ?? code;

export const AssignSchema = z.object({
  intent: z.enum(["assign", "unassign"]),
  userId: z.string({ message: "Choisissez un membre de l'équipe du CCAS." }).min(1, "Choisissez un membre de l'équipe du CCAS."),
});

export const NoteSchema = z.object({
  intent: z.literal("note"),
  body: requiredText("Note", 5000),
});

export const QuestionSchema = z.object({
  intent: z.literal("question"),
  question: requiredText("Question", 3000),
});

/** The lead's answer, on the groupement's workspace. */
export const AnswerSchema = z.object({
  intent: z.literal("answer-question"),
  questionId: z.string().min(1, "Question introuvable."),
  answer: requiredText("Réponse", 5000),
});

export const DecisionSchema = z.object({
  intent: z.literal("decision"),
  decision: codeOf(DECISIONS, "Décision"),
  decisionMessage: requiredText("Message au chef de file", 5000),
});

/** A criterion's field: its id, safe in a field name whatever the criterion's code. */
export const scoreField = (criterion: { id: string }) => `score-${criterion.id}`;

/** One whole score per criterion of the call, from 0 to the criterion's maximum. */
export const createScoresSchema = (criteria: readonly { id: string; label: string; maxScore: number }[]) =>
  z.object({
    intent: z.literal("scores"),
    ...Object.fromEntries(
      criteria.map((criterion) => {
        const message = `${criterion.label} : donnez une note entière de 0 à ${criterion.maxScore}.`;
        return [scoreField(criterion), z.number({ message }).int(message).min(0, message).max(criterion.maxScore, message)];
      }),
    ),
  });

export const PublishResultsSchema = z.object({
  intent: z.literal("publish-results"),
  callId: z.string().min(1),
});
