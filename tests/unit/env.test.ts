import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/utils/env.server";

const problemsOf = (source: Record<string, string | undefined>) => {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
};

describe("environment", () => {
  it("has defaults that run the site locally", () => {
    expect(parseEnv({})).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./data/cooperons.db",
      DATA_DIR: "./data",
      MEILI_PORT: 7700,
      NODE_ENV: "production",
    });
  });

  it("names a malformed variable", () => {
    expect(problemsOf({ PORT: "trois-mille" })).toEqual(["PORT: PORT must be a number"]);
    expect(problemsOf({ PORT: "70000" })).toEqual(["PORT: PORT must be between 1 and 65535"]);
    expect(problemsOf({ MEILI_URL: "localhost:7700", MEILI_MASTER_KEY: "0123456789abcdef" })[0]).toMatch(/^MEILI_URL: /);
    expect(problemsOf({ DATABASE_URL: "mysql://db/cooperons" })[0]).toMatch(/^DATABASE_URL: .*SQLite.*PostgreSQL/);
    expect(problemsOf({ DATABASE_URL: "file:" })[0]).toMatch(/^DATABASE_URL: /);
    expect(problemsOf({ TILE_URL: "https://tiles.example.org/tile.png", TILE_ATTRIBUTION: "x" })[0]).toMatch(
      /^TILE_URL: .*\{z\}/,
    );
  });

  it("takes a SQLite file or a PostgreSQL server as the database", () => {
    expect(parseEnv({ DATABASE_URL: "file:/var/lib/cooperons/site.db" }).DATABASE_URL).toBe("file:/var/lib/cooperons/site.db");
    expect(parseEnv({ DATABASE_URL: "postgresql://cooperons:secret@db.internal:5432/cooperons" }).DATABASE_URL).toBe(
      "postgresql://cooperons:secret@db.internal:5432/cooperons",
    );
    expect(parseEnv({ DATABASE_URL: "postgres://db/cooperons?sslmode=require" }).DATABASE_URL).toBe(
      "postgres://db/cooperons?sslmode=require",
    );
  });

  it("names a variable that another one requires", () => {
    expect(problemsOf({ MEILI_URL: "http://127.0.0.1:7700" })).toEqual([
      "MEILI_MASTER_KEY: MEILI_MASTER_KEY is required when MEILI_URL is set",
    ]);
    expect(problemsOf({ TILE_URL: "https://tiles.example.org/{z}/{x}/{y}.png" })[0]).toMatch(/^TILE_ATTRIBUTION: /);
  });

  it("lists every problem at once", () => {
    expect(problemsOf({ PORT: "x", MEILI_MASTER_KEY: "court" })).toHaveLength(2);
  });

  it("reads how many requests are served at once, 0 for every one as it comes", () => {
    expect(parseEnv({ CONCURRENT_REQUESTS: "4" }).CONCURRENT_REQUESTS).toBe(4);
    expect(parseEnv({ CONCURRENT_REQUESTS: "0" }).CONCURRENT_REQUESTS).toBe(0);
    expect(parseEnv({}).CONCURRENT_REQUESTS).toBeUndefined();
    expect(problemsOf({ CONCURRENT_REQUESTS: "deux" })).toEqual([
      "CONCURRENT_REQUESTS: CONCURRENT_REQUESTS must be a number of requests",
    ]);
    expect(problemsOf({ CONCURRENT_REQUESTS: "1.5" })).toEqual([
      "CONCURRENT_REQUESTS: CONCURRENT_REQUESTS must be a whole number of requests",
    ]);
    expect(problemsOf({ CONCURRENT_REQUESTS: "-1" })).toEqual([
      "CONCURRENT_REQUESTS: CONCURRENT_REQUESTS must be between 0 and 1000",
    ]);
  });

  it("reads how many PostgreSQL connections an instance holds, 1 to 100", () => {
    expect(parseEnv({ DATABASE_POOL_SIZE: "8" }).DATABASE_POOL_SIZE).toBe(8);
    expect(parseEnv({}).DATABASE_POOL_SIZE).toBeUndefined();
    expect(problemsOf({ DATABASE_POOL_SIZE: "beaucoup" })).toEqual([
      "DATABASE_POOL_SIZE: DATABASE_POOL_SIZE must be a number of connections",
    ]);
    expect(problemsOf({ DATABASE_POOL_SIZE: "2.5" })).toEqual([
      "DATABASE_POOL_SIZE: DATABASE_POOL_SIZE must be a whole number of connections",
    ]);
    for (const outside of ["0", "101"])
      expect(problemsOf({ DATABASE_POOL_SIZE: outside })).toEqual([
        "DATABASE_POOL_SIZE: DATABASE_POOL_SIZE must be between 1 and 100",
      ]);
  });

  it("reads whether an empty database gets the fictitious demo: on, off or unset", () => {
    expect(parseEnv({ DEMO_DATA: "off" }).DEMO_DATA).toBe("off");
    expect(parseEnv({ DEMO_DATA: "" }).DEMO_DATA).toBeUndefined();
    expect(problemsOf({ DEMO_DATA: "oui" })).toEqual(["DEMO_DATA: DEMO_DATA must be on or off"]);
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ MEILI_URL: "", TILE_URL: "" })).toMatchObject({ MEILI_URL: undefined, TILE_URL: undefined });
  });
});

describe("TRUST_PROXY", () => {
  it("trusts no proxy by default: X-Forwarded-For is then anyone's to write", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "" }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "0" }).TRUST_PROXY).toBe(false);
  });

  it("reads a number of proxies, or addresses and ranges", () => {
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "10.0.0.5, 172.16.0.0/12,::1,fd00::/8,loopback" }).TRUST_PROXY).toEqual([
      "10.0.0.5",
      "172.16.0.0/12",
      "::1",
      "fd00::/8",
      "loopback",
    ]);
  });

  it.each(["true", "proxy.example.org", "10.0.0.0/33", "10.0.0.1/8/8", "1.2.3", "10.0.0.1,"])("refuses %j", (value) => {
    expect(problemsOf({ TRUST_PROXY: value })[0]).toMatch(/^TRUST_PROXY: TRUST_PROXY must be a number of proxies/);
  });
});
