import { useEffect } from "react";
import { useLocation } from "@remix-run/react";

/**
 * Takes `names` out of the browser's address bar after each navigation: what a page was sent with
 * to say once (« Idée créée… », « Votre structure a quitté le groupement. »), and the `?index` that
 * Remix puts in the address of an index route's form sent with JavaScript. The page goes on showing
 * what they said; a reload, a bookmark or a shared link does not say it again. The router is not
 * told (its location keeps them, so nothing is read again); the history entry keeps its state.
 * `names` is a constant.
 */
export function useCleanAddress(names: readonly string[]) {
  const { key } = useLocation();
  useEffect(() => {
    const url = new URL(window.location.href);
    const present = names.filter((name) => url.searchParams.has(name));
    if (present.length === 0) return;
    for (const name of present) url.searchParams.delete(name);
    window.history.replaceState(window.history.state, "", `${url.pathname}${url.search}${url.hash}`);
  }, [names, key]);
}
