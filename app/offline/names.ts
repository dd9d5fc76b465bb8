/** Names the farmer's pages and the service worker share (kept apart so the root page's code stays small). */
export const DRAFTS_CHANNEL = "listing-drafts";
export const DRAFTS_SYNC_TAG = "listing-drafts";
/** The service worker's caches: the farmer's pages (one person's: dropped on signing out), and fingerprinted files. */
export const FARMER_PAGES_CACHE = "farmer-pages";
export const APP_FILES_CACHE = "app-files";
/** The pages a farmer can open offline: the dashboard, new listing and the order desk. */
export const OFFLINE_PAGES = ["/sell", "/sell/new", "/sell/orders"];
