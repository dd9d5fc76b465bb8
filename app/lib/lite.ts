/**
 * Lite mode (issue 14): for people who pay for every megabyte, pages come without the hydration
 * scripts (plain HTML forms, the same features) and photos in their smallest size. Asked for by
 * the browser's data saver (`Save-Data: on`) or by the visitor's own switch (cookie `lite`, 1 or
 * 0), which wins either way. Shared by the app and the page cache, whose key must tell them apart.
 */
export const LITE_COOKIE = "lite";

export function wantsLite(headers: { cookie: string | null | undefined; saveData: string | null | undefined }): boolean {
  const chosen = /(?:^|;\s*)lite=([01])(?:;|$)/.exec(headers.cookie ?? "")?.[1];
  if (chosen) return chosen === "1";
  return (headers.saveData ?? "").trim().toLowerCase() === "on";
}

export const isLiteRequest = (request: Request) => wantsLite({ cookie: request.headers.get("cookie"), saveData: request.headers.get("save-data") });

/** The smallest photo of a `srcset` ("a.webp 320w, b.webp 640w" → "a.webp"); srcsets list the narrowest first. */
export function smallestOf(srcset: string): string {
  return srcset.split(",")[0]?.trim().split(/\s+/)[0] ?? "";
}
