// « Partenaires suggérés »: up to 10 cards, each with its reasons as badges and sentences, a link to
// the profile, an invitation to express interest (confirmed in a disclosure with an optional
// message) and « Pas intéressé ». Plain POST forms: everything works without JavaScript.
import { ofName } from "~/domain/format";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form, Link, useFormAction } from "@remix-run/react";
import { FormErrors, Notice, SubmitButton, TextareaField, VALIDATE_WHEN_SENT } from "~/components/forms";
import { InviteSuggestionSchema, NOBODY_TOLD, SUGGESTION_INTENTS } from "~/domain/schemas/suggestion";
import type { SuggestionActionData, SuggestionCard, SuggestionPanel } from "~/utils/suggestions.server";
import { parseFormValues } from "~/utils/forms";

/** The card's last answer, when the last form sent was about it. */
const answerFor = (actionData: SuggestionActionData | undefined, intent: string, id: string) =>
  actionData?.intent === `${intent}:${id}` ? actionData : undefined;

/**
 * This page's own action (with `?index` on an index route, and its query: the hidden suggestions
 * stay shown) and an anchor: without JavaScript the answer opens where its message is, not at the
 * top of a long page.
 */
function useAnchoredAction(anchor: string) {
  return `${useFormAction()}#${anchor}`;
}

function InviteForm({ card, actionData }: { card: SuggestionCard; actionData?: SuggestionActionData }) {
  const answer = answerFor(actionData, SUGGESTION_INTENTS.invite, card.id);
  const [form, fields] = useForm({
    id: `inviter-${card.id}`,
    lastResult: answer?.result,
    constraint: getZodConstraint(InviteSuggestionSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: InviteSuggestionSchema }),
  });
  const refused = Boolean(answer?.error || (answer?.result && answer.result.status === "error"));
  return (
    <details className="suggestion-invite" open={refused || undefined}>
      <summary>
        Inviter à manifester son intérêt<span className="visually-hidden"> : {card.name}</span>
      </summary>
      <Form method="post" action={useAnchoredAction(`suggestion-${card.id}`)} {...getFormProps(form)} className="stack">
        <input type="hidden" name="organisationId" value={card.id} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField
          label="Votre message (facultatif)"
          hint={
            card.administered
              ? `Il arrivera dans la messagerie ${ofName(card.name)}, et ses administrateurs seront prévenus par courriel.`
              : `Il arrivera dans la messagerie ${ofName(card.name)}, mais ${NOBODY_TOLD}`
          }
          meta={fields.message}
          rows={3}
        />
        <div>
          <SubmitButton name="intent" value={SUGGESTION_INTENTS.invite} pendingText="Envoi…">
            Envoyer l'invitation<span className="visually-hidden"> à {card.name}</span>
          </SubmitButton>
        </div>
      </Form>
    </details>
  );
}

function ChoiceButton({ card, intent, children }: { card: SuggestionCard; intent: string; children: string }) {
  return (
    <Form method="post" action={useAnchoredAction("partenaires-suggeres")} className="inline-form">
      <input type="hidden" name="organisationId" value={card.id} />
      <button type="submit" name="intent" value={intent} className="link-button touch-target">
        {children}
        <span className="visually-hidden"> : {card.name}</span>
      </button>
    </Form>
  );
}

function Card({
  card,
  inviteRefusal,
  actionData,
  hidden = false,
}: {
  card: SuggestionCard;
  inviteRefusal: string | null;
  actionData?: SuggestionActionData;
  hidden?: boolean;
}) {
  const [first, ...others] = card.sentences;
  const answer = answerFor(actionData, SUGGESTION_INTENTS.invite, card.id);
  return (
    <li className="card suggestion" id={`suggestion-${card.id}`}>
      <h3 className="card-title">
        <Link to={card.url}>{card.name}</Link>
      </h3>
      <ul className="tags" aria-label="Raisons de la suggestion">
        {card.badges.map((badge) => (
          <li key={badge} className="badge">
            {badge}
          </li>
        ))}
      </ul>
      {first ? <p>{first}.</p> : null}
      {others.length > 0 ? (
        <ul className="small suggestion-reasons">
          {others.map((sentence) => (
            <li key={sentence}>{sentence}.</li>
          ))}
        </ul>
      ) : null}
      {answer?.notice ? <Notice>{answer.notice}</Notice> : null}
      {hidden ? (
        <ChoiceButton card={card} intent={SUGGESTION_INTENTS.restore}>
          Réafficher
        </ChoiceButton>
      ) : (
        <>
          {card.invitedOn ? (
            <p className="small">Invitée à manifester son intérêt le {card.invitedOn}.</p>
          ) : inviteRefusal ? null : (
            <InviteForm card={card} actionData={actionData} />
          )}
          {/* A form cannot sit in a paragraph: the HTML parser would close the paragraph before it. */}
          <div className="small">
            <ChoiceButton card={card} intent={SUGGESTION_INTENTS.dismiss}>
              Pas intéressé
            </ChoiceButton>
          </div>
        </>
      )}
    </li>
  );
}

export function PartnerSuggestions({
  panel,
  actionData,
  hiddenHref,
  shownHref,
  intro,
}: {
  panel: SuggestionPanel;
  actionData?: SuggestionActionData;
  /** Where « Afficher les suggestions masquées » leads (the same page with `?masquees=1`). */
  hiddenHref: string;
  shownHref: string;
  intro: string;
}) {
  // Answers about a card are shown on it; the others (hide, show again) above the list.
  const general =
    actionData && (actionData.intent === SUGGESTION_INTENTS.dismiss || actionData.intent === SUGGESTION_INTENTS.restore)
      ? actionData
      : undefined;
  return (
    <section aria-labelledby="partenaires-suggeres" className="suggestions">
      <h2 id="partenaires-suggeres">Partenaires suggérés</h2>
      <p>{intro}</p>
      {general?.notice ? <Notice>{general.notice}</Notice> : null}
      <FormErrors errors={general?.error ? [general.error] : undefined} />
      {panel.inviteRefusal ? <p className="small">{panel.inviteRefusal}</p> : null}
      {panel.cards.length === 0 ? (
        <p>
          Aucune structure à vous suggérer pour l'instant : aucune fiche publiée n'apporte de secteur, de ressource, de quartier
          ou de sous-axe qui manque au projet. Les suggestions s'enrichiront à mesure que des structures s'inscrivent.
        </p>
      ) : (
        <ol className="cards" aria-label="Partenaires suggérés, les plus pertinents d'abord">
          {panel.cards.map((card) => (
            <Card key={card.id} card={card} inviteRefusal={panel.inviteRefusal} actionData={actionData} />
          ))}
        </ol>
      )}
      {panel.hidden ? (
        <>
          <h3 id="suggestions-masquees">Suggestions masquées ({panel.hidden.length})</h3>
          {panel.hidden.length === 0 ? (
            <p>Aucune suggestion masquée.</p>
          ) : (
            <ul className="cards">
              {panel.hidden.map((card) => (
                <Card key={card.id} card={card} inviteRefusal={panel.inviteRefusal} actionData={actionData} hidden />
              ))}
            </ul>
          )}
          <p className="small">
            <Link to={shownHref}>Ne plus afficher les suggestions masquées</Link>
          </p>
        </>
      ) : panel.hiddenCount > 0 ? (
        <p className="small">
          <Link to={hiddenHref}>Afficher les suggestions masquées ({panel.hiddenCount})</Link>
        </p>
      ) : null}
    </section>
  );
}
