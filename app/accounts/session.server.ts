import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import { guestCartCookie, mergeGuestCart, readGuestCartId } from "~/orders/cart.server";
import { createSession, endAllSessions, endSession, getSessionUser, SESSION_DAYS, type PublicUser } from "./accounts.server";

function sessionCookie(context: AppLoadContext) {
  return createCookie("vn_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: context.secureCookies,
    path: "/",
    maxAge: SESSION_DAYS * 86_400,
    secrets: [context.sessionSecret],
  });
}

async function readToken(request: Request, context: AppLoadContext): Promise<string | null> {
  const value: unknown = await sessionCookie(context).parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

const userCache = new WeakMap<Request, Promise<PublicUser | null>>();

/** The signed-in user for this request, or null. Looked up once per request. */
export function getCurrentUser(request: Request, context: AppLoadContext): Promise<PublicUser | null> {
  let cached = userCache.get(request);
  if (!cached) {
    cached = readToken(request, context).then(async (token) =>
      token ? ((await getSessionUser(context.db, token)) ?? null) : null,
    );
    userCache.set(request, cached);
  }
  return cached;
}

/**
 * Only paths on this site, so a crafted link cannot bounce someone elsewhere after sign-in.
 * Resolved the way a browser would (it ignores tabs and newlines and treats "\\" as "/"), and
 * kept only when the result is still on our origin; the answer is the clean path, never the input.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2000) return fallback;
  const base = "http://vuonnha.invalid";
  let resolved: URL;
  try {
    resolved = new URL(to, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base) return fallback;
  const path = resolved.pathname + resolved.search + resolved.hash;
  // A path the browser would read as protocol-relative ("//host") must not survive either.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not pass
  return path.startsWith("//") || /[\u0000-\u001f\u007f]/.test(path) ? fallback : path;
}

export async function requireUser(request: Request, context: AppLoadContext): Promise<PublicUser> {
  const user = await getCurrentUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export async function requireAdmin(request: Request, context: AppLoadContext): Promise<PublicUser> {
  const user = await requireUser(request, context);
  if (!user.is_admin) throw new Response("Forbidden", { status: 403 });
  return user;
}

/** Signs in with a brand-new session id (the old cookie, if any, is ended). */
export async function startUserSession(
  request: Request,
  context: AppLoadContext,
  userId: string,
  redirectTo: string,
  extraHeaders: [string, string][] = [],
) {
  const previous = await readToken(request, context);
  if (previous) await endSession(context.db, previous);
  const token = await createSession(context.db, userId, request.headers.get("User-Agent"));
  const headers = new Headers(extraHeaders);
  // What a guest put in the cart follows them into their account.
  const guestCartId = await readGuestCartId(request, context);
  if (guestCartId) {
    await mergeGuestCart(context.db, guestCartId, userId);
    headers.append("Set-Cookie", await guestCartCookie(context).serialize("", { maxAge: 0 }));
  }
  headers.append("Set-Cookie", await sessionCookie(context).serialize(token));
  return redirect(redirectTo, { headers });
}

export async function endUserSession(request: Request, context: AppLoadContext, everywhere: boolean) {
  const token = await readToken(request, context);
  if (token) {
    const user = await getCurrentUser(request, context);
    if (everywhere && user) await endAllSessions(context.db, user.id);
    else await endSession(context.db, token);
  }
  return redirect("/", {
    headers: { "Set-Cookie": await sessionCookie(context).serialize("", { maxAge: 0 }) },
  });
}
