import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { messages } from "~/i18n/messages";

/** Every source file that may name a message key (the dictionaries themselves excluded). */
function sourceText(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/^messages(-shell)?\.ts$/.test(entry.name)) files.push(full);
    }
  };
  for (const dir of ["app", "scripts", "db"]) walk(path.resolve(dir));
  return files.map((f) => readFileSync(f, "utf8")).join("\n");
}

/** Keys named literally ("key", 'key', `key`, or "key|param=…" in a validation message) or built from a literal prefix (`status.${s}`). */
function unusedKeys(keys: string[], code: string): string[] {
  const prefixes = [...code.matchAll(/`([A-Za-z0-9_.]+\.)\$\{/g)].map((m) => m[1] ?? "");
  return keys.filter((key) => {
    const named = ['"', "'", "`"].some((q) => code.includes(`${q}${key}${q}`) || code.includes(`${q}${key}|`));
    return !named && !prefixes.some((p) => key.startsWith(p));
  });
}

describe("message keys", () => {
  const code = sourceText();

  it("finds keys used literally, in validation messages and through a prefix, and reports the rest", () => {
    expect(unusedKeys(["nav.cart", "error.tooLong", "status.active", "nobody.uses.this"], code)).toEqual(["nobody.uses.this"]);
  });

  it("has no key that no page, rule or script uses", () => {
    expect(unusedKeys(Object.keys(messages), code)).toEqual([]);
  });
});
