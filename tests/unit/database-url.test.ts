// A database URL as logs and command errors show it: no secret of PostgreSQL's in it.
import { describe, expect, it } from "vitest";
import { displayDatabaseUrl } from "~/utils/database-url";

describe("a database URL shown in a log", () => {
  it("hides a PostgreSQL password, given before the host or as a parameter", () => {
    expect(displayDatabaseUrl("postgresql://cooperons:secret@db.exemple.org:5432/cooperons")).toBe(
      "postgresql://cooperons:***@db.exemple.org:5432/cooperons",
    );
    expect(displayDatabaseUrl("postgresql://x@127.0.0.1:1/z?password=topsecret&sslmode=require")).toBe(
      "postgresql://x@127.0.0.1:1/z?password=***&sslmode=require",
    );
    expect(displayDatabaseUrl("postgres://x@h/z?PASSWORD=a&sslpassword=b&application_name=site")).toBe(
      "postgres://x@h/z?PASSWORD=***&sslpassword=***&application_name=site",
    );
  });

  it("hides what stands before the host of a PostgreSQL URL it cannot parse", () => {
    expect(displayDatabaseUrl("postgresql://x:se cret@[bad/z")).toBe("postgresql://***@[bad/z");
  });

  it("shows a SQLite file as it is", () => {
    expect(displayDatabaseUrl("file:./data/cooperons.db")).toBe("file:./data/cooperons.db");
  });
});
