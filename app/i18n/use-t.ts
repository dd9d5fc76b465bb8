import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { DEFAULT_LOCALE, makeTranslate, type Locale, type Translate } from "./i18n";
import { hasPageDictionary, pageDictionary } from "./page-dictionary";

export interface RootI18n {
  locale: Locale;
}

/** The current language and its translate function (strings from page-dictionary.ts). */
export function useI18n(): { locale: Locale; t: Translate } {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const t = useMemo(() => makeTranslate(pageDictionary(locale)), [locale]);
  useEffect(() => {
    // The language changed without a page load (signing in to an account set to the other
    // language): this page has only its first language's strings, so load the page afresh.
    if (!hasPageDictionary(locale)) window.location.reload();
  }, [locale]);
  return { locale, t };
}
