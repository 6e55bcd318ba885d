// Writes an export into the response as it is read: a page of rows from the database, then its
// lines through csv-stringify (or its JSON elements), then the next page. Only one page is ever in
// memory; when the client reads slowly, the stream pauses and the next query waits.
import { Readable, pipeline } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { stringify } from "csv-stringify";
import { csvNumber, csvValue, CSV_FORMAT, exportFileName, type Column, type ExportRow } from "~/domain/exports";
import { MAP_EXPORT, mapFeaturePages, type ExportFile } from "~/models/exports.server";
import type { Db } from "~/utils/db.server";

export type ExportFormat = "csv" | "json";

/** `organisations.csv` → the file and its format, or null for an unknown name. */
export function findExport(files: readonly ExportFile[], fileName: string): { file: ExportFile; format: ExportFormat } | null {
  const match = /^([a-z-]+)\.(csv|json)$/.exec(fileName);
  const file = match ? files.find((item) => item.name === match[1]) : undefined;
  return file && match ? { file, format: match[2] as ExportFormat } : null;
}

async function* rowsOf(pages: AsyncGenerator<ExportRow[]>): AsyncGenerator<ExportRow> {
  for await (const page of pages) yield* page;
}

/** A row with only the file's columns, in their order: what a JSON element holds. */
function jsonObject(columns: readonly Column[], row: ExportRow) {
  return Object.fromEntries(columns.map((column) => [column.key, row[column.key] ?? null]));
}

/** The CSV for Excel: BOM, `;`, CRLF, French headers, JJ/MM/AAAA, decimal commas. */
export function csvStream(columns: readonly Column[], pages: AsyncGenerator<ExportRow[]>): ReadableStream<Uint8Array> {
  const source = Readable.from(
    (async function* () {
      for await (const row of rowsOf(pages)) {
        yield Object.fromEntries(columns.map((column) => [column.key, csvValue(column, row[column.key] ?? null)]));
      }
    })(),
  );
  const writer = stringify({
    ...CSV_FORMAT,
    header: true,
    columns: columns.map((column) => ({ key: column.key, header: column.header })),
    cast: { number: csvNumber },
  });
  // A failed query (or a client gone) destroys both ends: the download stops instead of ending short
  // as if complete.
  pipeline(source, writer, () => {});
  return createReadableStreamFromReadable(writer);
}

/** A JSON array written element by element, one page at a time. */
export function jsonStream(columns: readonly Column[], pages: AsyncGenerator<ExportRow[]>): ReadableStream<Uint8Array> {
  return createReadableStreamFromReadable(
    Readable.from(
      (async function* () {
        let first = true;
        yield "[";
        for await (const page of pages) {
          let chunk = "";
          for (const row of page) {
            chunk += `${first ? "\n" : ",\n"}${JSON.stringify(jsonObject(columns, row))}`;
            first = false;
          }
          yield chunk;
        }
        yield first ? "]\n" : "\n]\n";
      })(),
      { objectMode: false },
    ),
  );
}

/** The organisations and offers placed on the map, as a GeoJSON FeatureCollection (WGS 84). */
export function geoJsonStream(db: Db, now: Date): ReadableStream<Uint8Array> {
  return createReadableStreamFromReadable(
    Readable.from(
      (async function* () {
        let first = true;
        yield '{"type":"FeatureCollection","features":[';
        for await (const page of mapFeaturePages(db, now)) {
          let chunk = "";
          for (const { type, row } of page) {
            const feature = {
              type: "Feature",
              geometry: { type: "Point", coordinates: [row.longitude, row.latitude] },
              properties: { objet: type, ...jsonObject(MAP_EXPORT.columns[type], row) },
            };
            chunk += `${first ? "\n" : ",\n"}${JSON.stringify(feature)}`;
            first = false;
          }
          yield chunk;
        }
        yield "\n]}\n";
      })(),
      { objectMode: false },
    ),
  );
}

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  geojson: "application/geo+json; charset=utf-8",
} as const;

/** The download: attachment, named with the day of the export. */
export function downloadResponse(
  body: ReadableStream<Uint8Array>,
  {
    base,
    extension,
    now,
    cacheControl,
  }: { base: string; extension: keyof typeof CONTENT_TYPES; now: Date; cacheControl: string },
): Response {
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPES[extension],
      "Content-Disposition": `attachment; filename="${exportFileName(base, extension, now)}"`,
      "Cache-Control": cacheControl,
    },
  });
}

/** An export file in the format asked for. */
export function exportResponse(
  db: Db,
  { file, format }: { file: ExportFile; format: ExportFormat },
  { now, cacheControl }: { now: Date; cacheControl: string },
): Response {
  const pages = file.pages(db, now);
  const body = format === "csv" ? csvStream(file.columns, pages) : jsonStream(file.columns, pages);
  return downloadResponse(body, { base: file.name, extension: format, now, cacheControl });
}
