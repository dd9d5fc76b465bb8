import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { setUserLocale } from "~/accounts/accounts.server";
import { getCurrentUser, safeRedirectPath } from "~/accounts/session.server";
import { isLocale } from "~/i18n/i18n";
import { localeCookie } from "~/i18n/locale.server";

export async function loader() {
  return redirect("/");
}

/** The language switch: a cookie for everyone, and the account remembers it too. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData());
  const locale = form.get("locale");
  const to = safeRedirectPath(form.get("redirectTo"), "/");
  if (!isLocale(locale)) return redirect(to);
  const user = await getCurrentUser(request, context);
  if (user) await setUserLocale(context.db, user.id, locale);
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale, { secure: context.secureCookies }) } });
}
