import { EventEmitter } from "node:events";
import { Logger, run, runOnce, type Runner, type TaskList, type WorkerEvents } from "graphile-worker";
import { createPool, type Db } from "../../db";
import { purgeExpiredAuthData, sendPasswordResetCode } from "~/accounts/accounts.server";
import { isLocale } from "~/i18n/i18n";
import { createInvitation } from "~/shops/cooperatives.server";
import { purgeOrphanMedia } from "~/media/media.server";
import type { MediaStorage } from "~/media/storage.server";
import { readNotifyPayload, type Notifier } from "~/notify/notifier.server";
import { purgeAbandonedGuestCarts } from "~/orders/cart.server";
import { autoCompleteOrder, expireOrder } from "~/orders/orders.server";
import { productIdsOfSeller, syncProducts } from "~/search/engine.server";
import type { Meilisearch } from "meilisearch";
import { pollPayment, refundOrder, refundPayment, refundShortShipment, settleBeforeExpiry } from "~/payments/payments.server";
import type { PaymentRegistry } from "~/payments/registry.server";
import type { CourierRegistry } from "~/shipping/registry.server";
import { pollSilentShipments } from "~/shipping/tracking.server";
import { heartbeat, HEARTBEAT_MS, registerPool, releaseDeadPoolLocks, unregisterPool } from "./worker-pools.server";

export interface WorkerDeps {
  db: Db;
  notifier: Notifier;
  media: MediaStorage;
  meili: Meilisearch | null;
  /** The same providers the server offers: polls, refunds and expiry ask them. */
  payments: PaymentRegistry;
  /** The same couriers the server offers: tracking polls ask them. */
  couriers?: CourierRegistry;
}

function requireMeili(deps: WorkerDeps): Meilisearch {
  // Throwing makes graphile-worker retry with exponential backoff until search is back.
  if (!deps.meili) throw new Error("search engine not configured");
  return deps.meili;
}

/** Every background task, by name: search sync, order expiry and completion, payment polls and refunds, notifications, codes, invitations. */
function createTaskList(deps: WorkerDeps): TaskList {
  return {
    notify: async (payload) => {
      await deps.notifier.send(readNotifyPayload(payload));
    },
    password_reset_code: async (payload) => {
      const { phone, locale, purpose } = payload as { phone: string; locale: string; purpose?: string };
      await sendPasswordResetCode(deps.db, String(phone), isLocale(locale) ? locale : "vi", purpose === "welcome" ? "welcome" : "reset");
    },
    coop_invite: async (payload) => {
      const { cooperativeId, phone, invitedBy } = payload as { cooperativeId: string; phone: string; invitedBy: string };
      await createInvitation(deps.db, { cooperativeId: String(cooperativeId), phone: String(phone), invitedBy: String(invitedBy) });
    },
    purge_auth: async () => {
      await purgeExpiredAuthData(deps.db);
    },
    purge_guest_carts: async () => {
      await purgeAbandonedGuestCarts(deps.db);
    },
    purge_orphan_media: async () => {
      await purgeOrphanMedia(deps.db, deps.media);
    },
    search_sync_product: async (payload) => {
      const { productId } = payload as { productId: string };
      await syncProducts(deps.db, requireMeili(deps), [String(productId)]);
    },
    expire_order: async (payload) => {
      const orderId = String((payload as { orderId: string }).orderId);
      // Money that reached a wallet or gateway pays the order instead of letting it lapse.
      await settleBeforeExpiry(deps.db, deps.payments, orderId);
      await expireOrder(deps.db, orderId);
    },
    payment_poll: async (payload) => {
      const { paymentId, waitMs } = payload as { paymentId: string; waitMs: number };
      await pollPayment(deps.db, deps.payments, String(paymentId), Number(waitMs) || 60_000);
    },
    refund_order: async (payload) => {
      await refundOrder(deps.db, deps.payments, String((payload as { orderId: string }).orderId));
    },
    refund_part: async (payload) => {
      await refundShortShipment(deps.db, deps.payments, String((payload as { orderId: string }).orderId));
    },
    payment_refund: async (payload) => {
      const { paymentId, orderId } = payload as { paymentId: string; orderId?: string };
      await refundPayment(deps.db, deps.payments, String(paymentId), orderId === undefined ? undefined : String(orderId));
    },
    complete_order: async (payload) => {
      await autoCompleteOrder(deps.db, String((payload as { orderId: string }).orderId));
    },
    // Every 20 minutes: parcels whose courier has been silent for 3 hours are asked about.
    shipment_poll: async () => {
      if (deps.couriers) await pollSilentShipments(deps.db, deps.couriers);
    },
    search_sync_seller: async (payload) => {
      const { kind, id } = payload as { kind: "shop" | "cooperative"; id: string };
      const ids = await productIdsOfSeller(deps.db, kind, String(id));
      for (let i = 0; i < ids.length; i += 500) await syncProducts(deps.db, requireMeili(deps), ids.slice(i, i + 500));
    },
  };
}

const workerLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[worker] ${message}`);
});

export interface RunningWorker {
  runner: Runner;
  stop(): Promise<void>;
}

/** Runs until stopped. Many nodes may run this against one database; jobs are locked per worker. */
export async function startWorker(options: WorkerDeps & { connectionString: string; concurrency?: number }): Promise<RunningWorker> {
  // Our own pool, with an error listener: when the database goes away (shutdown, failover) an idle
  // connection's error must not crash the process; the worker reconnects on its own.
  const pgPool = createPool(options.connectionString, (options.concurrency ?? 4) + 2, (error) =>
    console.error(`[worker] database connection lost: ${error.message}`),
  );
  // Start-up is when a restarted node finds the jobs its killed predecessor left locked.
  await releaseDeadPoolLocks(options.db).catch((error: unknown) => console.error(`[worker] releasing dead pools' jobs failed: ${String(error)}`));
  const pools: string[] = [];
  // Our own emitter, passed in, so the pool's creation (during run()) is heard.
  const events: WorkerEvents = new EventEmitter();
  events.on("pool:create", ({ workerPool }) => {
    pools.push(workerPool.id);
    void registerPool(options.db, workerPool.id).catch(() => {});
  });
  const runner = await run({
    events,
    pgPool,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true, // the start command owns signals and stops the worker itself
    pollInterval: 2000, // LISTEN/NOTIFY wakes workers at once; polling only catches scheduled jobs
    logger: workerLogger,
    taskList: createTaskList(options),
    crontab: "17 * * * * purge_auth\n29 * * * * purge_orphan_media\n41 3 * * * purge_guest_carts\n*/20 * * * * shipment_poll",
  });
  const beat = setInterval(() => {
    void (async () => {
      for (const id of pools) await heartbeat(options.db, id);
      const released = await releaseDeadPoolLocks(options.db);
      if (released.length) console.error(`[worker] released jobs locked by stopped worker pools: ${released.join(", ")}`);
    })().catch((error: unknown) => console.error(`[worker] heartbeat failed: ${String(error)}`));
  }, HEARTBEAT_MS);
  beat.unref();
  return {
    runner,
    stop: async () => {
      clearInterval(beat);
      await runner.stop().catch(() => {});
      for (const id of pools) await unregisterPool(options.db, id).catch(() => {});
      await pgPool.end().catch(() => {});
    },
  };
}

/** Processes every job that is due, then returns: used by tests. */
export async function runDueJobs(options: WorkerDeps & { connectionString: string }): Promise<void> {
  const pgPool = createPool(options.connectionString, 2);
  try {
    await runOnce({ pgPool, logger: workerLogger, taskList: createTaskList(options) });
  } finally {
    await pgPool.end();
  }
}
