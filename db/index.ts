import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
/** Domain functions take either the pool-backed db or an open transaction. */
export type DbOrTx = Kysely<Database> | Transaction<Database>;

/**
 * What the driver returns for each column type, the one place it is decided; db/schema.ts declares
 * the same (tests/integration/schema-types.test.ts checks every column against it):
 *   bigint, numeric → string (exact ids and đồng)    integer, smallint → number
 *   timestamptz → Date                                date → "YYYY-MM-DD" string (a calendar day has
 *   boolean → boolean, jsonb → parsed value             no time zone; a Date would shift it)
 */
const DATE_OID = 1082;
const columnTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A pg pool whose lost connections (database restart, failover, shutdown) are reported and
 * replaced instead of crashing the process with an unhandled 'error' event.
 */
export function createPool(connectionString: string, max: number, onError: (error: Error) => void = () => {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types: columnTypes });
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  return pool;
}

/** Runs `fn` in the caller's transaction when there is one, otherwise in a new one. */
export function inTransaction<T>(db: DbOrTx, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  // isTransaction is Kysely's own marker: true exactly when db is a Transaction.
  return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}

// bigint (int8) arrives as a string by default; keep it that way so ids and đồng amounts stay exact.
export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = createPool(connectionString, options.max ?? 10);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
