import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the Remix app when the build is missing or older than the sources, so a restart is quick. */
export function ensureBuild(root: string, log: (line: string) => void): void {
  const output = path.join(root, ".build", "index.js");
  const sources = Math.max(
    newestMtime(path.join(root, "app")),
    statSync(path.join(root, "remix.config.js")).mtimeMs,
    statSync(path.join(root, "package.json")).mtimeMs,
  );
  if (existsSync(output) && statSync(output).mtimeMs >= sources) return;
  log("Building the app (remix build and the service worker)…");
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "build.ts")], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("the build failed (see the output above)");
}
