/**
 * `npm run build`: the Remix build, then the service worker (app/offline/service-worker.ts) bundled
 * by esbuild (the bundler Remix itself runs) into public/build/sw.js, served as /sw.js. Its list of
 * files to keep offline is the farmer pages' scripts as this build names them, followed through
 * their imports, so it is never stale and never holds a buyer page's code.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The routes a farmer needs offline (issue 14): the dashboard, new listing and the order desk. */
const OFFLINE_ROUTES = ["root", "routes/sell._index", "routes/sell.new", "routes/sell.orders._index"];
const STATIC_FILES = ["/manifest.webmanifest", "/icon-192.png", "/favicon.svg"];

interface AssetsManifest {
  url: string;
  entry: { module: string; imports: string[] };
  routes: Record<string, { module: string; imports?: string[] }>;
}

/** Every /build file these start files load, statically or on demand (the photo shrinker is loaded on demand). */
function withImports(start: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(path.join(root, "public", file), "utf8");
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+\.js)"/g)) {
      const specifier = match[1]!;
      queue.push(specifier.startsWith("/") ? specifier : path.posix.join(path.posix.dirname(file), specifier));
    }
  }
  return [...seen].sort();
}

async function buildServiceWorker(): Promise<void> {
  const server = (await import(`${pathToFileURL(path.join(root, ".build", "index.js")).href}?t=${Date.now()}`)) as { assets: AssetsManifest };
  const { assets } = server;
  const start = [assets.url, assets.entry.module, ...assets.entry.imports];
  for (const id of OFFLINE_ROUTES) {
    const route = assets.routes[id];
    if (!route) throw new Error(`the service worker needs route ${id}, which the build does not have`);
    start.push(route.module, ...(route.imports ?? []));
  }
  // Fingerprinted names need no revision; the static files are few and small, so the build's version marks them.
  const precache = [...withImports(start).map((url) => ({ url, revision: null })), ...STATIC_FILES.map((url) => ({ url, revision: assets.url }))];
  await build({
    entryPoints: [path.join(root, "app", "offline", "service-worker.ts")],
    outfile: path.join(root, "public", "build", "sw.js"),
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    define: { __PRECACHE__: JSON.stringify(precache), "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // BUILD_SOURCEMAP=1 (debugging only: the maps are served with the app) maps a minified stack from a bench run back to the source.
  const remix = spawnSync(path.join(root, "node_modules", ".bin", "remix"), ["build", ...(process.env.BUILD_SOURCEMAP ? ["--sourcemap"] : [])], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (remix.status !== 0) process.exit(remix.status ?? 1);
  await buildServiceWorker();
}
