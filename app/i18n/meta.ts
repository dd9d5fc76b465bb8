import type { MetaArgs } from "@remix-run/node";
import { DEFAULT_LOCALE, makeTranslate, type Locale, type Translate } from "./i18n";
import { pageDictionary } from "./page-dictionary";
import type { MessageKey } from "./messages";
import type { RootI18n } from "./use-t";

/**
 * Page titles and descriptions in the visitor's language. Meta functions cannot use hooks, so
 * they read the language from the root loader's data (`matches`) and its strings from the registry.
 */
export function metaI18n(matches: MetaArgs["matches"]): { t: Translate; locale: Locale } {
  const root = matches.find((m) => m.id === "root")?.data as RootI18n | undefined;
  const locale = root?.locale ?? DEFAULT_LOCALE;
  return { t: makeTranslate(pageDictionary(locale)), locale };
}

/** "<translated title> — Vườn Nhà", plus robots noindex for private pages. */
export function pageMeta(matches: MetaArgs["matches"], key: MessageKey, options: { params?: Record<string, string | number>; noindex?: boolean } = {}) {
  const { t } = metaI18n(matches);
  const tags: ({ title: string } | { name: string; content: string })[] = [{ title: `${t(key, options.params)} — Vườn Nhà` }];
  if (options.noindex) tags.push({ name: "robots", content: "noindex" });
  return tags;
}
