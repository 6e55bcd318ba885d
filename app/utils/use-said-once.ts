import { useEffect } from "react";

/**
 * Takes `names` out of the browser's address once the page has said what they meant (« Votre
 * structure a quitté le groupement. »): the page goes on showing it, and a reload or a bookmark of
 * the address does not say it again. The router is not told (its location still has them, so the
 * page does not read its data again); the history entry keeps its state. `names` is a constant:
 * this runs when the page arrives.
 */
export function useSaidOnce(names: readonly string[]) {
  useEffect(() => {
    const url = new URL(window.location.href);
    const present = names.filter((name) => url.searchParams.has(name));
    if (present.length === 0) return;
    for (const name of present) url.searchParams.delete(name);
    window.history.replaceState(window.history.state, "", `${url.pathname}${url.search}${url.hash}`);
  }, [names]);
}
