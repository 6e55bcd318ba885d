// « Enregistrer cette recherche »: one click on /recherche and on the map saves the filters shown,
// as a plain form (it works without JavaScript). Someone not signed in is offered to log in first
// and come back to the same search; someone who saved this very search already is told where it is.
import { Form, Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { FOCUS_TARGET } from "~/utils/focus";
import { quotedName, savedSearchParams, type SavedQuery } from "~/domain/saved-search";
import type { loader as rootLoader } from "~/root";

export function SaveSearch({
  query,
  savedAs = null,
}: {
  query: SavedQuery;
  /** The person's saved search of these filters, when they saved it. */
  savedAs?: { id: string; name: string } | null;
}) {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const location = useLocation();
  if (!root?.user) {
    // The way back names the filters the page kept, never a value it ignored.
    const kept = savedSearchParams(query).toString();
    const back = `${location.pathname}${kept ? `?${kept}` : ""}`;
    return (
      <p className="small save-search">
        <Link to={`/connexion?redirectTo=${encodeURIComponent(back)}`}>Connectez-vous</Link> pour enregistrer cette recherche et
        être prévenu des nouveautés qui y correspondent.
      </p>
    );
  }
  if (savedAs) {
    return (
      <p className="small save-search">
        {`Cette recherche est enregistrée dans vos alertes : ${quotedName(savedAs.name)}. `}
        <Link to={`/compte/alertes#recherche-${savedAs.id}`} state={FOCUS_TARGET}>
          Gérer mes alertes
        </Link>
      </p>
    );
  }
  return (
    <Form method="post" action="/compte/alertes" className="inline-form save-search">
      <input type="hidden" name="intent" value="create" />
      {[...savedSearchParams(query)].map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton className="button-secondary" pendingText="Enregistrement…">
        Enregistrer cette recherche
      </SubmitButton>
      <span className="small muted"> Vous serez prévenu des nouveautés qui y correspondent.</span>
    </Form>
  );
}
