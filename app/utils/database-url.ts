// Which database a DATABASE_URL names: a SQLite file (file:…, the default) or a PostgreSQL server
// (postgresql://… or postgres://…). Read by the app, the command-line tools and prisma.config.ts.

export type DatabaseKind = "sqlite" | "postgres";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

export function databaseKind(url: string): DatabaseKind {
  return isPostgresUrl(url) ? "postgres" : "sqlite";
}

/** The URL as it may be shown in a log or an error: a PostgreSQL password is replaced by ***. */
export function displayDatabaseUrl(url: string): string {
  if (!isPostgresUrl(url) || !URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
