// `npm run db:generate` (and postinstall): the Prisma clients of both databases, from
// prisma/schema.prisma — app/generated/prisma for SQLite, app/generated/prisma-postgres for
// PostgreSQL (its schema is written by scripts/lib/postgres-schema.ts).
import { generateClients } from "./lib/postgres-schema";

generateClients();
console.log("Prisma clients generated: app/generated/prisma (SQLite), app/generated/prisma-postgres (PostgreSQL)");
