// A register file sent by the CCAS at /ccas/registres: streamed to a private file (never held in
// memory), imported in the background of the server process by importRegister (which records the
// run and holds the one-at-a-time lock), and deleted once the run ends.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { REGISTER_SOURCES, type RegisterSource } from "~/domain/registers/facts";
import { REJECTION_REASONS } from "~/domain/registers/reasons";
import {
  REGISTER_UPLOAD_MAX_BYTES,
  REGISTER_UPLOAD_MESSAGES,
  runningImportRefusal,
  type RunningImport,
} from "~/domain/registers/upload";
import { importRegister, RegisterImportError, STALE_AFTER_MS } from "~/models/register-import.server";
import type { Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/** The uploads' private folder (beside logos and documents, see uploads.server.ts), files 0600. */
function registersDir() {
  const env = getEnv();
  return path.resolve(env.UPLOADS_DIR ?? path.join(env.DATA_DIR, "uploads"), "registers");
}

/** A form's text fields are a few bytes: a longer one is not from the page. */
const FIELD_MAX_BYTES = 1024;

class UploadTooLarge extends Error {}

export type StoredUpload = { path: string; name: string; size: number };

export type ReceivedUpload =
  { ok: true; fields: FormData; file: StoredUpload | null } | { ok: false; status: 400 | 413; error: string };

/**
 * Reads the multipart body as it arrives: the `file` part is written to a private file (when
 * `store`; otherwise read and dropped, so the browser gets the answer), the other parts kept as text.
 */
export async function receiveRegisterUpload(request: Request, { store }: { store: boolean }): Promise<ReceivedUpload> {
  let stored: StoredUpload | null = null;
  let partial: string | null = null;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (name === "file" && filename !== undefined) {
      if (!store || stored || !filename) {
        for await (const chunk of data) void chunk;
        return null;
      }
      const dir = registersDir();
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const target = path.join(dir, `${crypto.randomBytes(16).toString("hex")}.csv`);
      partial = target;
      let size = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          callback(size > REGISTER_UPLOAD_MAX_BYTES ? new UploadTooLarge() : null, chunk);
        },
      });
      await pipeline(data, limit, fs.createWriteStream(target, { mode: 0o600, flags: "wx" }));
      partial = null;
      if (size === 0) fs.rmSync(target, { force: true });
      else stored = { path: target, name: filename, size };
      return null;
    }
    let text = "";
    const decoder = new TextDecoder();
    for await (const chunk of data) {
      text += decoder.decode(chunk, { stream: true });
      if (text.length > FIELD_MAX_BYTES) throw new UploadTooLarge();
    }
    return text + decoder.decode();
  };
  try {
    const fields = await unstable_parseMultipartFormData(request, handler);
    return { ok: true, fields, file: stored };
  } catch (error) {
    const removed: string | null = partial ?? (stored as StoredUpload | null)?.path ?? null;
    if (removed) fs.rmSync(removed, { force: true });
    // The request's stream fails with the server's own limit (scripts/lib/remix-handler.ts) too.
    const tooLarge = error instanceof UploadTooLarge || (error instanceof Error && /too large/i.test(error.message));
    return tooLarge
      ? { ok: false, status: 413, error: REGISTER_UPLOAD_MESSAGES.tooLarge }
      : { ok: false, status: 400, error: REGISTER_UPLOAD_MESSAGES.interrupted };
  }
}

/** Deletes a stored file that will not be imported (the form was refused). */
export function discardUpload(file: StoredUpload) {
  fs.rmSync(file.path, { force: true });
}

/** What a run counted, as the page shows it. */
const countsOf = (run: { read: number; kept: number; created: number; updated: number; unchanged: number; closed: number }) => ({
  read: run.read,
  kept: run.kept,
  created: run.created,
  updated: run.updated,
  unchanged: run.unchanged,
  closed: run.closed,
});

const isSource = (value: string): value is RegisterSource => REGISTER_SOURCES.some((source) => source === value);

async function namesOf(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id) => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((user) => [user.id, user.name]));
}

/** The run going on now (status running, its heartbeat fresh), with who started it. */
export async function getRunningImport(db: Db, now = new Date()): Promise<RunningImport | null> {
  const run = await db.registerImport.findFirst({
    where: { status: "running", heartbeatAt: { gte: new Date(now.getTime() - STALE_AFTER_MS) } },
    orderBy: { startedAt: "desc" },
  });
  if (!run || !isSource(run.source)) return null;
  const names = await namesOf(db, [run.startedById]);
  return {
    id: run.id,
    source: run.source,
    fileName: run.fileName,
    startedAt: run.startedAt,
    startedBy: run.startedById ? (names.get(run.startedById) ?? null) : null,
    bytesRead: Number(run.bytesRead),
    bytesTotal: run.bytesTotal === null ? null : Number(run.bytesTotal),
    ...countsOf(run),
  };
}

