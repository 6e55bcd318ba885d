// A deploy restarts one instance at a time (SIGTERM): what that instance has begun answering — a
// form still being sent, a page — is answered before it exits, its connection then closed so that
// the next request goes to the instance that is up; a new connection to it is refused at once.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer();
});

afterAll(async () => {
  await server?.stop();
});

/** A raw connection, and everything the server sends on it until it closes it (or an error). */
function connect(url: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const received = new Promise<{ text: string; error?: string }>((resolve) => {
    const parts: Buffer[] = [];
    socket.on("data", (part: Buffer) => parts.push(part));
    socket.on("close", () => resolve({ text: Buffer.concat(parts).toString("utf8") }));
    socket.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ text: Buffer.concat(parts).toString("utf8"), error: error.code ?? error.message }),
    );
  });
  return { socket, received, connected: new Promise<void>((resolve) => socket.once("connect", () => resolve())) };
}

describe("an instance stopped while it answers", () => {
  it("answers the form being sent when the stop came, then closes; refuses new connections", async () => {
    const { host } = new URL(server.url);
    const body = new URLSearchParams({ email: "personne@exemple.org", password: "pas le bon mot de passe" }).toString();
    const { socket, received, connected } = connect(server.url);
    await connected;
    // Half of a log-in form sent, as over a slow phone connection...
    const half = Math.floor(body.length / 2);
    socket.write(
      `POST /connexion HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${server.url}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // ...when the deploy stops the instance.
    const stopped = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    // No new connection is taken meanwhile.
    const late = connect(server.url);
    expect((await late.received).error).toBe("ECONNREFUSED");
    socket.write(body.slice(half));
    const answer = await received;
    expect(answer.error).toBeUndefined();
    expect(answer.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer.text).toContain("Adresse e-mail ou mot de passe incorrect");
    await stopped;
  });
});
