// Zod's settings for the browser, as the inline script of the page's head (root.tsx) gives them
// before any module runs; apart from app/utils/zod.ts so that the root does not load Zod itself.

/** Zod reads `globalThis.__zod_globalConfig` when it loads: never `new Function` (the policy refuses it). */
export const ZOD_JITLESS =
  "globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });";
