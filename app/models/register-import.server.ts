// Imports a register file (RNA Waldec export, SIRENE StockEtablissement) into RegisterEntry rows and
// unclaimed profiles: streamed, a batch of rows per transaction, in constant memory. Used by
// `npm run import:rna` / `import:sirene` (and, later, by the CCAS's upload page).
//
// - Idempotent: an entry whose facts did not change is only marked as seen by this run.
// - A newer file updates what changed, closes what it lists as dissolved or closed, erases what is
//   no longer public (SIRENE diffusion status), and closes what it no longer lists at all.
// - The profile (Organisation) is written from the register only while it is unclaimed; a claimed
//   profile keeps what the structure wrote, and only its RegisterEntry follows the register.
// - Every profile created or changed is queued for the search index in the same transaction.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CsvError } from "csv-parse";
import { parseActivityTable, type ActivityTable } from "~/domain/registers/activity-tables";
import {
  canonicalFacts,
  columnsOf,
  REGISTER_LABELS,
  REGISTER_SOURCES,
  type RegisterFacts,
  type RegisterSource,
  type RowReader,
} from "~/domain/registers/facts";
import { createLocator, type Locator } from "~/domain/registers/lambert";
import { ENDING_REASONS, type RejectionReason } from "~/domain/registers/reasons";
import {
  binaryKind,
  readCsvRecords,
  SNIFF_BYTES,
  type BinaryKind,
  type CsvEncoding,
  type CsvReadInfo,
} from "~/domain/registers/read-csv";
import { createRnaReader, RNA_REQUIRED } from "~/domain/registers/rna";
import { createSireneReader, SIRENE_REQUIRED } from "~/domain/registers/sirene";
import { openRegisterEntryWhere, UNCLAIMED_STATUS } from "~/domain/registers/unclaimed";
import { slugify } from "~/domain/slug";
import { getCurrentCallId } from "~/models/call.server";
import type { Db, Tx } from "~/utils/db.server";
import { getIrisGeoJson, getQuartiersGeoJson } from "~/utils/geo.server";
import { enqueueIndex } from "../../search/outbox";

export const TABLES_DIR = path.resolve("prisma", "data", "registers");
export const TABLE_FILES: Record<RegisterSource, string> = {
  rna: "rna-objets-sociaux.csv",
  sirene: "sirene-naf.csv",
};

/** The summary a run prints, and `--json` gives as its last line: these keys, numbers. */
export type ImportSummary = {
  read: number;
  kept: number;
  created: number;
  updated: number;
  unchanged: number;
  closed: number;
  rejected: Partial<Record<RejectionReason, number>>;
};

export type ImportProgress = { bytesRead: number; bytesTotal: number | null; read: number; kept: number };

/** Said to the person (in French): the file cannot be imported as it is. */
export class RegisterImportError extends Error {}

/** The mapping table of a register, read from prisma/data/registers and checked. */
export function loadActivityTable(source: RegisterSource, dir = TABLES_DIR): ActivityTable {
  const file = path.join(dir, TABLE_FILES[source]);
  const { table, errors } = parseActivityTable(fs.readFileSync(file, "utf8"));
  if (errors.length) throw new RegisterImportError(`La table ${file} est à corriger :\n${errors.join("\n")}`);
  return table;
}

const LOCK_KEY = "registerImport.running";
/** A run that wrote nothing for this long has died (its process was killed): another may start. */
export const STALE_AFTER_MS = 10 * 60_000;

/** One run at a time: two imports of the same register at once would close each other's entries. */
async function acquireLock(db: Db, importId: string, now: Date) {
  try {
    await db.appState.create({ data: { key: LOCK_KEY, value: importId } });
    return;
  } catch {
    // Taken: by a live run, or by one that died.
  }
  const holder = await db.appState.findUnique({ where: { key: LOCK_KEY } });
  const run = holder ? await db.registerImport.findUnique({ where: { id: holder.value } }) : null;
  const alive = run && run.status === "running" && now.getTime() - run.heartbeatAt.getTime() < STALE_AFTER_MS;
  if (alive) {
    throw new RegisterImportError(
      `Un import de registre est déjà en cours (${run.fileName}, commencé le ${run.startedAt.toISOString()}) : attendez qu'il se termine.`,
    );
  }
  if (run?.status === "running") {
    await db.registerImport.update({ where: { id: run.id }, data: { status: "failed", error: "Interrompu", finishedAt: now } });
  }
  // Compare-and-set on the stale holder: of two runs taking over together, one wins.
  const taken = await db.appState.updateMany({ where: { key: LOCK_KEY, value: holder?.value ?? "" }, data: { value: importId } });
  if (taken.count === 0)
    throw new RegisterImportError("Un autre import de registre vient de commencer : attendez qu'il se termine.");
}

