import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import styles from "~/styles/app.css";
import { Notice } from "~/components/forms";
import { readRefusal } from "~/utils/refusal";
import { PageMeta } from "~/components/page-meta";
import { getCallNavigation } from "~/models/call.server";
import { countUnread } from "~/models/interest.server";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { getPublicEnv } from "~/utils/env.server";
import { useFocusAfterNavigation, useFocusWhenShownInPlace } from "~/utils/focus";
import { SITE_NAME } from "~/utils/meta";
import { useNonce } from "~/utils/nonce";
import { ZOD_JITLESS } from "~/utils/zod-settings";
import { siteOrigin } from "~/utils/url.server";
import { useCleanAddress } from "~/utils/use-clean-address";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  // Absolute URLs for Open Graph and the canonical link: this site's, never the request's Host.
  const origin = siteOrigin();
  const [navigation, user] = await Promise.all([getCallNavigation(getDb()), getUser(request)]);
  const unread = user ? await countUnread(getDb(), user.id) : 0;
  return {
    origin,
    publicEnv: getPublicEnv(),
    navigation,
    user: user ? { name: user.name, isCcas: user.isCcas, unread, emailVerified: user.emailVerifiedAt !== null } : null,
  };
}

type NavItem = { to: string; label: string; end?: boolean };

/** Without root data (the root loader failed: the error page), the layout keeps the fixed links. */
function navItems(navigation: { axes: string[]; laureateYears: number[] } | undefined): NavItem[] {
  return [
    { to: "/", label: "L'appel", end: true },
    ...(navigation?.axes ?? []).map((code) => ({ to: `/axes/${code}`, label: `Axe ${code}` })),
    { to: "/recherche", label: "Rechercher" },
    { to: "/annuaire", label: "Annuaire" },
    { to: "/idees", label: "Idées de projets" },
    { to: "/carte", label: "Carte" },
    ...(navigation?.laureateYears.length ? [{ to: "/laureats", label: `Lauréats ${navigation.laureateYears.join(", ")}` }] : []),
  ];
}

function PendingBar() {
  const navigation = useNavigation();
  return (
    <div
      className="pending-bar"
      data-active={navigation.state !== "idle"}
      role="progressbar"
      aria-hidden={navigation.state === "idle"}
      aria-label="Chargement de la page"
    />
  );
}

