// Zod as the app's schemas use it (`import * as z from "~/utils/zod"`).
// - Imported as a namespace, so that the browser's bundle holds only what the schemas call (a named
//   `z` pulled every locale of Zod in, some 300 KB).
// - In the browser, Zod must not try compiling its parsers with `new Function`: the site's policy
//   (no 'unsafe-eval') refuses it, and each page logged that refusal. Zod probes when an object
//   schema is made. The page's head sets Zod's global settings before any module runs
//   (ZOD_JITLESS of zod-settings.ts, in root.tsx: it holds whatever order the bundler gives the
//   modules), and this module, imported by every module that makes a schema, says it again. On
//   the server the compiled parsers stay (faster, and no policy applies).
import * as z from "zod";

if (typeof document !== "undefined") z.config({ jitless: true });

export * from "zod";