/** The past runs, newest first, with their counts and rejected rows by reason in words. */
export async function listRegisterImports(db: Db, { take = 20, now = new Date() } = {}) {
  const runs = await db.registerImport.findMany({ orderBy: { startedAt: "desc" }, take });
  const names = await namesOf(
    db,
    runs.map((run) => run.startedById),
  );
  return runs.map((run) => {
    const counts: Record<string, number> = JSON.parse(run.rejected);
    const stale = run.status === "running" && now.getTime() - run.heartbeatAt.getTime() >= STALE_AFTER_MS;
    return {
      id: run.id,
      source: isSource(run.source) ? run.source : null,
      fileName: run.fileName,
      status: stale ? ("stalled" as const) : run.status,
      startedBy: run.startedById ? (names.get(run.startedById) ?? "un membre retiré de l'équipe") : null,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      ...countsOf(run),
      rejected: REJECTION_REASONS.filter((reason) => counts[reason.code]).map((reason) => ({
        code: reason.code,
        label: reason.label,
        count: counts[reason.code]!,
      })),
      error: run.error,
    };
  });
}

/**
 * Files of runs a stopped server never finished (killed before it could delete them). A file still
 * being received (another instance's upload) is written to as it comes: one untouched for an hour
 * is nobody's.
 */
const ORPHAN_AFTER_MS = 60 * 60_000;

function removeOrphanFiles(keep: string, now = Date.now()) {
  const dir = registersDir();
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, name);
    if (file === keep) continue;
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && now - stat.mtimeMs > ORPHAN_AFTER_MS) fs.rmSync(file, { force: true });
  }
}

/** The runs this process started and that have not ended yet. */
const inProgress = new Set<Promise<void>>();

/** Resolves once every run this process started has ended (tests; a server stopping). */
export async function settleRegisterImports() {
  while (inProgress.size) await Promise.all(inProgress);
}

/**
 * Starts importing a stored file in the background and answers once the run holds the lock, or
 * with the French reason it could not start (another run holds it). The file is deleted at the end.
 */
export function startRegisterImport(
  db: Db,
  options: { source: RegisterSource; file: StoredUpload; startedById: string; closeMissing: boolean },
): Promise<{ ok: true; importId: string } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    let importId: string | null = null;
    const input = fs.createReadStream(options.file.path, { highWaterMark: 1 << 18 });
    // A read error reaches the import through its first read; unheard here, it would end the process.
    input.on("error", () => {});
    // The server stopping ends the run as failed and frees the lock at once (left running, the next
    // upload would wait ten minutes for its heartbeat to go stale).
    let stoppedBy: NodeJS.Signals | null = null;
    const stop = (signal: NodeJS.Signals) => {
      stoppedBy = signal;
      input.destroy(new RegisterImportError(REGISTER_UPLOAD_MESSAGES.serverStopped));
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
    const run: Promise<void> = importRegister(db, {
      source: options.source,
      input,
      fileName: options.file.name,
      bytesTotal: options.file.size,
      startedById: options.startedById,
      closeMissing: options.closeMissing,
      onLocked: (id) => {
        importId = id;
        resolve({ ok: true, importId: id });
        removeOrphanFiles(options.file.path);
      },
    })
      .then(
        () => undefined,
        async (error: unknown) => {
          if (importId === null) {
            if (!(error instanceof RegisterImportError)) console.error(error);
            const running = error instanceof RegisterImportError ? await getRunningImport(db) : null;
            resolve({
              ok: false,
              error: running
                ? runningImportRefusal(running)
                : error instanceof RegisterImportError
                  ? error.message
                  : REGISTER_UPLOAD_MESSAGES.unexpected,
            });
          } else if (!(error instanceof RegisterImportError)) {
            // The run is recorded as failed with the error's own (English) words: the page says it in French.
            console.error(error);
            await db.registerImport.update({ where: { id: importId }, data: { error: REGISTER_UPLOAD_MESSAGES.unexpected } });
          }
        },
      )
      .finally(() => {
        process.off("SIGTERM", stop);
        process.off("SIGINT", stop);
        input.destroy();
        fs.rmSync(options.file.path, { force: true });
        inProgress.delete(run);
        // A process that had no other use for the signal (no graceful stop of its own) still ends.
        if (stoppedBy && process.listenerCount(stoppedBy) === 0) process.kill(process.pid, stoppedBy);
      });
    inProgress.add(run);
  });
}
