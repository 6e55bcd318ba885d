import { useEffect, type RefObject } from "react";

/** From this width folded panels (the search's filters, the map's notes and filters) stand open (as in app.css). */
export const WIDE = "(min-width: 56rem)";

/**
 * Opens these <details> on a wide screen, where their summary is hidden. CSS shows their content
 * there without JavaScript (::details-content); this also opens them in browsers without it
 * (Firefox before 143, Safari before 18.4), where they stayed closed with no summary to open them.
 */
export function useOpenWhenWide(...panels: RefObject<HTMLDetailsElement | null>[]) {
  useEffect(() => {
    const wide = window.matchMedia(WIDE);
    const follow = () => {
      if (!wide.matches) return;
      for (const panel of panels) if (panel.current) panel.current.open = true;
    };
    follow();
    wide.addEventListener("change", follow);
    return () => wide.removeEventListener("change", follow);
    // The refs are stable: once per mount.
  }, []);
}
