import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DemoValuesNotice } from "~/components/legal-notice";
import { getLegalInfo } from "~/utils/legal.server";
import { pageMeta } from "~/utils/meta";

export function loader() {
  return { legal: getLegalInfo() };
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Déclaration d'accessibilité",
    description: "État de conformité de Coopérons au RGAA, non-conformités connues, contact et voies de recours.",
    path: "/accessibilite",
    matches,
  });

export default function Accessibility() {
  const { legal } = useLoaderData<typeof loader>();
  const contact = <a href={`mailto:${legal.CONTACT_EMAIL}`}>{legal.CONTACT_EMAIL}</a>;
  return (
    <div className="container page">
      <h1>Déclaration d'accessibilité</h1>
      <DemoValuesNotice names={legal.demoValues} />
      <p>
        {legal.PUBLISHER_NAME} s'engage à rendre ses services en ligne accessibles, conformément à l'article 47 de la loi n°
        2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique au site Coopérons ({legal.siteUrl}).
      </p>

      <h2>État de conformité</h2>
      <p>
        Coopérons est <strong>partiellement conforme</strong> avec le référentiel général d'amélioration de l'accessibilité
        (RGAA), version 4.1 : aucun audit complet n'a encore été réalisé, si bien qu'aucun taux de conformité ne peut être
        annoncé.
      </p>
      <p>
        Ce qui est vérifié aujourd'hui : des tests automatiques contrôlent, avec axe-core, les critères WCAG 2.2 niveaux A et AA
        que cet outil sait tester sur les parcours principaux (inscription, fiche d'une structure, modération, idées de projets,
        recherche et carte, suggestions de partenaires) ; les formulaires fonctionnent sans JavaScript et au clavier, leurs
        erreurs sont annoncées aux lecteurs d'écran ; chaque page commence par un lien « Aller au contenu ».
      </p>

      <h2>Contenus non accessibles</h2>
      <h3>Non-conformités connues</h3>
      <ul>
        <li>
          Les cartes (carte des zones peu couvertes, quartiers, placement d'un point dans les formulaires) ne s'utilisent pas
          entièrement au clavier ni au lecteur d'écran : les contours et les marqueurs ne reçoivent pas le focus. Un tableau donne
          les mêmes chiffres et permet de choisir un quartier ; dans les formulaires, la liste des quartiers remplace la carte,
          qui est facultative.
        </li>
        <li>
          Le dossier de candidature exporté en PDF n'est pas un PDF balisé : sa structure (titres, tableaux) n'est pas lisible par
          un lecteur d'écran. Le même dossier est disponible au format Word (DOCX), et la page du groupement s'imprime.
        </li>
        <li>
          Les documents PDF déposés par les structures (pièces signées, comptes, rapports) ne sont pas vérifiés : leur
          accessibilité dépend de leur auteur.
        </li>
        <li>
          Les fonds de carte, lorsqu'ils sont affichés, viennent d'un service extérieur dont les textes et contrastes ne dépendent
          pas du site.
        </li>
      </ul>
      <h3>Dérogations</h3>
      <p>Aucune dérogation pour charge disproportionnée n'est invoquée.</p>

      <h2>Établissement de cette déclaration</h2>
      <p>
        Cette déclaration a été établie le {legal.ACCESSIBILITY_STATEMENT_DATE}, à partir des tests automatiques et des
        vérifications faites pendant le développement, sans audit externe. Technologies utilisées : HTML, CSS, SVG, JavaScript
        (facultatif : le site fonctionne sans).
      </p>

      <h2>Retour d'information et contact</h2>
      <p>
        Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez à {contact} : nous vous indiquerons une autre façon
        d'y accéder, ou vous transmettrons le contenu sous une autre forme.
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service et que vous
        n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits :
      </p>
      <ul>
        <li>
          par le formulaire en ligne : <a href="https://formulaire.defenseurdesdroits.fr/">formulaire.defenseurdesdroits.fr</a> ;
        </li>
        <li>
          en contactant le délégué du Défenseur des droits de votre région :{" "}
          <a href="https://www.defenseurdesdroits.fr/carte-des-delegues">www.defenseurdesdroits.fr/carte-des-delegues</a> ;
        </li>
        <li>par téléphone : 09 69 39 00 00 ;</li>
        <li>par courrier, gratuit et sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
      </ul>
      <p>
        Voir aussi les <Link to="/mentions-legales">mentions légales</Link> et la{" "}
        <Link to="/confidentialite">politique de confidentialité</Link>.
      </p>
    </div>
  );
}
