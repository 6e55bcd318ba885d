// One Prisma client per process, on a driver adapter (see prisma.config.ts): better-sqlite3 for a
// file:… DATABASE_URL, pg for a postgresql://… one.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { QueryCompiler as PostgresQueryCompiler } from "@prisma/client/runtime/query_compiler_bg.postgresql.mjs";
import { QueryCompiler as SqliteQueryCompiler } from "@prisma/client/runtime/query_compiler_bg.sqlite.mjs";
import { Prisma, PrismaClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-postgres/client";
import { isPostgresUrl } from "./database-url";
import { getEnv, type Env } from "./env.server";
import { keepQueryPlans } from "./prisma-plans.server";
import { readsPostgresPool, readsSqliteFile, withoutNul } from "./read-aside.server";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Prisma's errors without the place in the code that called it: with any other format, every query
 * of every request captured a stack trace (`new Error()`) in case it failed (README « Load »). A
 * failed query's error still says what failed, and its own stack where it was thrown.
 */
const ERROR_FORMAT = "minimal";

/**
 * The PostgreSQL connections a process holds at most, unless DATABASE_POOL_SIZE says otherwise.
 * node-postgres's own default is 10; on this 2-core machine, with the database beside the site,
 * 4 served the load as well or better (README « PostgreSQL connections »): statements beyond what
 * the database's cores run at once wait in the process, where ten backends woke and switched in
 * turn, and each prepared its statements anew. Some twice the database's cores is the usual rule.
 */
export const DEFAULT_POOL_SIZE = 4;

export function createPrismaClient(url: string, { poolSize = DEFAULT_POOL_SIZE }: { poolSize?: number } = {}): PrismaClient {
  const check = process.env.PRISMA_PLAN_CHECK === "1";
  keepQueryPlans(SqliteQueryCompiler, { check });
  keepQueryPlans(PostgresQueryCompiler, { check });
  if (isPostgresUrl(url)) {
    // The PostgreSQL client is generated from the same models (scripts/lib/postgres-schema.ts):
    // its queries are PostgreSQL's, its types the same as the SQLite client's.
    // Each query is a round trip to the server, where SQLite's are calls in the process: Prisma's
    // default bounds (2 s to get a connection, 5 s for an interactive transaction) are met by a
    // busy machine, such as the first seed of the full demo; these are give-up bounds.
    // The pool is the adapter's, and readNow's: its small reads by key go to it straight, where
    // Prisma compiled each raw query anew (read-aside.server.ts). Closing the client closes it,
    // whether Prisma used it or not; once closed, readNow reads through Prisma, which opens a
    // pool of its own if asked again.
    const pool = new pg.Pool({ connectionString: url, Client: NamingClient, max: poolSize });
    // A connection cut while idle (PostgreSQL restarted) is said by the next query; without a
    // listener, before Prisma's first query adds its own, it would end the process.
    pool.on("error", () => {});
    const client = serialisingTransactions(
      new PostgresPrismaClient({
        adapter: new PostgresAdapter(pool, { disposeExternalPool: true }),
        errorFormat: ERROR_FORMAT,
        transactionOptions: { maxWait: 10_000, timeout: 30_000 },
      }) as unknown as PrismaClient,
    );
    const disconnect = client.$disconnect.bind(client);
    const closing = async () => {
      await disconnect();
      if (!pool.ending) await pool.end();
    };
    Object.defineProperty(client, "$disconnect", { value: closing, configurable: true, writable: true });
    readsPostgresPool(client, pool);
    return client;
  }
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }), errorFormat: ERROR_FORMAT });
  readsSqliteFile(client, url);
  return client;
}

/** The most statement texts given a name (see NamingClient): what each connection keeps prepared at most. */
export const MAX_NAMED_STATEMENTS = 200;
/** A text is named from its this-many-th run: a shape that runs once or twice (a list of a rare length) takes no name. */
export const NAMED_FROM_RUN = 3;
const statementNames = new Map<string, string>();
/** How many times each text not named yet has run; emptied when it holds many (its texts start again from one). */
const statementRuns = new Map<string, number>();
let namesGiven = 0;

/**
 * The name of a statement's text — the same text, the same name — or none: before its
 * NAMED_FROM_RUN-th run, past MAX_NAMED_STATEMENTS texts, for what is not one query (BEGIN,
 * COMMIT, VACUUM…, several statements in one text, which a prepared statement cannot hold).
 */
