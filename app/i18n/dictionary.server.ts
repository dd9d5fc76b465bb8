import type { Dictionary, Locale, PageDictionary } from "./i18n";
import { messages, type MessageKey } from "./messages";

/** Server only: the full table would otherwise ship in the page's JavaScript as well as its HTML. */
export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(messages, value);
}

const dictionaries = new Map<Locale, Dictionary>();

// Strings only the server uses (SMS and notification texts, edge pages): pages need not carry them.
const SERVER_ONLY = /^(?:notify\.|edge\.|coop\.inviteSms|auth\.resetSms)/;
const pageDictionaries = new Map<Locale, PageDictionary>();

/** One language's strings for pages (sent with each page to the browser), built once per process. */
export function pageDictionaryFor(locale: Locale): PageDictionary {
  let dict = pageDictionaries.get(locale);
  if (!dict) {
    dict = {};
    for (const key of Object.keys(messages) as MessageKey[]) if (!SERVER_ONLY.test(key)) dict[key] = messages[key][locale];
    pageDictionaries.set(locale, dict);
  }
  return dict;
}

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
