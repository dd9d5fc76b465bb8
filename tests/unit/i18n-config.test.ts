import { describe, expect, it } from "vitest";
import { ConfigError, devToolsEnabled, parseConfig, shouldSeedDemo } from "~/config.server";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate, pluralPattern, translateIssue } from "~/i18n/i18n";
import { messages } from "~/i18n/messages";
import { FieldError } from "~/lib/validation.server";

describe("messages", () => {
  it("has a non-empty Vietnamese and English text for every key", () => {
    for (const [key, text] of Object.entries(messages)) {
      expect(text.vi.trim(), key).not.toBe("");
      expect(text.en.trim(), key).not.toBe("");
    }
  });

  it("uses the same parameters in both languages", () => {
    // A plural form counts as its parameter: `{n, plural, one {# star} other {# stars}}` uses n.
    const params = (s: string) => [...s.replace(pluralPattern, "{$1}").matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(messages)) expect(params(text.en), key).toEqual(params(text.vi));
  });

  it("writes every English plural with the number in both forms", () => {
    for (const [key, text] of Object.entries(messages)) {
      const leftover = text.en.replace(pluralPattern, "");
      expect(leftover, `${key}: a plural the formatter would not read`).not.toMatch(/plural/);
      for (const m of text.en.matchAll(pluralPattern)) expect([m[2], m[3]].every((form) => form?.includes("#")), key).toBe(true);
    }
    const en = makeTranslate(dictionaryFor("en"));
    expect(en("review.summary", { avg: "4.5", n: 1 })).toBe("4.5/5 stars · 1 review");
    expect(en("review.summary", { avg: "4.5", n: 3 })).toBe("4.5/5 stars · 3 reviews");
  });

  it("keeps a name with | or = intact inside a message (issue 11: they split the parameters)", () => {
    const vi = makeTranslate(dictionaryFor("vi"));
    const error = new FieldError("", "checkout.error.short", { title: "Chuối | loại=1 100%", n: 2 });
    expect(translateIssue(vi, error.issue)).toBe("“Chuối | loại=1 100%” chỉ còn 2. Chưa có đơn nào được tạo; hãy giảm số lượng.");
  });

  it("translates validation issues with parameters", () => {
    const vi = makeTranslate(dictionaryFor("vi"));
    const en = makeTranslate(dictionaryFor("en"));
    expect(translateIssue(vi, "error.tooLong|max=80")).toBe("Dài tối đa 80 ký tự.");
    expect(translateIssue(en, "error.tooLong|max=80")).toBe("At most 80 characters.");
    expect(translateIssue(en, "error.phoneInvalid")).toContain("not a valid Vietnamese mobile number");
    expect(translateIssue(en, "not a key")).toBe("not a key");
  });
});

