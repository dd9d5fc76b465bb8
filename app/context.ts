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
  /** Shared secret of the bank-transfer notification service (HMAC); null turns the endpoint off. */
  bankWebhookSecret: string | null;
  /** How long a VietQR order waits for its money before it expires and frees its stock. */
  orderPaymentMinutes: number;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- module augmentation needs an interface
  interface AppLoadContext extends AppContext {}
}
