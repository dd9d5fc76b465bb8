import { rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { createDb } from "../../db";
import { migrateJobQueue, migrateToLatest } from "../../db/migrate";
import { startEmbeddedPostgres, type RunningService } from "../../scripts/lib/embedded";

export const TEMPLATE_DB = "vuonnha_test_template";

/**
 * One PostgreSQL for the run (embedded, unless TEST_DATABASE_URL points at a server that lets
 * us create databases), with a migrated template database. Each test file copies the template
 * into a database of its own, so files never see each other's rows.
 */
export default async function setup(project: TestProject) {
  let server: RunningService | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dataDir = path.resolve(".data/test-postgres");
    rmSync(dataDir, { recursive: true, force: true });
    server = await startEmbeddedPostgres({ dataDir, database: "postgres", durable: false });
    adminUrl = server.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB}`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DB);
  const db = createDb(templateUrl);
  await migrateToLatest(db);
  await db.destroy();
  await migrateJobQueue(templateUrl);
  project.provide("databaseAdminUrl", adminUrl);
  return async () => {
    await server?.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseAdminUrl: string;
  }
}
