import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { wantsLite } from "../../app/lib/lite";

/**
 * A cache of public pages for signed-out visitors, with request coalescing: when fifty buyers open
 * the same product at once, it is rendered once. Signed-in people (sellers editing, buyers with
 * carts) always get fresh pages.
 *
 * Two lifetimes. A page is kept `ttlMs` (2 s: a change shows as fast as in search). A page whose
 * route names what it shows in an `X-Page-Tags` header ("product:12 shop:3") is kept `taggedTtlMs`
 * instead, because the database announces every change to those rows (NOTIFY page_changed) and
 * `invalidate(tag)` drops it at once. Tagged pages only live long while that announcement channel
 * is connected (`setInvalidationLive`); otherwise they fall back to the short lifetime.
 * Per process; each server node has its own cache and its own listener.
 */
interface Entry {
  key: string;
  /** The CSP nonce the page was drawn with; each visitor gets a fresh one in its place. */
  nonce: string | null;
  /** Where that nonce stands in the body, found once when the page is stored. */
  nonceOffsets: number[];
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  expires: number;
  tags: string[];
}

const PUBLIC_PATHS = /^\/(?:$|c\/|p\/|products\/|shops\/|coops\/|search$|sitemap\.xml$|robots\.txt$)/;
const PAGE_TAGS_HEADER = "x-page-tags";

// Random bytes drawn 4 KB at a time: one system call per 256 cached pages served, not one each.
let randomPool = Buffer.alloc(0);
let randomAt = 0;
function freshNonce(): string {
  if (randomAt + 16 > randomPool.length) {
    randomPool = randomBytes(4096);
    randomAt = 0;
  }
  randomAt += 16;
  return randomPool.subarray(randomAt - 16, randomAt).toString("base64");
}

export interface PageCache {
  middleware: (req: Request, res: Response, next: NextFunction) => void;
  invalidate: (tag: string) => void;
  invalidateAll: () => void;
  setInvalidationLive: (live: boolean) => void;
  readonly size: number;
  readonly bytes: number;
  stop(): void;
}

