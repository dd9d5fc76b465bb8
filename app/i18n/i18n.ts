import type { MessageKey } from "./messages";
import { shellMessages } from "./messages-shell";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";

export type Dictionary = Record<MessageKey, string>;
/** What a page carries: every string its components may show, but not the server's own (texts, notifications, edge pages). */
export type PageDictionary = Partial<Dictionary>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}

/**
 * The page shell's strings only: what the browser falls back on when the root loader's dictionary
 * is missing. Other keys then read as themselves. The full dictionary is dictionaryFor (server).
 */
export function shellDictionary(locale: Locale): PageDictionary {
  const dict: PageDictionary = {};
  for (const [key, text] of Object.entries(shellMessages) as [keyof typeof shellMessages, { vi: string; en: string }][]) dict[key] = text[locale];
  return dict;
}

// Only English strings carry plural forms; Vietnamese nouns do not change with the count.
const englishPlural = new Intl.PluralRules("en");
/** `{name, plural, one {…} other {…}}`: the one plural form this project writes. */
export const pluralPattern = /\{(\w+), plural, one \{([^}]*)\} other \{([^}]*)\}\}/g;

/**
 * `{n}` is replaced by a parameter; `{n, plural, one {# review} other {# reviews}}` picks the
 * form for that number (English rules) and puts the number where `#` stands.
 */
export function makeTranslate(dict: PageDictionary): Translate {
  return (key, params) => {
    const text = dict[key] ?? key;
    if (!params) return text;
    return text
      .replace(pluralPattern, (m, name: string, one: string, other: string) => {
        if (!(name in params)) return m;
        const n = Number(params[name]);
        return (englishPlural.select(n) === "one" ? one : other).replace(/#/g, String(params[name]));
      })
      .replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

/**
 * Validation messages are written as message keys, optionally with parameters after "|":
 * "error.tooLong|80". This keeps schemas free of any language.
 */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function translateIssue(t: Translate, issue: string): string {
  const [key, ...rest] = issue.split("|");
  if (!key) return issue;
  const params: Record<string, string> = {};
  for (const part of rest) {
    const [name, value] = part.split("=");
    if (name && value !== undefined) params[name] = safeDecode(value);
  }
  const text = t(key as MessageKey, params);
  // Not a message key (a plain text issue): show it as it came.
  return text === key ? issue : text;
}
