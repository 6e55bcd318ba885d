import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors, isUntouched, Notice, SubmitButton, TextareaField, VALIDATE_WHEN_SENT } from "~/components/forms";
import { formatDay, ofName } from "~/domain/format";
import { ContactSchema } from "~/domain/schemas/organisation";
import { OFFER_CONDITIONS, OFFER_SLOTS } from "~/domain/schemas/offer";
import { KINDS, labelOf, mayLead, mayReceiveSubsidy, RESOURCES, SECTORS, type KindCode } from "~/domain/taxonomy";
import { IDEA_STAGES } from "~/domain/schemas/idea";
import { getOrganisationPublicIdeas } from "~/models/idea.server";
import { getPublishedOffers } from "~/models/offer.server";
import { REGISTER_LABELS } from "~/domain/registers/facts";
import { UNCLAIMED_BADGE, UNCLAIMED_NOT_CONTACTABLE } from "~/domain/registers/unclaimed";
import {
  getAdminEmails,
  getPublishedOrganisation,
  getPublishedOrganisationRow,
  getUnclaimedOrganisation,
  saveContactMessage,
  withPublicLinks,
} from "~/models/organisation.server";
import { getPendingClaimOf } from "~/models/profile-claim.server";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { getLegalInfo } from "~/utils/legal.server";
import { parseForm } from "~/utils/forms.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { emailKey, clientIp, hitRateLimit, tooManyMessage } from "~/utils/rate-limit.server";
import { parseFormValues } from "~/utils/forms";