async function releaseLock(db: Db, importId: string) {
  await db.appState.deleteMany({ where: { key: LOCK_KEY, value: importId } });
}

const fingerprintOf = (facts: RegisterFacts) => crypto.createHash("sha256").update(canonicalFacts(facts)).digest("base64url");

/** The profile columns an unclaimed profile takes from its register facts. */
function profileData(facts: RegisterFacts, quartierIds: Map<string, string>) {
  const quartierId = facts.quartier ? (quartierIds.get(facts.quartier) ?? null) : null;
  return {
    name: facts.name,
    shortDescription: facts.activityLabel,
    sector: facts.sector,
    kind: facts.kind,
    siret: facts.siret,
    rna: facts.source === "rna" ? facts.registerId : null,
    address: facts.address,
    // A point outside every quartier is kept on the entry only: a profile's point is in Nantes.
    latitude: quartierId ? facts.latitude : null,
    longitude: quartierId ? facts.longitude : null,
    homeQuartierId: quartierId,
  };
}

function entryData(facts: RegisterFacts, quartierIds: Map<string, string>, importId: string) {
  return {
    name: facts.name,
    address: facts.address,
    postalCode: facts.postalCode,
    communeCode: facts.communeCode,
    activityCode: facts.activityCode,
    activityLabel: facts.activityLabel,
    sector: facts.sector,
    kind: facts.kind,
    subAxes: facts.subAxes.join(" "),
    siret: facts.siret,
    latitude: facts.latitude,
    longitude: facts.longitude,
    quartierId: facts.quartier ? (quartierIds.get(facts.quartier) ?? null) : null,
    irisCode: facts.irisCode,
    registeredOn: facts.registeredOn,
    registerUpdatedAt: facts.registerUpdatedAt,
    fingerprint: fingerprintOf(facts),
    closedAt: null,
    closedReason: null,
    lastImportId: importId,
  };
}

type Context = {
  source: RegisterSource;
  importId: string;
  now: Date;
  quartierIds: Map<string, string>;
  subAxisIds: Map<string, string>;
};

/** Links of profiles to their quartier and the current call's sub-axes, from their facts. */
function profileLinks(profiles: { organisationId: string; facts: RegisterFacts }[], context: Context) {
  const quartiers: { organisationId: string; quartierId: string }[] = [];
  const subAxes: { organisationId: string; subAxisId: string }[] = [];
  for (const { organisationId, facts } of profiles) {
    const quartierId = facts.quartier ? context.quartierIds.get(facts.quartier) : undefined;
    if (quartierId) quartiers.push({ organisationId, quartierId });
    const ids = new Set(facts.subAxes.map((code) => context.subAxisIds.get(code)).filter((id) => id !== undefined));
    for (const subAxisId of ids) subAxes.push({ organisationId, subAxisId });
  }
  return { quartiers, subAxes };
}

/** Writes the links of these profiles in two statements, replacing what they had when asked. */
async function writeProfileLinks(
  tx: Tx,
  profiles: { organisationId: string; facts: RegisterFacts }[],
  context: Context,
  replace: boolean,
) {
  if (profiles.length === 0) return;
  if (replace) {
    const organisationId = { in: profiles.map((profile) => profile.organisationId) };
    await tx.organisationQuartier.deleteMany({ where: { organisationId } });
    await tx.organisationSubAxis.deleteMany({ where: { organisationId } });
  }
  const { quartiers, subAxes } = profileLinks(profiles, context);
  if (quartiers.length) await tx.organisationQuartier.createMany({ data: quartiers });
  if (subAxes.length) await tx.organisationSubAxis.createMany({ data: subAxes });
}

