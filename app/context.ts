import type { Meilisearch } from "meilisearch";
import type { Db } from "../db";
import type { MediaStorage } from "./media/storage.server";
import type { PaymentRegistry } from "./payments/registry.server";
import type { CourierRegistry } from "./shipping/registry.server";

/** What the HTTP server hands every loader and action. Routes never build their own connections. */
export interface AppContext {
  db: Db;
  meili: Meilisearch | null;
  media: MediaStorage;
  sessionSecret: string;
  /** Signs traceability stamps (app/catalog/lots.server.ts). */
  stampSecret: string;
  secureCookies: boolean;
  /** The dev outbox is open to everyone (development on loopback only); admins always see it. */
  showDevOutbox: boolean;
  /** Development tools that act (the bank simulator): development mode on a loopback address only. */
  devTools: boolean;
  /** Where this server itself answers on loopback, for the simulators to post to (never the request's Host). */
  internalUrl: string;
  clientIp: string;
  /** The site's public address (no trailing slash): every absolute link, and the only origin forms may come from. */
  publicUrl: string;
  jobQueue: { workerRunning: boolean };
  /** The ways of paying this deployment offers (built once at start-up). */
  payments: PaymentRegistry;
  /** The ways of delivering this deployment offers (built once at start-up). */
  couriers: CourierRegistry;
  /** Shared secret of the bank-transfer notification service (HMAC); null turns the endpoint off. */
  bankWebhookSecret: string | null;
  /** This response's Content-Security-Policy nonce (a fresh one per request). */
  cspNonce: string;
  /** How long a VietQR order waits for its money before it expires and frees its stock. */
  orderPaymentMinutes: number;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- module augmentation needs an interface
  interface AppLoadContext extends AppContext {}
}
