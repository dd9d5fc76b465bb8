import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/accounts/session.server";
import { LITE_COOKIE } from "~/lib/lite";

export async function loader() {
  return redirect("/");
}

/**
 * The data-saver switch (footer and account page): a plain cookie for a year, "1" or "0", which
 * wins over the browser's Save-Data either way (lib/lite.ts reads it; no script ever does).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData());
  const on = form.get("lite") === "1";
  const to = safeRedirectPath(form.get("redirectTo"), "/");
  const cookie = `${LITE_COOKIE}=${on ? "1" : "0"}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${context.secureCookies ? "; Secure" : ""}`;
  return redirect(to, { headers: { "Set-Cookie": cookie } });
}