/** Slugs for new profiles: the name's, else the name's with the end of the identifier, else numbered. */
async function slugsFor(tx: Tx, batch: RegisterFacts[]): Promise<string[]> {
  const bases = batch.map((facts) => slugify(facts.name));
  const withId = batch.map((facts, index) => `${bases[index]!.slice(0, 50)}-${facts.registerId.slice(-6).toLowerCase()}`);
  const taken = new Set(
    (await tx.organisation.findMany({ where: { slug: { in: [...bases, ...withId] } }, select: { slug: true } })).map(
      (row) => row.slug,
    ),
  );
  const slugs: string[] = [];
  for (const [index, base] of bases.entries()) {
    let slug = !taken.has(base) ? base : withId[index]!;
    for (let attempt = 2; taken.has(slug); attempt += 1) {
      slug = `${withId[index]}-${attempt}`;
      if (taken.has(slug)) continue;
      if (await tx.organisation.findUnique({ where: { slug }, select: { id: true } })) taken.add(slug);
    }
    taken.add(slug);
    slugs.push(slug);
  }
  return slugs;
}

type Counts = Omit<ImportSummary, "rejected"> & { rejected: Map<RejectionReason, number> };

/**
 * Places unclaimed profiles where their located register entry is (a SIRENE establishment's point;
 * the RNA gives none): a profile made from both registers follows its RNA entry's facts but keeps
 * its establishment's place. Its quartier link follows the point. Returns the profiles moved.
 */
async function locateFromEntries(tx: Tx, organisationIds: Iterable<string>): Promise<string[]> {
  const ids = [...new Set(organisationIds)];
  if (ids.length === 0) return [];
  const profiles = await tx.organisation.findMany({
    where: { id: { in: ids }, unclaimed: true, wholeCity: false },
    select: {
      id: true,
      homeQuartierId: true,
      latitude: true,
      longitude: true,
      registerEntries: {
        where: { ...openRegisterEntryWhere(), quartierId: { not: null }, latitude: { not: null }, longitude: { not: null } },
        orderBy: [{ source: "desc" }, { registerId: "asc" }],
        take: 1,
        select: { quartierId: true, latitude: true, longitude: true },
      },
    },
  });
  const moved: string[] = [];
  for (const profile of profiles) {
    const point = profile.registerEntries[0];
    if (!point?.quartierId) continue;
    const same =
      profile.homeQuartierId === point.quartierId && profile.latitude === point.latitude && profile.longitude === point.longitude;
    if (same) continue;
    await tx.organisation.update({
      where: { id: profile.id },
      data: { latitude: point.latitude, longitude: point.longitude, homeQuartierId: point.quartierId },
    });
    await tx.organisationQuartier.deleteMany({ where: { organisationId: profile.id } });
    await tx.organisationQuartier.create({ data: { organisationId: profile.id, quartierId: point.quartierId } });
    moved.push(profile.id);
  }
  return moved;
}

