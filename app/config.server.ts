import path from "node:path";
import { z } from "zod";
import { MESSAGE_KINDS, parseTemplateIds } from "./notify/templates";

/**
 * Configuration comes only from environment variables, validated once at start-up.
 * A bad value stops start-up with one line naming the setting (see `formatConfigError`).
 */
const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    errorMap: () => ({ message: "must be true or false" }),
  })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine(
      (v) => {
        if (v === undefined) return true;
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL starting with ${protocols.join(" or ")}//` },
    );

/** A whole-number setting with a default and a range; the message names the unit ("a whole number of days"). */
function wholeNumber(fallback: number, min: number, max: number, what: string) {
  return z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : Number(v)))
    .refine((v) => Number.isInteger(v) && v >= min && v <= max, { message: `must be ${what} from ${min} to ${max}` });
}

const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().trim().min(1).default("127.0.0.1"),
    PORT: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : undefined))
      .refine((v) => v === undefined || (Number.isInteger(v) && v >= 0 && v < 65536), {
        message: "must be a port number between 0 and 65535",
      }),
    DATA_DIR: z.string().trim().min(1).default(".data"),
    DATABASE_URL: optionalUrl(["postgres:", "postgresql:"]),
    MEILI_URL: optionalUrl(["http:", "https:"]),
    MEILI_MASTER_KEY: z.string().optional(),
    SESSION_SECRET: z
      .string()
      .optional()
      .refine((v) => v === undefined || v.length >= 32, {
        message: "must be at least 32 characters",
      }),
    PUBLIC_URL: optionalUrl(["http:", "https:"]),
    // How many proxies in front of us to believe in X-Forwarded-For, counted from the right:
    // "false"/"0" none, "true" one (a single load balancer), or a number of hops.
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v) => {
        const value = (v ?? "").trim().toLowerCase();
        if (value === "" || value === "false" || value === "no") return 0;
        if (value === "true" || value === "yes") return 1;
        return /^[0-9]{1,2}$/.test(value) ? Number(value) : Number.NaN;
      })
      .refine((v) => Number.isInteger(v) && v >= 0 && v <= 10, { message: "must be false, true (one proxy) or the number of proxies in front of the app (0-10)" }),
    RUN_WORKER: booleanString.default("true"),
    // Demo accounts are seeded only when asked for in production; see seedDemoIfEmpty.
    SEED_DEMO: booleanString.optional(),
    // Zalo ZNS (all five or none): unset, development uses the local simulator and production sends no Zalo messages.
    ZALO_APP_ID: z.string().trim().regex(/^[0-9]{5,25}$/, { message: "must be the Zalo app's numeric id" }).optional(),
    ZALO_SECRET_KEY: z.string().trim().min(16, { message: "must be the Zalo app's secret key (at least 16 characters)" }).max(200).optional(),
    ZALO_REFRESH_TOKEN: z.string().trim().min(16, { message: "must be the Official Account's refresh token" }).max(2000).optional(),
    ZALO_ZNS_TEMPLATES: z
      .string()
      .trim()
      .optional()
      .refine((v) => v === undefined || parseTemplateIds(v, MESSAGE_KINDS) !== null, { message: `must list approved templates as kind:id pairs, e.g. "new_order:301234,paid:301235" (kinds: ${MESSAGE_KINDS.join(", ")})` }),
    ZALO_ZNS_ENDPOINT: z.string().trim().url({ message: "must be a URL such as https://business.openapi.zalo.me" }).optional(),
    ZALO_OAUTH_ENDPOINT: z.string().trim().url({ message: "must be a URL such as https://oauth.zaloapp.com" }).default("https://oauth.zaloapp.com"),
    // eSMS (all four or none): unset, development uses the local simulator; production then keeps texts in the admin's outbox.
    ESMS_API_KEY: z.string().trim().min(8, { message: "must be the eSMS API key" }).max(200).optional(),
    ESMS_SECRET_KEY: z.string().trim().min(8, { message: "must be the eSMS secret key" }).max(200).optional(),
    ESMS_BRANDNAME: z.string().trim().regex(/^[A-Za-z0-9._-]{2,11}$/, { message: "must be the registered brandname (2-11 letters or digits)" }).optional(),
    ESMS_ENDPOINT: z.string().trim().url({ message: "must be a URL such as https://rest.esms.vn" }).optional(),
    ESMS_SANDBOX: booleanString.default("false"),
    SHOW_DEV_OUTBOX: booleanString.optional(),
    PAGE_CACHE_MS: wholeNumber(2000, 0, 60_000, "a number of milliseconds"),
    PAGE_CACHE_TAGGED_MS: wholeNumber(60_000, 0, 3_600_000, "a number of milliseconds"),
    // Signs traceability stamps (issue 15). Printed stamps live for years: never rotate it.
    STAMP_SECRET: z
      .string()
      .optional()
      .refine((v) => v === undefined || v.length >= 32, { message: "must be at least 32 characters" }),
    BANK_WEBHOOK_SECRET: z
      .string()
      .optional()
      .refine((v) => v === undefined || v.length >= 32, { message: "must be at least 32 characters" }),
    ORDER_PAYMENT_MINUTES: wholeNumber(1440, 1, 10_080, "a whole number of minutes"),
    // MoMo wallet (all four or none): unset, development uses the local simulator and production hides MoMo.
    MOMO_PARTNER_CODE: z.string().trim().min(1).max(50).optional(),
    MOMO_ACCESS_KEY: z.string().trim().min(1).max(100).optional(),
    MOMO_SECRET_KEY: z.string().trim().min(16, { message: "must be at least 16 characters" }).max(200).optional(),
    MOMO_ENDPOINT: z.string().trim().url({ message: "must be a URL such as https://payment.momo.vn" }).optional(),
    MOMO_FEE_BPS: wholeNumber(0, 0, 1000, "a whole number of basis points"),
    // ZaloPay (all four or none): unset, development uses the local simulator and production hides ZaloPay.
    ZALOPAY_APP_ID: z.string().trim().regex(/^[0-9]{1,10}$/, { message: "must be ZaloPay's numeric app id" }).optional(),
    ZALOPAY_KEY1: z.string().trim().min(16, { message: "must be at least 16 characters" }).max(200).optional(),
    ZALOPAY_KEY2: z.string().trim().min(16, { message: "must be at least 16 characters" }).max(200).optional(),
    ZALOPAY_ENDPOINT: z.string().trim().url({ message: "must be a URL such as https://openapi.zalopay.vn" }).optional(),
    ZALOPAY_FEE_BPS: wholeNumber(0, 0, 1000, "a whole number of basis points"),
    // VNPay (all three or none): unset, development uses the local simulator and production hides VNPay.
    VNPAY_TMN_CODE: z.string().trim().regex(/^[A-Z0-9]{4,20}$/, { message: "must be VNPay's terminal code (letters and digits)" }).optional(),
    VNPAY_HASH_SECRET: z.string().trim().min(16, { message: "must be at least 16 characters" }).max(200).optional(),
    VNPAY_ENDPOINT: z.string().trim().url({ message: "must be a URL such as https://sandbox.vnpayment.vn" }).optional(),
    VNPAY_FEE_BPS: wholeNumber(0, 0, 1000, "a whole number of basis points"),
    // Stripe cards (key and webhook secret together or not at all): unset, development uses the local simulator and production hides cards.
    STRIPE_SECRET_KEY: z.string().trim().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/, { message: "must be a Stripe secret or restricted key (sk_live_…, sk_test_…)" }).optional(),
    STRIPE_WEBHOOK_SECRET: z.string().trim().regex(/^whsec_[A-Za-z0-9_]{8,}$/, { message: "must be the endpoint's signing secret (whsec_…)" }).optional(),
    STRIPE_API_URL: z.string().trim().url({ message: "must be a URL such as https://api.stripe.com" }).optional(),
    STRIPE_FEE_BPS: wholeNumber(0, 0, 1000, "a whole number of basis points"),
    // Couriers (each one's settings all together or none): unset, development uses its local simulator and production hides it.
    GHN_TOKEN: z.string().trim().min(8, { message: "must be the API token from GHN's shop settings" }).max(200).optional(),
    GHN_SHOP_ID: z.string().trim().regex(/^[0-9]{1,12}$/, { message: "must be GHN's numeric shop id" }).optional(),
    GHN_WEBHOOK_TOKEN: z.string().trim().min(16, { message: "must be at least 16 characters (it is the secret in the webhook address)" }).max(200).optional(),
    GHN_ENDPOINT: z.string().trim().url({ message: "must be a URL such as https://online-gateway.ghn.vn" }).optional(),
    GHTK_TOKEN: z.string().trim().min(8, { message: "must be the API token from GHTK" }).max(200).optional(),
    GHTK_CLIENT_SOURCE: z.string().trim().min(1).max(50).optional(),
    GHTK_WEBHOOK_HASH: z.string().trim().min(16, { message: "must be at least 16 characters (it is the secret in the webhook address)" }).max(200).optional(),
    GHTK_ENDPOINT: z.string().trim().url({ message: "must be a URL such as https://services.giaohangtietkiem.vn" }).optional(),
    VIETTELPOST_TOKEN: z.string().trim().min(8, { message: "must be the partner token from Viettel Post" }).max(2000).optional(),
    VIETTELPOST_WEBHOOK_TOKEN: z.string().trim().min(16, { message: "must be at least 16 characters" }).max(200).optional(),
    VIETTELPOST_ENDPOINT: z.string().trim().url({ message: "must be a URL such as https://partner.viettelpost.vn" }).optional(),
    VNPOST_TOKEN: z.string().trim().min(8, { message: "must be the token from MyVNPost" }).max(2000).optional(),
    VNPOST_WEBHOOK_KEY: z.string().trim().min(16, { message: "must be at least 16 characters (it is the secret in the webhook address)" }).max(200).optional(),
    VNPOST_ENDPOINT: z.string().trim().url({ message: "must be a URL such as https://connect-my.vnpost.vn" }).optional(),
    COMMISSION_BPS: wholeNumber(0, 0, 3000, "a whole number of basis points"),
    PAYOUT_HOLD_DAYS: wholeNumber(3, 0, 60, "a whole number of days"),
    MEDIA_STORAGE: z.enum(["local", "s3"], { errorMap: () => ({ message: "must be local or s3" }) }).default("local"),
    S3_ENDPOINT: optionalUrl(["http:", "https:"]),
    S3_REGION: z.string().trim().default("auto"),
    S3_BUCKET: z.string().trim().optional(),
    S3_ACCESS_KEY_ID: z.string().trim().optional(),
    S3_SECRET_ACCESS_KEY: z.string().trim().optional(),
    S3_FORCE_PATH_STYLE: booleanString.default("true"),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === "production" && !c.PUBLIC_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["PUBLIC_URL"],
        message: "is required in production (the address buyers use, e.g. https://vuonnha.vn): links and sitemaps are built from it, never from the request's Host",
      });
    }
    if (c.SHOW_DEV_OUTBOX && (c.NODE_ENV === "production" || !isLoopbackHost(c.HOST))) {
      ctx.addIssue({
        code: "custom",
        path: ["SHOW_DEV_OUTBOX"],
        message: "can only be on in development on a loopback HOST (127.0.0.1, localhost, ::1): it shows everyone's reset codes",
      });
    }
    if (c.NODE_ENV === "production" && !c.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "is required in production (at least 32 random characters)",
      });
    }
    if (c.NODE_ENV === "production" && !c.STAMP_SECRET) {
      ctx.addIssue({ code: "custom", path: ["STAMP_SECRET"], message: "is required in production (at least 32 random characters; stamps printed with it must keep working, so never change it)" });
    }
    if (c.MEDIA_STORAGE === "s3") {
      for (const key of ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
        if (!c[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when MEDIA_STORAGE=s3" });
      }
    }
    // A provider's settings come all together or not at all, and reach it only over https in production.
    const providers = [
      ["MOMO_", ["MOMO_PARTNER_CODE", "MOMO_ACCESS_KEY", "MOMO_SECRET_KEY", "MOMO_ENDPOINT"], "MOMO_ENDPOINT"],
      ["ZALOPAY_", ["ZALOPAY_APP_ID", "ZALOPAY_KEY1", "ZALOPAY_KEY2", "ZALOPAY_ENDPOINT"], "ZALOPAY_ENDPOINT"],
      ["VNPAY_", ["VNPAY_TMN_CODE", "VNPAY_HASH_SECRET", "VNPAY_ENDPOINT"], "VNPAY_ENDPOINT"],
      // Stripe's API address has a default (api.stripe.com), so it is not one of the pair.
      ["STRIPE_", ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"], "STRIPE_API_URL"],
      ["GHN_", ["GHN_TOKEN", "GHN_SHOP_ID", "GHN_WEBHOOK_TOKEN", "GHN_ENDPOINT"], "GHN_ENDPOINT"],
      ["GHTK_", ["GHTK_TOKEN", "GHTK_CLIENT_SOURCE", "GHTK_WEBHOOK_HASH", "GHTK_ENDPOINT"], "GHTK_ENDPOINT"],
      ["VIETTELPOST_", ["VIETTELPOST_TOKEN", "VIETTELPOST_WEBHOOK_TOKEN", "VIETTELPOST_ENDPOINT"], "VIETTELPOST_ENDPOINT"],
      ["VNPOST_", ["VNPOST_TOKEN", "VNPOST_WEBHOOK_KEY", "VNPOST_ENDPOINT"], "VNPOST_ENDPOINT"],
      ["ZALO_", ["ZALO_APP_ID", "ZALO_SECRET_KEY", "ZALO_REFRESH_TOKEN", "ZALO_ZNS_TEMPLATES", "ZALO_ZNS_ENDPOINT"], "ZALO_ZNS_ENDPOINT"],
      ["ESMS_", ["ESMS_API_KEY", "ESMS_SECRET_KEY", "ESMS_BRANDNAME", "ESMS_ENDPOINT"], "ESMS_ENDPOINT"],
    ] as const;
    for (const [prefix, keys, endpointKey] of providers) {
      const missing = keys.filter((k) => !c[k]);
      if (missing.length > 0 && missing.length < keys.length) {
        const others = missing.slice(1);
        ctx.addIssue({ code: "custom", path: [missing[0]!], message: `is required when any ${prefix} setting is set (all or none)${others.length ? `; also missing: ${others.join(", ")}` : ""}` });
      }
      const endpoint = c[endpointKey];
      if (endpoint && c.NODE_ENV === "production" && !endpoint.startsWith("https://")) {
        ctx.addIssue({ code: "custom", path: [endpointKey], message: "must be an https:// address in production" });
      }
    }
    if (c.MEILI_URL && !c.MEILI_MASTER_KEY && c.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["MEILI_MASTER_KEY"],
        message: "is required when MEILI_URL is set in production",
      });
    }
  });

