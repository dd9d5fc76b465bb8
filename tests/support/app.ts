import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { ensureBuild } from "../../scripts/lib/build";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The real built app, called in-process: what a browser with JavaScript off would get. */
export async function loadApp(context: AppLoadContext) {
  ensureBuild(root, () => {});
  const build = (await import(pathToFileURL(path.join(root, ".build", "index.js")).href)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return {
    raw: (request: Request) => handle(request, context),
    async get(pathname: string, cookie = "") {
      return handle(new Request(`http://localhost${pathname}`, { headers: { Cookie: cookie } }), context);
    },
    async post(pathname: string, fields: Record<string, string>, cookie = "") {
      return handle(
        new Request(`http://localhost${pathname}`, {
          method: "POST",
          body: new URLSearchParams(fields),
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
        }),
        context,
      );
    },
  };
}

/** The cookie pairs a response sets, ready to send back. */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** The text of every field-level error message on a page. */
export function fieldErrors(html: string): string[] {
  return [...html.matchAll(/<p class="error"[^>]*>([^<]*)<\/p>/g)].map((m) => decodeEntities(m[1] ?? ""));
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
