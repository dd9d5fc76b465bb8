import { createServer, type Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { AppContext } from "../../app/context";
import { createPageCache } from "./microcache";
import { listenForPageChanges } from "./page-invalidation";

export interface HttpOptions {
  root: string;
  context: Omit<AppContext, "clientIp">;
  trustProxy: boolean;
  /** How long signed-out visitors may be served a page rendered for someone else (0: never). */
  pageCacheMs: number;
  /** How long a page whose rows announce their changes (see microcache.ts) may be kept. */
  taggedPageCacheMs: number;
  /** Where to listen for those announcements. */
  databaseUrl: string;
  log: (line: string) => void;
}

const MAX_FORM_BYTES = 2 * 1024 * 1024;

/** Express in front of the Remix build: compression, static files with the right caching, headers. */
export async function createHttpServer(options: HttpOptions): Promise<Server> {
  const buildPath = path.join(options.root, ".build", "index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxy) app.set("trust proxy", true);
  app.use(compression());
  app.use((req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > MAX_FORM_BYTES) {
      res.status(413).type("text/plain; charset=utf-8").send("Dữ liệu gửi lên quá lớn. / The submitted data is too large.");
      return;
    }
    next();
  });
  let stopListening: (() => Promise<void>) | undefined;
  if (options.pageCacheMs > 0) {
    const cache = createPageCache({ ttlMs: options.pageCacheMs, taggedTtlMs: options.taggedPageCacheMs, maxEntries: 5000, privateCookies: ["vn_session", "vn_cart"] });
    if (options.taggedPageCacheMs > options.pageCacheMs) stopListening = listenForPageChanges(options.databaseUrl, cache, options.log).stop;
    app.use(cache.middleware);
  }
  // Fingerprinted build assets never change: cache them for a year.
  app.use("/build", express.static(path.join(options.root, "public", "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(options.root, "public"), { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (req) => ({ ...options.context, clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
    }),
  );
  const server = createServer(app);
  server.on("close", () => void stopListening?.());
  return server;
}