/** Writes one batch of kept rows: new entries (and profiles), changed ones, and the unchanged seen. */
async function writeKept(db: Db, batch: RegisterFacts[], context: Context, counts: Counts) {
  if (batch.length === 0) return;
  const { source, importId } = context;
  const ids = batch.map((facts) => facts.registerId);
  const existing = new Map(
    (
      await db.registerEntry.findMany({
        where: { source, registerId: { in: ids } },
        select: {
          id: true,
          registerId: true,
          fingerprint: true,
          closedAt: true,
          organisationId: true,
          organisation: { select: { unclaimed: true, rna: true } },
        },
      })
    ).map((row) => [row.registerId, row]),
  );
  const fresh: RegisterFacts[] = [];
  const changed: RegisterFacts[] = [];
  const seen: string[] = [];
  for (const facts of batch) {
    const entry = existing.get(facts.registerId);
    if (!entry) fresh.push(facts);
    else if (entry.fingerprint === fingerprintOf(facts) && entry.closedAt === null && entry.organisationId !== null)
      seen.push(entry.id);
    else changed.push(facts);
  }

  // A structure already on the platform (signed up, or made from the other register) with this
  // RNA number or SIRET gets the entry: no duplicate profile.
  const sirets = fresh.map((facts) => facts.siret).filter((siret) => siret !== null);
  const rnas = source === "rna" ? fresh.map((facts) => facts.registerId) : [];
  const known = fresh.length
    ? await db.organisation.findMany({
        where: { OR: [{ siret: { in: sirets } }, { rna: { in: rnas } }] },
        select: { id: true, siret: true, rna: true },
      })
    : [];
  const ownerOf = (facts: RegisterFacts) =>
    known.find((row) => (source === "rna" && row.rna === facts.registerId) || (facts.siret !== null && row.siret === facts.siret))
      ?.id;

  await db.$transaction(async (tx) => {
    const indexed: string[] = [];
    // New entries: a profile each, unless the structure is already there.
    const newProfiles = fresh.filter((facts) => !ownerOf(facts));
    const slugs = await slugsFor(tx, newProfiles);
    const profileIds = new Map(newProfiles.map((facts) => [facts.registerId, crypto.randomUUID()]));
    if (newProfiles.length) {
      await tx.organisation.createMany({
        data: newProfiles.map((facts, index) => ({
          id: profileIds.get(facts.registerId)!,
          slug: slugs[index]!,
          description: "",
          status: UNCLAIMED_STATUS,
          unclaimed: true,
          ...profileData(facts, context.quartierIds),
        })),
      });
      await writeProfileLinks(
        tx,
        newProfiles.map((facts) => ({ organisationId: profileIds.get(facts.registerId)!, facts })),
        context,
        false,
      );
      indexed.push(...profileIds.values());
    }
    // Profiles whose entries changed and that another register may place (see locateFromEntries).
    const toLocate = new Set<string>(fresh.flatMap((facts) => ownerOf(facts) ?? []));
    if (fresh.length) {
      await tx.registerEntry.createMany({
        data: fresh.map((facts) => ({
          source,
          registerId: facts.registerId,
          organisationId: ownerOf(facts) ?? profileIds.get(facts.registerId)!,
          ...entryData(facts, context.quartierIds, importId),
        })),
      });
    }

    // Changed entries (or reopened ones): the facts, and the profile while nobody claimed it.
    for (const facts of changed) {
      const entry = existing.get(facts.registerId)!;
      let organisationId = entry.organisationId;
      // The profile of an entry whose profile was deleted is made again, unclaimed.
      if (organisationId === null) {
        organisationId = crypto.randomUUID();
        const [slug] = await slugsFor(tx, [facts]);
        await tx.organisation.create({
          data: {
            id: organisationId,
            slug: slug!,
            description: "",
            status: UNCLAIMED_STATUS,
            unclaimed: true,
            ...profileData(facts, context.quartierIds),
          },
        });
        await writeProfileLinks(tx, [{ organisationId, facts }], context, false);
        indexed.push(organisationId);
      } else if (entry.organisation?.unclaimed && (source === "rna" || entry.organisation.rna === null)) {
        // An unclaimed profile made from both registers follows its RNA entry (SIRENE adds an establishment).
        // Written only if still unclaimed now: a claim accepted since the batch was read keeps what it has.
        const { count } = await tx.organisation.updateMany({
          where: { id: organisationId, unclaimed: true },
          data: profileData(facts, context.quartierIds),
        });
        if (count === 1) {
          await writeProfileLinks(tx, [{ organisationId, facts }], context, true);
          indexed.push(organisationId);
          toLocate.add(organisationId);
        }
      } else if (entry.organisation?.unclaimed) {
        // A SIRENE establishment of a profile made from the RNA: its point may have moved.
        toLocate.add(organisationId);
      }
      await tx.registerEntry.update({
        where: { id: entry.id },
        data: { organisationId, ...entryData(facts, context.quartierIds, importId) },
      });
    }
    if (seen.length) await tx.registerEntry.updateMany({ where: { id: { in: seen } }, data: { lastImportId: importId } });
    indexed.push(...(await locateFromEntries(tx, toLocate)));
    await enqueueIndex(
      tx,
      indexed.map((entityId) => ({ entityType: "organisation" as const, entityId })),
    );
  });
  counts.kept += batch.length;
  counts.created += fresh.length;
  counts.updated += changed.length;
  counts.unchanged += seen.length;
}

