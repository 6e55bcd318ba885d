// The pg driver adapter as Prisma 6.19's migration commands (JavaScript schema engine) need it,
// for prisma.config.ts. Two fixes over @prisma/adapter-pg 6.19.3:
// - the schema engine reads PostgreSQL's catalogs, whose columns have types the adapter cannot
//   map (`name`, `char`, `regproc`…: "Column type 'name' could not be deserialized"); they are
//   read as text;
// - the shadow database (replaying the history, for `prisma migrate diff --from-migrations`) is
//   opened by its own URL: the adapter opens it with `{ connectionString, database }`, where pg
//   lets the URL's database win, so the shadow work would land in the real database.
import crypto from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { QueryResult } from "pg";

const TEXT = 25;
const TEXT_ARRAY = 1009;
/** The type OIDs the adapter maps itself (fieldToColumnType in @prisma/adapter-pg 6.19.3). */
const MAPPED = new Set([
  // Scalars
  21, 23, 20, 700, 701, 16, 1082, 1083, 1266, 1114, 1184, 1700, 790, 114, 3802, 2950, 26, 1042, 25, 1043, 1560, 1562, 869, 650,
  142, 17,
  // Arrays
  1561, 1000, 1001, 1014, 1002, 651, 1182, 1021, 1022, 1041, 1005, 1007, 1016, 3807, 199, 791, 1231, 1028, 1009, 1115, 1185, 1183,
  2951, 1563, 1015, 143,
]);
/** OIDs from here on are user-defined types, which the adapter reads as text already. */
const FIRST_NORMAL_OBJECT_ID = 16384;

type PerformIO = (query: unknown) => Promise<QueryResult<unknown[]>>;
type Queryable = { performIO: PerformIO };

function asText(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === "string") return value;
  return Array.isArray(value) ? value.map(asText) : String(value);
}

/** Catalog columns of a type the adapter cannot map are handed to it as text (or text[]). */
function readCatalogTypesAsText<T extends object>(queryable: T): T {
  const target = queryable as unknown as Queryable;
  const performIO = target.performIO.bind(queryable);
  target.performIO = async (query) => {
    const result = await performIO(query);
    result.fields?.forEach((field, index) => {
      if (MAPPED.has(field.dataTypeID) || field.dataTypeID >= FIRST_NORMAL_OBJECT_ID) return;
      const isArray = result.rows.some((row) => Array.isArray(row[index]));
      field.dataTypeID = isArray ? TEXT_ARRAY : TEXT;
      for (const row of result.rows) row[index] = asText(row[index]);
    });
    return result;
  };
  const withTransactions = queryable as unknown as { startTransaction?: (...args: unknown[]) => Promise<object> };
  if (typeof withTransactions.startTransaction === "function") {
    const startTransaction = withTransactions.startTransaction.bind(queryable);
    withTransactions.startTransaction = async (...args) => readCatalogTypesAsText(await startTransaction(...args));
  }
  return queryable;
}

export class MigrationAwarePg extends PrismaPg {
  constructor(private readonly url: string) {
    super({ connectionString: url });
  }

  async connect() {
    return readCatalogTypesAsText(await super.connect());
  }

  async connectToShadowDb() {
    const main = await this.connect();
    const name = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
    await main.executeScript(`CREATE DATABASE "${name}"`);
    const shadowUrl = new URL(this.url);
    shadowUrl.pathname = `/${name}`;
    const shadow = readCatalogTypesAsText(await new PrismaPg({ connectionString: shadowUrl.toString() }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
      await main.dispose();
    };
    return shadow;
  }
}
