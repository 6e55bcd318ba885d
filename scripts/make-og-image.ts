// Renders public/og-image.png, the card shown when a link to the site is shared (1200×630).
// Run again after changing the wording: `npx tsx scripts/make-og-image.ts`.
import path from "node:path";
import { launchBrowser } from "../tests/helpers/browser";

const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>
  body { margin: 0; width: 1200px; height: 630px; font-family: "DejaVu Sans", system-ui, sans-serif; background: #1d3a8a; color: #fff;
         display: flex; flex-direction: column; justify-content: center; padding: 0 90px; box-sizing: border-box; }
  .brand { font-size: 44px; font-weight: 800; letter-spacing: 0.02em; display: flex; align-items: center; gap: 22px; }
  .logo { display: inline-flex; } h1 { font-size: 58px; line-height: 1.15; margin: 36px 0 24px; }
  p { font-size: 30px; margin: 0; color: #dfe6fb; }
</style></head><body>
  <div class="brand"><span class="logo"><svg width="64" height="64" viewBox="0 0 32 32"><circle cx="12" cy="16" r="6" fill="none" stroke="#fff" stroke-width="3"/><circle cx="20" cy="16" r="6" fill="none" stroke="#f59e0b" stroke-width="3"/></svg></span>Coopérons</div>
  <h1>Trouver des partenaires pour lutter contre l'isolement social à Nantes</h1>
  <p>Associations, entreprises, bailleurs, santé, culture : montez votre groupement pour l'appel à coopérations du CCAS.</p>
</body></html>`;

const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
await page.setContent(html);
await page.screenshot({ path: path.resolve("public", "og-image.png") });
await browser.close();
console.log("Wrote public/og-image.png");
