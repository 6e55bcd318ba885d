import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors, isUntouched, Notice, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { describeDevice } from "~/domain/device";
import { formatDateTime } from "~/domain/format";
import { NOTIFICATION_MODES, NotificationModeSchema } from "~/domain/schemas/idea";
import {
  ChangeEmailSchema,
  ChangeNameSchema,
  ChangePasswordSchema,
  DeleteAccountSchema,
  RevokeSessionSchema,
} from "~/domain/schemas/auth";
import {
  changePassword,
  getNotificationMode,
  passwordMatches,
  renameUser,
  revokeAllSessions,
  revokeSession,
  setNotificationMode,
} from "~/models/account.server";
import {
  deleteUserAccount,
  getUserByEmail,
  getUserSessions,
  leadsLeftWithoutAdmin,
  type OrphanedLead,
} from "~/models/user.server";
import {
  resendVerificationMail,
  sendAddressTakenMail,
  sendPasswordChangedMail,
  sendVerificationMail,
  TOO_MANY_LINKS,
} from "~/utils/account-mails.server";
import { requireUser } from "~/utils/auth.server";
import { answerDone, withFlash, type Flash } from "~/utils/flash.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import { emailKey, hitRateLimit, tooManyMessage } from "~/utils/rate-limit.server";
import { clearSessionCookie, sessionIdOf } from "~/utils/session.server";
import { parseFormValues } from "~/utils/forms";
import { ScrollableTable } from "~/components/table-wrap";

const PATH = "/compte";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({ title: "Mon compte", description: "Votre compte Coopérons.", path: "/compte", matches });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const current = sessionIdOf(request);
  const [sessions, notificationMode, orphanedLeads] = await Promise.all([
    getUserSessions(getDb(), user.id),
    getNotificationMode(getDb(), user.id),
    leadsLeftWithoutAdmin(getDb(), user.id),
  ]);
  return withFlash(request, PATH, {
    user: {
      name: user.name,
      email: user.email,
      verified: Boolean(user.emailVerifiedAt),
      notificationMode,
    },
    sessions: sessions.map((session) => ({
      id: session.id,
      current: session.id === current,
      device: describeDevice(session.userAgent),
      since: formatDateTime(session.createdAt),
      lastSeen: formatDateTime(session.lastSeenAt),
    })),
    orphanedLeads,
  });
}

/** Why the account is not deleted yet, one sentence per groupement whose lead would have nobody. */
function orphanedLeadProblem(lead: OrphanedLead): string {
  return `Vous êtes le dernier administrateur de « ${lead.organisationName} », chef de file du groupement « ${lead.title} » : confiez d'abord ce rôle à une autre structure du groupement (« Confier le rôle de chef de file », sur la page du groupement), ou nommez un autre administrateur de « ${lead.organisationName} ».`;
}

/** « « A » » or « « A » et « B » »: the groupements named in one sentence. */
const groupementNames = (leads: OrphanedLead[]) => {
  const names = leads.map((lead) => `« ${lead.title} »`);
  return names.length > 1 ? `des groupements ${names.slice(0, -1).join(", ")} et ${names.at(-1)}` : `du groupement ${names[0]}`;
};

/** The section of each form, for the notice of a refused one: its heading's id and its name. */
const REFUSED_SECTIONS: Record<string, { id: string; name: string } | undefined> = {
  "change-name": { id: "nom", name: "« Votre nom »" },
  "change-email": { id: "email", name: "« Adresse e-mail »" },
  "change-password": { id: "mot-de-passe", name: "« Mot de passe »" },
  notifications: { id: "notifications", name: "« Notifications par e-mail »" },
  "delete-account": { id: "supprimer", name: "« Supprimer mon compte »" },
};

/** Where the page comes back after a form sent without JavaScript: its section (the page's top for the address's link). */
const DONE_SECTIONS: Record<string, string | undefined> = {
  "change-name": "nom",
  "change-email": "email",
  "change-password": "mot-de-passe",
  notifications: "notifications",
  "revoke-session": "sessions",
};

type ActionData = { intent: string; result?: SubmissionResult<string[]>; notice?: string; error?: string };

