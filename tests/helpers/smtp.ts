// A real SMTP server on loopback that keeps what it receives, for the tests of mail flows.
import { simpleParser } from "mailparser";
import { afterAll, beforeAll } from "vitest";
import { SMTPServer } from "smtp-server";
import { getFreePort } from "./net";

/** `headers`: each header line as sent, by lower-case name (List-Unsubscribe…). */
export type ReceivedMail = { to: string[]; subject: string; text: string; replyTo?: string; headers: Record<string, string> };

export type TestSmtp = {
  url: string;
  mails: ReceivedMail[];
  /** Waits for a mail to that address whose subject matches. */
  waitFor: (to: string, subject?: RegExp, timeoutMs?: number) => Promise<ReceivedMail>;
  close: () => Promise<void>;
};

/** `refuse`: recipients the server answers 550, as a relay does an address it does not take. */
export async function startSmtp({ refuse = [] }: { refuse?: string[] } = {}): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.includes(address.address)) {
        const error = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            replyTo: parsed.replyTo?.value[0]?.address,
            headers: Object.fromEntries(
              parsed.headerLines.map((header) => [
                header.key,
                header.line
                  .slice(header.line.indexOf(":") + 1)
                  .replace(/\r?\n(?=[ \t])/g, "")
                  .trim(),
              ]),
            ),
          });
          callback();
        })
        .catch(callback);
    },
  });
  const port = await getFreePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(to, subject, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find((mail) => mail.to.includes(to) && (!subject || subject.test(mail.subject)));
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(
            `No mail to ${to}${subject ? ` matching ${subject}` : ""}; received: ${JSON.stringify(mails.map((m) => [m.to, m.subject]))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link to this site in a mail's text. */
export function linkIn(mail: ReceivedMail): string {
  const match = /https?:\/\/\S+/.exec(mail.text);
  if (!match) throw new Error(`No link in mail "${mail.subject}"`);
  return match[0];
}

/** Starts a test SMTP server for this file and points the app's mail at it. */
export function useTestSmtp(): { readonly server: TestSmtp } {
  const holder = {} as { server: TestSmtp };
  beforeAll(async () => {
    holder.server = await startSmtp();
    process.env.SMTP_URL = holder.server.url;
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await holder.server?.close();
  });
  return holder;
}
