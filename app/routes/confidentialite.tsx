import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DemoValuesNotice } from "~/components/legal-notice";
import {
  CLAIM_DOCUMENT_DAYS,
  CONTACT_MESSAGE_MONTHS,
  ORGANISATION_INVITATION_DAYS,
  SESSION_DAYS,
  STAFF_INVITATION_DAYS,
  TOKEN_VALIDITY,
} from "~/domain/retention";
import { getLegalInfo } from "~/utils/legal.server";
import { pageMeta } from "~/utils/meta";
import { ScrollableTable } from "~/components/table-wrap";

export function loader() {
  return { legal: getLegalInfo() };
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Politique de confidentialité",
    description: "Les données personnelles que garde Coopérons, pourquoi, combien de temps, et comment exercer vos droits.",
    path: "/confidentialite",
    matches,
  });

export default function Privacy() {
  const { legal } = useLoaderData<typeof loader>();
  const dpo = <a href={`mailto:${legal.DPO_EMAIL}`}>{legal.DPO_EMAIL}</a>;
  return (
    <div className="container page">
      <h1>Politique de confidentialité</h1>
      <DemoValuesNotice names={legal.demoValues} />

      <h2>Qui est responsable de vos données</h2>
      <p>
        Le responsable du traitement est {legal.PUBLISHER_NAME}, {legal.PUBLISHER_ADDRESS}. Pour toute question sur vos données,
        écrivez au délégué à la protection des données : {dpo}.
      </p>
      <p>
        Coopérons sert à trouver des partenaires et à constituer des groupements pour l'appel à coopérations du CCAS de Nantes.
        Les données ci-dessous sont traitées pour faire fonctionner ce service, que vous demandez en créant un compte (article
        6.1.b du RGPD), et, pour le journal du CCAS et la sécurité du site, au titre de l'intérêt légitime à tracer les décisions
        et à prévenir les abus (article 6.1.f). Aucune donnée n'est vendue, ni utilisée pour de la publicité.
      </p>

      <h2>Les données gardées, pourquoi et combien de temps</h2>
      <ScrollableTable caption="Données personnelles conservées" hiddenCaption>
        <thead>
          <tr>
            <th scope="col">Données</th>
            <th scope="col">Pourquoi</th>
            <th scope="col">Combien de temps</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">
              Compte : nom, adresse e-mail, mot de passe (chiffré par argon2id, jamais lisible), date de confirmation de
              l'adresse, choix de notifications, rôle au CCAS le cas échéant
            </th>
            <td>Vous connecter, vous écrire, vous laisser agir pour vos structures</td>
            <td>Tant que le compte existe ; vous le supprimez vous-même depuis Mon compte, et tout ce qui suit part avec lui</td>
          </tr>
          <tr>
            <th scope="row">Appartenance aux structures (rôle, date) et invitations (adresse invitée, rôle)</th>
            <td>Savoir qui peut modifier une fiche, une offre, une idée ou un groupement</td>
            <td>
              Tant que vous êtes membre ; une invitation vaut {ORGANISATION_INVITATION_DAYS} jours (structures) ou{" "}
              {STAFF_INVITATION_DAYS} jours (équipe du CCAS) et est effacée une fois ce délai passé
            </td>
          </tr>
          <tr>
            <th scope="row">Messages de contact envoyés à une structure : nom, adresse e-mail et texte de l'expéditeur</th>
            <td>Transmettre votre message à la structure, qui vous répond</td>
            <td>{CONTACT_MESSAGE_MONTHS} mois après l'envoi, puis effacés</td>
          </tr>
          <tr>
            <th scope="row">
              Propositions de participation à une idée et invitations entre structures (texte, auteur), questions du CCAS et
              réponses ; pour un groupement déposé, le nom de la personne qui confirme l'engagement d'une structure et de celle
              qui fait chaque modification
            </th>
            <td>Constituer les groupements, instruire les dossiers, savoir qui a engagé chaque structure</td>
            <td>Tant que l'idée ou le groupement existe, même si votre compte est supprimé</td>
          </tr>
          <tr>
            <th scope="row">Connexions (sessions) : navigateur utilisé, date de connexion et de dernière activité</th>
            <td>Vous garder connecté, vous montrer vos appareils connectés pour en déconnecter un</td>
            <td>{SESSION_DAYS} jours au plus, puis effacées ; immédiatement à la déconnexion</td>
          </tr>
          <tr>
            <th scope="row">Liens envoyés par e-mail (confirmation d'adresse, nouveau mot de passe)</th>
            <td>Vérifier que l'adresse est la vôtre ; seule une empreinte du lien est gardée</td>
            <td>Valables {TOKEN_VALIDITY} ; effacés une fois utilisés ou expirés</td>
          </tr>
          <tr>
            <th scope="row">Recherches enregistrées, choix d'alertes et alertes reçues, notifications</th>
            <td>Vous prévenir des nouvelles structures, offres et idées qui vous intéressent</td>
            <td>Jusqu'à ce que vous les supprimiez, ou votre compte</td>
          </tr>
          <tr>
            <th scope="row">Signalements que vous envoyez au CCAS</th>
            <td>Permettre au CCAS de vérifier un contenu</td>
            <td>Tant que le contenu existe ; si votre compte est supprimé, le signalement reste sans vous désigner</td>
          </tr>
          <tr>
            <th scope="row">Journal du CCAS : nom et adresse de l'agent qui accorde ou retire un accès, modère ou décide</th>
            <td>Garder la trace des décisions prises sur l'appel (qui, quoi, quand)</td>
            <td>Conservé avec les archives de l'appel ; il n'est ni modifiable ni effacé par le site</td>
          </tr>
          <tr>
            <th scope="row">Documents déposés pour un groupement (pièces signées, comptes, rapports d'activité)</th>
            <td>Le dossier de candidature à l'appel</td>
            <td>Tant que le groupement existe</td>
          </tr>
          <tr>
            <th scope="row">
              Demandes d'administration d'une fiche créée d'après un registre (« C'est ma structure ») : adresse de la structure
              ou document justificatif, message au CCAS, réponse
            </th>
            <td>Vérifier que vous parlez au nom de la structure avant de vous en confier la fiche</td>
            <td>
              Le document est effacé {CLAIM_DOCUMENT_DAYS} jours après la réponse du CCAS, ou dès que vous annulez la demande ; le
              lien envoyé ne sert plus une fois la demande traitée ou expirée ; la demande elle-même reste tant que le compte
              existe
            </td>
          </tr>
          <tr>
            <th scope="row">Journaux techniques</th>
            <td>Limiter les abus (trop de tentatives de connexion, d'inscriptions, de messages)</td>
            <td>
              Le site ne tient pas de journal des visites. Les compteurs anti-abus (adresse IP, adresse e-mail, compte) sont
              gardés dans la base de données le temps de leur période, 48 heures au plus, puis effacés automatiquement.
              L'hébergeur peut garder ses propres journaux techniques.
            </td>
          </tr>
        </tbody>
      </ScrollableTable>
      <p>
        Les effacements indiqués sont faits chaque jour par une tâche programmée. Un seul cookie est déposé, à la connexion :{" "}
        <code>cooperons_session</code>, nécessaire pour rester connecté ; aucun cookie de mesure d'audience ni de publicité.
      </p>

      <h2>Qui voit vos données</h2>
      <ul>
        <li>Les membres d'une structure voient les noms et adresses des autres membres, et les messages qu'elle reçoit.</li>
        <li>
          Ce qui est publié (fiches, offres, idées) est public, avec l'adresse e-mail et le téléphone qu'une structure choisit
          d'afficher ; le nom des membres n'y figure pas.
        </li>
        <li>L'équipe du CCAS voit ce qu'il faut pour modérer et instruire les dossiers.</li>
        <li>
          L'hébergeur ({legal.HOST_NAME}) et le service d'envoi des e-mails traitent les données pour le compte de l'éditeur.
        </li>
        {legal.geocoder ? (
          <li>
            Quand vous tapez une adresse dans un formulaire, le texte tapé est envoyé au service national d'adresses (Base Adresse
            Nationale) pour proposer des adresses de Nantes ; rien d'autre ne lui est envoyé.
          </li>
        ) : null}
        {legal.tilesHost ? (
          <li>
            Les fonds de carte sont chargés depuis {legal.tilesHost} : ce service reçoit, comme tout site visité, l'adresse IP de
            votre navigateur.
          </li>
        ) : null}
      </ul>

      <h2>Vos droits et comment les exercer</h2>
      <p>Vous avez, sur les données qui vous concernent, le droit :</p>
      <ul>
        <li>
          d'<strong>accès</strong> et à la <strong>portabilité</strong> : depuis <Link to="/compte">Mon compte</Link>, «
          Télécharger mes données » vous donne tout ce qui vous concerne dans un fichier JSON ;
        </li>
        <li>
          de <strong>rectification</strong> : votre nom, votre adresse et votre mot de passe se changent depuis Mon compte, les
          fiches depuis l'espace de votre structure ;
        </li>
        <li>
          à l'<strong>effacement</strong> : « Supprimer mon compte », dans Mon compte, efface votre compte et les données qui y
          sont liées ;
        </li>
        <li>
          d'<strong>opposition</strong> et à la <strong>limitation</strong> du traitement : les notifications et alertes se
          coupent dans Mon compte ; pour le reste, écrivez à {dpo}.
        </li>
      </ul>
      <p>
        Pour toute autre demande, écrivez à {dpo} en indiquant l'adresse de votre compte ; une réponse vous est donnée dans un
        délai d'un mois. Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez adresser
        une réclamation à la CNIL (<a href="https://www.cnil.fr/fr/plaintes">www.cnil.fr/fr/plaintes</a>, ou par courrier : CNIL,
        3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07).
      </p>
      <p>
        Voir aussi les <Link to="/mentions-legales">mentions légales</Link> et la{" "}
        <Link to="/accessibilite">déclaration d'accessibilité</Link>.
      </p>
    </div>
  );
}
