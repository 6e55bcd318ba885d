// Which database a DATABASE_URL names: a SQLite file (file:…, the default) or a PostgreSQL server
// (postgresql://… or postgres://…). Read by the app, the command-line tools and prisma.config.ts.

export type DatabaseKind = "sqlite" | "postgres";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

export function databaseKind(url: string): DatabaseKind {
  return isPostgresUrl(url) ? "postgres" : "sqlite";
}

/** Connection parameters of a PostgreSQL URL's query that hold a secret (libpq's and node-postgres's names). */
const SECRET_PARAMETERS = /^(password|sslpassword|sslkey|passfile)$/i;

/**
 * The URL as it may be shown in a log or an error: a PostgreSQL password is replaced by ***, given
 * before the host or as a parameter (`?password=…`, which libpq and node-postgres take too).
 */
export function displayDatabaseUrl(url: string): string {
  if (!isPostgresUrl(url)) return url;
  if (!URL.canParse(url)) return url.replace(/:\/\/[^@/]*@/, "://***@");
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  for (const name of [...parsed.searchParams.keys()]) if (SECRET_PARAMETERS.test(name)) parsed.searchParams.set(name, "***");
  return parsed.toString();
}
