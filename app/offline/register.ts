import { APP_FILES_CACHE, DRAFTS_SYNC_TAG, FARMER_PAGES_CACHE, OFFLINE_PAGES } from "./names";

/** Background Sync is not in TypeScript's DOM types yet (Chromium has it; Safari and Firefox do not). */
type WithSync = ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };

/**
 * The service worker (app/offline/service-worker.ts) runs the farmer's pages only: it is registered
 * from them, with scope /sell. Without a service worker the site works as before, online.
 */
export function keepFarmerPagesOffline(): void {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/sw.js", { scope: "/sell" })
    .then(() => navigator.serviceWorker.ready)
    .then(keepCopies)
    .catch(() => undefined);
}

const MATCH = { ignoreSearch: true, ignoreVary: true };

/**
 * A copy of each farmer page and of this page's strings, fetched once: a farmer who opened only
 * the dashboard can still open "new listing" after the connection drops. Later visits refresh them.
 */
async function keepCopies() {
  const pages = await caches.open(FARMER_PAGES_CACHE);
  for (const url of OFFLINE_PAGES) if (!(await pages.match(url, MATCH))) await pages.add(url);
  const strings = document.querySelector<HTMLScriptElement>('script[src^="/i18n/"]');
  const files = await caches.open(APP_FILES_CACHE);
  if (strings && !(await files.match(strings.src))) await files.add(strings.src);
}

/** Asks the browser to wake the service worker when the connection is back, even if the page is closed. */
export function sendDraftsWhenOnline(): void {
  if (!("serviceWorker" in navigator)) return;
  void navigator.serviceWorker.getRegistration("/sell").then((registration) => (registration as WithSync | undefined)?.sync?.register(DRAFTS_SYNC_TAG).catch(() => undefined));
}
