import { Transform, type Readable } from "node:stream";
import type { IncomingMessage } from "node:http";
import { dictionaryFor } from "../../app/i18n/dictionary.server";
import { MAX_PHOTOS } from "../../app/catalog/listings.server";
import { isLocale, makeTranslate, type Locale } from "../../app/i18n/i18n";
import { MAX_UPLOAD_BYTES } from "../../app/media/images.server";

/**
 * The rules every request meets before any route sees it: a well-formed Host, no NUL byte
 * anywhere in the address or a text body, posts only from our own pages, and a body cap that
 * holds while the body streams (a chunked body has no Content-Length to check up front).
 */

/**
 * Bytes a request body may carry, by path: signed webhooks are small, photo forms large. Photos
 * are streamed and a photo over its 15 MB cap is drained, not kept (media/upload.server.ts), so
 * these caps bound bandwidth, not memory, and leave the route room to answer in the page.
 */
const BODY_LIMITS = {
  webhook: 64 * 1024,
  /** The JavaScript uploader: one photo. */
  photo: MAX_UPLOAD_BYTES + 1024 * 1024,
  /** The listing form without JavaScript: every photo it may carry, plus its text. */
  listingForm: MAX_PHOTOS * MAX_UPLOAD_BYTES + 2 * 1024 * 1024,
  form: 2 * 1024 * 1024,
} as const;

const LISTING_FORM_PATHS = /^\/sell\/(?:new|[0-9]+)\/?$/;
/** Posted by other services and authenticated by their signature, never by a browser's cookie. */
export const WEBHOOK_PATHS = /^\/webhooks\//;

export function bodyLimitFor(path: string): number {
  if (WEBHOOK_PATHS.test(path)) return BODY_LIMITS.webhook;
  if (path === "/media/upload") return BODY_LIMITS.photo;
  if (LISTING_FORM_PATHS.test(path)) return BODY_LIMITS.listingForm;
  return BODY_LIMITS.form;
}

// A host name or IPv4 address, or a bracketed IPv6 address, with an optional port.
const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]{2,45}\])(?::[0-9]{1,5})?$/i;

export function isValidHostHeader(value: string | undefined): boolean {
  return value !== undefined && value.length <= 255 && HOST_PATTERN.test(value);
}

/** NUL written raw or percent-encoded: PostgreSQL cannot store it in text and no person types it. */
export function containsNul(text: string): boolean {
  return text.includes("\u0000") || /%00/i.test(text);
}

export type OriginVerdict = "same" | "cross" | "unknown";

/**
 * Whether a state-changing request comes from our own pages: the Origin header when the browser
 * sends one (every current browser does on POST), else Sec-Fetch-Site. A request with neither is
 * not from a browser's form (curl, a script) and cannot carry a victim's cookie by itself.
 */
export function requestOrigin(headers: IncomingMessage["headers"], allowedOrigins: readonly string[]): OriginVerdict {
  const origin = headers.origin;
  if (typeof origin === "string" && origin !== "") {
    return allowedOrigins.includes(origin.toLowerCase()) ? "same" : "cross";
  }
  const site = headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin" || site === "none" ? "same" : "cross";
  return "unknown";
}

/**
 * A pass-through that errors with `BodyTooLarge` once more than `limit` bytes have streamed,
 * and refuses NUL in text bodies (form fields or JSON; not in multipart, where photos carry them
 * and the upload handler reads text fields itself).
 */
export class BodyTooLarge extends Error {}
export class BodyHasNul extends Error {}

export function guardedBody(req: Readable, options: { limit: number; refuseNul: "form" | "json" | false }): Readable {
  let seen = 0;
  // "%00" may straddle two chunks: keep the last two characters of the previous one.
  let tail = "";
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > options.limit) {
        callback(new BodyTooLarge());
        return;
      }
      if (options.refuseNul) {
        const text = tail + chunk.toString("latin1");
        if (containsNul(text) || (options.refuseNul === "json" && /\\u0000/i.test(text))) {
          callback(new BodyHasNul());
          return;
        }
        tail = text.slice(-5);
      }
      callback(null, chunk);
    },
  });
  req.on("error", (error) => guard.destroy(error));
  req.pipe(guard);
  return guard;
}

/** The visitor's language for pages drawn before Remix: the `lang` cookie, then the browser's. */
export function visitorLocale(headers: IncomingMessage["headers"]): Locale {
  const raw = /(?:^|;\s*)lang=([^;]*)/.exec(headers.cookie ?? "")?.[1];
  if (raw) {
    try {
      // Remix cookies are base64 JSON, URI-encoded.
      const value: unknown = JSON.parse(Buffer.from(decodeURIComponent(raw), "base64").toString("utf8"));
      if (isLocale(value)) return value;
    } catch {
      /* a cookie we did not write: ignore it */
    }
  }
  return /^\s*en\b/i.test(headers["accept-language"] ?? "") ? "en" : "vi";
}

const EDGE_MESSAGES = {
  400: { title: "edge.badRequestTitle", text: "edge.badRequestText" },
  403: { title: "edge.crossSiteTitle", text: "edge.crossSiteText" },
  413: { title: "edge.tooLargeTitle", text: "edge.tooLargeText" },
} as const;

/** A small page in the visitor's language, with the other language beneath, and a way back. */
export function edgePage(status: keyof typeof EDGE_MESSAGES, locale: Locale): string {
  const other: Locale = locale === "vi" ? "en" : "vi";
  const t = makeTranslate(dictionaryFor(locale));
  const u = makeTranslate(dictionaryFor(other));
  const { title, text } = EDGE_MESSAGES[status];
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(t(title))} — Vườn Nhà</title><meta name="robots" content="noindex"></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5"><h1>${escape(t(title))}</h1><p>${escape(t(text))}</p><p lang="${other}" style="color:#555">${escape(u(text))}</p><p><a href="/">${escape(t("edge.home"))}</a></p></body></html>`;
}
