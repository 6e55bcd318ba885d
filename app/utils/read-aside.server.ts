// Two ways of reading SQLite beside Prisma, each through a read-only connection to the same file
// (it sees what is committed, as the server's own connection does); on PostgreSQL, in a
// transaction or on a database without a file, both are plain queries of the client given.
// - readAside: reads over whole tables — the map's counts and offer markers, 40 to 400 ms each at
//   50,000 organisations — would hold the server's one JavaScript thread, every other request
//   waiting that long (README « Load »): they are read on a thread of their own.
// - readNow: small reads by key done on nearly every request (the calls' times, the publication
//   mark, a page's links, the unread count) are read at once on the server's thread, in
//   microseconds, where Prisma compiled each raw query anew (0.15–0.3 ms). On PostgreSQL they go
//   to the client's own pool straight (0.04 ms of CPU each against Prisma's 0.17: README « Load »).
import { createRequire } from "node:module";
import Database from "better-sqlite3";
import path from "node:path";
import pg from "pg";
import { Worker } from "node:worker_threads";
import type { Prisma } from "~/generated/prisma/client";
import type { Db, Tx } from "./db.server";

/** What readNow needs of a pg pool. */
type PostgresPool = Pick<pg.Pool, "query" | "ending">;
type Reader = { worker: Worker; pending: Map<number, Pending>; next: number };
type Connection = { database: Database.Database; statements: Map<string, Database.Statement> };
type Pending = { resolve: (rows: unknown[]) => void; reject: (error: Error) => void };

/**
 * The SQLite file of each client that reads aside (an in-memory database has none: read at home),
 * and the reading thread of each file. Kept on globalThis: `npm start` runs two copies of this
 * module — its own bundle's, which creates the client (db.server.ts), and the Remix build's,
 * which the map's counts call — and the second must see what the first registered (until
 * 2 December it did not, and the counts ran on the server's thread: README « Load »).
 */
const shared = globalThis as typeof globalThis & {
  __sqliteReadAside?: {
    files: WeakMap<object, string>;
    readers: Map<string, Reader>;
    connections: Map<string, Connection>;
    pools?: WeakMap<object, PostgresPool>;
  };
};
const { files, readers, connections } = (shared.__sqliteReadAside ??= {
  files: new WeakMap(),
  readers: new Map(),
  connections: new Map(),
});
const pools = (shared.__sqliteReadAside.pools ??= new WeakMap());

/** Says that `db` reads the SQLite file of `url` (createPrismaClient, for each SQLite client). */
export function readsSqliteFile(db: object, url: string) {
  const file = url.replace(/^file:/, "");
  if (file && file !== ":memory:" && !file.startsWith("file:")) files.set(db, path.resolve(file));
}

/** Says that `db` is a PostgreSQL client on `pool` (createPrismaClient). */
export function readsPostgresPool(db: object, pool: PostgresPool) {
  pools.set(db, pool);
}

