import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { isLocale, type PageDictionary } from "~/i18n/i18n";
import { DICTIONARY_GLOBAL, registerPageDictionary } from "~/i18n/page-dictionary";

// The page's strings, from the /i18n/<locale>-<hash>.js script in its head.
const given = (window as unknown as Record<string, { locale?: unknown; dict?: PageDictionary } | undefined>)[DICTIONARY_GLOBAL];
if (given && isLocale(given.locale) && given.dict) registerPageDictionary(given.locale, given.dict);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
