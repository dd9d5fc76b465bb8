import { readFileSync } from "node:fs";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { contentSecurityPolicy, NonceProvider } from "~/lib/csp";
import { collectPage } from "~/lib/html-stream.server";
import { StylesheetProvider } from "~/lib/inline-stylesheet";
import { pageDictionaryFor } from "~/i18n/dictionary.server";
import { LOCALES } from "~/i18n/i18n";
import { registerPageDictionary } from "~/i18n/page-dictionary";

export const streamTimeout = 5_000;

// Both languages' page strings, registered once for every render in this process.
for (const locale of LOCALES) registerPageDictionary(locale, pageDictionaryFor(locale));

// Built stylesheets, read once: this module is bundled into .build/, beside public/.
const stylesheets = new Map<string, string>();
function stylesheetText(href: string): string {
  let text = stylesheets.get(href);
  if (text === undefined) {
    try {
      // "</" cannot end the style element early: CSS never needs it outside strings and comments.
      text = readFileSync(new URL(`../public${href}`, import.meta.url), "utf8").replaceAll("</", "<\\/");
    } catch {
      text = `@import url(${JSON.stringify(href)});`; // still styled, one request later
    }
    stylesheets.set(href, text);
  }
  return text;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce, loadContext.payments.payPageOrigins));
  // The data saver changes the page (lib/lite.ts): caches must keep the two apart.
  responseHeaders.append("Vary", "Save-Data");
  return new Promise<Response>((resolve, reject) => {
    let rendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={nonce}>
        <StylesheetProvider read={stylesheetText}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </StylesheetProvider>
      </NonceProvider>,
      {
        nonce,
        // Loaders return whole data (nothing deferred), so the shell is the whole page: send it in one piece.
        onAllReady() {
          rendered = true;
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          pipe(collectPage((page) => {
            clearTimeout(timer);
            resolve(new Response(page, { headers: responseHeaders, status: responseStatusCode }));
          }));
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // A request the edge already answered (or the visitor left) needs no log line.
          if (rendered && !request.signal.aborted) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, streamTimeout + 1000);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
