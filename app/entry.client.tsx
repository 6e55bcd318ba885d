import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { REFUSED_TITLE_PREFIX, RefusedFormContext } from "~/components/page-meta";

// The server began the title with « Erreur : » when this page answers a refused form: the same
// render here, or React would find the title changed and render the whole page again.
const refused = document.title.startsWith(REFUSED_TITLE_PREFIX);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RefusedFormContext.Provider value={refused}>
        <RemixBrowser />
      </RefusedFormContext.Provider>
    </StrictMode>,
  );
});
