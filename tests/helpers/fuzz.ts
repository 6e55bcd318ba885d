// What the fuzz test (tests/integration/fuzz.test.ts) sends: a seeded random source, the values a
// stranger may type or forge, the forms a page offers, and bodies encoded byte by byte (so that a
// lone surrogate or a byte that is not UTF-8 reaches the server as sent).

import { createRandom, type Random } from "~/domain/random";

export { createRandom, type Random };

/** Values chosen for what they break elsewhere: numbers, dates, names of Object.prototype, markup. */
export const TRICKY_VALUES = [
  "",
  " ",
  "0",
  "-1",
  "-0",
  "1.5",
  "1e309",
  "-1e309",
  "99999999999999999999999999999999999999",
  "9007199254740993",
  "-99999999999",
  "NaN",
  "Infinity",
  "0x1F",
  "1_000",
  "true",
  "false",
  "on",
  "null",
  "undefined",
  "[]",
  "{}",
  '{"__proto__":{"admin":true}}',
  "[object Object]",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "2025-13-01",
  "0000-00-00",
  "2025-02-30",
  "2025-02-29",
  "9999-99-99",
  "-000001-01-01",
  "+275760-09-13",
  "2025-01-01T25:61:61Z",
  "2025-1-1",
  "01/02/2025",
  "1970-01-01",
  "../../etc/passwd",
  "..%2f..%2f",
  "%00",
  "%",
  "%%",
  "%E0%A4%A",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${7*7}",
  "{{7*7}}",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF",
  "x\uDBFFy",
  "\uE000surligné\uE001",
  "\uF8FF",
  "\uFFFE\uFFFF",
  "\u202Etxt.exe",
  "مرحبا بالعالم",
  "שלום עולם",
  "👩‍👩‍👧‍👦🇫🇷🏳️‍🌈",
  "e\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308",
  "\uFEFF",
  "\u200B\u200C\u200D",
  "\r\n",
  "a\nb\rc",
  "  padded  ",
  "\t",
  "2.1",
  "admin",
  "editor",
  "accept",
  "decline",
  "published",
  "nantes-nord",
  "organisation",
  "idea",
  "offer",
  "a@exemple.org",
  "A@EXEMPLE.ORG ",
  "@",
  "a@b",
];

/** Characters from every corner: ASCII, accents, controls, RTL, emoji, lone surrogates, private use. */
const CHAR_POOLS = [
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
  " -_.,;:!?'\"()[]{}<>/\\|@#$%^&*+=~`",
  "éèêëàâäîïôöùûüçœæÉÈÀÇ«»’–—…",
  "\u0000\u0001\u0007\u0008\u000b\u000c\u001b\u007f\u0085\u00a0",
  "\u0301\u0308\u0327\u20dd\u0489",
  "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200f\u200e",
  "عربيעבריתไทย中文日本語한국어Ελληνικά",
  "\uD800\uDBFF\uDC00\uDFFF",
  "\uE000\uE001\uF8FF\uFFFD\uFFFE\uFFFF\uFEFF",
];
const EMOJI = ["😀", "👩‍💻", "🇫🇷", "🏳️‍🌈", "𝕏", "𐍈", "🧑🏽‍🤝‍🧑🏿"];

export function randomText(random: Random, maxLength = 300): string {
  const length = random.int(0, maxLength);
  let text = "";
  while (text.length < length) {
    text += random.chance(0.05) ? random.pick(EMOJI) : random.pick(random.pick(CHAR_POOLS).split(""));
  }
  return text;
}

/** A long value that still fits in a form body (the server takes 100 KB of form). */
export function hugeText(random: Random): string {
  const unit = random.pick(["a", "é", "0", "9", "x ", "😀", "\u0301", "<b>", "%"]);
  // Percent-encoded, « é » takes 6 bytes and « 😀 » 12: stay under the limit either way.
  const bytes = unit === "a" || unit === "0" || unit === "9" || unit === "x " ? 1 : 12;
  return unit.repeat(Math.floor(random.int(5_000, 60_000) / bytes / unit.length));
}

export function randomNumberText(random: Random): string {
  return random.pick([
    String(random.int(-1_000_000, 1_000_000)),
    String(random.next() * 1e6),
    "9".repeat(random.int(16, 400)),
    `-${"9".repeat(random.int(16, 60))}`,
    `1e${random.int(-400, 400)}`,
    `${random.int(0, 99)}.${"0".repeat(random.int(1, 30))}1`,
  ]);
}