export function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known !== undefined) return known;
  if (
    statementNames.size >= MAX_NAMED_STATEMENTS ||
    !/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(text) ||
    text.includes(";")
  )
    return undefined;
  const runs = (statementRuns.get(text) ?? 0) + 1;
  if (runs < NAMED_FROM_RUN) {
    if (statementRuns.size >= 10 * MAX_NAMED_STATEMENTS) statementRuns.clear();
    statementRuns.set(text, runs);
    return undefined;
  }
  statementRuns.delete(text);
  namesGiven += 1;
  const name = `cooperons_${namesGiven}`;
  statementNames.set(text, name);
  return name;
}

/**
 * PostgreSQL refuses a prepared statement whose result changed type since it was prepared (a
 * column's type changed by a migration while this instance runs). Said by its code and by the
 * routine that raised it, which PostgreSQL never translates (its message follows `lc_messages`).
 */
export function isStaleStatement(error: unknown): boolean {
  const { code, routine } = (error ?? {}) as { code?: unknown; routine?: unknown };
  return code === "0A000" && routine === "RevalidateCachedQuery";
}

/**
 * A stale statement's text gets a new name (unless another connection renamed it already): its
 * next run prepares it anew, on every connection.
 */
function renamed(text: string, stale: string): string | undefined {
  if (statementNames.get(text) === stale) {
    statementNames.delete(text);
    statementRuns.set(text, NAMED_FROM_RUN - 1);
  }
  return statementName(text);
}

/**
 * A connection whose statements are named, so that PostgreSQL parses and plans each once per
 * connection and then runs it prepared (with parameters, on a generic plan once that costs no more
 * than the custom ones: PostgreSQL's own choice, `plan_cache_mode`). Unnamed, each statement of
 * each request was parsed and planned again: under the load's mix PostgreSQL spent more of its time
 * planning the site's statements than running them (README « Load »). Prisma's statements and
 * readNow's go through it alike; a schema change makes PostgreSQL plan again by itself, except for
 * a result whose type changed (isStaleStatement): outside a transaction the statement is sent again
 * at once under a new name; in one, the transaction is run again (serialisingTransactions).
 */
class NamingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((config: unknown, ...rest: unknown[]) => {
      // A plain query's options (not a Submittable such as a cursor, not already named).
      const plain = config && typeof config === "object" && !("submit" in config) && !("name" in config);
      const text = plain && "text" in config ? config.text : undefined;
      const name = typeof text === "string" ? statementName(text) : undefined;
      if (typeof text !== "string" || !name) return query(config, ...rest);
      const named = (name: string) => ({ ...(config as object), name });
      const callback = rest.at(-1);
      // pg-pool passes a callback (a statement of its own): a stale one is sent again at once.
      if (typeof callback === "function") {
        const answer = callback as (error: unknown, result: unknown) => void;
        return query(named(name), ...rest.slice(0, -1), (error: unknown, result: unknown) => {
          if (!isStaleStatement(error)) return answer(error, result);
          const again = renamed(text, name);
          if (again) query(named(again), ...rest.slice(0, -1), answer);
          else query(config, ...rest.slice(0, -1), answer);
        });
      }
      // Prisma's adapter, on a transaction's connection, awaits a promise: the transaction has failed.
      return (query(named(name), ...rest) as Promise<unknown>).catch((error: unknown) => {
        if (isStaleStatement(error)) renamed(text, name);
        throw error;
      });
    }) as pg.Client["query"];
  }
}

type Queryable = Pick<Awaited<ReturnType<PrismaPg["connect"]>>, "queryRaw" | "executeRaw">;

/**
 * A submitted text holding U+0000 (which no person types, but a form or an address may carry)
 * made PostgreSQL refuse the whole query ("invalid byte sequence for encoding UTF8: 0x00", a
 * 500 where SQLite stored it): the character is dropped from every parameter.
 */
function droppingNul<T extends Queryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query) => queryRaw({ ...query, args: query.args.map(withoutNul) });
  queryable.executeRaw = (query) => executeRaw({ ...query, args: query.args.map(withoutNul) });
  return queryable;
}

/**
 * The pg adapter with two corrections. Parameters lose U+0000 (droppingNul). And Prisma 6.19.3
 * ends an interactive transaction by sending COMMIT (or ROLLBACK), then telling the adapter to
 * release its connection; when that statement fails — PostgreSQL refuses the COMMIT of a
 * SERIALIZABLE transaction that conflicted — the release is skipped and the connection is lost to
 * the pool (after ten, every query waits; closing the client never ends). The statement has ended
 * the transaction either way: the connection goes back to the pool.
 */
