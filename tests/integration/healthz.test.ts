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
      mail: process.env.SMTP_URL ? "ok" : "files",
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

  it("says « files » without SMTP_URL, « failing » from a mail the relay failed until one goes through, keeping 200", async () => {
    const previous = process.env.SMTP_URL;
    const smtp = await startSmtp();
    try {
      delete process.env.SMTP_URL;
      expect(await mailStatus()).toBe("files");
      // A relay that cannot be reached: the mail fails (its sender logs it), the health says so.
      process.env.SMTP_URL = `smtp://127.0.0.1:${await getFreePort()}`;
      await expect(sendMail(mail)).rejects.toThrow();
      const failing = await loader();
      expect(failing.status).toBe(200);
      expect(await failing.json()).toMatchObject({ db: "ok", mail: "failing" });
      // Mended: still « failing » until a mail goes through, then « ok ».
      process.env.SMTP_URL = smtp.url;
      expect(await mailStatus()).toBe("failing");
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
