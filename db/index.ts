import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
/** Domain functions take either the pool-backed db or an open transaction. */
export type DbOrTx = Kysely<Database> | Transaction<Database>;

// bigint (int8) arrives as a string by default; keep it that way so ids and đồng amounts stay exact.
export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
