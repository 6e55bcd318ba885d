import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { listStoredMails, mailDir, sendMail } from "~/utils/mail.server";

describe("mail without SMTP_URL", () => {
  it("is written under DATA_DIR/mails, readable by its owner only, and listed newest first", async () => {
    delete process.env.SMTP_URL;
    await sendMail({ to: "a@exemple.org", subject: "Premier", text: "Bonjour" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await sendMail({ to: ["b@exemple.org", "c@exemple.org"], subject: "Second", text: "Bonsoir" });
    const mails = listStoredMails();
    expect(mails.map((mail) => mail.subject).slice(0, 2)).toEqual(["Second", "Premier"]);
    expect(mails[0]).toMatchObject({
      to: ["b@exemple.org", "c@exemple.org"],
      text: "Bonsoir",
      from: "Coopérons <ne-pas-repondre@cooperons.localhost>",
    });
    const file = fs.readdirSync(mailDir())[0]!;
    expect(fs.statSync(`${mailDir()}/${file}`).mode & 0o777).toBe(0o600);
  });
});
