// The PostgreSQL schema written from prisma/schema.prisma (scripts/lib/postgres-schema.ts).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { postgresSchemaText, SQLITE_SCHEMA } from "../../scripts/lib/postgres-schema";

const source = fs.readFileSync(SQLITE_SCHEMA, "utf8");

describe("postgresSchemaText", () => {
  it("says postgresql, writes its client apart and reads relations with joins, the models unchanged", () => {
    const text = postgresSchemaText(source);
    expect(text).toMatch(/datasource db \{[^}]*provider = "postgresql"/);
    expect(text).toMatch(/generator client \{[^}]*output\s+= "\.\.\/prisma-postgres"/);
    expect(text).toMatch(/generator client \{\s*previewFeatures = \["relationJoins"\]/);
    const models = (schema: string) => schema.slice(schema.indexOf("model "));
    expect(models(text)).toBe(models(source));
  });

  it("refuses a schema it cannot derive from, rather than write a wrong one", () => {
    expect(() => postgresSchemaText(source.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/provider = "sqlite"/);
    expect(() =>
      postgresSchemaText(source.replace("generator client {", 'generator client {\n  previewFeatures = ["views"]')),
    ).toThrow(/without previewFeatures/);
  });
});
