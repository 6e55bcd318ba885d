// Prisma 6.19.3's client engine turns each query into a plan in WebAssembly, anew every time:
// about 0.55 ms of the ~1 ms a `findUnique` costs (README « Load »). The compiler takes
// placeholders (`{ $type: "Param" }`) in place of values and leaves them in the plan
// (`prisma__type: "param"`): a query is compiled once per shape — its compared values taken out —
// and each later query of that shape gets the kept plan with its own values put back where the
// placeholders stand, which is the plan the compiler gives for those values (checked for every
// query of the test suites: PRISMA_PLAN_CHECK).
//
// Only values compared in a `where` become placeholders — texts and dates compared for equality or
// order, and each text of a list (`in`, `notIn`; a list of another length is another shape) — and
// the texts and dates an update writes to its own columns (pending changes, a new name). A
// text the compiler reworks (`contains`, `startsWith`, `mode`…), a null, a number, a boolean stay
// in the shape. A shape whose placeholders do not all come back as plain parameters of those
// types is compiled as is, every time.

/** The compiler's class (one per database provider), as the generated client loads it. */
export type QueryCompilerClass = { prototype: { compile(query: string): unknown } };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Keys of a filter whose text the compiler reworks or whose value is not a compared one. */
const KEPT_IN_SHAPE = new Set(["mode", "contains", "startsWith", "endsWith", "search", "has"]);
/** Keys of a filter whose value is a list of compared values. */
const LISTS = new Set(["in", "notIn"]);
/** The types the compiler gives a placeholder that stands for one of those values. */
const PARAM_TYPES = new Set(["String", "DateTime"]);
/** Plans kept at the most (the oldest used go first), and the longest shape kept. */
const MAX_PLANS = 1000;
const MAX_SHAPE_LENGTH = 8192;
const PARAM_PREFIX = "cooperons_p";
/**
 * The actions whose plans are kept: reads, updates and deletions. A creation's texts are data, and
 * an upsert's plan depends on them (the compiler writes one statement, ON CONFLICT, when the key
 * looked for is the key created): those, raw SQL and the rest go to the compiler as they are.
 */
const KEPT_ACTIONS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "aggregate",
  "groupBy",
  "updateOne",
  "updateMany",
  "deleteOne",
  "deleteMany",
]);

/** The actions whose texts and dates written are placeholders too (see `written` in parameterize). */
const UPDATES = new Set(["updateOne", "updateMany"]);

const isObject = (value: unknown): value is { [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A date as the client writes it in a query. */
const isDate = (value: Json): value is { $type: "DateTime"; value: string } =>
  isObject(value) && value.$type === "DateTime" && typeof value.value === "string";

/**
 * The query with the values compared in its filters replaced by numbered placeholders, and those
 * values in order (a date by its text, as the compiler writes it in the plan).
 */
export function parameterize(query: Json): { shape: Json; values: string[] } {
  const values: string[] = [];
  const placeholder = (text: string): Json => {
    values.push(text);
    return { $type: "Param", value: `${PARAM_PREFIX}${values.length - 1}` };
  };
  const compared = (value: Json): Json | undefined =>
    typeof value === "string" ? placeholder(value) : isDate(value) ? placeholder(value.value) : undefined;
  const filter = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(filter);
    if (!isObject(node) || "$type" in node) return node;
    // A text compared without regard to case is reworked by the compiler: the filter stays whole.
    if ("mode" in node) return node;
    const out: { [key: string]: Json } = {};
    for (const [key, value] of Object.entries(node)) {
      if (KEPT_IN_SHAPE.has(key)) out[key] = value;
      else if (LISTS.has(key) && Array.isArray(value) && value.every((item) => typeof item === "string" || isDate(item)))
        out[key] = value.map((item) => compared(item)!);
      else if (LISTS.has(key)) out[key] = value;
      else out[key] = compared(value) ?? filter(value);
    }
    return out;
  };
  // An update's texts and dates written to its own columns (`data: { name: "…" }`): values of
  // the statement, whatever they are. A nested write (`codes: { create: … }`) stays in the shape.
  const written = (data: Json): Json => {
    if (!isObject(data)) return data;
    const out: { [key: string]: Json } = {};
    for (const [key, value] of Object.entries(data)) out[key] = compared(value) ?? value;
    return out;
  };
  const updates = isObject(query) && typeof query.action === "string" && UPDATES.has(query.action);
  // Filters are found wherever a query or a relation it selects takes its arguments.
  const walk = (node: Json, top: boolean): Json => {
    if (Array.isArray(node)) return node.map((item) => walk(item, false));
    if (!isObject(node)) return node;
    const out: { [key: string]: Json } = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "arguments" && isObject(value)) {
        const args: { [key: string]: Json } = { ...value };
        if ("where" in value) args.where = filter(value.where!);
        if (top && updates && "data" in value) args.data = written(value.data!);
        out[key] = args;
      } else out[key] = walk(value, top && key === "query");
    }
    return out;
  };
  return { shape: walk(query, true), values };
}

