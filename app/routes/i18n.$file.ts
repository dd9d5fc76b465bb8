import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n/i18n";
import { dictionaryScript } from "~/i18n/dictionary.server";

/** /i18n/vi-<hash>.js: one language's page strings, cached for a year (the hash changes with them). */
export async function loader({ params }: LoaderFunctionArgs) {
  const match = /^(vi|en)-([0-9a-f]{12})\.js$/.exec(params.file ?? "");
  const locale = match?.[1];
  if (!match || !locale || !isLocale(locale)) throw new Response("Not found", { status: 404 });
  const script = dictionaryScript(locale);
  if (script.hash !== match[2]) throw new Response("Not found", { status: 404 });
  return new Response(script.body, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
