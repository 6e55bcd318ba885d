// UPLOADS_DIR: where the site keeps logos and documents, a volume that several instances share.
// The real server, given the variable, stores an uploaded logo there and serves it from there.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { makePng } from "../helpers/images";

const shared = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-uploads-"));
let server: AppServer;

beforeAll(async () => {
  server = await startAppServer({ UPLOADS_DIR: shared });
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(shared, { recursive: true, force: true });
});

it("stores an uploaded logo under UPLOADS_DIR and serves it from there", async () => {
  const admin = await createActor();
  // A draft: its logo is saved at once (a published structure's waits for the CCAS).
  const organisation = await createOrganisationFor(admin, { status: "draft" });
  const form = new FormData();
  form.append("intent", "logo");
  form.append("logo", new File([new Uint8Array(makePng())], "logo.png", { type: "image/png" }));
  const answer = await fetch(`${server.url}/espace/organisations/${organisation.id}`, {
    method: "POST",
    body: form,
    headers: { Cookie: admin.cookie, Origin: server.url },
    redirect: "manual",
  });
  expect(answer.status).toBe(200);
  const stored = await getDb().organisation.findUniqueOrThrow({ where: { id: organisation.id } });
  // The file is under UPLOADS_DIR, and nowhere under DATA_DIR's default place.
  expect(fs.readdirSync(path.join(shared, "logos"))).toEqual([stored.logoFile]);
  const defaultPlace = path.join(process.env.DATA_DIR!, "uploads", "logos", String(stored.logoFile));
  expect(fs.existsSync(defaultPlace)).toBe(false);
  const logo = await fetch(`${server.url}/organisations/${organisation.slug}/logo`, { headers: { Cookie: admin.cookie } });
  expect(logo.status).toBe(200);
  expect(logo.headers.get("Content-Type")).toBe("image/png");
});