/**
 * Our placeholders in a plan (name → the type the compiler gave). The compiler has its own (a
 * relation's rows read by their parent's key, `@parent$id`): those stay as they are.
 */
function placeholdersOf(plan: unknown): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node)) {
      if (node.prisma__type === "param") {
        const value = node.prisma__value;
        const name = isObject(value) ? value.name : undefined;
        if (typeof name === "string" && name.startsWith(PARAM_PREFIX)) found.set(name, isObject(value) ? value.type : undefined);
        return;
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(plan);
  return found;
}

/** A copy of the plan with each placeholder replaced by its text. */
function fill(plan: unknown, values: readonly string[]): unknown {
  if (Array.isArray(plan)) return plan.map((item) => fill(item, values));
  if (!isObject(plan)) return plan;
  if (plan.prisma__type === "param") {
    const name = (plan.prisma__value as { name?: unknown } | null)?.name;
    return typeof name === "string" && name.startsWith(PARAM_PREFIX) ? values[Number(name.slice(PARAM_PREFIX.length))] : plan;
  }
  const out: Record<string, unknown> = {};
  for (const key in plan) out[key] = fill(plan[key], values);
  return out;
}

/** A kept plan, or `literal` when the shape's placeholders cannot be trusted: compiled as is. */
type Kept = { plan: unknown } | "literal";

/** Per compiler: the shapes kept, the compiler's runs (the check's aside), the plans given from kept ones. */
export type QueryPlanCounts = { shapes: number; compiled: number; given: number };
// Kept on the compiler's class itself: `npm start` loads this module twice (its own loop's copy and
// the built site's), and the plans must be kept once.
const COUNTS = Symbol.for("cooperons.queryPlanCounts");
type Marked = { [COUNTS]?: QueryPlanCounts };

/** The counts of a compiler whose plans are kept (undefined when they are not). */
export function queryPlanCounts(compiler: QueryCompilerClass): QueryPlanCounts | undefined {
  return (compiler.prototype as Marked)[COUNTS];
}

/**
 * Keeps the compiler's plans per shape (see above). `check`: every plan given from the kept ones
 * is compared with the compiler's own for the same query, and a difference throws — the test
 * suites run so (PRISMA_PLAN_CHECK=1).
 */
export function keepQueryPlans(
  compiler: QueryCompilerClass,
  { check = false, maxPlans = MAX_PLANS }: { check?: boolean; maxPlans?: number } = {},
) {
  const proto = compiler.prototype;
  if ((proto as Marked)[COUNTS]) return;
  const counted: QueryPlanCounts = { shapes: 0, compiled: 0, given: 0 };
  Object.defineProperty(proto, COUNTS, { value: counted });
  const compile = proto.compile;
  const plans = new Map<string, Kept>();
  const literal = (self: unknown, query: string) => {
    counted.compiled += 1;
    return compile.call(self, query);
  };
  proto.compile = function (this: unknown, query: string) {
    if (query.length > MAX_SHAPE_LENGTH) return literal(this, query);
    const parsed = JSON.parse(query) as Json;
    if (!isObject(parsed) || typeof parsed.action !== "string" || !KEPT_ACTIONS.has(parsed.action)) return literal(this, query);
    const parameterized = parameterize(parsed);
    const shape = JSON.stringify(parameterized.shape);
    if (shape.length > MAX_SHAPE_LENGTH) return literal(this, query);
    let kept = plans.get(shape);
    if (kept) {
      plans.delete(shape);
      plans.set(shape, kept);
    } else {
      kept = "literal";
      try {
        counted.compiled += 1;
        const plan = compile.call(this, shape);
        const found = placeholdersOf(plan);
        const all =
          found.size === parameterized.values.length && [...found.values()].every((type) => PARAM_TYPES.has(String(type)));
        if (all) kept = { plan };
      } catch {
        // The compiler refused the placeholders somewhere: this shape is compiled as is.
      }
      plans.set(shape, kept);
      if (plans.size > maxPlans) plans.delete(plans.keys().next().value!);
      counted.shapes = plans.size;
    }
    if (kept === "literal") return literal(this, query);
    counted.given += 1;
    const plan = fill(kept.plan, parameterized.values);
    if (check) {
      const own = compile.call(this, query);
      if (JSON.stringify(own) !== JSON.stringify(plan))
        throw new Error(
          `A kept query plan differs from the compiler's for ${query}:\n${JSON.stringify(plan)}\n${JSON.stringify(own)}`,
        );
    }
    return plan;
  };
}
