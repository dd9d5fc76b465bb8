import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { DEFAULT_LOCALE, makeTranslate, type Locale, type PageDictionary, type Translate } from "./i18n";
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

/**
 * On a page that ships no script (the stamp pages, issue 15): its own strings come with its loader
 * (scriptlessStrings in dictionary.server.ts), added to the page dictionary.
 */
export function useScriptlessI18n(strings: PageDictionary): { locale: Locale; t: Translate } {
  const { locale } = useI18n();
  const t = useMemo(() => makeTranslate({ ...pageDictionary(locale), ...strings }), [locale, strings]);
  return { locale, t };
}
