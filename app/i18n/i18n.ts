import { messages, type MessageKey } from "./messages";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";

export type Dictionary = Record<MessageKey, string>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(messages, value);
}

const dictionaries = new Map<Locale, Dictionary>();

export function dictionaryFor(locale: Locale): Dictionary {
  let dict = dictionaries.get(locale);
  if (!dict) {
    dict = {} as Dictionary;
    for (const key of Object.keys(messages) as MessageKey[]) dict[key] = messages[key][locale];
    dictionaries.set(locale, dict);
  }
  return dict;
}

export function makeTranslate(dict: Dictionary): Translate {
  return (key, params) => {
    const text = dict[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}

/**
 * Validation messages are written as message keys, optionally with parameters after "|":
 * "error.tooLong|80". This keeps schemas free of any language.
 */
export function translateIssue(t: Translate, issue: string): string {
  const [key, ...rest] = issue.split("|");
  if (!key || !isMessageKey(key)) return issue;
  const params: Record<string, string> = {};
  for (const part of rest) {
    const [name, value] = part.split("=");
    if (name && value !== undefined) params[name] = value;
  }
  return t(key, params);
}
