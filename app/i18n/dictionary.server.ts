import { createHash } from "node:crypto";
import { DICTIONARY_GLOBAL } from "./page-dictionary";
import type { Dictionary, Locale, PageDictionary } from "./i18n";
import { messages, type MessageKey } from "./messages";

/** Server only: the full table would otherwise ship in the page's JavaScript as well as its HTML. */
const dictionaries = new Map<Locale, Dictionary>();

// Strings only the server uses (SMS and notification texts, edge pages, pages that ship no script): pages need not carry them.
const SERVER_ONLY = /^(?:notify\.|edge\.|trace\.|floor\.|coop\.inviteSms|auth\.resetSms|auth\.welcomeSms)/;
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

const scripts = new Map<Locale, { hash: string; body: string }>();

/**
 * A language's page strings as a script that registers them (`window.__VN_DICT = …`), with a
 * content hash for its URL so browsers keep it until the strings change.
 */
export function dictionaryScript(locale: Locale): { hash: string; body: string } {
  let script = scripts.get(locale);
  if (!script) {
    // U+2028/2029 are line breaks to older JavaScript parsers, though valid in JSON.
    const json = JSON.stringify({ locale, dict: pageDictionaryFor(locale) }).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
    const body = `window.${DICTIONARY_GLOBAL}=${json};`;
    script = { hash: createHash("sha256").update(body).digest("hex").slice(0, 12), body };
    scripts.set(locale, script);
  }
  return script;
}

/**
 * The strings of the pages that ship no script (stamp pages and trade floors, issue 15), for their
 * loaders: the page renders on the server only, so they cost other pages nothing.
 */
export function scriptlessStrings(locale: Locale, prefix: "trace." | "floor." = "trace."): PageDictionary {
  const all = dictionaryFor(locale);
  const out: PageDictionary = {};
  for (const key of Object.keys(all) as MessageKey[]) if (key.startsWith(prefix)) out[key] = all[key];
  return out;
}