export type Config = z.infer<typeof configSchema> & { dataDir: string };

/** Whether an address only this machine can reach: the only place development tools may be served. */
function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Development tools (outbox, bank simulator): development mode on a loopback address only. */
export function devToolsEnabled(config: Pick<Config, "NODE_ENV" | "HOST">): boolean {
  return config.NODE_ENV !== "production" && isLoopbackHost(config.HOST);
}

/** Demo data is seeded by default in development; in production only when SEED_DEMO=true. */
export function shouldSeedDemo(config: Pick<Config, "NODE_ENV" | "SEED_DEMO">): boolean {
  return config.SEED_DEMO ?? config.NODE_ENV !== "production";
}

export class ConfigError extends Error {}

/** One line per problem, naming the setting: `Configuration error: PORT must be a port number…`. */
function formatConfigError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `Configuration error: ${issue.path.join(".") || "environment"} ${issue.message}`)
    .join("\n");
}

/** Local disk under the data directory, or an S3-compatible bucket. */
export function mediaStorageSettings(config: Config) {
  if (config.MEDIA_STORAGE === "s3") {
    return {
      kind: "s3" as const,
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET ?? "",
      accessKeyId: config.S3_ACCESS_KEY_ID ?? "",
      secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? "",
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    };
  }
  return { kind: "local" as const, root: path.join(config.dataDir, "media") };
}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) throw new ConfigError(formatConfigError(result.error));
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) };
}
