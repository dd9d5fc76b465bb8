import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, makeTranslate, shellDictionary, type Locale, type PageDictionary, type Translate } from "./i18n";

export interface RootI18n {
  locale: Locale;
  dict: PageDictionary;
}

const fallbackDict = shellDictionary(DEFAULT_LOCALE);

/** The current language and its translate function, from the root loader's data. */
export function useI18n(): { locale: Locale; t: Translate } {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  const dict = data?.dict ?? fallbackDict;
  const t = useMemo(() => makeTranslate(dict), [dict]);
  return { locale: data?.locale ?? DEFAULT_LOCALE, t };
}
