// The public pages run under the site's Content-Security-Policy without a refusal or an error in
// the console: a browser that reports them (and a person with its tools open) sees none.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser } from "../helpers/browser";

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it("no public page logs an error or a refusal of its policy, forms included", async () => {
  const context = await browser.newContext({ locale: "fr-FR" });
  // A refusal is the browser's own log, not the page's console: the page reports each one there.
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Content Security Policy refused ${event.blockedURI} (${event.violatedDirective})`),
    ),
  );
  const page = await context.newPage();
  const logged: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || /Content Security Policy/i.test(message.text())) logged.push(message.text());
  });
  page.on("pageerror", (error) => logged.push(error.message));
  const pages = ["/", "/recherche?q=jardin", "/idees", "/annuaire", "/connexion", "/inscription", "/mot-de-passe-oublie"];
  for (const pathname of pages) {
    const response = await page.goto(`${server.url}${pathname}`);
    expect(response?.status(), pathname).toBe(200);
    await hydrated(page);
  }
  // A form checked in the browser (its schema parsed there): an address that is not one.
  await page.goto(`${server.url}/connexion`);
  await hydrated(page);
  await page.getByLabel("Adresse e-mail").fill("pas-une-adresse");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page
    .getByText(/adresse e-mail valide/i)
    .first()
    .waitFor();
  expect(logged).toEqual([]);
});