const WRONG_PASSWORD = { currentPassword: ["Mot de passe actuel incorrect."] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const reply = (payload: ActionData, status = 200) => data<ActionData>(payload, { status });
  // Done: without JavaScript, the page by a GET at the form's section, its notice said there once.
  const done = (payload: ActionData & Flash) => answerDone(request, PATH, payload, { at: DONE_SECTIONS[intent] });

  switch (intent) {
    case "change-name": {
      const submission = parseForm(formData, { schema: ChangeNameSchema });
      if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
      await renameUser(db, user.id, submission.value.name);
      return done({ intent, result: submission.reply(), notice: "Votre nom a été enregistré." });
    }
    case "change-email": {
      const submission = parseForm(formData, { schema: ChangeEmailSchema });
      if (submission.status !== "success")
        return reply({ intent, result: submission.reply({ hideFields: ["currentPassword"] }) }, 400);
      if (!(await passwordMatches(db, user.id, submission.value.currentPassword))) {
        return reply({ intent, result: submission.reply({ fieldErrors: WRONG_PASSWORD, hideFields: ["currentPassword"] }) }, 400);
      }
      if (submission.value.email === user.email) {
        return reply(
          {
            intent,
            result: submission.reply({ fieldErrors: { email: ["C'est déjà votre adresse."] }, hideFields: ["currentPassword"] }),
          },
          400,
        );
      }
      const limit = await hitRateLimit("confirmationMail", [`account:${user.id}`, `to:${emailKey(submission.value.email)}`]);
      if (!limit.ok) {
        const formErrors = [tooManyMessage(limit.retryAfterSeconds, TOO_MANY_LINKS)];
        return reply({ intent, result: submission.reply({ formErrors, hideFields: ["currentPassword"] }) }, 429);
      }
      // The same answer whether or not the address has an account; its owner is told instead.
      const owner = await getUserByEmail(db, submission.value.email);
      if (owner) sendAddressTakenMail(request, owner);
      else sendVerificationMail(request, user, "change-email", submission.value.email);
      return done({
        intent,
        result: submission.reply({ resetForm: true }),
        notice: `Un lien de confirmation a été envoyé à ${submission.value.email}. Votre adresse changera quand vous l'aurez ouvert.`,
      });
    }
    case "change-password": {
      const submission = parseForm(formData, { schema: ChangePasswordSchema });
      if (submission.status !== "success")
        return reply({ intent, result: submission.reply({ hideFields: ["currentPassword", "newPassword"] }) }, 400);
      if (!(await passwordMatches(db, user.id, submission.value.currentPassword))) {
        return reply(
          { intent, result: submission.reply({ fieldErrors: WRONG_PASSWORD, hideFields: ["currentPassword", "newPassword"] }) },
          400,
        );
      }
      await changePassword(db, { userId: user.id, password: submission.value.newPassword, keepSessionId: sessionIdOf(request) });
      sendPasswordChangedMail(user);
      return done({
        intent,
        result: submission.reply({ resetForm: true }),
        notice: "Votre mot de passe a été changé. Vos autres appareils ont été déconnectés.",
      });
    }
    case "notifications": {
      const submission = parseForm(formData, { schema: NotificationModeSchema });
      if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
      await setNotificationMode(db, user.id, submission.value.mode);
      return done({ intent, result: submission.reply(), notice: "Vos préférences de notification sont enregistrées." });
    }
    case "resend-verification": {
      if (user.emailVerifiedAt) return done({ intent, notice: "Votre adresse est déjà confirmée." });
      const refused = await resendVerificationMail(request, user);
      if (refused) return reply({ intent, error: refused.refusal }, 429);
      return done({ intent, notice: `Un nouveau lien a été envoyé à ${user.email}.` });
    }
    case "revoke-session": {
      const submission = parseForm(formData, { schema: RevokeSessionSchema });
      if (submission.status !== "success") return reply({ intent, error: submission.error?.sessionId?.[0] }, 400);
      await revokeSession(db, { userId: user.id, sessionId: submission.value.sessionId });
      return done({ intent, notice: "Cet appareil a été déconnecté." });
    }
    case "logout-everywhere": {
      await revokeAllSessions(db, user.id);
      return redirect("/connexion", { headers: { "Set-Cookie": clearSessionCookie() } });
    }
    case "delete-account": {
      const submission = parseForm(formData, { schema: DeleteAccountSchema });
      if (submission.status !== "success")
        return reply({ intent, result: submission.reply({ hideFields: ["currentPassword"] }) }, 400);
      if (!(await passwordMatches(db, user.id, submission.value.currentPassword))) {
        return reply({ intent, result: submission.reply({ fieldErrors: WRONG_PASSWORD, hideFields: ["currentPassword"] }) }, 400);
      }
      const deletion = await deleteUserAccount(db, user.id);
      if (!deletion.deleted) {
        const formErrors = [
          `Votre compte n'a pas été supprimé : confiez d'abord le rôle de chef de file ${groupementNames(deletion.leads)}, ou nommez un autre administrateur, comme indiqué ci-dessus.`,
        ];
        return reply({ intent, result: submission.reply({ formErrors, hideFields: ["currentPassword"] }) }, 409);
      }
      return redirect("/?compte=supprime", { headers: { "Set-Cookie": clearSessionCookie() } });
    }
    default:
      return reply({ intent, notice: undefined, result: undefined }, 400);
  }
}

