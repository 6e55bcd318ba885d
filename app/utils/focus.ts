import { useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useHydrated } from "./use-hydrated";

/** The state of a link whose fragment names where the focus goes on arrival: see useFocusAfterNavigation. */
export const FOCUS_TARGET = { focusTarget: true } as const;

/** The attribute of a confirmation that takes the focus when it shows: see `Notice`. */
export const CONFIRMATION_ATTRIBUTE = "data-confirmation";

/**
 * Without JavaScript, every link and form loads a new document and screen readers read it from the
 * top. With it, Remix swaps the page in place: focus stays on the link or button, or falls to
 * <body> when that is gone, and nothing is announced. After each client navigation or form sent,
 * focus moves where the person should look: to the confirmation of what they just did if the page
 * shows one, else to the part of the page the address names when the link asked for it
 * (`<Link to="…#recherche-…" state={FOCUS_TARGET}>`: a link to one item of a list; other links
 * with a fragment, such as the map's, move the focus themselves or keep it), else, on a new page,
 * to its h1 (read out with the page's name). A form refused with errors keeps the focus, which
 * conform moves to the first field in error.
 */
export function useFocusAfterNavigation() {
  const location = useLocation();
  const previous = useRef<{ key: string; pathname: string } | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = { key: location.key, pathname: location.pathname };
    // The first render is the document the browser loaded itself.
    if (!before || before.key === location.key) return;
    const main = document.getElementById("contenu");
    const confirmation = main?.querySelector<HTMLElement>(`[${CONFIRMATION_ATTRIBUTE}]`);
    if (confirmation) return focus(confirmation, { scroll: true });
    const asked = (location.state as { focusTarget?: boolean } | null)?.focusTarget === true;
    const target = asked && location.hash ? document.getElementById(fragmentId(location.hash)) : null;
    if (target && main?.contains(target)) return focus(target, { scroll: true });
    const heading = main?.querySelector<HTMLElement>("h1");
    // Back and forward keep the scroll position the browser restored.
    if (heading && before.pathname !== location.pathname) focus(heading, { scroll: false });
  }, [location.key, location.pathname, location.hash, location.state]);
}

/** The id a fragment names (`#recherche-a%C3%A9` → `recherche-aé`); a malformed one as it is. */
function fragmentId(hash: string) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return hash.slice(1);
  }
}

function focus(element: HTMLElement, { scroll }: { scroll: boolean }) {
  if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
  element.focus({ preventScroll: !scroll });
}

/**
 * For an error page: shown in place of a page (a form refused, with JavaScript), the address may
 * not change, so useFocusAfterNavigation moves nothing and the focus fell to <body>, the refusal
 * unannounced. The element this ref is put on (the page's h1) takes the focus then — not in a
 * document the browser loaded itself, read from its top.
 */
export function useFocusWhenShownInPlace<T extends HTMLElement>() {
  const element = useRef<T>(null);
  const hydrated = useHydrated();
  const inPlace = useRef(hydrated);
  useEffect(() => {
    if (inPlace.current && element.current) focus(element.current, { scroll: true });
  }, []);
  return element;
}
