import { createCookie } from "@remix-run/node";
import { dictionaryFor } from "./dictionary.server";
import { DEFAULT_LOCALE, isLocale, makeTranslate, type Locale, type Translate } from "./i18n";

export const localeCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 86_400 });

/** Cookie first (the switch sticks), then the account's saved language, then Vietnamese. */
export async function getLocale(request: Request, accountLocale?: string | null): Promise<Locale> {
  const fromCookie: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  if (isLocale(accountLocale)) return accountLocale;
  return DEFAULT_LOCALE;
}

export async function getTranslate(request: Request, accountLocale?: string | null): Promise<Translate> {
  return makeTranslate(dictionaryFor(await getLocale(request, accountLocale)));
}