/** A fuzz value: tricky, random, huge, numeric, or one of `known` (real ids, codes seen in pages). */
export function fuzzValue(random: Random, known: readonly string[] = []): string {
  const roll = random.next();
  if (roll < 0.3) return random.pick(TRICKY_VALUES);
  if (roll < 0.55) return randomText(random);
  if (roll < 0.62) return hugeText(random);
  if (roll < 0.75) return randomNumberText(random);
  if (known.length > 0 && roll < 0.95) return random.pick(known);
  return randomText(random, 20);
}

/** What a typed field may receive instead of its value, in groups: the typed pass sends one of each. */
const TYPED_VALUES: Record<string, string[][]> = {
  date: [
    // Days that do not exist.
    ["2025-13-01", "0000-00-00", "2025-02-30", "2025-04-31", "2025-00-10"],
    // Years a database cannot hold, or that no form means.
    ["+275760-09-13", "-000001-01-01", "10000-01-01", "0001-01-01", "1899-12-31", "9999-12-31"],
    // Not a day as a date field sends it.
    ["1", "0", "2025-1-1", "2025-01-01T25:61:61Z", "2025-01-01T00:00:00.000Z", " 2025-01-01 ", "2025-W01", "31/12/2025"],
  ],
  number: [
    ["3000000000", "9007199254740993", "9".repeat(40), "1e309", "1e21"],
    ["-1", "-0", "-2147483649", "-1e309"],
    ["1.5", "NaN", "0x10", "1_000", "١٢", " 12 ", "Infinity"],
  ],
  email: [
    [`${"a".repeat(300)}@exemple.org`, `a@${"b".repeat(300)}.org`],
    ["a@b", "@", "a@@b.org", "a b@exemple.org"],
    ["A@EXEMPLE.ORG ", "\u0000@exemple.org", "é@exemple.org", "a@exemple.org\r\nBcc: c@exemple.org"],
  ],
};

/** The groups of values for an input type, if it has some. */
export function typedGroups(type: string | undefined): string[][] | undefined {
  return type !== undefined && Object.hasOwn(TYPED_VALUES, type) ? TYPED_VALUES[type] : undefined;
}

/** A fuzz value fit for the field's input type (date, number, email), or any value. */
export function typedValue(random: Random, type: string | undefined, known: readonly string[] = []): string {
  const groups = typedGroups(type);
  if (groups && random.chance(0.7)) return random.pick(random.pick(groups));
  return fuzzValue(random, known);
}

/** Field names that look like something else: prototype keys, conform's paths, indexes. */
export function oddFieldName(random: Random, known: readonly string[]): string {
  const base = known.length > 0 ? random.pick(known) : "champ";
  return random.pick([
    "__proto__",
    "constructor",
    "prototype",
    "__proto__.admin",
    "constructor.prototype.admin",
    `${base}[0]`,
    `${base}[99999999]`,
    `${base}[-1]`,
    `${base}.__proto__`,
    `${base}[__proto__]`,
    `${base}.${base}`,
    `${base}[]`,
    "__intent__",
    "",
    randomText(random, 40),
  ]);
}

/** A form as a page offers it: where it posts, how, its fields as a browser sends them, its buttons. */
export type FormTemplate = {
  action: string | null;
  enctype: string;
  fields: [string, string][];
  /** Every value seen for a name (options, radios, checkboxes): candidates for the fuzz. */
  choices: Map<string, string[]>;
  submitters: [string, string][];
  fileFields: string[];
  /** The input type of each field (date, number, email…). */
  types: Map<string, string>;
};

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    found.set(match[1]!.toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return found;
}

