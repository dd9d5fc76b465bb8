import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
/** Domain functions take either the pool-backed db or an open transaction. */
export type DbOrTx = Kysely<Database> | Transaction<Database>;

/**
 * A pg pool whose lost connections (database restart, failover, shutdown) are reported and
 * replaced instead of crashing the process with an unhandled 'error' event.
 */
export function createPool(connectionString: string, max: number, onError: (error: Error) => void = () => {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  return pool;
}

// bigint (int8) arrives as a string by default; keep it that way so ids and đồng amounts stay exact.
export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = createPool(connectionString, options.max ?? 10);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