/** An unclaimed profile's page: the register's facts, nothing the structure wrote, no way to contact it. */
async function unclaimedPage(request: Request, slug: string) {
  const profile = await getUnclaimedOrganisation(getDb(), slug, { claimedToo: true });
  if (!profile) throw new Response("Structure introuvable", { status: 404 });
  const user = profile.unclaimed ? await getUser(request) : null;
  // The signed-in person's own claim still waiting: the page says so rather than offering to claim again.
  const pendingClaim = user
    ? (await getPendingClaimOf(getDb(), { userId: user.id, organisationId: profile.id })) !== null
    : false;
  // Once claimed, the profile's own fields are the structure's draft, not yet checked by the CCAS:
  // the page shows the register's name and quartier only.
  const register = profile.unclaimed ? null : profile.registerEntries[0];
  return {
    kind: "unclaimed" as const,
    profile: {
      slug: profile.slug,
      name: register ? register.name : profile.name,
      claimed: !profile.unclaimed,
      leftEmpty: profile.leftEmpty,
      // Nobody left to invite a person of the structure: the CCAS hands the profile over.
      contactEmail: profile.leftEmpty ? getLegalInfo().CONTACT_EMAIL : null,
      pendingClaim,
      quartier: register ? (register.quartier?.name ?? null) : (profile.homeQuartier?.name ?? null),
      entries: profile.registerEntries.map((entry) => ({
        key: `${entry.source}-${entry.registerId}`,
        register: REGISTER_LABELS[entry.source === "rna" ? "rna" : "sirene"],
        identifierLabel: entry.source === "rna" ? "Numéro RNA" : "SIRET",
        identifier: entry.registerId,
        siret: entry.source === "rna" ? entry.siret : null,
        name: entry.name,
        // The register's address ends with its postcode and town already.
        address: entry.address,
        registeredLabel: entry.source === "rna" ? "Déclarée le" : "Établissement créé le",
        activity: `${entry.activityLabel} (code ${entry.activityCode})`,
        registeredOn: entry.registeredOn ? formatDay(entry.registeredOn) : null,
        registerUpdatedAt: entry.registerUpdatedAt ? formatDay(entry.registerUpdatedAt) : null,
        importedOn: entry.importedOn ? formatDay(entry.importedOn) : null,
      })),
    },
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const row = await getPublishedOrganisationRow(db, params.slug ?? "");
  if (!row) return unclaimedPage(request, params.slug ?? "");
  // The rest at once, from its id: each read waits its turn behind the other requests' work.
  const [organisation, offers, ideas, user] = await Promise.all([
    withPublicLinks(db, row),
    getPublishedOffers(db, row.id),
    getOrganisationPublicIdeas(db, row.id),
    getUser(request),
  ]);
  return {
    kind: "published" as const,
    signedIn: Boolean(user),
    // A person signed in writes as themself: the contact form starts with their name and address.
    sender: user ? { name: user.name, email: user.email } : null,
    organisation: {
      ...organisation,
      sectorLabel: labelOf(SECTORS, organisation.sector),
      kindLabel: labelOf(KINDS, organisation.kind),
      mayReceiveSubsidy: mayReceiveSubsidy(organisation.kind as KindCode),
      mayLead: mayLead(organisation.kind as KindCode),
      offers: organisation.resources
        .filter((item) => item.direction === "offers")
        .map((item) => labelOf(RESOURCES, item.resource)),
      seeks: organisation.resources.filter((item) => item.direction === "seeks").map((item) => labelOf(RESOURCES, item.resource)),
      paragraphs: organisation.description.split(/\n\s*\n/).filter(Boolean),
    },
    offers: offers.map((offer) => ({
      id: offer.id,
      title: offer.title,
      description: offer.description,
      resource: labelOf(RESOURCES, offer.resource),
      availability: offer.availability,
      // In the form's order, as the search shows them.
      slots: OFFER_SLOTS.filter((slot) => offer.slots.some((chosen) => chosen.slot === slot.code)).map((slot) => slot.label),
      capacity: offer.capacity,
      conditions: labelOf(OFFER_CONDITIONS, offer.conditions),
      quartier: offer.quartier?.name ?? null,
      validUntil: offer.validUntil ? formatDay(offer.validUntil) : null,
    })),
    ideas: ideas.map((idea) => ({ ...idea, stage: labelOf(IDEA_STAGES, idea.stage) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, matches, params }) =>
  pageMeta({
    title:
      loaderData?.kind === "published"
        ? loaderData.organisation.name
        : loaderData?.kind === "unclaimed"
          ? loaderData.profile.name
          : "Structure introuvable",
    description:
      loaderData?.kind === "published"
        ? loaderData.organisation.shortDescription
        : loaderData?.kind === "unclaimed"
          ? loaderData.profile.leftEmpty
            ? `${loaderData.profile.name} : fiche établie d'après un registre public ; plus personne ne la complète.`
            : loaderData.profile.claimed
              ? `${loaderData.profile.name} : structure qui complète sa fiche sur Coopérons, d'après un registre public.`
              : `${loaderData.profile.name} : fiche non revendiquée, d'après un registre public.`
          : "Cette structure n'existe pas ou n'est pas publiée.",
    path: `/organisations/${params.slug ?? ""}`,
    matches,
  });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = getDb();
  const organisation = await getPublishedOrganisation(db, params.slug ?? "");
  if (!organisation) {
    // An unclaimed profile has nobody to read a message: refused, whatever the form holds.
    if (await getUnclaimedOrganisation(db, params.slug ?? "")) throw new Response(UNCLAIMED_NOT_CONTACTABLE, { status: 403 });
    throw new Response("Structure introuvable", { status: 404 });
  }
  const submission = parseForm(await request.formData(), { schema: ContactSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  const limit = await hitRateLimit("contact", [`ip:${clientIp(context)}`, `sender:${emailKey(submission.value.email)}`]);
  if (!limit.ok)
    return data(
      { result: submission.reply({ formErrors: [tooManyMessage(limit.retryAfterSeconds)] }), sent: false },
      { status: 429 },
    );

  const { name, email, message } = submission.value;
  const admins = await getAdminEmails(db, organisation.id);
  await saveContactMessage(db, { organisationId: organisation.id, senderName: name, senderEmail: email, body: message });
  if (admins.length > 0) {
    await sendMail({
      to: admins,
      replyTo: email,
      subject: `Message de ${name} via Coopérons`,
      text: `Bonjour,\n\n${name} (${email}) vous écrit depuis la fiche ${ofName(organisation.name)} sur Coopérons :\n\n${message}\n\nRépondez directement à ce message pour lui écrire.\n\nL'équipe Coopérons`,
    });
  }
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function OrganisationPage() {
  const loaderData = useLoaderData<typeof loader>();
  return loaderData.kind === "unclaimed" ? (
    <UnclaimedProfile profile={loaderData.profile} />
  ) : (
    <PublishedProfile {...loaderData} />
  );
}

type UnclaimedData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "unclaimed" }>;
type PublishedData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "published" }>;

function UnclaimedProfile({ profile }: { profile: UnclaimedData["profile"] }) {
  return (
    <div className="container page">
      <p className="small">
        <Link to="/recherche">Recherche</Link> › {profile.name}
      </p>
      <h1>{profile.name}</h1>
      {profile.leftEmpty ? (
        <>
          <p className="lead">
            {`Cette fiche a été revendiquée sur Coopérons, mais plus personne ne s'en occupe : la structure ne la complétera pas. Voici ce qu'en dit un registre public ; on ne peut pas contacter cette structure par la plateforme.`}
          </p>
          {profile.contactEmail ? (
            <p data-testid="left-empty-contact">
              {"Vous représentez cette structure ? Écrivez au CCAS, "}
              <a href={`mailto:${profile.contactEmail}`}>{profile.contactEmail}</a>
              {"."}
            </p>
          ) : null}
        </>
      ) : profile.claimed ? (
        <p className="lead">
          Cette structure a rejoint Coopérons : elle complète sa fiche, qui paraîtra ici une fois vérifiée par le CCAS. En
          attendant, voici ce qu'en dit un registre public ; on ne peut pas encore la contacter par la plateforme.
        </p>
      ) : (
        <>
          <p>
            <span className="badge" data-testid="unclaimed-badge">
              {UNCLAIMED_BADGE}
            </span>
          </p>
          <p className="lead">
            Cette structure n'a pas encore rejoint Coopérons. Sa fiche ne reprend que ce qu'en dit un registre public ; on ne peut
            pas la contacter par la plateforme.
          </p>
        </>
      )}
      {profile.entries.map((entry) => (
        <section key={entry.key} aria-labelledby={`registre-${entry.key}`}>
          <h2 id={`registre-${entry.key}`}>D'après le {entry.register}</h2>
          <dl className="register-facts">
            <div>
              <dt>Nom au registre</dt>
              <dd>{entry.name}</dd>
            </div>
            <div>
              <dt>Adresse</dt>
              <dd>
                {entry.address}
                {profile.quartier ? ` (quartier ${profile.quartier})` : ""}
              </dd>
            </div>
            <div>
              <dt>Activité</dt>
              <dd>{entry.activity}</dd>
            </div>
            <div>
              <dt>{entry.identifierLabel}</dt>
              <dd>{entry.identifier}</dd>
            </div>
            {entry.siret ? (
              <div>
                <dt>SIRET déclaré</dt>
                <dd>{entry.siret}</dd>
              </div>
            ) : null}
            {entry.registeredOn ? (
              <div>
                <dt>{entry.registeredLabel}</dt>
                <dd>{entry.registeredOn}</dd>
              </div>
            ) : null}
            <div>
              <dt>Source</dt>
              <dd>
                {entry.register}
                {entry.registerUpdatedAt ? `, fiche mise à jour par le registre le ${entry.registerUpdatedAt}` : ""}
                {entry.importedOn ? ` ; registre importé le ${entry.importedOn}` : ""}
              </dd>
            </div>
          </dl>
        </section>
      ))}
      {profile.claimed ? null : (
        <section aria-labelledby="revendiquer" className="card">
          {profile.pendingClaim ? (
            <>
              <h2 id="revendiquer">Votre demande est en cours</h2>
              <p>
                Vous avez demandé à administrer cette fiche :{" "}
                <Link to={`/organisations/${profile.slug}/revendiquer`}>voir où en est votre demande</Link>.
              </p>
            </>
          ) : (
            <>
              <h2 id="revendiquer">Vous faites partie de cette structure ?</h2>
              <p>
                Revendiquez sa fiche : une fois votre demande acceptée, vous pourrez la compléter et les autres structures
                pourront vous contacter.
              </p>
              <p>
                <Link to={`/organisations/${profile.slug}/revendiquer`} className="button">
                  C'est ma structure
                </Link>
              </p>
            </>
          )}
        </section>
      )}
    </div>
  );
}

function PublishedProfile({ organisation, offers, ideas, signedIn, sender }: PublishedData) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "contact",
    lastResult: actionData?.result,
    defaultValue: sender ? { ...sender, message: "" } : undefined,
    constraint: getZodConstraint(ContactSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: ContactSchema }),
  });
  return (
    <div className="container page">
      <p className="small">
        <Link to="/annuaire">Annuaire</Link> › {organisation.name}
      </p>
      <div className="org-header">
        {organisation.logoFile ? (
          <img
            className="org-logo"
            src={`/organisations/${organisation.slug}/logo`}
            alt={`Logo ${ofName(organisation.name)}`}
            width={96}
            height={96}
          />
        ) : null}
        <div>
          <h1>{organisation.name}</h1>
          <p>
            {organisation.sectorLabel} · {organisation.kindLabel}{" "}
            {organisation.verifiedAt ? <span className="badge">Vérifiée par le CCAS</span> : null}{" "}
            {organisation.isDemo ? <span className="badge badge-demo">Démo — structure fictive</span> : null}
          </p>
        </div>
      </div>
      <p className="lead">{organisation.shortDescription}</p>
      {organisation.paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      <ul>
        <li>
          <strong>Où elle agit :</strong>{" "}
          {organisation.wholeCity
            ? "toute la ville"
            : organisation.quartiers.map(({ quartier }) => quartier.name).join(", ") || "non précisé"}
        </li>
        {/* The address alone too: the form says it is shown on the fiche. */}
        {organisation.homeQuartier || organisation.address ? (
          <li>
            <strong>Implantée à :</strong> {[organisation.address, organisation.homeQuartier?.name].filter(Boolean).join(", ")}
          </li>
        ) : null}
        {organisation.subAxes.length > 0 ? (
          <li>
            <strong>Sous-axes d'intérêt :</strong>{" "}
            {organisation.subAxes.map(({ subAxis }) => `${subAxis.code} ${subAxis.title}`).join(" ; ")}
          </li>
        ) : null}
        {organisation.offers.length > 0 ? (
          <li>
            <strong>Peut apporter :</strong> {organisation.offers.join(", ")}
          </li>
        ) : null}
        {organisation.seeks.length > 0 ? (
          <li>
            <strong>Recherche :</strong> {organisation.seeks.join(", ")}
          </li>
        ) : null}
        <li>
          {organisation.mayReceiveSubsidy ? "Peut recevoir une part de la subvention." : "Ne peut pas recevoir la subvention."}
        </li>
        <li>{organisation.mayLead ? "Peut être chef de file d'un groupement." : "Ne peut pas être chef de file."}</li>
        {organisation.website ? (
          <li>
            <strong>Site :</strong>{" "}
            <a href={organisation.website} rel="noopener noreferrer nofollow">
              {organisation.website}
            </a>
          </li>
        ) : null}
        {organisation.publicEmail ? (
          <li>
            <strong>E-mail :</strong> <a href={`mailto:${organisation.publicEmail}`}>{organisation.publicEmail}</a>
          </li>
        ) : null}
        {organisation.publicPhone ? (
          <li>
            <strong>Téléphone :</strong>{" "}
            <a href={`tel:${organisation.publicPhone.replace(/[^\d+]/g, "")}`}>{organisation.publicPhone}</a>
          </li>
        ) : null}
      </ul>

      <h2>Ressources proposées</h2>
      {offers.length === 0 ? (
        <p>Aucune offre publiée pour l'instant.</p>
      ) : (
        <ul className="cards">
          {offers.map((offer) => (
            <li key={offer.id} className="card">
              <h3>{offer.title}</h3>
              <p className="small muted">
                {offer.resource} · {offer.conditions}
                {offer.quartier ? ` · ${offer.quartier}` : ""}
              </p>
              <p>{offer.description}</p>
              <p className="small">
                <strong>Disponibilités :</strong> {offer.availability}
                {offer.slots.length > 0 ? ` (${offer.slots.join(" · ").toLowerCase()})` : ""}
              </p>
              {offer.capacity ? <p className="small">Capacité : {offer.capacity}</p> : null}
              {offer.validUntil ? <p className="small">Jusqu'au {offer.validUntil}</p> : null}
              {signedIn ? (
                <p className="small">
                  <Link to={`/signaler?type=offer&id=${offer.id}`}>Signaler cette offre</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h2>Idées de projets</h2>
      {ideas.length === 0 ? (
        <p>Aucune idée de projet publiée pour l'instant.</p>
      ) : (
        <ul className="cards">
          {ideas.map((idea) => (
            <li key={idea.id} className="card">
              <h3>
                <Link to={`/idees/${idea.slug}`}>{idea.title}</Link>
              </h3>
              <p className="small muted">{idea.stage}</p>
              <p>{idea.summary}</p>
            </li>
          ))}
        </ul>
      )}

      {/* Not "contact": that is the form's id (and its fields' prefix). */}
      <h2 id="contacter">Contacter la structure</h2>
      {actionData?.sent && isUntouched(form) ? (
        <Notice>
          {organisation.isDemo
            ? "Votre message a été transmis, mais cette structure est fictive (démonstration) : personne n'y répondra."
            : "Votre message a été transmis aux administrateurs de la structure. Ils vous répondront par e-mail."}
        </Notice>
      ) : null}
      {/* A demo structure has nobody behind it: the form works, but no answer will come (a probe waited for one). */}
      {organisation.isDemo ? (
        <p data-testid="demo-contact">
          Cette structure est fictive, créée pour la démonstration : vous pouvez essayer le formulaire, mais personne ne lira
          votre message ni n'y répondra.
        </p>
      ) : null}
      <p className="small muted">
        Votre adresse n'est transmise qu'aux administrateurs de la structure ; elle n'est jamais affichée.
      </p>
      {/* Without JavaScript the answer (its errors, or « transmis ») is seen where the form is, not at the page's top. */}
      <Form
        method="post"
        action={`/organisations/${organisation.slug}#contacter`}
        {...getFormProps(form)}
        className="stack"
        aria-labelledby="contacter"
      >
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Votre nom" meta={fields.name} autoComplete="name" />
        <Field label="Votre adresse e-mail" meta={fields.email} type="email" autoComplete="email" />
        <TextareaField label="Message" meta={fields.message} rows={6} />
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="contact-website">Ne remplissez pas ce champ</label>
          <input id="contact-website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <div>
          <SubmitButton pendingText="Envoi…">Envoyer le message</SubmitButton>
        </div>
      </Form>
      {signedIn ? (
        <p className="small">
          <Link to={`/signaler?type=organisation&id=${organisation.id}`}>Signaler cette fiche au CCAS</Link>
        </p>
      ) : null}
    </div>
  );
}
