import type { Meilisearch } from "meilisearch";
import type { Db } from "../db";
import type { MediaStorage } from "./media/storage.server";

/** What the HTTP server hands every loader and action. Routes never build their own connections. */
export interface AppContext {
  db: Db;
  meili: Meilisearch | null;
  media: MediaStorage;
  sessionSecret: string;
  secureCookies: boolean;
  showDevOutbox: boolean;
  clientIp: string;
  /** The site's public address for canonical links and sitemaps; the request's origin when unset. */
  publicUrl: string | null;
  jobQueue: { workerRunning: boolean };
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- module augmentation needs an interface
  interface AppLoadContext extends AppContext {}
}
