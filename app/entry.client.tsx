import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { isLocale, type PageDictionary } from "~/i18n/i18n";
import { DICTIONARY_GLOBAL, registerPageDictionary } from "~/i18n/page-dictionary";

// The page's strings, from the /i18n/<locale>-<hash>.js script in its head.
const given = (window as unknown as Record<string, { locale?: unknown; dict?: PageDictionary } | undefined>)[DICTIONARY_GLOBAL];
if (given && isLocale(given.locale) && given.dict) registerPageDictionary(given.locale, given.dict);

/**
 * The events for which React 18 hydrates the page at once, synchronously, when they happen before
 * it has (react-dom's list of discrete events it hydrates for).
 */
const HYDRATING_EVENTS =
  "mousedown mouseup touchcancel touchend touchstart auxclick dblclick pointercancel pointerdown pointerup dragend dragstart drop compositionend compositionstart keydown keypress keyup input textInput copy cut paste click change contextmenu reset submit".split(" ");

/**
 * Remix first reads the page's data from the stream at the end of the HTML, and the page waits
 * (suspends) meanwhile. A key pressed or a tap in that moment makes React hydrate synchronously,
 * which cannot wait: the page then never comes alive (React error #345), and on a slow phone the
 * photo the farmer chose sat in its input with nothing said (issue 14, one run in ten). Until the
 * data is read those events do not reach React; the browser still does what they do (typing,
 * choosing a photo, posting a form), and React sees the result when it hydrates a moment later.
 */
function holdEventsUntilDataIsRead(): void {
  const context = (window as unknown as { __remixContext?: { state?: unknown } }).__remixContext;
  const hold = (event: Event) => {
    if (context?.state === undefined) return event.stopPropagation();
    for (const type of HYDRATING_EVENTS) window.removeEventListener(type, hold, true);
  };
  for (const type of HYDRATING_EVENTS) window.addEventListener(type, hold, true);
}

holdEventsUntilDataIsRead();
startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