/** `privateCookies`: a visitor carrying one of these (signed in, or a guest with a cart) gets pages of their own. */
export function createPageCache(options: {
  ttlMs: number;
  taggedTtlMs: number;
  maxEntries: number;
  /** Bytes of pages (and their keys) kept at most; the oldest go first. */
  maxBytes: number;
  privateCookies: string[];
}): PageCache {
  // Insertion order is age order: a re-stored page is deleted and set again.
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const sizeOf = (entry: Entry) => entry.body.length + entry.key.length * 2 + 512;
  const pending = new Map<string, Promise<Entry | null>>();
  const keysByTag = new Map<string, Set<string>>();
  // Every invalidation gets a sequence number, so a page rendered before a change but finished
  // after it is not stored as if it were fresh.
  let sequence = 0;
  let floor = 0;
  const invalidatedAt = new Map<string, number>();
  let invalidationLive = false;

  const forget = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= sizeOf(entry);
    for (const tag of entry.tags) {
      const keys = keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) keysByTag.delete(tag);
    }
  };

  const invalidate = (tag: string) => {
    sequence += 1;
    invalidatedAt.set(tag, sequence);
    if (invalidatedAt.size > 100_000) {
      invalidatedAt.clear();
      floor = sequence;
    }
    for (const key of [...(keysByTag.get(tag) ?? [])]) forget(key);
  };

  const invalidateAll = () => {
    sequence += 1;
    floor = sequence;
    invalidatedAt.clear();
    entries.clear();
    keysByTag.clear();
    bytes = 0;
  };

  // Expired pages are freed even if nobody asks for them again (long query strings are each asked once).
  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expires <= now) forget(key);
  };
  const sweeper = setInterval(sweep, Math.max(1000, Math.min(options.ttlMs, 30_000)));
  sweeper.unref();

  const serve = (res: Response, entry: Entry, hit: string) => {
    res.status(entry.status);
    for (const [name, value] of Object.entries(entry.headers)) res.setHeader(name, value);
    res.setHeader("X-Cache", hit);
    if (!entry.nonce) {
      res.end(entry.body);
      return;
    }
    // A nonce shared by everyone who gets the cached page would be no secret: swap in a new one
    // of the same length (16 random bytes in base64), overwriting it where it stands in a copy.
    // The page goes out in slices around the nonce, so nothing is copied.
    const fresh = freshNonce();
    const freshBytes = Buffer.from(fresh, "latin1");
    res.setHeader("content-security-policy", String(entry.headers["content-security-policy"]).replaceAll(entry.nonce, fresh));
    let from = 0;
    for (const offset of entry.nonceOffsets) {
      res.write(entry.body.subarray(from, offset));
      res.write(freshBytes);
      from = offset + freshBytes.length;
    }
    res.end(entry.body.subarray(from));
  };

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const cookies = req.headers.cookie ?? "";
    if (req.method !== "GET" || !PUBLIC_PATHS.test(req.path) || options.privateCookies.some((name) => cookies.includes(`${name}=`))) {
      next();
      return;
    }
    // The language cookie changes the page; everything else about the visitor does not.
    const lang = /(?:^|;\s*)lang=([^;]*)/.exec(req.headers.cookie ?? "")?.[1] ?? "";
    // The host is part of the key so a page can never be served to a host it was not drawn for.
    // Lite pages (no scripts, small photos) are other pages: the data saver is in the key too.
    const lite = wantsLite({ cookie: req.headers.cookie, saveData: typeof req.headers["save-data"] === "string" ? req.headers["save-data"] : null }) ? "lite" : "";
    const key = `${lang}|${lite}|${req.headers.host ?? ""}|${req.originalUrl}`;
    const now = Date.now();
    const cached = entries.get(key);
    if (cached && cached.expires > now) {
      serve(res, cached, "HIT");
      return;
    }
    if (cached) forget(key);
    const inFlight = pending.get(key);
    if (inFlight) {
      void inFlight.then((entry) => (entry ? serve(res, entry, "COALESCED") : next()));
      return;
    }
    const startedAt = sequence;
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
      const tags = String(res.getHeader(PAGE_TAGS_HEADER) ?? "").split(/\s+/).filter(Boolean);
      const changedMeanwhile = startedAt < floor || tags.some((tag) => (invalidatedAt.get(tag) ?? 0) > startedAt);
      let entry: Entry | null = null;
      if (cacheable && !changedMeanwhile) {
        const headers: Record<string, string | string[]> = {};
        for (const name of ["content-type", "cache-control", "link", "vary", "content-security-policy"]) {
          const value = res.getHeader(name);
          if (value !== undefined) headers[name] = Array.isArray(value) ? value : String(value);
        }
        const lifetime = tags.length > 0 && invalidationLive ? options.taggedTtlMs : options.ttlMs;
        const nonce = /'nonce-([A-Za-z0-9+/=]{24})'/.exec(String(headers["content-security-policy"] ?? ""))?.[1] ?? null;
        const body = Buffer.concat(chunks);
        const nonceOffsets: number[] = [];
        for (let at = nonce ? body.indexOf(nonce) : -1; nonce && at !== -1; at = body.indexOf(nonce, at + nonce.length)) nonceOffsets.push(at);
        entry = { key, nonce, nonceOffsets, status: 200, headers, body, expires: Date.now() + lifetime, tags };
        forget(key);
        entries.set(key, entry);
        bytes += sizeOf(entry);
        for (const tag of tags) {
          const keys = keysByTag.get(tag) ?? new Set<string>();
          keys.add(key);
          keysByTag.set(tag, keys);
        }
        while ((entries.size > options.maxEntries || bytes > options.maxBytes) && entries.size > 0) {
          forget(entries.keys().next().value as string);
        }
      }
      pending.delete(key);
      settle(entry);
      return end(chunk, ...rest);
    }) as Response["end"];
    res.setHeader("X-Cache", "MISS");
    next();
  };

  return {
    middleware,
    invalidate,
    invalidateAll,
    setInvalidationLive(live) {
      // Whatever was cached while changes could not be heard may be stale.
      if (live !== invalidationLive) invalidateAll();
      invalidationLive = live;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
    stop() {
      clearInterval(sweeper);
    },
  };
}