/** The account links and the site's navigation: in the header on a wide screen, behind « Menu » on a phone. */
function SiteLinks({ root }: { root: ReturnType<typeof useRouteLoaderData<typeof loader>> }) {
  return (
    <>
      <div className="header-account">
        {root?.user ? (
          <>
            <Link to="/espace">
              Mon espace
              {root.user.unread > 0 ? <UnreadBadge count={root.user.unread} /> : null}
            </Link>
            {root.user.isCcas ? <Link to="/ccas">Espace CCAS</Link> : null}
            <Link to="/compte">Mon compte</Link>
            <Form method="post" action="/deconnexion" className="inline-form">
              <button type="submit" className="link-button">
                Se déconnecter
              </button>
            </Form>
          </>
        ) : !root ? (
          // No layout data: the page of an error a form met (Remix reads nothing more after a refused
          // action). Whether this person is signed in is unknown here: « Mon espace » leads them to
          // their space, or to the log-in page — never « Se connecter » to someone signed in.
          <Link to="/espace">Mon espace</Link>
        ) : (
          <>
            <Link to="/connexion">Se connecter</Link>
            <Link to="/inscription" className="button-secondary">
              Créer un compte
            </Link>
          </>
        )}
      </div>
      <nav aria-label="Navigation principale">
        <ul className="nav-list">
          {navItems(root?.navigation).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end} prefetch="intent">
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

function UnreadBadge({ count }: { count: number }) {
  return (
    // Read within the link's name, « Mon espace (6 non lus) »: an aria-label on a span is not
    // reliably read, and the number alone made « Mon espace6 ».
    <span className="badge">
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">{` (${count} non lu${count > 1 ? "s" : ""})`}</span>
    </span>
  );
}

/**
 * With JavaScript, the open menu closes on Escape (the focus back on its button) and when the
 * focus is tabbed out of it: open, it lies over the page, whose focused field it would hide. Only
 * when the focus goes to another element (a click that focuses nothing, as Safari's on a link,
 * must still reach the link).
 */
function useMenuClosing() {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== "Escape" || !menu.open) return;
      menu.open = false;
      menu.querySelector("summary")?.focus();
    };
    const onFocusOut = (event: globalThis.FocusEvent) => {
      const next = event.relatedTarget;
      if (next instanceof Node && !menu.contains(next)) menu.open = false;
    };
    menu.addEventListener("keydown", onKeyDown);
    menu.addEventListener("focusout", onFocusOut);
    return () => {
      menu.removeEventListener("keydown", onKeyDown);
      menu.removeEventListener("focusout", onFocusOut);
    };
  });
  return ref;
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const { pathname, search } = useLocation();
  // Said on whichever page a confirmation link led back to (the log-in page says it its own way), to
  // the person whose address it is — not to anyone the address was passed on to.
  const emailConfirmed =
    pathname !== "/connexion" && Boolean(root?.user?.emailVerified) && new URLSearchParams(search).get("email") === "confirme";
  useFocusAfterNavigation();
  const menu = useMenuClosing();
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1d3a8a" />
        {/* Before any module: Zod never tries `new Function`, which the policy refuses (app/utils/zod.ts). */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: ZOD_JITLESS }} />
        <PageMeta />
        <Links />
        {/* What only makes sense with JavaScript (a map's key and credit) is marked `needs-js`: hidden
            without it, from the first paint, so that pages with JavaScript do not shift once hydrated. */}
        <noscript>
          <style dangerouslySetInnerHTML={{ __html: ".needs-js{display:none!important}" }} />
        </noscript>
      </head>
      <body>
        <a className="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <PendingBar />
        <header className="site-header">
          <div className="container header-inner">
            <Link to="/" className="brand">
              <span className="brand-name">{SITE_NAME}</span>
              <span className="brand-tagline">Partenaires pour l'appel à coopérations du CCAS de Nantes</span>
            </Link>
            {/* A native disclosure: it opens with Enter or Space, without JavaScript, and says whether it
                is open. Keyed by page so that it is closed again on the page a link of it opens. */}
            <details className="site-menu" key={pathname} ref={menu}>
              <summary>
                Menu
                {root?.user && root.user.unread > 0 ? <UnreadBadge count={root.user.unread} /> : null}
              </summary>
              <div className="site-menu-panel">
                <SiteLinks root={root} />
              </div>
            </details>
            <div className="site-links">
              <SiteLinks root={root} />
            </div>
          </div>
        </header>
        <main id="contenu" tabIndex={-1}>
          {emailConfirmed ? (
            <div className="container">
              <Notice>Votre adresse e-mail est confirmée.</Notice>
            </div>
          ) : null}
          {children}
        </main>
        <footer className="site-footer">
          <div className="container footer-inner">
            <p>
              {SITE_NAME} aide les structures nantaises à trouver des partenaires. Ce site n'est pas le site officiel de la Ville
              de Nantes ; l'appel et ses règles font foi.
            </p>
            <ul className="footer-links">
              <li>
                <Link to="/mentions-legales">Sources des données et mentions légales</Link>
              </li>
              <li>
                <Link to="/confidentialite">Confidentialité</Link>
              </li>
              <li>
                <Link to="/accessibilite">Accessibilité : partiellement conforme</Link>
              </li>
              <li>
                <Link to="/quartiers">Carte des quartiers</Link>
              </li>
              <li>
                <Link to="/donnees">Données ouvertes</Link>
              </li>
            </ul>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Remix's own `?index` (an index route's form sent with JavaScript) is no address to keep or share. */
const REMIX_PARAMS = ["index"] as const;

export default function App() {
  useCleanAddress(REMIX_PARAMS);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const forbidden = isRouteErrorResponse(error) && error.status === 403;
  const heading = useFocusWhenShownInPlace<HTMLHeadingElement>();
  if (!isRouteErrorResponse(error) || error.status >= 500) console.error(error);
  if (forbidden) {
    const refused = readRefusal(error.data);
    return (
      <div className="container page">
        <title>Accès refusé · Coopérons</title>
        <h1 ref={heading}>Accès refusé</h1>
        <p>{refused?.message ?? "Vous n'avez pas les droits nécessaires pour cette page."}</p>
        <p className="actions">
          {refused?.back ? (
            // A form refused on a page that stays open to its sender: back to it by a whole page
            // load (often this very address, which a client-side navigation would keep showing).
            <Link to={refused.back} className="button" reloadDocument>
              Revenir à la page
            </Link>
          ) : null}
          <Link to="/espace" className={refused?.back ? "button-secondary" : "button"}>
            Retour à mon espace
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container page">
      <title>{notFound ? "Page introuvable · Coopérons" : "Erreur · Coopérons"}</title>
      <h1 ref={heading}>{notFound ? "Page introuvable" : "Une erreur est survenue"}</h1>
      <p>
        {notFound
          ? "La page demandée n'existe pas ou a été déplacée. Vérifiez l'adresse, ou repartez de l'accueil."
          : "Le site n'a pas pu afficher cette page. Réessayez dans quelques instants ; si le problème persiste, signalez-le au CCAS."}
      </p>
      <p>
        <Link to="/" className="button">
          Retour à l'accueil
        </Link>
      </p>
    </div>
  );
}
