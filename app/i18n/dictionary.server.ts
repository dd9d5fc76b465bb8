import type { Dictionary, Locale } from "./i18n";
import { messages, type MessageKey } from "./messages";

/** Server only: the full table would otherwise ship in the page's JavaScript as well as its HTML. */
export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(messages, value);
}

const dictionaries = new Map<Locale, Dictionary>();

/** One language's half of every message, built once per process. */
export function dictionaryFor(locale: Locale): Dictionary {
  let dict = dictionaries.get(locale);
  if (!dict) {
    dict = {} as Dictionary;
    for (const key of Object.keys(messages) as MessageKey[]) dict[key] = messages[key][locale];
    dictionaries.set(locale, dict);
  }
  return dict;
}