// The thread's program: a read-only connection, statements prepared once, rows sent back.
const PROGRAM = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const connection = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 10000 });
const statements = new Map();
parentPort.on("message", ({ id, sql, args }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      if (statements.size >= 100) statements.delete(statements.keys().next().value);
      statements.set(sql, statement);
    }
    parentPort.postMessage({ id, rows: statement.all(args) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

function readerOf(file: string): Reader {
  const reader = readers.get(file);
  if (reader) return reader;
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  // Its answers are a few dozen counts, or up to 3,000 markers: a small heap.
  const worker = new Worker(PROGRAM, {
    eval: true,
    workerData: { driver, file },
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  });
  // The thread keeps the process alive only while it has something to answer.
  worker.unref();
  const created: Reader = { worker, pending: new Map(), next: 0 };
  const fail = (error: Error) => {
    if (readers.get(file) === created) readers.delete(file);
    for (const { reject } of created.pending.values()) reject(error);
    created.pending.clear();
  };
  worker.on("message", ({ id, rows, error }: { id: number; rows?: unknown[]; error?: string }) => {
    const pending = created.pending.get(id);
    created.pending.delete(id);
    if (!created.pending.size) worker.unref();
    if (error !== undefined) pending?.reject(new Error(`SQLite (read aside): ${error}`));
    else pending?.resolve(rows ?? []);
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`The SQLite reading thread stopped (${code})`)));
  readers.set(file, created);
  return created;
}

/** How many SQLite files are read on a thread of their own now (the tests look). */
export function sqliteReadingThreads(): number {
  return readers.size;
}

/** A parameter as Prisma's SQLite adapter writes it: booleans as 1/0, dates as ISO text. */
function sqliteArgument(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  return value;
}

/**
 * The rows of a read-only query, read on SQLite's reading thread when `db` reads a file, else by
 * `db` itself. Integers come back as numbers from the thread (bigints from Prisma on SQLite):
 * read them with Number().
 */
export function readAside<T>(db: Db, query: Prisma.Sql): Promise<T[]> {
  const file = files.get(db);
  if (!file) return db.$queryRaw<T[]>(query);
  const reader = readerOf(file);
  const id = reader.next++;
  return new Promise<T[]>((resolve, reject) => {
    if (!reader.pending.size) reader.worker.ref();
    reader.pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
    reader.worker.postMessage({ id, sql: query.sql, args: query.values.map(sqliteArgument) });
  });
}

function connectionOf(file: string): Connection {
  let connection = connections.get(file);
  if (!connection) {
    connection = { database: new Database(file, { readonly: true, fileMustExist: true, timeout: 1000 }), statements: new Map() };
    connections.set(file, connection);
  }
  return connection;
}

/**
 * The rows of a small read-only query — one row or a few, by key, read on nearly every request (the
 * calls' times, the publication mark, a page's links) — read at once on SQLite, through a
 * read-only connection of the server's thread to the same file: some microseconds, where going
 * through Prisma cost 0.15–0.3 ms of the thread for each (its raw queries are compiled anew each
 * time: README « Load »). It sees what is committed, as the server's own connection does. On
 * PostgreSQL it goes to the client's pool straight (readPostgres). In a transaction (`db` is then
 * not the client), or on a database without a file, `db` reads it. Integers come back as numbers
 * on SQLite's connection, bigints from Prisma on SQLite and for PostgreSQL's int8: read them with
 * Number(); dates on SQLite as Prisma's adapter stores them (ISO text): read them with toDate.
 */
export function readNow<T>(db: Db | Tx, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  // A closed client's pool is closed: Prisma reads it (and opens a pool of its own).
  if (pool && !pool.ending) return readPostgres<T>(pool, query);
  if (pool) return db.$queryRaw<T[]>(query);
  const file = files.get(db);
  if (!file) return db.$queryRaw<T[]>(query);
  try {
    const { statements, database } = connectionOf(file);
    let statement = statements.get(query.sql);
    if (!statement) {
      statement = database.prepare(query.sql);
      if (statements.size >= 100) statements.delete(statements.keys().next().value!);
      statements.set(query.sql, statement);
    }
    return Promise.resolve(statement.all(query.values.map(sqliteArgument)) as T[]);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * A parameter as Prisma's pg adapter sends it: dates as UTC text without a zone (the columns are
 * `timestamp(3)`, UTC), texts without U+0000, which PostgreSQL's text cannot hold (db.server.ts).
 */
function postgresArgument(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("T", " ").replace("Z", "");
  return Array.isArray(value) ? value.map(postgresArgument) : withoutNul(value);
}

/** A text without U+0000, which PostgreSQL's text cannot hold (SQLite keeps it); the adapter's parameters too (db.server.ts). */
export const withoutNul = (value: unknown): unknown =>
  typeof value === "string" ? value.replaceAll("\u0000", "") : Array.isArray(value) ? value.map(withoutNul) : value;

const TIMESTAMP = 1114;
const DATE = 1082;
const INT8 = 20;
/**
 * Values as Prisma's $queryRaw gives them for what these reads select — texts, booleans, integers,
 * `timestamp(3)` and `date` columns (UTC: pg would read them in the process's zone), int8 (a
 * bigint). Not for arrays of dates or int8, nor `numeric` (pg gives text, Prisma a Decimal): read
 * those through Prisma.
 */
const POSTGRES_TYPES = {
  // pg reads its answers as text here.
  getTypeParser: ((oid: number) => {
    if (oid === TIMESTAMP) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
    if (oid === DATE) return (text: string) => new Date(`${text}T00:00:00Z`);
    if (oid === INT8) return (text: string) => BigInt(text);
    return pg.types.getTypeParser(oid, "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

async function readPostgres<T>(pool: PostgresPool, query: Prisma.Sql): Promise<T[]> {
  const result = await pool.query({ text: query.text, values: query.values.map(postgresArgument), types: POSTGRES_TYPES });
  return result.rows as T[];
}