/**
 * Closes the open entries the file says have ended (dissolved, closed); erases those no longer
 * public (SIRENE diffusion), with their profile when it is unclaimed and made from nothing else.
 */
async function writeEndings(
  db: Db,
  endings: { registerId: string; reason: RejectionReason }[],
  context: Context,
  counts: Counts,
) {
  if (endings.length === 0) return;
  const { source, now } = context;
  const reasons = new Map(endings.map((ending) => [ending.registerId, ending.reason]));
  const entries = await db.registerEntry.findMany({
    where: { source, registerId: { in: [...reasons.keys()] } },
    select: {
      id: true,
      registerId: true,
      closedAt: true,
      organisationId: true,
      organisation: { select: { unclaimed: true, _count: { select: { registerEntries: true } } } },
    },
  });
  if (entries.length === 0) return;
  await db.$transaction(async (tx) => {
    const indexed: string[] = [];
    for (const entry of entries) {
      const reason = reasons.get(entry.registerId)!;
      if (reason === "not-diffusible") {
        await tx.registerEntry.delete({ where: { id: entry.id } });
        if (entry.organisationId && entry.organisation?.unclaimed && entry.organisation._count.registerEntries === 1) {
          await tx.organisation.deleteMany({ where: { id: entry.organisationId, unclaimed: true } });
        }
      } else if (entry.closedAt === null) {
        await tx.registerEntry.update({ where: { id: entry.id }, data: { closedAt: now, closedReason: reason } });
      } else continue;
      if (entry.organisationId) indexed.push(entry.organisationId);
    }
    await enqueueIndex(
      tx,
      indexed.map((entityId) => ({ entityType: "organisation" as const, entityId })),
    );
  });
  // Counted once the transaction is done: on PostgreSQL a conflicting one runs again.
  counts.closed += entries.filter((entry) => entry.closedAt === null).length;
}

/** Closes, in batches, the open entries of this register that the file did not list as active. */
async function closeMissing(db: Db, context: Context, counts: Counts) {
  const { source, importId, now } = context;
  for (;;) {
    const rows = await db.registerEntry.findMany({
      where: { source, closedAt: null, OR: [{ lastImportId: null }, { lastImportId: { not: importId } }] },
      select: { id: true, organisationId: true },
      take: 500,
    });
    if (rows.length === 0) return;
    await db.$transaction(async (tx) => {
      await tx.registerEntry.updateMany({
        where: { id: { in: rows.map((row) => row.id) } },
        data: { closedAt: now, closedReason: "disappeared" },
      });
      await enqueueIndex(
        tx,
        rows
          .filter((row) => row.organisationId !== null)
          .map((row) => ({ entityType: "organisation" as const, entityId: row.organisationId! })),
      );
    });
    counts.closed += rows.length;
  }
}

