import path from "node:path";
import { sql } from "kysely";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";

/**
 * Issue 9 #24: `pg` returned `date` columns as Date objects while db/schema.ts declared strings,
 * and a product page said "Thu hoạch Invalid Date". This reads the declared row types with the
 * TypeScript checker and holds each column to what the driver (as set up in db/index.ts) returns.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

type Kind = "string" | "number" | "boolean" | "Date" | "json";

/** What the driver hands back for each PostgreSQL type (checked at run time below). */
const DRIVER_RETURNS: Record<string, Kind> = {
  bigint: "string",
  numeric: "string",
  integer: "number",
  smallint: "number",
  boolean: "boolean",
  text: "string",
  "character varying": "string",
  date: "string",
  "timestamp with time zone": "Date",
  jsonb: "json",
  json: "json",
  ARRAY: "json",
};

function declaredColumns(): Map<string, Map<string, Set<Kind | "other">>> {
  const file = path.resolve("db/schema.ts");
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const database = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "Database")!;
  // Kysely's ColumnType<S, I, U> and Generated<S> carry the selected type in __select__ (also inside `Ref | null`).
  const selectedParts = (type: ts.Type): ts.Type[] =>
    (type.isUnion() ? type.types : [type]).flatMap((part) => {
      const select = part.getProperty("__select__");
      if (!select) return [part];
      const selected = checker.getTypeOfSymbol(select);
      return selected.isUnion() ? selected.types : [selected];
    });
  const kinds = (type: ts.Type): Set<Kind | "other"> => {
    const out = new Set<Kind | "other">();
    for (const part of selectedParts(type)) {
      if (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) continue;
      if (part.flags & ts.TypeFlags.StringLike) out.add("string");
      else if (part.flags & ts.TypeFlags.NumberLike) out.add("number");
      else if (part.flags & ts.TypeFlags.BooleanLike) out.add("boolean");
      else if (part.getSymbol()?.name === "Date") out.add("Date");
      else if (part.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any | ts.TypeFlags.Object)) out.add("json");
      else out.add("other");
    }
    return out;
  };
  const tables = new Map<string, Map<string, Set<Kind | "other">>>();
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const tableType = checker.getTypeFromTypeNode(member.type);
    const columns = new Map<string, Set<Kind | "other">>();
    for (const prop of tableType.getProperties()) columns.set(prop.name, kinds(checker.getTypeOfSymbol(prop)));
    tables.set((member.name as ts.Identifier).text, columns);
  }
  return tables;
}

describe("row types tell the truth", () => {
  it("the driver returns each column type as declared: dates as YYYY-MM-DD strings, money and ids as strings", async () => {
    const { rows } = await sql<Record<string, unknown>>`select '2026-11-20'::date as d, now() as ts, 9007199254740993::bigint as b,
      12.50::numeric as n, 7::integer as i, true as bo, '{"a":1}'::jsonb as j`.execute(t.db);
    const row = rows[0]!;
    expect(row.d).toBe("2026-11-20");
    expect(row.ts).toBeInstanceOf(Date);
    expect(row.b).toBe("9007199254740993");
    expect(row.n).toBe("12.50");
    expect(row.i).toBe(7);
    expect(row.bo).toBe(true);
    expect(row.j).toEqual({ a: 1 });
  });

  it("db/schema.ts declares every column of every table as the driver returns it", async () => {
    const declared = declaredColumns();
    expect(declared.size).toBeGreaterThan(20);
    const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns where table_schema = 'public'`.execute(t.db);
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const { table_name, column_name, data_type } of rows) {
      const columns = declared.get(table_name);
      if (!columns) continue; // Kysely's own migration tables
      seen.add(`${table_name}.${column_name}`);
      const kinds = columns.get(column_name);
      const expected = DRIVER_RETURNS[data_type];
      if (!kinds) problems.push(`${table_name}.${column_name} (${data_type}) is not declared`);
      else if (!expected) problems.push(`${table_name}.${column_name}: no rule for ${data_type}`);
      else if (kinds.size !== 1 || !kinds.has(expected)) problems.push(`${table_name}.${column_name} is ${data_type} (driver: ${expected}) but declared ${[...kinds].join(" | ")}`);
    }
    for (const [table, columns] of declared) {
      for (const column of columns.keys()) if (!seen.has(`${table}.${column}`)) problems.push(`${table}.${column} is declared but not in the database`);
    }
    expect(problems).toEqual([]);
  });
});
