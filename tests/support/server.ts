import { request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AppLoadContext } from "@remix-run/node";
import { ensureBuild } from "../../scripts/lib/build";
import { createHttpServer, type HttpOptions } from "../../scripts/lib/http";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunningServer {
  port: number;
  send(method: string, pathname: string, options?: SendOptions): Promise<Reply>;
  close(): Promise<void>;
}

export interface SendOptions {
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Stream the body in chunks with no Content-Length (Transfer-Encoding: chunked), stopping when the reply comes. */
  chunks?: { size: number; count: number };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Bytes of body written before the server answered (chunked sends). */
  sentBytes: number;
}

/**
 * The real HTTP front (edge rules, page cache, static files, Remix) on 127.0.0.1 with a random port,
 * talked to with node:http so any header (Host included) and any body shape can be sent.
 */
export async function startServer(context: Omit<AppLoadContext, "clientIp" | "cspNonce">, options: Partial<HttpOptions> = {}): Promise<RunningServer> {
  ensureBuild(root, () => {});
  const server: Server = await createHttpServer({
    root,
    context,
    trustProxyHops: 0,
    production: false,
    pageCacheMs: 0,
    taggedPageCacheMs: 0,
    databaseUrl: "",
    log: () => {},
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    send: (method, pathname, opts = {}) =>
      new Promise<Reply>((resolve, reject) => {
        let sentBytes = 0;
        let answered = false;
        const req = httpRequest({ host: "127.0.0.1", port, method, path: pathname, headers: { Host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8"), sentBytes }));
          res.on("error", reject);
        });
        req.on("error", (error: NodeJS.ErrnoException) => {
          // The server may close the socket after answering a body it refused.
          if (!answered) reject(error);
        });
        if (opts.chunks) {
          const chunk = Buffer.alloc(opts.chunks.size, 0x61);
          let written = 0;
          const pump = () => {
            while (!answered && written < opts.chunks!.count) {
              written++;
              sentBytes += chunk.length;
              if (!req.write(chunk)) {
                req.once("drain", pump);
                return;
              }
            }
            req.end();
          };
          pump();
        } else {
          req.end(opts.body);
        }
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
