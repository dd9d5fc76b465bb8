import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import pg from "pg";
import { mediaStorageSettings, type Config } from "../../app/config.server";
import { createLocalMediaStorage } from "../../app/media/storage-local.server";
import { createS3MediaStorage } from "../../app/media/storage-s3.server";
import type { MediaStorage } from "../../app/media/storage.server";
import { createDb, type Db } from "../../db";
import { migrateJobQueue, migrateToLatest } from "../../db/migrate";
import { persistentSecret, startEmbeddedMeilisearch, startEmbeddedPostgres, type RunningService } from "./embedded";
import { createMeiliClient } from "../../app/search/meili-client.server";
import type { MomoSettings } from "../../app/payments/momo.server";
import type { PaymentSettings } from "../../app/payments/registry.server";
import { MOMO_SIMULATOR_SETTINGS } from "../../app/payments/simulators/momo-simulator.server";
import { simulatorRoot } from "../../app/payments/simulators/simulators.server";
import type { CourierSettings } from "../../app/shipping/registry.server";
import { GHN_SIMULATOR_SETTINGS } from "../../app/shipping/simulators/ghn-simulator.server";
import { GHTK_SIMULATOR_SETTINGS } from "../../app/shipping/simulators/ghtk-simulator.server";
import { VIETTELPOST_SIMULATOR_SETTINGS } from "../../app/shipping/simulators/viettelpost-simulator.server";
import { VNPOST_SIMULATOR_SETTINGS } from "../../app/shipping/simulators/vnpost-simulator.server";
import { ZALOPAY_SIMULATOR_SETTINGS } from "../../app/payments/simulators/zalopay-simulator.server";
import type { ZaloPaySettings } from "../../app/payments/zalopay.server";
import type { VnpaySettings } from "../../app/payments/vnpay.server";
import { VNPAY_SIMULATOR_SETTINGS } from "../../app/payments/simulators/vnpay-simulator.server";
import type { StripeSettings } from "../../app/payments/stripe.server";
import { STRIPE_SIMULATOR_SETTINGS } from "../../app/payments/simulators/stripe-simulator.server";
import { createEsmsSender } from "../../app/notify/esms.server";
import { createNotifier, outboxSender, type ChannelSenders, type Notifier } from "../../app/notify/notifier.server";
import { ESMS_SIMULATOR_SETTINGS, ZNS_SIMULATOR_SETTINGS } from "../../app/notify/simulators/notify-simulators.server";
import { MESSAGE_KINDS, parseTemplateIds } from "../../app/notify/templates";
import { createZaloZnsSender } from "../../app/notify/zalo-zns.server";

/** A start-up problem worth exactly one line to the operator. */
export class StartupError extends Error {}

export interface Platform {
  databaseUrl: string;
  db: Db;
  meili: Meilisearch | null;
  media: MediaStorage;
  embedded: { postgres?: RunningService; meili?: RunningService };
  stop(): Promise<void>;
}

interface RuntimeFile {
  pid: number;
  databaseUrl?: string;
  meiliUrl?: string;
  meiliKey?: string;
}

function runtimeFile(config: Config) {
  return path.join(config.dataDir, "runtime.json");
}

/** The engines a running `npm start` owns, so `npm run seed` or `npm run worker` beside it share them. */
function readRunningStart(config: Config): RuntimeFile | undefined {
  const file = runtimeFile(config);
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as RuntimeFile;
    process.kill(data.pid, 0);
    return data;
  } catch {
    return undefined;
  }
}

function describeConnectError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(" ") || String(error);
}

