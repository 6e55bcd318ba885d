import { ofName } from "~/domain/format";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Notice } from "~/components/forms";
import { StatusBadge } from "~/components/status-badge";
import { getMovableIdeas } from "~/models/call-edition.server";
import { countUnreadIn } from "~/models/interest.server";
import { getMyOrganisations } from "~/models/organisation.server";
import { requireUser } from "~/utils/auth.server";
import { getLiveClaimsOf } from "~/models/profile-claim.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";
import { withFlash } from "~/utils/flash.server";
import { useCleanAddress } from "~/utils/use-clean-address";
import { isSpaceArrival, SPACE_ARRIVAL_PARAMS, SPACE_ARRIVALS, spaceArrivalIn } from "~/domain/space-arrivals";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({ title: "Mon espace", description: "Vos structures sur Coopérons.", path: "/espace", matches });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const [memberships, invitations, claims, movable] = await Promise.all([
    getMyOrganisations(db, user.id),
    db.invitation.findMany({
      where: { email: user.email, acceptedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, role: true, organisation: { select: { name: true } } },
    }),
    getLiveClaimsOf(db, user.id),
    getMovableIdeas(db, user.id),
  ]);
  const [unread, groupements] = await Promise.all([
    Promise.all(memberships.map(({ organisation }) => countUnreadIn(db, [organisation.id]))),
    db.groupement.findMany({
      where: { members: { some: { organisationId: { in: memberships.map(({ organisation }) => organisation.id) } } } },
      orderBy: { updatedAt: "desc" },
      select: { id: true, title: true, submittedAt: true, members: { select: { organisationId: true, status: true } } },
    }),
  ]);
  return withFlash(request, "/espace", {
    user: { name: user.name, email: user.email, verified: Boolean(user.emailVerifiedAt), isCcas: user.isCcas },
    organisations: memberships.map(({ role, organisation }, index) => ({
      unread: unread[index] ?? 0,
      id: organisation.id,
      name: organisation.name,
      slug: organisation.slug,
      role,
      status: organisation.status,
      hasPendingChanges: Boolean(organisation.pendingChanges),
      moderationReason: organisation.moderationReason,
    })),
    invitationCount: invitations.length,
    // A new call published: the ideas of another call this person may bring to it (publishCall told them).
    newCall: movable && movable.ideas.length > 0 ? movable : null,
    claims,
    groupements: groupements.map((groupement) => ({
      id: groupement.id,
      title: groupement.title,
      invited: groupement.members.some(
        (member) =>
          member.status === "invited" && memberships.some(({ organisation }) => organisation.id === member.organisationId),
      ),
      // Only the title of a groupement one is merely invited to: its state is the members' business.
      submitted:
        Boolean(groupement.submittedAt) &&
        groupement.members.some(
          (member) =>
            member.status === "active" && memberships.some(({ organisation }) => organisation.id === member.organisationId),
        ),
    })),
  });
}

export default function Dashboard() {
  const { user, organisations, invitationCount, claims, groupements, newCall, flashed } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  // Sent here from a groupement, and why: said without JavaScript by the notice cookie, with it by the address.
  const arrival = isSpaceArrival(flashed?.intent) ? flashed.intent : spaceArrivalIn(searchParams);
  useCleanAddress(SPACE_ARRIVAL_PARAMS);
  return (
    <div className="container page">
      <h1>Mon espace</h1>
      {arrival ? <Notice tone={SPACE_ARRIVALS[arrival].tone}>{SPACE_ARRIVALS[arrival].notice}</Notice> : null}
      {!user.verified ? (
        <Notice tone="warning">
          Confirmez votre adresse e-mail (lien reçu par mail) pour créer une structure. <Link to="/compte">Renvoyer le lien</Link>
        </Notice>
      ) : null}
      {invitationCount > 0 ? (
        <Notice tone="info">
          Vous avez {invitationCount} invitation{invitationCount > 1 ? "s" : ""} à rejoindre une structure : ouvrez le lien reçu
          par e-mail.
        </Notice>
      ) : null}
      {newCall ? (
        <section className="notice notice-info" aria-labelledby="nouvel-appel">
          <h2 id="nouvel-appel">Nouvel appel : {newCall.toTitle}</h2>
          <p>
            Vous pouvez y rattacher {newCall.ideas.length > 1 ? "vos idées" : "votre idée"} : les sous-axes sont repris quand le
            nouvel appel a les mêmes, sinon vous les choisirez à nouveau.
          </p>
          <ul>
            {newCall.ideas.map((idea) => (
              <li key={idea.href}>
                <Link to={idea.href}>
                  Rattacher « {idea.title} »{idea.withGroupement ? " et son groupement" : ""}
                </Link>{" "}
                <span className="small muted">(aujourd'hui : {idea.fromTitle})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {user.isCcas ? (
        <p>
          <Link to="/ccas/moderation">File de modération du CCAS</Link>
        </p>
      ) : null}

      <h2>Mes structures</h2>
      {organisations.length === 0 ? (
        <p>Vous ne faites encore partie d'aucune structure. Créez sa fiche, ou demandez à un administrateur de vous inviter.</p>
      ) : (
        <ul className="cards">
          {organisations.map((organisation) => (
            <li key={organisation.id} className="card">
              <h3>
                <Link to={`/espace/organisations/${organisation.id}`}>{organisation.name}</Link>
              </h3>
              <p>
                <StatusBadge status={organisation.status} />{" "}
                {organisation.hasPendingChanges ? <span className="small">Modifications en attente de validation</span> : null}
              </p>
              {organisation.moderationReason ? <p className="small">Message du CCAS : {organisation.moderationReason}</p> : null}
              <p className="small muted">Votre rôle : {organisation.role === "admin" ? "administrateur" : "éditeur"}</p>
              <p className="small">
                <Link to={`/espace/organisations/${organisation.id}/messagerie`}>
                  Messagerie<span className="visually-hidden"> {ofName(organisation.name)}</span>
                  {organisation.unread > 0 ? ` (${organisation.unread} non lu${organisation.unread > 1 ? "s" : ""})` : ""}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      {claims.length > 0 ? (
        <>
          <h2>Mes demandes d'administration de fiches</h2>
          <ul>
            {claims.map((claim) => (
              <li key={claim.slug}>
                <Link to={`/organisations/${claim.slug}/revendiquer`}>{claim.organisationName}</Link> — en attente :{" "}
                {claim.awaiting}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {groupements.length > 0 ? (
        <>
          <h2>Mes groupements</h2>
          <ul>
            {groupements.map((groupement) => (
              <li key={groupement.id}>
                <Link to={`/groupements/${groupement.id}`}>{groupement.title}</Link>
                {groupement.invited ? " — invitation à accepter" : ""}
                {groupement.submitted ? " — dossier déposé" : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {user.verified ? (
        <p>
          <Link to="/espace/organisations/nouvelle" className="button">
            Créer la fiche d'une structure
          </Link>
        </p>
      ) : null}
    </div>
  );
}
