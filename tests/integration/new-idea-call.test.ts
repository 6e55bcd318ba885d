// A new idea joins the current call: when that call's applications are closed, the form says so
// before anything is written (a probe's structure wrote an idea into the 2025 call unwarned).
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { openSeededCall } from "../helpers/calls";

let server: AppServer;
let admin: Actor;
let path: string;
let name: string;
beforeAll(async () => {
  server = await startAppServer();
  admin = await createActor();
  const organisation = await createOrganisationFor(admin);
  // A name that elides: « le projet d'Association… », not « que Association… veut porter ».
  name = `Association des voisins ${organisation.slug}`;
  await getDb().organisation.update({ where: { id: organisation.id }, data: { name } });
  path = `/espace/organisations/${organisation.id}/idees/nouvelle`;
});
afterAll(async () => {
  await server?.stop();
});

async function page() {
  const response = await fetch(`${server.url}${path}`, { headers: { Cookie: admin.cookie }, redirect: "manual" });
  expect(response.status).toBe(200);
  return (await response.text()).replaceAll("<!-- -->", "").replaceAll("&#x27;", "'").replaceAll("&quot;", '"');
}

it("warns, on a new idea's form, that the call it joins is closed, and not once the call is open", async () => {
  const call = await getDb().call.findFirstOrThrow({ where: { draft: false }, orderBy: { publishedAt: "desc" } });
  expect(call.deadline.getTime()).toBeLessThan(Date.now());
  const closed = await page();
  expect(closed).toContain(`L'idée sera rattachée à l'appel « ${call.shortTitle} ». Les candidatures sont closes depuis le`);
  expect(closed).toContain("plus y déposer de dossier");
  expect(closed).toContain(`Décrivez le projet d'${name} et les partenaires qui lui manquent.`);

  await openSeededCall();
  const open = await page();
  expect(open).not.toContain("L'idée sera rattachée à l'appel");
  expect(open).toContain("Proposer une idée de projet");
});