async function checkDatabase(url: string, setting: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    const where = (() => {
      try {
        const u = new URL(url);
        return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
      } catch {
        return "the given address";
      }
    })();
    throw new StartupError(`Configuration error: ${setting} cannot connect to ${where}: ${describeConnectError(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function checkMeili(client: Meilisearch, url: string): Promise<void> {
  try {
    await client.health();
    await client.getVersion(); // needs a valid key
  } catch (error) {
    throw new StartupError(
      `Configuration error: MEILI_URL cannot use ${url} (check MEILI_URL and MEILI_MASTER_KEY): ${describeConnectError(error)}`,
    );
  }
}

/**
 * Database and search engine: the operator's servers when configured, otherwise embedded ones
 * under the data directory (started here, stopped by `stop`). Applies migrations.
 */
export async function bootPlatform(
  config: Config,
  options: { owner: boolean; search: boolean; log: (line: string) => void },
): Promise<Platform> {
  mkdirSync(config.dataDir, { recursive: true });
  const embedded: Platform["embedded"] = {};
  const shared = options.owner ? undefined : readRunningStart(config);
  let db: Db | undefined;
  let ownsRuntimeFile = false;
  // Order matters: forget the runtime file, close the pool, then stop the engines.
  const stop = async () => {
    if (ownsRuntimeFile) {
      ownsRuntimeFile = false;
      try {
        unlinkSync(runtimeFile(config));
      } catch {
        /* already gone */
      }
    }
    await db?.destroy().catch(() => {});
    db = undefined;
    await embedded.meili?.stop().catch(() => {});
    await embedded.postgres?.stop().catch(() => {});
  };
  try {
    let databaseUrl = config.DATABASE_URL ?? shared?.databaseUrl;
    if (!databaseUrl) {
      options.log("Starting embedded PostgreSQL…");
      embedded.postgres = await startEmbeddedPostgres({ dataDir: config.dataDir, database: "vuonnha" });
      databaseUrl = embedded.postgres.url;
    } else {
      await checkDatabase(databaseUrl, config.DATABASE_URL ? "DATABASE_URL" : "the running start's database");
    }

    let meili: Meilisearch | null = null;
    if (options.search) {
      const url = config.MEILI_URL ?? shared?.meiliUrl;
      if (url) {
        meili = createMeiliClient({ host: url, apiKey: config.MEILI_URL ? config.MEILI_MASTER_KEY : shared?.meiliKey });
        await checkMeili(meili, url);
      } else {
        options.log("Starting embedded Meilisearch…");
        const started = await startEmbeddedMeilisearch({ dataDir: config.dataDir });
        embedded.meili = started;
        meili = createMeiliClient({ host: started.url, apiKey: started.masterKey });
      }
    }

    db = createDb(databaseUrl);
    await migrateToLatest(db);
    await migrateJobQueue(databaseUrl);

    if (options.owner) {
      const runtime: RuntimeFile = {
        pid: process.pid,
        databaseUrl,
        meiliUrl: embedded.meili?.url ?? config.MEILI_URL,
        meiliKey: embedded.meili ? persistentSecret(config.dataDir, "meili-master-key") : undefined,
      };
      writeFileSync(runtimeFile(config), JSON.stringify(runtime), { mode: 0o600 });
      ownsRuntimeFile = true;
    }
    return { databaseUrl, db, meili, media: createMediaStorage(config), embedded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function createMediaStorage(config: Config): MediaStorage {
  const settings = mediaStorageSettings(config);
  return settings.kind === "s3" ? createS3MediaStorage(settings) : createLocalMediaStorage(settings.root);
}

/** Session cookies are signed with SESSION_SECRET, or a secret kept under .data in development. */
/** The bank notification secret: configured in production, kept under .data in development. */
export function bankWebhookSecret(config: Config): string | null {
  if (config.BANK_WEBHOOK_SECRET) return config.BANK_WEBHOOK_SECRET;
  return config.NODE_ENV === "production" ? null : persistentSecret(config.dataDir, "bank-webhook-secret", 32);
}

/**
 * MoMo as configured; without settings, development talks to the local simulator on this very
 * server (its routes exist only with the dev tools) and production offers no MoMo.
 */
function momoSettings(config: Config, internalUrl: string, devTools: boolean): MomoSettings | null {
  if (config.MOMO_PARTNER_CODE && config.MOMO_ACCESS_KEY && config.MOMO_SECRET_KEY && config.MOMO_ENDPOINT) {
    return { partnerCode: config.MOMO_PARTNER_CODE, accessKey: config.MOMO_ACCESS_KEY, secretKey: config.MOMO_SECRET_KEY, endpoint: config.MOMO_ENDPOINT, feeBps: config.MOMO_FEE_BPS };
  }
  return devTools ? { ...MOMO_SIMULATOR_SETTINGS, endpoint: `${internalUrl}${simulatorRoot("momo")}/api`, feeBps: config.MOMO_FEE_BPS } : null;
}

function zaloPaySettings(config: Config, internalUrl: string, devTools: boolean): ZaloPaySettings | null {
  if (config.ZALOPAY_APP_ID && config.ZALOPAY_KEY1 && config.ZALOPAY_KEY2 && config.ZALOPAY_ENDPOINT) {
    return { appId: config.ZALOPAY_APP_ID, key1: config.ZALOPAY_KEY1, key2: config.ZALOPAY_KEY2, endpoint: config.ZALOPAY_ENDPOINT, feeBps: config.ZALOPAY_FEE_BPS };
  }
  return devTools ? { ...ZALOPAY_SIMULATOR_SETTINGS, endpoint: `${internalUrl}${simulatorRoot("zalopay")}/api`, feeBps: config.ZALOPAY_FEE_BPS } : null;
}

function vnpaySettings(config: Config, internalUrl: string, devTools: boolean): VnpaySettings | null {
  if (config.VNPAY_TMN_CODE && config.VNPAY_HASH_SECRET && config.VNPAY_ENDPOINT) {
    return { tmnCode: config.VNPAY_TMN_CODE, hashSecret: config.VNPAY_HASH_SECRET, endpoint: config.VNPAY_ENDPOINT, feeBps: config.VNPAY_FEE_BPS };
  }
  return devTools ? { ...VNPAY_SIMULATOR_SETTINGS, endpoint: `${internalUrl}${simulatorRoot("vnpay")}/api`, feeBps: config.VNPAY_FEE_BPS } : null;
}

function stripeSettings(config: Config, internalUrl: string, devTools: boolean): StripeSettings | null {
  if (config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET) {
    return {
      secretKey: config.STRIPE_SECRET_KEY,
      webhookSecret: config.STRIPE_WEBHOOK_SECRET,
      apiUrl: config.STRIPE_API_URL ?? "https://api.stripe.com",
      payPageOrigin: "https://checkout.stripe.com",
      feeBps: config.STRIPE_FEE_BPS,
    };
  }
  // The SDK builds its paths from the root (/v1/…), so the simulator answers on this server's own origin.
  return devTools ? { ...STRIPE_SIMULATOR_SETTINGS, apiUrl: internalUrl, payPageOrigin: internalUrl, feeBps: config.STRIPE_FEE_BPS } : null;
}

/**
 * Every courier as configured; without settings, development talks to each one's simulator on
 * this very server (dev tools only) and production does not offer it.
 */
export function courierSettings(config: Config, internalUrl: string, devTools: boolean): CourierSettings {
  const sim = (id: string) => `${internalUrl}${simulatorRoot(id)}/api`;
  return {
    ghn:
      config.GHN_TOKEN && config.GHN_SHOP_ID && config.GHN_WEBHOOK_TOKEN && config.GHN_ENDPOINT
        ? { token: config.GHN_TOKEN, shopId: config.GHN_SHOP_ID, webhookToken: config.GHN_WEBHOOK_TOKEN, endpoint: config.GHN_ENDPOINT }
        : devTools
          ? { ...GHN_SIMULATOR_SETTINGS, endpoint: sim("ghn") }
          : null,
    ghtk:
      config.GHTK_TOKEN && config.GHTK_CLIENT_SOURCE && config.GHTK_WEBHOOK_HASH && config.GHTK_ENDPOINT
        ? { token: config.GHTK_TOKEN, clientSource: config.GHTK_CLIENT_SOURCE, webhookHash: config.GHTK_WEBHOOK_HASH, endpoint: config.GHTK_ENDPOINT }
        : devTools
          ? { ...GHTK_SIMULATOR_SETTINGS, endpoint: sim("ghtk") }
          : null,
    viettelpost:
      config.VIETTELPOST_TOKEN && config.VIETTELPOST_WEBHOOK_TOKEN && config.VIETTELPOST_ENDPOINT
        ? { token: config.VIETTELPOST_TOKEN, webhookToken: config.VIETTELPOST_WEBHOOK_TOKEN, endpoint: config.VIETTELPOST_ENDPOINT }
        : devTools
          ? { ...VIETTELPOST_SIMULATOR_SETTINGS, endpoint: sim("viettelpost") }
          : null,
    vnpost:
      config.VNPOST_TOKEN && config.VNPOST_WEBHOOK_KEY && config.VNPOST_ENDPOINT
        ? { token: config.VNPOST_TOKEN, webhookKey: config.VNPOST_WEBHOOK_KEY, endpoint: config.VNPOST_ENDPOINT }
        : devTools
          ? { ...VNPOST_SIMULATOR_SETTINGS, endpoint: sim("vnpost") }
          : null,
  };
}

/**
 * The Notifier (issue 14): Zalo ZNS and eSMS as configured; without settings, development talks
 * to their simulators on this very server (dev tools only; what reaches a phone lands in the dev
 * outbox). Production without Zalo sends no Zalo messages; without eSMS it keeps texts in the
 * admin's outbox, as before there was a gateway, and says so at start.
 */
export function buildNotifier(config: Config, db: Db, internalUrl: string, publicUrl: string, devTools: boolean, log: (line: string) => void): Notifier {
  const sim = (id: string) => `${internalUrl}${simulatorRoot(id)}/api`;
  const senders: ChannelSenders = {};
  if (config.ZALO_APP_ID && config.ZALO_SECRET_KEY && config.ZALO_REFRESH_TOKEN && config.ZALO_ZNS_TEMPLATES && config.ZALO_ZNS_ENDPOINT) {
    senders.zalo = createZaloZnsSender(db, {
      appId: config.ZALO_APP_ID,
      secretKey: config.ZALO_SECRET_KEY,
      refreshToken: config.ZALO_REFRESH_TOKEN,
      endpoint: config.ZALO_ZNS_ENDPOINT.replace(/\/$/, ""),
      oauthEndpoint: config.ZALO_OAUTH_ENDPOINT.replace(/\/$/, ""),
      templates: parseTemplateIds(config.ZALO_ZNS_TEMPLATES, MESSAGE_KINDS) ?? {},
    });
  } else if (devTools) {
    senders.zalo = createZaloZnsSender(db, { ...ZNS_SIMULATOR_SETTINGS, endpoint: sim("zalo"), oauthEndpoint: `${sim("zalo")}/oauth` });
  }
  if (config.ESMS_API_KEY && config.ESMS_SECRET_KEY && config.ESMS_BRANDNAME && config.ESMS_ENDPOINT) {
    senders.sms = createEsmsSender({ apiKey: config.ESMS_API_KEY, secretKey: config.ESMS_SECRET_KEY, brandname: config.ESMS_BRANDNAME, endpoint: config.ESMS_ENDPOINT.replace(/\/$/, ""), sandbox: config.ESMS_SANDBOX });
  } else if (devTools) {
    senders.sms = createEsmsSender({ ...ESMS_SIMULATOR_SETTINGS, endpoint: sim("esms") });
  } else {
    log("No SMS gateway configured (ESMS_*): texts, reset codes among them, are kept in the admin's outbox (/dev/outbox) instead of being sent.");
    senders.sms = outboxSender(db, "sms");
  }
  return createNotifier(db, { senders, publicUrl });
}

/** Every payment setting, for the server and for a worker on its own (which reaches the simulator through `internalUrl`). */
export function paymentSettings(config: Config, internalUrl: string, devTools: boolean): PaymentSettings {
  return {
    bankWebhookSecret: bankWebhookSecret(config),
    momo: momoSettings(config, internalUrl, devTools),
    zalopay: zaloPaySettings(config, internalUrl, devTools),
    vnpay: vnpaySettings(config, internalUrl, devTools),
    stripe: stripeSettings(config, internalUrl, devTools),
    money: { commissionBps: config.COMMISSION_BPS, holdDays: config.PAYOUT_HOLD_DAYS },
  };
}

/** Traceability stamps are signed with STAMP_SECRET (required in production), or a secret kept under .data in development. */
export function stampSecret(config: Config): string {
  return config.STAMP_SECRET ?? persistentSecret(config.dataDir, "stamp-secret", 32);
}

export function sessionSecret(config: Config): string {
  return config.SESSION_SECRET ?? persistentSecret(config.dataDir, "session-secret", 32);
}
