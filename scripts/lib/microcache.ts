import type { NextFunction, Request, Response } from "express";

/**
 * A two-second cache of public pages for signed-out visitors, with request coalescing: when fifty
 * buyers open the same product at once, it is rendered once. Signed-in people (sellers editing,
 * buyers with carts) always get fresh pages, and a change still shows within two seconds, the
 * same bar as search. Per process; each server node has its own.
 */
interface Entry {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  expires: number;
}

const PUBLIC_PATHS = /^\/(?:$|c\/|p\/|products\/|shops\/|coops\/|search$|sitemap\.xml$|robots\.txt$)/;

export function microcache(options: { ttlMs: number; maxEntries: number; sessionCookie: string }) {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry | null>>();

  const serve = (res: Response, entry: Entry, hit: string) => {
    res.status(entry.status);
    for (const [name, value] of Object.entries(entry.headers)) res.setHeader(name, value);
    res.setHeader("X-Cache", hit);
    res.end(entry.body);
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" || !PUBLIC_PATHS.test(req.path) || (req.headers.cookie ?? "").includes(`${options.sessionCookie}=`)) {
      next();
      return;
    }
    // The language cookie changes the page; everything else about the visitor does not.
    const lang = /(?:^|;\s*)lang=([^;]*)/.exec(req.headers.cookie ?? "")?.[1] ?? "";
    const key = `${lang}|${req.originalUrl}`;
    const now = Date.now();
    const cached = entries.get(key);
    if (cached && cached.expires > now) {
      serve(res, cached, "HIT");
      return;
    }
    const inFlight = pending.get(key);
    if (inFlight) {
      void inFlight.then((entry) => (entry ? serve(res, entry, "COALESCED") : next()));
      return;
    }
    let settle: (entry: Entry | null) => void = () => {};
    pending.set(key, new Promise((resolve) => (settle = resolve)));
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function") return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      const cacheable = res.statusCode === 200 && !res.getHeader("set-cookie") && !/no-store|private/.test(String(res.getHeader("cache-control") ?? ""));
      let entry: Entry | null = null;
      if (cacheable) {
        const headers: Record<string, string | string[]> = {};
        for (const name of ["content-type", "cache-control", "link", "vary", "content-security-policy"]) {
          const value = res.getHeader(name);
          if (value !== undefined) headers[name] = Array.isArray(value) ? value : String(value);
        }
        entry = { status: 200, headers, body: Buffer.concat(chunks), expires: Date.now() + options.ttlMs };
        entries.set(key, entry);
        if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value as string);
      }
      pending.delete(key);
      settle(entry);
      return end(chunk, ...rest);
    }) as Response["end"];
    res.setHeader("X-Cache", "MISS");
    next();
  };
}
