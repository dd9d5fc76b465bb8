import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, devices } from "@playwright/test";
import { LITE_ON } from "./e2e/lite-cookie";

// Lets a story cut the service worker's own requests too (context.setOffline alone does not reach them).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS ??= "1";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.E2E_PORT ?? 38573);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/.results",
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: path.join(root, ".data", "test-results", "playwright.json") }]],
  use: {
    baseURL,
    locale: "vi-VN",
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browsers here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "setup", testMatch: /\.setup\.ts$/, use: { ...devices["Pixel 7"], browserName: "chromium", defaultBrowserType: "chromium" } },
    {
      name: "phone",
      dependencies: ["setup"],
      use: { ...devices["Pixel 7"], browserName: "chromium", defaultBrowserType: "chromium" },
    },
    {
      // Lite mode (issue 14): every story told without JavaScript again, with the data saver on.
      name: "lite",
      grep: /JavaScript off/,
      dependencies: ["setup"],
      // The switch's cookie, on every request (Chromium does not repeat an added Save-Data header after a form post's redirect).
      use: { ...devices["Pixel 7"], browserName: "chromium", defaultBrowserType: "chromium", storageState: { cookies: [LITE_ON], origins: [] } },
    },
  ],
  webServer: {
    // The real start command on a fresh data directory: embedded PostgreSQL and Meilisearch, demo seed, worker.
    command: "rm -rf .data/e2e && MALLOC_ARENA_MAX=2 node --import tsx scripts/start.ts",
    cwd: root,
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: { DATA_DIR: ".data/e2e", PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "development", DATABASE_URL: "", MEILI_URL: "", PAYOUT_HOLD_DAYS: "0", COMMISSION_BPS: "500", MOMO_FEE_BPS: "150" },
    gracefulShutdown: { signal: "SIGINT", timeout: 30_000 },
  },
});
