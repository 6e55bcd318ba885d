import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { loader } from "~/routes/healthz";
import { createPrismaClient } from "~/utils/db.server";
import { checkHealth } from "~/utils/health.server";
import { sendMail } from "~/utils/mail.server";
import { getSearchClient } from "~/utils/search.server";
import { createMeiliClient } from "../../search/client";
import { getFreePort } from "../helpers/net";
import { startSmtp } from "../helpers/smtp";

describe("/healthz", () => {
  it("answers 200 with the database and the search engine up", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({
      db: "ok",
      search: "ok",
      mail: process.env.SMTP_URL ? expect.stringMatching(/^(ok|unchecked)$/) : "files",
      version: packageJson.version,
    });
  });

  it("keeps answering 200 when Meilisearch is down, and says so", async () => {
    const previous = process.env.MEILI_URL;
    process.env.MEILI_URL = `http://127.0.0.1:${await getFreePort()}`;
    try {
      const response = await loader();
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ db: "ok", search: "down" });
    } finally {
      process.env.MEILI_URL = previous;
    }
    expect(getSearchClient()).not.toBeNull();
  });

  it("reports the database down when it cannot be opened", async () => {
    const broken = createPrismaClient("file:/nonexistent-folder/cooperons.db");
    const health = await checkHealth(
      broken,
      createMeiliClient({ url: process.env.MEILI_URL!, apiKey: process.env.MEILI_MASTER_KEY }),
    );
    expect(health).toMatchObject({ db: "down", search: "ok" });
  });
});

describe("/healthz and the mail relay", () => {
  const mail = { to: "personne@exemple.org", subject: "Un essai", text: "Bonjour." };
  const mailStatus = async () => ((await (await loader()).json()) as { mail: string }).mail;
  /** The status once the background check it starts has ended. */
  async function settledStatus() {
    for (let tries = 0; tries < 100; tries += 1) {
      const status = await mailStatus();
      if (status !== "unchecked") return status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return "unchecked";
  }

  it("says « files » without SMTP_URL; checks a relay nobody mailed through yet, without waiting for it; « failing » from a failed mail until one goes through", async () => {
    const previous = process.env.SMTP_URL;
    const smtp = await startSmtp({ refuse: ["refusee@exemple.org"] });
    try {
      delete process.env.SMTP_URL;
      expect(await mailStatus()).toBe("files");
      // A relay that cannot be reached, just after a start: « unchecked » at once, then « failing ».
      process.env.SMTP_URL = `smtp://127.0.0.1:${await getFreePort()}`;
      const first = await loader();
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ db: "ok", mail: "unchecked" });
      expect(await settledStatus()).toBe("failing");
      await expect(sendMail(mail)).rejects.toThrow();
      expect(await mailStatus()).toBe("failing");
      // A relay that answers: checked « ok » before any mail.
      process.env.SMTP_URL = smtp.url;
      expect(await settledStatus()).toBe("ok");
      // One address it refuses says nothing of the relay: still « ok ».
      await expect(sendMail({ ...mail, to: "refusee@exemple.org" })).rejects.toThrow();
      expect(await mailStatus()).toBe("ok");
      await sendMail(mail);
      await smtp.waitFor(mail.to);
      expect(await mailStatus()).toBe("ok");
    } finally {
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
      await smtp.close();
    }
  });
});
