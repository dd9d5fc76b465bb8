import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "~/config.server";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate, translateIssue } from "~/i18n/i18n";
import { messages } from "~/i18n/messages";

describe("messages", () => {
  it("has a non-empty Vietnamese and English text for every key", () => {
    for (const [key, text] of Object.entries(messages)) {
      expect(text.vi.trim(), key).not.toBe("");
      expect(text.en.trim(), key).not.toBe("");
    }
  });

  it("uses the same parameters in both languages", () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(messages)) expect(params(text.en), key).toEqual(params(text.vi));
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
    [{ NODE_ENV: "production" }, "Configuration error: SESSION_SECRET is required in production"],
    [{ SESSION_SECRET: "short" }, "Configuration error: SESSION_SECRET must be at least 32 characters"],
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
