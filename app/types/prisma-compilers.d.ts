// Prisma's query compilers, one per database provider, as the generated clients load them
// (app/utils/prisma-plans.server.ts keeps their plans). The package ships no types for them.
declare module "@prisma/client/runtime/query_compiler_bg.sqlite.mjs" {
  export const QueryCompiler: { prototype: { compile(query: string): unknown } };
}
declare module "@prisma/client/runtime/query_compiler_bg.postgresql.mjs" {
  export const QueryCompiler: { prototype: { compile(query: string): unknown } };
}