/** Each form on the page gets back only its own result. */
function lastResultFor(intent: string, actionData: ActionData | undefined) {
  return actionData?.intent === intent ? actionData.result : undefined;
}

export default function Account() {
  const { user, sessions, orphanedLeads, flashed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // What the last form said: with JavaScript its answer, without it the page asked for again after it.
  const answered: ActionData | undefined = actionData ?? flashed ?? undefined;
  const [nameForm, nameFields] = useForm({
    ...VALIDATE_WHEN_SENT,
    id: "change-name",
    defaultValue: { name: user.name },
    lastResult: lastResultFor("change-name", actionData),
    constraint: getZodConstraint(ChangeNameSchema),
    onValidate: ({ formData }) => parseFormValues(formData, { schema: ChangeNameSchema }),
  });
  const [emailForm, emailFields] = useForm({
    ...VALIDATE_WHEN_SENT,
    id: "change-email",
    lastResult: lastResultFor("change-email", actionData),
    constraint: getZodConstraint(ChangeEmailSchema),
    onValidate: ({ formData }) => parseFormValues(formData, { schema: ChangeEmailSchema }),
  });
  const [passwordForm, passwordFields] = useForm({
    ...VALIDATE_WHEN_SENT,
    id: "change-password",
    lastResult: lastResultFor("change-password", actionData),
    constraint: getZodConstraint(ChangePasswordSchema),
    onValidate: ({ formData }) => parseFormValues(formData, { schema: ChangePasswordSchema }),
  });
  const [deleteForm, deleteFields] = useForm({
    ...VALIDATE_WHEN_SENT,
    id: "delete-account",
    lastResult: lastResultFor("delete-account", actionData),
    constraint: getZodConstraint(DeleteAccountSchema),
    onValidate: ({ formData }) => parseFormValues(formData, { schema: DeleteAccountSchema }),
  });
  // A form reset after it was sent keeps its confirmation only until it is used again.
  const notice = (intent: string, form?: Parameters<typeof isUntouched>[0]) =>
    answered?.intent === intent && answered.notice && (!form || isUntouched(form)) ? <Notice>{answered.notice}</Notice> : null;

  // Without JavaScript a refused form comes back at the page's top, its message far below: said here, with a link to it.
  const refused = actionData?.result?.status === "error" ? REFUSED_SECTIONS[actionData.intent] : undefined;

  return (
    <div className="container page">
      <h1>Mon compte</h1>
      {refused ? (
        <Notice tone="warning" confirmation={false}>
          {actionData?.intent === "delete-account"
            ? "Votre compte n'a pas été supprimé : voyez pourquoi dans "
            : "Rien n'a été enregistré : corrigez ce qui est signalé dans "}
          <a href={`#${refused.id}`}>{refused.name}</a>.
        </Notice>
      ) : null}
      {!user.verified ? (
        <Notice tone="warning">
          Votre adresse {user.email} n'est pas encore confirmée : ouvrez le lien reçu par e-mail.{" "}
          <Form method="post" className="inline-form">
            <button type="submit" name="intent" value="resend-verification" className="link-button">
              Renvoyer le lien
            </button>
          </Form>
        </Notice>
      ) : null}
      {notice("resend-verification")}
      <FormErrors errors={actionData?.intent === "resend-verification" && actionData.error ? [actionData.error] : undefined} />

      <section aria-labelledby="nom">
        <h2 id="nom">Votre nom</h2>
        {notice("change-name")}
        <Form method="post" {...getFormProps(nameForm)} className="stack">
          <input type="hidden" name="intent" value="change-name" />
          <Field label="Nom" meta={nameFields.name} autoComplete="name" />
          <div>
            <SubmitButton>Enregistrer</SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="email">
        <h2 id="email">Adresse e-mail</h2>
        <p>
          Adresse actuelle : <strong>{user.email}</strong>
        </p>
        {notice("change-email", emailForm)}
        <Form method="post" {...getFormProps(emailForm)} className="stack">
          <input type="hidden" name="intent" value="change-email" />
          <FormErrors id={emailForm.errorId} errors={emailForm.errors} />
          <Field label="Nouvelle adresse e-mail" meta={emailFields.email} type="email" autoComplete="email" />
          <Field label="Mot de passe actuel" meta={emailFields.currentPassword} type="password" autoComplete="current-password" />
          <div>
            <SubmitButton>Changer d'adresse</SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="mot-de-passe">
        <h2 id="mot-de-passe">Mot de passe</h2>
        {notice("change-password", passwordForm)}
        <Form method="post" {...getFormProps(passwordForm)} className="stack">
          <input type="hidden" name="intent" value="change-password" />
          <Field
            label="Mot de passe actuel"
            meta={passwordFields.currentPassword}
            type="password"
            autoComplete="current-password"
          />
          <Field
            label="Nouveau mot de passe"
            meta={passwordFields.newPassword}
            type="password"
            autoComplete="new-password"
            hint="Au moins 10 caractères."
          />
          <div>
            <SubmitButton>Changer de mot de passe</SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="notifications">
        <h2 id="notifications">Notifications par e-mail</h2>
        {notice("notifications")}
        <p>
          Vos recherches enregistrées et les idées qui cherchent vos structures : <Link to="/compte/alertes">Mes alertes</Link>.
        </p>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="notifications" />
          <fieldset className="field">
            <legend>
              Quand une structure dont vous êtes administrateur reçoit une proposition de participation ou une réponse, et pour
              vos alertes
            </legend>
            {NOTIFICATION_MODES.map((mode) => (
              <label key={mode.code} className="checkbox">
                <input type="radio" name="mode" value={mode.code} defaultChecked={user.notificationMode === mode.code} />
                {mode.label}
              </label>
            ))}
          </fieldset>
          <div>
            <SubmitButton>Enregistrer</SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="sessions">
        <h2 id="sessions">Appareils connectés</h2>
        {notice("revoke-session")}
        <FormErrors errors={actionData?.intent === "revoke-session" && actionData.error ? [actionData.error] : undefined} />
        <ScrollableTable caption="Vos sessions ouvertes" hiddenCaption>
          <thead>
            <tr>
              <th scope="col">Appareil</th>
              <th scope="col">Connecté depuis</th>
              <th scope="col">Dernière activité</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session, index) => (
              <tr key={session.id}>
                <td>
                  {session.device}
                  {session.current ? <strong> (cet appareil)</strong> : null}
                </td>
                <td>{session.since}</td>
                <td>{session.lastSeen}</td>
                <td>
                  {session.current ? null : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="sessionId" value={session.id} />
                      <button type="submit" name="intent" value="revoke-session" className="link-button">
                        Déconnecter
                        <span className="visually-hidden">{` l'appareil ${index + 1}, connecté depuis le ${session.since}`}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
        <Form method="post">
          <SubmitButton name="intent" value="logout-everywhere" className="button-secondary">
            Se déconnecter partout
          </SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="mes-donnees">
        <h2 id="mes-donnees">Mes données</h2>
        <p>
          Tout ce que Coopérons garde sur vous (compte, structures, notifications, recherches et alertes, messages envoyés,
          connexions) dans un fichier JSON, que vous pouvez lire ou reprendre ailleurs. Voir la{" "}
          <Link to="/confidentialite">politique de confidentialité</Link>.
        </p>
        <p>
          <a href="/compte/donnees.json" download className="button button-secondary">
            Télécharger mes données
          </a>
        </p>
      </section>

      <section aria-labelledby="supprimer">
        <h2 id="supprimer">Supprimer mon compte</h2>
        <p>
          Vos données personnelles seront effacées. Si vous êtes le dernier administrateur d'une structure, sa fiche sera
          dépubliée.
        </p>
        {orphanedLeads.length > 0 ? (
          <Notice tone="warning" confirmation={false}>
            <p>
              {orphanedLeads.length > 1
                ? "Votre compte ne peut pas encore être supprimé : ces groupements n'auraient plus personne pour agir au nom de leur chef de file."
                : "Votre compte ne peut pas encore être supprimé : ce groupement n'aurait plus personne pour agir au nom de son chef de file."}
            </p>
            <ul>
              {orphanedLeads.map((lead) => (
                <li key={lead.groupementId}>
                  {orphanedLeadProblem(lead)}{" "}
                  <Link to={`/groupements/${lead.groupementId}`}>Ouvrir le groupement « {lead.title} »</Link> ·{" "}
                  <Link to={`/espace/organisations/${lead.organisationId}/membres`}>Membres de « {lead.organisationName} »</Link>
                </li>
              ))}
            </ul>
          </Notice>
        ) : null}
        <Form method="post" {...getFormProps(deleteForm)} className="stack">
          <FormErrors id={deleteForm.errorId} errors={deleteForm.errors} />
          <input type="hidden" name="intent" value="delete-account" />
          <Field
            label="Mot de passe actuel"
            meta={deleteFields.currentPassword}
            type="password"
            autoComplete="current-password"
          />
          <Field label="Tapez SUPPRIMER pour confirmer" meta={deleteFields.confirm} />
          <div>
            <SubmitButton className="button-danger">Supprimer définitivement mon compte</SubmitButton>
          </div>
        </Form>
      </section>
    </div>
  );
}
