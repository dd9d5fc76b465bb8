import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { IncomingHttpHeaders } from "node:http";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Response as ExpressResponse } from "express";
import type { AppContext } from "../../app/context";
import {
  BodyHasNul,
  BodyTooLarge,
  bodyLimitFor,
  containsNul,
  edgePage,
  guardedBody,
  isValidHostHeader,
  requestOrigin,
  visitorLocale,
  WEBHOOK_PATHS,
} from "./edge";
import { createPageCache } from "./microcache";
import { listenForPageChanges } from "./page-invalidation";

export interface HttpOptions {
  root: string;
  /** `publicUrl` in here is the only origin absolute links and form posts are checked against. */
  context: Omit<AppContext, "clientIp" | "cspNonce">;
  /** How many proxies in front of us to believe in X-Forwarded-For (0: none). */
  trustProxyHops: number;
  production: boolean;
  /** How long signed-out visitors may be served a page rendered for someone else (0: never). */
  pageCacheMs: number;
  /** How long a page whose rows announce their changes (see microcache.ts) may be kept. */
  taggedPageCacheMs: number;
  /** Where to listen for those announcements. */
  databaseUrl: string;
  log: (line: string) => void;
  /** Bytes the page cache may hold (sweeps expired pages, then drops the oldest). */
  pageCacheBytes?: number;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The request headers Remix sees. Host is our public host, and Origin is dropped: the edge has
 * already checked where the post came from (Remix's own check skips `?_data` posts and answers
 * the rest with a 500), and no route may read the address a client claims.
 */
function fetchHeaders(incoming: IncomingHttpHeaders, publicHost: string): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (name === "host" || name === "origin" || name === "x-forwarded-host") continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  headers.set("host", publicHost);
  return headers;
}

async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** Express in front of the Remix build: edge rules, compression, static files, the page cache. */
export async function createHttpServer(options: HttpOptions): Promise<Server> {
  const buildPath = path.join(options.root, ".build", "index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const handle = createRequestHandler(build, options.production ? "production" : "development");
  const publicOrigin = new URL(options.context.publicUrl).origin;
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxyHops > 0) app.set("trust proxy", options.trustProxyHops);

  const refuse = (res: ExpressResponse, status: 400 | 403 | 413, headers: IncomingHttpHeaders) => {
    if (res.headersSent) return;
    res.status(status).set("Cache-Control", "no-store").type("text/html; charset=utf-8").send(edgePage(status, visitorLocale(headers)));
  };

  app.use(compression());
  app.use((req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    if (options.production) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    const forwardedHost = req.headers["x-forwarded-host"];
    if (!isValidHostHeader(req.headers.host) || (forwardedHost !== undefined && !isValidHostHeader(String(forwardedHost)))) {
      refuse(res, 400, req.headers);
      return;
    }
    if (containsNul(req.originalUrl)) {
      refuse(res, 400, req.headers);
      return;
    }
    if (!SAFE_METHODS.has(req.method) && !WEBHOOK_PATHS.test(req.path)) {
      // Our own origin; in development also whatever host the developer opened (localhost or 127.0.0.1).
      const allowed = options.production ? [publicOrigin] : [publicOrigin, `${req.protocol}://${req.headers.host ?? ""}`.toLowerCase()];
      if (requestOrigin(req.headers, allowed) === "cross") {
        refuse(res, 403, req.headers);
        return;
      }
    }
    if (Number(req.headers["content-length"] ?? 0) > bodyLimitFor(req.path)) {
      res.setHeader("Connection", "close");
      refuse(res, 413, req.headers);
      return;
    }
    next();
  });
  let stopListening: (() => Promise<void>) | undefined;
  let cache: ReturnType<typeof createPageCache> | undefined;
  if (options.pageCacheMs > 0) {
    cache = createPageCache({
      ttlMs: options.pageCacheMs,
      taggedTtlMs: options.taggedPageCacheMs,
      maxEntries: 5000,
      maxBytes: options.pageCacheBytes ?? 64 * 1024 * 1024,
      privateCookies: ["vn_session", "vn_cart"],
    });
    if (options.taggedPageCacheMs > options.pageCacheMs) {
      const listener = listenForPageChanges(options.databaseUrl, cache, options.log);
      stopListening = listener.stop;
      await listener.ready;
    }
    app.use(cache.middleware);
  }
  // The service worker (issue 14) is checked for a new version on every visit, and may run only the farmer's pages.
  app.get("/sw.js", (_req, res) => res.sendFile(path.join(options.root, "public", "build", "sw.js"), { headers: { "Cache-Control": "no-cache" } }));
  // Fingerprinted build assets never change: cache them for a year.
  app.use("/build", express.static(path.join(options.root, "public", "build"), { immutable: true, maxAge: "1y" }));
  // Other files in public/ (the favicon) all have an extension: pages skip the disk lookup.
  const publicFiles = express.static(path.join(options.root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));
  app.all("*", async (req, res, next) => {
    try {
      // The address Remix sees is always our public one: nothing a page renders comes from the Host header.
      const url = publicOrigin + req.originalUrl;
      const controller = new AbortController();
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: fetchHeaders(req.headers, new URL(publicOrigin).host), signal: controller.signal };
      if (req.method !== "GET" && req.method !== "HEAD") {
        const type = String(req.headers["content-type"] ?? "").toLowerCase();
        const body = guardedBody(req, {
          limit: bodyLimitFor(req.path),
          refuseNul: type.startsWith("multipart/") ? false : type.includes("json") ? "json" : "form",
        });
        body.on("error", (error) => {
          if (error instanceof BodyTooLarge) {
            res.setHeader("Connection", "close");
            refuse(res, 413, req.headers);
            controller.abort(); // Remix drops the half-read form quietly (handleError skips aborted requests)
            // Stop reading; the client has its answer.
            req.unpipe();
            setTimeout(() => req.destroy(), 2000).unref();
          } else if (error instanceof BodyHasNul) {
            refuse(res, 400, req.headers);
            controller.abort();
            req.unpipe();
            req.resume();
          }
        });
        init.body = createReadableStreamFromReadable(body);
        init.duplex = "half";
      }
      let finished = false;
      res.on("finish", () => (finished = true));
      res.on("close", () => {
        if (!finished) controller.abort();
      });
      const response = await handle(new Request(url, init), {
        ...options.context,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cspNonce: randomBytes(16).toString("base64"),
      });
      if (res.headersSent) {
        // The edge already answered (body too large or refused): drop what Remix made of the rest.
        await response.body?.cancel().catch(() => {});
        return;
      }
      await sendResponse(res, response);
    } catch (error) {
      if (res.headersSent) return;
      next(error);
    }
  });
  const server = createServer(app);
  server.on("close", () => {
    cache?.stop();
    void stopListening?.();
  });
  return server;
}
