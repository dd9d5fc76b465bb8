import { DEFAULT_LOCALE, shellDictionary, type Locale, type PageDictionary } from "./i18n";

/**
 * Where pages find their strings. The dictionary used to travel inside every page's loader data
 * (≈ 9 KB gzip of HTML per page, serialized on every render); now the server registers both
 * languages once at start (entry.server), and the browser gets its language as a small script
 * cached for a year under a content hash (/i18n/vi-<hash>.js), registered by entry.client.
 * A repeat visit to another page transfers no dictionary again (issue 11).
 */
const registry = new Map<Locale, PageDictionary>();

export function registerPageDictionary(locale: Locale, dict: PageDictionary): void {
  registry.set(locale, dict);
}

export function hasPageDictionary(locale: Locale): boolean {
  return registry.has(locale);
}

/** The strings for `locale`; the shell's few strings if that language is not here (yet). */
export function pageDictionary(locale: Locale = DEFAULT_LOCALE): PageDictionary {
  return registry.get(locale) ?? shellDictionary(locale);
}

/** What the dictionary script sets, read once by entry.client. */
export const DICTIONARY_GLOBAL = "__VN_DICT";