/** The POST forms of a page (a regular-expression reading of server-rendered HTML is enough here). */
export function postFormsOf(html: string): FormTemplate[] {
  const forms: FormTemplate[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const formAttributes = attributes(match[1]!);
    if ((formAttributes.get("method") ?? "get").toLowerCase() !== "post") continue;
    const body = match[2]!;
    const template: FormTemplate = {
      action: formAttributes.get("action") ?? null,
      enctype: formAttributes.get("enctype") ?? "application/x-www-form-urlencoded",
      fields: [],
      choices: new Map(),
      submitters: [],
      fileFields: [],
      types: new Map(),
    };
    const choose = (name: string, value: string) => template.choices.set(name, [...(template.choices.get(name) ?? []), value]);
    // An input or a button alone; a textarea or a select with its content.
    for (const control of body.matchAll(/<(input|button)\b([^>]*)>|<(textarea|select)\b([^>]*)>([\s\S]*?)<\/\3>/gi)) {
      const kind = (control[1] ?? control[3])!.toLowerCase();
      const controlAttributes = attributes((control[2] ?? control[4])!);
      const content = control[5] ?? "";
      const name = controlAttributes.get("name");
      if (name === undefined) continue;
      const value = controlAttributes.get("value") ?? "";
      if (kind === "button" || (kind === "input" && ["submit", "image"].includes(controlAttributes.get("type") ?? ""))) {
        template.submitters.push([name, value]);
        continue;
      }
      if (kind === "textarea") {
        template.fields.push([name, decodeEntities(content)]);
        continue;
      }
      if (kind === "select") {
        const options = [...content.matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((option) => ({
          value: attributes(option[1]!).get("value") ?? decodeEntities(option[2]!),
          selected: attributes(option[1]!).has("selected"),
        }));
        for (const option of options) choose(name, option.value);
        const selected = options.filter((option) => option.selected);
        for (const option of selected.length > 0 ? selected : options.slice(0, 1)) template.fields.push([name, option.value]);
        continue;
      }
      const type = (controlAttributes.get("type") ?? "text").toLowerCase();
      template.types.set(name, type);
      if (type === "file") {
        template.fileFields.push(name);
        continue;
      }
      if (type === "checkbox" || type === "radio") {
        choose(name, value || "on");
        if (controlAttributes.has("checked")) template.fields.push([name, value || "on"]);
        continue;
      }
      if (value) choose(name, value);
      template.fields.push([name, value]);
    }
    forms.push(template);
  }
  return forms;
}

/** The names of the fields of a page's GET forms (search and filter forms). */
export function getFormFieldNames(html: string): string[] {
  const names = new Set<string>();
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    if ((attributes(match[1]!).get("method") ?? "get").toLowerCase() !== "get") continue;
    for (const control of match[2]!.matchAll(/<(?:input|select|textarea)\b([^>]*)>/gi)) {
      const name = attributes(control[1]!).get("name");
      if (name) names.add(name);
    }
  }
  return [...names];
}

/** UTF-8 as JavaScript strings hold it: a lone surrogate is encoded as its three bytes (WTF-8). */
export function wtf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    let code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      index += 1;
    }
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Uint8Array.from(bytes);
}

/** Percent-encodes every byte but the unreserved ones, as a form does (lone surrogates included). */
export function percentEncode(text: string): string {
  let out = "";
  for (const byte of wtf8(text)) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9*\-._]/.test(char) ? char : byte === 0x20 ? "+" : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Bytes that are not UTF-8 at all, percent-encoded. */
export const INVALID_UTF8 = ["%FF", "%C0%80", "%ED%A0%80", "%F8%88%80%80%80", "%E2%82", "%80"];

export function urlencoded(fields: [string, string][], random?: Random): string {
  return fields
    .map(([name, value]) => {
      const encoded = percentEncode(value);
      const broken = random?.chance(0.05) ? random.pick(INVALID_UTF8) : "";
      return `${percentEncode(name)}=${encoded}${broken}`;
    })
    .join("&");
}

export type Part = { name: string; value: string | Uint8Array; filename?: string; type?: string };

/** A multipart body built by hand: names and values as bytes, files where a text is due and back. */
export function multipartBody(parts: Part[], boundary: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  const text = (value: string) => chunks.push(wtf8(value));
  for (const part of parts) {
    const name = part.name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    text(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"`);
    if (part.filename !== undefined) text(`; filename="${part.filename.replace(/["\r\n]/g, "_")}"`);
    text("\r\n");
    if (part.type) text(`Content-Type: ${part.type}\r\n`);
    text("\r\n");
    chunks.push(typeof part.value === "string" ? wtf8(part.value) : part.value);
    text("\r\n");
  }
  text(`--${boundary}--\r\n`);
  const out = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