describe("configuration", () => {
  it("seeds demo data and opens development tools only in development on loopback (issue 9 #1, #11)", () => {
    expect(shouldSeedDemo(parseConfig({}))).toBe(true);
    expect(shouldSeedDemo(parseConfig({ NODE_ENV: "production", PUBLIC_URL: "https://vuonnha.vn", SESSION_SECRET: "s".repeat(32), STAMP_SECRET: "t".repeat(32) }))).toBe(false);
    expect(devToolsEnabled(parseConfig({}))).toBe(true);
    expect(devToolsEnabled(parseConfig({ HOST: "::1" }))).toBe(true);
    // NODE_ENV unset on a public address: the outbox used to show everyone's reset codes.
    expect(devToolsEnabled(parseConfig({ HOST: "0.0.0.0" }))).toBe(false);
    expect(devToolsEnabled(parseConfig({ HOST: "203.0.113.5" }))).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseConfig({}).TRUST_PROXY).toBe(0);
  });

  it("has working defaults", () => {
    const config = parseConfig({});
    expect(config.NODE_ENV).toBe("development");
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.RUN_WORKER).toBe(true);
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it.each([
    [{ PORT: "abc" }, "Configuration error: PORT must be a port number"],
    [{ PORT: "70000" }, "Configuration error: PORT must be a port number"],
    [{ DATABASE_URL: "mysql://x" }, "Configuration error: DATABASE_URL must be a URL starting with postgres:"],
    [{ MEILI_URL: "not a url" }, "Configuration error: MEILI_URL must be a URL"],
    [{ RUN_WORKER: "maybe" }, "Configuration error: RUN_WORKER must be true or false"],
    [{ NODE_ENV: "production", PUBLIC_URL: "https://vuonnha.vn", STAMP_SECRET: "t".repeat(32) }, "Configuration error: SESSION_SECRET is required in production"],
    [{ NODE_ENV: "production", SESSION_SECRET: "s".repeat(32), STAMP_SECRET: "t".repeat(32) }, "Configuration error: PUBLIC_URL is required in production"],
    [{ HOST: "0.0.0.0", SHOW_DEV_OUTBOX: "yes" }, "Configuration error: SHOW_DEV_OUTBOX can only be on in development on a loopback HOST"],
    [{ TRUST_PROXY: "all" }, "Configuration error: TRUST_PROXY must be false, true (one proxy) or the number of proxies"],
    [{ SESSION_SECRET: "short" }, "Configuration error: SESSION_SECRET must be at least 32 characters"],
    [{ NODE_ENV: "production", PUBLIC_URL: "https://vuonnha.vn", SESSION_SECRET: "s".repeat(32) }, "Configuration error: STAMP_SECRET is required in production"],
    [{ MOMO_PARTNER_CODE: "MOMOABC" }, "Configuration error: MOMO_ACCESS_KEY is required when any MOMO_ setting is set (all or none)"],
    [
      { NODE_ENV: "production", PUBLIC_URL: "https://vuonnha.vn", SESSION_SECRET: "s".repeat(32), STAMP_SECRET: "t".repeat(32), MOMO_PARTNER_CODE: "P", MOMO_ACCESS_KEY: "A", MOMO_SECRET_KEY: "k".repeat(32), MOMO_ENDPOINT: "http://payment.momo.vn" },
      "Configuration error: MOMO_ENDPOINT must be an https:// address in production",
    ],
    [{ STRIPE_SECRET_KEY: "sk_test_abcdefgh12345678" }, "Configuration error: STRIPE_WEBHOOK_SECRET is required when any STRIPE_ setting is set (all or none)"],
    [{ STRIPE_SECRET_KEY: "pk_test_abcdefgh12345678", STRIPE_WEBHOOK_SECRET: "whsec_abcdefgh12345678" }, "Configuration error: STRIPE_SECRET_KEY must be a Stripe secret or restricted key"],
    [
      { NODE_ENV: "production", PUBLIC_URL: "https://vuonnha.vn", SESSION_SECRET: "s".repeat(32), STAMP_SECRET: "t".repeat(32), STRIPE_SECRET_KEY: "sk_live_abcdefgh12345678", STRIPE_WEBHOOK_SECRET: "whsec_abcdefgh12345678", STRIPE_API_URL: "http://api.stripe.com" },
      "Configuration error: STRIPE_API_URL must be an https:// address in production",
    ],
    [{ ZALO_APP_ID: "4316839461270000001" }, "Configuration error: ZALO_SECRET_KEY is required when any ZALO_ setting is set (all or none); also missing: ZALO_REFRESH_TOKEN, ZALO_ZNS_TEMPLATES, ZALO_ZNS_ENDPOINT"],
    [
      { ZALO_APP_ID: "4316839461270000001", ZALO_SECRET_KEY: "k".repeat(20), ZALO_REFRESH_TOKEN: "r".repeat(40), ZALO_ZNS_ENDPOINT: "https://business.openapi.zalo.me", ZALO_ZNS_TEMPLATES: "new_order:301234,new_ordr:301235" },
      "Configuration error: ZALO_ZNS_TEMPLATES must list approved templates as kind:id pairs",
    ],
    [{ ESMS_API_KEY: "key-12345678", ESMS_SECRET_KEY: "secret-12345678", ESMS_ENDPOINT: "https://rest.esms.vn" }, "Configuration error: ESMS_BRANDNAME is required when any ESMS_ setting is set (all or none)"],
    [
      { NODE_ENV: "production", PUBLIC_URL: "https://vuonnha.vn", SESSION_SECRET: "s".repeat(32), STAMP_SECRET: "t".repeat(32), ESMS_API_KEY: "key-12345678", ESMS_SECRET_KEY: "secret-12345678", ESMS_BRANDNAME: "VuonNha", ESMS_ENDPOINT: "http://rest.esms.vn" },
      "Configuration error: ESMS_ENDPOINT must be an https:// address in production",
    ],
  ])("refuses %o with one clear line", (env, expected) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    try {
      parseConfig(env);
    } catch (error) {
      expect((error as Error).message).toContain(expected);
      expect((error as Error).message.split("\n")).toHaveLength(1);
    }
  });
});
