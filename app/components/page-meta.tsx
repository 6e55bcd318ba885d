// The page's <title> and meta tags (Remix's <Meta />), its title beginning with « Erreur : » on the
// page that answers a refused form without JavaScript — the first thing a screen reader says of
// the new page, as public-service sites do. The server knows it by the answer's status (a form
// refused answers 400, 409, 422 or 429); the browser, as it takes the page over, by the title the
// server wrote, so that both render the same title. Once the person moves on, titles are plain.
import { Meta, UNSAFE_RemixContext, useLocation } from "@remix-run/react";
import { createContext, useContext, useMemo, useState } from "react";

export const REFUSED_TITLE_PREFIX = "Erreur : ";

/** Whether this page answers a form the server refused. */
export const RefusedFormContext = createContext(false);

const REFUSAL_STATUSES = new Set([400, 409, 422, 429]);

/** On the server: whether the document answers a refused form. */
export function answersRefusedForm(method: string, status: number): boolean {
  return method === "POST" && REFUSAL_STATUSES.has(status);
}

type RouteModules = Record<string, { meta?: unknown } | undefined>;
type Descriptor = Record<string, unknown> | null | undefined;

/** The route modules, each meta function's title prefixed. */
function withRefusedTitles(routeModules: RouteModules): RouteModules {
  return Object.fromEntries(
    Object.entries(routeModules).map(([id, module]) => {
      const meta = module?.meta;
      if (typeof meta !== "function") return [id, module];
      const prefixed = (args: unknown) =>
        ((meta as (args: unknown) => Descriptor[] | undefined)(args) ?? []).map((descriptor) =>
          descriptor && "title" in descriptor
            ? { ...descriptor, title: `${REFUSED_TITLE_PREFIX}${String(descriptor.title)}` }
            : descriptor,
        );
      return [id, { ...module, meta: prefixed }];
    }),
  );
}

export function PageMeta() {
  const refused = useContext(RefusedFormContext);
  const remix = useContext(UNSAFE_RemixContext);
  const { key } = useLocation();
  const [firstKey] = useState(key);
  const value = useMemo(
    () => (refused && remix ? { ...remix, routeModules: withRefusedTitles(remix.routeModules as RouteModules) } : null),
    [refused, remix],
  );
  if (!value || key !== firstKey) return <Meta />;
  return (
    <UNSAFE_RemixContext.Provider value={value as typeof remix}>
      <Meta />
    </UNSAFE_RemixContext.Provider>
  );
}