class PostgresAdapter extends PrismaPg {
  async connect() {
    const adapter = droppingNul(await super.connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = droppingNul(await startTransaction(isolationLevel));
      const executeRaw = transaction.executeRaw.bind(transaction);
      transaction.executeRaw = async (query) => {
        try {
          return await executeRaw(query);
        } catch (error) {
          if (query.sql === "COMMIT" || query.sql === "ROLLBACK") await transaction.rollback();
          throw error;
        }
      };
      return transaction;
    };
    return adapter;
  }
}

/** How many times an interactive transaction is run when PostgreSQL keeps reporting a conflict. */
const TRANSACTION_ATTEMPTS = 8;

/**
 * PostgreSQL aborted a transaction that conflicted with a concurrent one: a serialization failure
 * (40001) or a deadlock (40P01). Prisma says P2034 when a query fails so; a refused COMMIT comes
 * as the adapter's own error.
 */
function isWriteConflict(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2034";
  const cause = (error as { name?: string; cause?: { kind?: string; originalCode?: string } } | null)?.cause;
  return (
    (error as Error | null)?.name === "DriverAdapterError" &&
    (cause?.kind === "TransactionWriteConflict" || cause?.originalCode === "40001" || cause?.originalCode === "40P01")
  );
}

/**
 * A query failed through Prisma on a stale prepared statement (isStaleStatement; Prisma keeps only
 * its code): a raw query's error (P2010, the adapter's error in `meta`), or the adapter's own.
 */
export function isStaleStatementFailure(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const meta = error.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined;
    return error.code === "P2010" && meta?.driverAdapterError?.cause?.originalCode === "0A000";
  }
  const cause = (error as { name?: string; cause?: { originalCode?: string } } | null)?.cause;
  return (error as Error | null)?.name === "DriverAdapterError" && cause?.originalCode === "0A000";
}

/**
 * The app's interactive transactions read, check, then write (a slug still free, an answer still
 * pending, one groupement per idea): SQLite runs them one at a time, so each sees the previous
 * one's writes. PostgreSQL runs them side by side; at its default isolation both readers would
 * see the same state and both write. They run SERIALIZABLE here, and one that PostgreSQL aborts on
 * a conflict (a concurrent update, or a unique key it had seen free) is run again from the start,
 * when it sees the other's writes, as it would have on SQLite. Batches ($transaction([...])) hold no
 * such check and keep the default.
 */
function serialisingTransactions(client: PrismaClient): PrismaClient {
  const transaction = client.$transaction.bind(client) as (input: unknown, options?: object) => Promise<unknown>;
  const retrying = async (input: unknown, options?: object) => {
    if (typeof input !== "function") return transaction(input, options);
    let staleRetried = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await transaction(input, { isolationLevel: Prisma.TransactionIsolationLevel.Serializable, ...options });
      } catch (error) {
        // A statement prepared before a migration changed its result's type (NamingClient): renamed
        // by now, the transaction runs again once.
        if (!staleRetried && isStaleStatementFailure(error)) {
          staleRetried = true;
          continue;
        }
        if (attempt >= TRANSACTION_ATTEMPTS || !isWriteConflict(error)) throw error;
        // A short, random wait: the two runs that conflicted do not meet again at once.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  };
  Object.defineProperty(client, "$transaction", { value: retrying, configurable: true, writable: true });
  return client;
}

// Kept on globalThis so that `remix dev` rebuilds reuse it instead of opening a new connection.
const globalForDb = globalThis as typeof globalThis & { __prisma?: PrismaClient };

/**
 * A client on the configured database — the site's (getDb) and the commands' alike, so that
 * DATABASE_POOL_SIZE bounds each process that holds connections, not the site's alone.
 */
export function createPrismaClientFromEnv(env: Pick<Env, "DATABASE_URL" | "DATABASE_POOL_SIZE">): PrismaClient {
  return createPrismaClient(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
}

/** The process-wide client, opened lazily on DATABASE_URL at first use. */
export function getDb(): PrismaClient {
  globalForDb.__prisma ??= createPrismaClientFromEnv(getEnv());
  return globalForDb.__prisma;
}

/** Whether a write failed on a unique constraint: another request wrote the same thing first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Whether a write found no row to update or delete: another request removed it first. */
export function isRecordMissing(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}
