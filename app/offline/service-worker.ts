/**
 * The farmer's pages offline (issue 14), built on Serwist (a maintained Workbox fork) rather than a
 * hand-written cache. Registered only from the farmer's pages, with scope /sell: buyers' pages
 * never run it. Bundled by scripts/build.ts into /sw.js with the list of files to keep.
 *
 * - The app shell (the farmer pages' scripts, manifest and icons) is cached on install.
 * - The dashboard, new listing and order desk (pages and their data) come from the network, and
 *   from the last copy when the network is gone or takes over 4 s.
 * - Listing drafts made offline are sent on Background Sync.
 * - Signing out drops the kept pages (app/offline/register.ts): they are one person's.
 */
import { CacheFirst, ExpirationPlugin, NetworkFirst, Serwist, type PrecacheEntry } from "serwist";
import { listDrafts, sendWaitingDrafts } from "./drafts";
import { APP_FILES_CACHE, DRAFTS_SYNC_TAG, FARMER_PAGES_CACHE, OFFLINE_PAGES } from "./names";

declare const __PRECACHE__: (PrecacheEntry | string)[];

/** Only what this file uses of the worker's global scope (the DOM and WebWorker libs cannot share one program). */
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface WorkerScope {
  addEventListener(type: "sync", listener: (event: ExtendableEventLike & { tag: string }) => void): void;
}
const worker = self as unknown as WorkerScope;

const farmerPage = ({ url, request }: { url: URL; request: Request }) =>
  request.method === "GET" && url.origin === location.origin && OFFLINE_PAGES.includes(url.pathname.replace(/\.data$/, "").replace(/\/$/, ""));

const serwist = new Serwist({
  precacheEntries: __PRECACHE__,
  skipWaiting: true,
  clientsClaim: true,
  runtimeCaching: [
    {
      matcher: farmerPage,
      handler: new NetworkFirst({
        cacheName: FARMER_PAGES_CACHE,
        networkTimeoutSeconds: 4,
        // The page's query (?done=published) does not make it another page offline.
        matchOptions: { ignoreSearch: true, ignoreVary: true },
        plugins: [new ExpirationPlugin({ maxEntries: 20, maxAgeSeconds: 14 * 24 * 60 * 60 })],
      }),
    },
    {
      // Remix asks which routes a link leads to; offline, the last answer will do.
      matcher: ({ url }) => url.origin === location.origin && url.pathname === "/__manifest",
      handler: new NetworkFirst({ cacheName: "route-manifest", networkTimeoutSeconds: 4, plugins: [new ExpirationPlugin({ maxEntries: 20 })] }),
    },
    {
      // Fingerprinted: a file under /build or /i18n never changes.
      matcher: ({ url }) => url.origin === location.origin && (url.pathname.startsWith("/build/") || url.pathname.startsWith("/i18n/")),
      handler: new CacheFirst({ cacheName: APP_FILES_CACHE, plugins: [new ExpirationPlugin({ maxEntries: 120, maxAgeSeconds: 60 * 24 * 60 * 60 })] }),
    },
  ],
});

worker.addEventListener("sync", (event) => {
  if (event.tag !== DRAFTS_SYNC_TAG) return;
  // A rejected sync is tried again later by the browser: reject while a draft still waits.
  const send = async () => {
    await sendWaitingDrafts();
    if ((await listDrafts()).some((draft) => draft.state === "waiting")) throw new Error("a listing draft is still waiting for the network");
  };
  event.waitUntil(send());
});

serwist.addEventListeners();
