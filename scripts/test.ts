/**
 * `npm test`: every check, in the order that fails fastest: type-check, lint, dead code, build, vitest
 * (unit, integration on real PostgreSQL, start-up), then Playwright in Debian's Chromium.
 * Ends with one "N passed, N failed" line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const results = path.join(root, ".data", "test-results");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function step(title: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`--- ${title}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

function countVitest(): { passed: number; failed: number } {
  const file = path.join(results, "vitest.json");
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests };
}

function countPlaywright(): { passed: number; failed: number } {
  const file = path.join(results, "playwright.json");
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number } };
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected };
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
let passed = 0;
let failed = 0;
const checks: [string, boolean][] = [];

checks.push(["type-check", step("type-check (tsc)", bin("tsc"), ["--noEmit"])]);
checks.push(["lint", step("lint (eslint)", bin("eslint"), ["--config", "scripts/eslint.config.js", "--max-warnings=0", "."])]);
// Dead code: unused files, exports and dependencies (configured under "knip" in package.json).
checks.push(["dead code", step("dead code (knip)", bin("knip"), ["--no-progress"])]);
const built = step("build (remix and the service worker)", process.execPath, ["--import", "tsx", "scripts/build.ts"], { NODE_ENV: "production" });
checks.push(["build", built]);
for (const [, ok] of checks) {
  if (ok) passed++;
  else failed++;
}

step("vitest", bin("vitest"), [
  "run",
  "--config",
  "tests/vitest.config.ts",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${path.join(results, "vitest.json")}`,
]);
const v = countVitest();
passed += v.passed;
failed += v.failed;

if (built) {
  step("playwright (Chromium)", bin("playwright"), ["test", "--config", "tests/playwright.config.ts"]);
  const p = countPlaywright();
  passed += p.passed;
  failed += p.failed;
} else {
  failed += 1;
}

console.log("");
for (const [name, ok] of checks) console.log(`${name}: ${ok ? "ok" : "FAILED"}`);
console.log(`vitest: ${v.passed} passed, ${v.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
