import type { MessageKey } from "./messages";
import { shellMessages } from "./messages-shell";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";

export type Dictionary = Record<MessageKey, string>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}

/**
 * The page shell's strings only: what the browser falls back on when the root loader's dictionary
 * is missing. Other keys then read as themselves. The full dictionary is dictionaryFor (server).
 */
export function shellDictionary(locale: Locale): Dictionary {
  const dict: Record<string, string> = {};
  for (const [key, text] of Object.entries(shellMessages)) dict[key] = text[locale];
  return dict as Dictionary;
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
  if (!key) return issue;
  const params: Record<string, string> = {};
  for (const part of rest) {
    const [name, value] = part.split("=");
    if (name && value !== undefined) params[name] = value;
  }
  const text = t(key as MessageKey, params);
  // Not a message key (a plain text issue): show it as it came.
  return text === key ? issue : text;
}