export type ImportOptions = {
  source: RegisterSource;
  /** The file's bytes, read as they come (a file stream). */
  input: AsyncIterable<Uint8Array>;
  fileName: string;
  bytesTotal?: number | null;
  encoding?: CsvEncoding;
  startedById?: string | null;
  /**
   * Close the open entries the file does not list (a complete, newer file). Off for an extract:
   * a file of another département would otherwise close every structure of Nantes.
   */
  closeMissing?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Called once the run holds the lock (the CCAS's page answers then, the run going on behind). */
  onLocked?: (importId: string) => void;
  /** Kept rows per transaction: bigger batches made Prisma's queries, and the process, grow (500: +70 MB). */
  batchSize?: number;
  table?: ActivityTable;
  locate?: Locator;
  now?: Date;
};

const toSummary = (counts: Counts): ImportSummary => ({
  read: counts.read,
  kept: counts.kept,
  created: counts.created,
  updated: counts.updated,
  unchanged: counts.unchanged,
  closed: counts.closed,
  rejected: Object.fromEntries([...counts.rejected].sort(([a], [b]) => a.localeCompare(b))),
});

/** Runs one import to its end; the RegisterImport row records it (running, done or failed). */
export async function importRegister(db: Db, options: ImportOptions): Promise<{ importId: string; summary: ImportSummary }> {
  const { source } = options;
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 100;
  const run = await db.registerImport.create({
    data: {
      source,
      fileName: options.fileName,
      startedById: options.startedById ?? null,
      bytesTotal: options.bytesTotal === undefined || options.bytesTotal === null ? null : BigInt(options.bytesTotal),
      startedAt: now,
      heartbeatAt: new Date(),
    },
  });
  const counts: Counts = { read: 0, kept: 0, created: 0, updated: 0, unchanged: 0, closed: 0, rejected: new Map() };
  let bytesRead = 0;
  const report = async () => {
    await db.registerImport.update({
      where: { id: run.id },
      data: {
        bytesRead: BigInt(bytesRead),
        read: counts.read,
        kept: counts.kept,
        created: counts.created,
        updated: counts.updated,
        unchanged: counts.unchanged,
        closed: counts.closed,
        rejected: JSON.stringify(toSummary(counts).rejected),
        heartbeatAt: new Date(),
      },
    });
  };
  try {
    await acquireLock(db, run.id, new Date());
  } catch (error) {
    await db.registerImport.update({
      where: { id: run.id },
      data: { status: "failed", error: (error as Error).message, finishedAt: new Date() },
    });
    throw error;
  }
  options.onLocked?.(run.id);
  try {
    const [quartiers, subAxes] = await Promise.all([
      db.quartier.findMany({ select: { id: true, slug: true } }),
      currentSubAxes(db),
    ]);
    const context: Context = {
      source,
      importId: run.id,
      now,
      quartierIds: new Map(quartiers.map((quartier) => [quartier.slug, quartier.id])),
      subAxisIds: subAxes,
    };
    const table = options.table ?? loadActivityTable(source);
    const locate = options.locate ?? createLocator(getQuartiersGeoJson().collection, getIrisGeoJson().collection);

    // The first bytes are looked at before any is parsed: a PDF or a spreadsheet is said to be one.
    async function* counted() {
      let head: Buffer | null = Buffer.alloc(0);
      for await (const chunk of options.input) {
        bytesRead += chunk.byteLength;
        if (head === null) {
          yield chunk;
          continue;
        }
        head = Buffer.concat([head, chunk]);
        if (head.length < SNIFF_BYTES) continue;
        refuseBinary(head);
        yield head;
        head = null;
      }
      if (head?.length) {
        refuseBinary(head);
        yield head;
      }
    }
    const info: CsvReadInfo = { encoding: null, delimiter: null };
    const records = readCsvRecords(counted(), { encoding: options.encoding ?? "auto" }, info);
    let reader: RowReader | null = null;
    let kept: RegisterFacts[] = [];
    let endings: { registerId: string; reason: RejectionReason }[] = [];
    const flush = async () => {
      await writeKept(db, kept, context, counts);
      await writeEndings(db, endings, context, counts);
      kept = [];
      endings = [];
      await report();
      options.onProgress?.({ bytesRead, bytesTotal: options.bytesTotal ?? null, read: counts.read, kept: counts.kept });
    };
    try {
      for await (const cells of records) {
        if (!reader) {
          const made = source === "rna" ? createRnaReader(cells, table) : createSireneReader(cells, table, locate);
          if ("missing" in made) throw new RegisterImportError(wrongHeaderMessage(source, cells, made.missing, info.delimiter));
          reader = made.read;
          continue;
        }
        counts.read += 1;
        const outcome = reader(cells);
        if (outcome.kind === "kept") kept.push(outcome.facts);
        else {
          counts.rejected.set(outcome.reason, (counts.rejected.get(outcome.reason) ?? 0) + 1);
          if (outcome.registerId && (ENDING_REASONS.includes(outcome.reason) || outcome.reason === "not-diffusible")) {
            endings.push({ registerId: outcome.registerId, reason: outcome.reason });
          }
        }
        if (kept.length >= batchSize || endings.length >= batchSize) await flush();
        else if (counts.read % 20_000 === 0) {
          options.onProgress?.({ bytesRead, bytesTotal: options.bytesTotal ?? null, read: counts.read, kept: counts.kept });
          if (counts.read % 200_000 === 0) await report();
        }
      }
    } catch (error) {
      if (error instanceof CsvError) throw new RegisterImportError(`Le fichier est illisible : ${error.message}`);
      if (error instanceof TypeError && /encoded data/i.test(error.message)) {
        throw new RegisterImportError(
          `Le fichier n'est pas en ${info.encoding ?? "UTF-8"} : indiquez son encodage (--encoding).`,
        );
      }
      throw error;
    }
    if (!reader) throw new RegisterImportError("Le fichier est vide.");
    await flush();
    if (options.closeMissing !== false && counts.kept > 0) await closeMissing(db, context, counts);
    await report();
    await db.registerImport.update({ where: { id: run.id }, data: { status: "done", finishedAt: new Date() } });
    return { importId: run.id, summary: toSummary(counts) };
  } catch (error) {
    await db.registerImport.update({
      where: { id: run.id },
      data: { status: "failed", error: (error as Error).message, finishedAt: new Date() },
    });
    throw error;
  } finally {
    await releaseLock(db, run.id);
  }
}

/** What a file that is not text is, in words (« Ce fichier n'est pas un fichier CSV (…) »). */
const BINARY_KINDS: Record<BinaryKind, string> = {
  pdf: "c'est un document PDF",
  zip: "c'est un classeur Excel ou LibreOffice, ou une archive ZIP",
  office: "c'est un document Excel ou Word",
  image: "c'est une image",
  "utf-16": "il est enregistré en UTF-16",
  binary: "il contient des données binaires",
};

const notCsv = (what: string) =>
  `Ce fichier n'est pas un fichier CSV (${what}) : téléchargez ou enregistrez le registre au format CSV (UTF-8 ou Windows-1252), puis importez-le de nouveau.`;

function refuseBinary(head: Uint8Array) {
  const kind = binaryKind(head);
  if (kind) throw new RegisterImportError(notCsv(BINARY_KINDS[kind]));
}

const REQUIRED: Record<RegisterSource, readonly string[]> = { rna: RNA_REQUIRED, sirene: SIRENE_REQUIRED };
const LOOKS_LIKE: Record<RegisterSource, string> = {
  rna: "un export du RNA",
  sirene: "un fichier SIRENE des établissements",
};

/** Columns named in a message: the first few, and how many more. */
function someColumns(names: string[]) {
  return names.length <= 4 ? names.join(", ") : `${names.slice(0, 3).join(", ")} et ${names.length - 3} autres`;
}

/**
 * Why a header is not the register's: not a CSV at all (no separator on its first line), the other
 * register's file (most of its columns are there), or the columns it lacks.
 */
function wrongHeaderMessage(source: RegisterSource, header: string[], missing: string[], delimiter: string | null) {
  if (header.length < 2) return notCsv("sa première ligne n'a ni point-virgule ni virgule");
  const other = REGISTER_SOURCES.find((candidate) => candidate !== source)!;
  const otherMissing = columnsOf(header, REQUIRED[other]).missing;
  if (otherMissing.length < missing.length && otherMissing.length <= REQUIRED[other].length / 2) {
    return `Ce fichier ressemble à ${LOOKS_LIKE[other]}, pas à ${LOOKS_LIKE[source]} : choisissez « ${REGISTER_LABELS[other]} » comme registre (sur le serveur : npm run -s import:${other}).`;
  }
  return `Ce fichier n'a pas la forme attendue (${REGISTER_LABELS[source]}) : colonnes manquantes ${someColumns(missing)} (séparateur lu : « ${delimiter} »).`;
}

/** Sub-axis code → id in the current call (call.server.ts picks it): the one a new profile is matched against. */
async function currentSubAxes(db: Db): Promise<Map<string, string>> {
  const callId = await getCurrentCallId(db);
  if (!callId) return new Map();
  const rows = await db.callSubAxis.findMany({ where: { axis: { callId } }, select: { id: true, code: true } });
  return new Map(rows.map((row) => [row.code, row.id]));
}
