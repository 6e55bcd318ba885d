// Configuration comes only from the environment, checked once at start-up so that a wrong value
// stops the server with a message naming the variable instead of failing later on a page.
import net from "node:net";
import * as z from "~/utils/zod";
import { isPostgresUrl } from "./database-url";

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const httpUrl = (name: string) =>
  optionalText.refine((value) => value === undefined || (/^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value)), {
    message: `${name} must be an http(s) URL`,
  });

const PROXY_RANGE_NAMES = ["loopback", "linklocal", "uniquelocal"];

function isAddressOrRange(value: string): boolean {
  if (PROXY_RANGE_NAMES.includes(value)) return true;
  const [address = "", prefix, ...rest] = value.split("/");
  const version = net.isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies may tell the client's address and protocol (X-Forwarded-For, X-Forwarded-Proto):
 * unset, nobody; a number, that many proxies in front of the site; else addresses and ranges.
 * Trusting a proxy that is not there lets any visitor choose the address the limits count.
 */
const trustProxy = optionalText.transform((value, ctx): false | number | string[] => {
  if (value === undefined) return false;
  if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const entries = value.split(",").map((entry) => entry.trim());
  if (entries.every(isAddressOrRange)) return entries;
  ctx.addIssue({
    code: "custom",
    message: "TRUST_PROXY must be a number of proxies (such as 1) or addresses and ranges (such as 10.0.0.5,172.16.0.0/12)",
  });
  return z.NEVER;
});

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    PORT: z.coerce
      .number({ message: "PORT must be a number" })
      .int("PORT must be a whole number")
      .min(1, "PORT must be between 1 and 65535")
      .max(65535, "PORT must be between 1 and 65535")
      .default(3000),
    HOST: optionalText,
    DATABASE_URL: z
      .string()
      .trim()
      .default("file:./data/cooperons.db")
      .refine(
        (value) => (value.startsWith("file:") && value.length > "file:".length) || (isPostgresUrl(value) && URL.canParse(value)),
        {
          message:
            "DATABASE_URL must be a SQLite URL such as file:./data/cooperons.db or a PostgreSQL URL such as postgresql://user:password@host:5432/cooperons",
        },
      ),
    /**
     * PostgreSQL only: the connections each instance holds at most (db.server.ts,
     * DEFAULT_POOL_SIZE when unset). Ignored on SQLite.
     */
    DATABASE_POOL_SIZE: z.coerce
      .number({ message: "DATABASE_POOL_SIZE must be a number of connections" })
      .int("DATABASE_POOL_SIZE must be a whole number of connections")
      .min(1, "DATABASE_POOL_SIZE must be between 1 and 100")
      .max(100, "DATABASE_POOL_SIZE must be between 1 and 100")
      .optional(),
    DATA_DIR: z.string().trim().min(1).default("./data"),
    /** Where logos and groupement documents are kept: a volume every instance shares. Unset: DATA_DIR/uploads. */
    UPLOADS_DIR: optionalText,
    PUBLIC_URL: httpUrl("PUBLIC_URL"),
    TRUST_PROXY: trustProxy,
    MEILI_URL: httpUrl("MEILI_URL"),
    MEILI_MASTER_KEY: optionalText.refine((value) => value === undefined || value.length >= 16, {
      message: "MEILI_MASTER_KEY must be at least 16 characters",
    }),
    MEILI_PORT: z.coerce.number().int().min(1).max(65535).default(7700),
    MEILI_BINARY: optionalText,
    TILE_URL: optionalText.refine(
      (value) =>
        value === undefined || (/^https?:\/\/[^\s]+$/.test(value) && ["{z}", "{x}", "{y}"].every((part) => value.includes(part))),
      { message: "TILE_URL must be an http(s) URL template containing {z}, {x} and {y}" },
    ),
    TILE_ATTRIBUTION: optionalText,
    /** The BAN address search (https://api-adresse.data.gouv.fr, or an addok of the same API); unset: no address search. */
    GEOCODER_URL: httpUrl("GEOCODER_URL"),
    SMTP_URL: optionalText.refine((value) => value === undefined || /^smtps?:\/\/[^\s]+$/.test(value), {
      message: "SMTP_URL must look like smtp://user:password@host:587 or smtps://…",
    }),
    MAIL_FROM: z.string().trim().min(3).default("Coopérons <ne-pas-repondre@cooperons.localhost>"),
    /**
     * How long the public pages anonymous visitors ask for are kept (scripts/lib/page-cache.ts);
     * 0 keeps none. Unset: 30 in production, 0 otherwise.
     */
    PAGE_CACHE_SECONDS: z.coerce
      .number({ message: "PAGE_CACHE_SECONDS must be a number of seconds" })
      .int("PAGE_CACHE_SECONDS must be a whole number of seconds")
      .min(0, "PAGE_CACHE_SECONDS must be between 0 and 600")
      .max(600, "PAGE_CACHE_SECONDS must be between 0 and 600")
      .optional(),
    /**
     * Requests served at once, the others waiting their turn (scripts/lib/admission.ts); 0 serves
     * every request as it comes. Unset: 3 on SQLite, 5 on PostgreSQL (scripts/lib/server.ts).
     */
    CONCURRENT_REQUESTS: z.coerce
      .number({ message: "CONCURRENT_REQUESTS must be a number of requests" })
      .int("CONCURRENT_REQUESTS must be a whole number of requests")
      .min(0, "CONCURRENT_REQUESTS must be between 0 and 1000")
      .max(1000, "CONCURRENT_REQUESTS must be between 0 and 1000")
      .optional(),
    /**
     * Whether `npm start` seeds an empty database with the fictitious demo as well as the call and
     * the quartiers. Unset: on, unless NODE_ENV=production is set (a real site starts empty).
     */
    DEMO_DATA: optionalText.refine((value) => value === undefined || value === "on" || value === "off", {
      message: "DEMO_DATA must be on or off",
    }),
    /** Signs the links that work without logging in (unsubscribe); unset: generated once into DATA_DIR. */
    SIGNING_SECRET: optionalText.refine((value) => value === undefined || value.length >= 32, {
      message: "SIGNING_SECRET must be at least 32 characters",
    }),
  })
  .superRefine((env, ctx) => {
    if (env.MEILI_URL && !env.MEILI_MASTER_KEY) {
      ctx.addIssue({ code: "custom", path: ["MEILI_MASTER_KEY"], message: "MEILI_MASTER_KEY is required when MEILI_URL is set" });
    }
    if (env.TILE_URL && !env.TILE_ATTRIBUTION) {
      ctx.addIssue({
        code: "custom",
        path: ["TILE_ATTRIBUTION"],
        message: "TILE_ATTRIBUTION is required when TILE_URL is set (tile licences demand it)",
      });
    }
  });

export type Env = z.output<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment; throws EnvError listing every variable that is wrong. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** What the browser may know: nothing secret goes here. */
export function getPublicEnv() {
  const env = getEnv();
  return { TILE_URL: env.TILE_URL ?? null, TILE_ATTRIBUTION: env.TILE_ATTRIBUTION ?? null, GEOCODER: Boolean(env.GEOCODER_URL) };
}
