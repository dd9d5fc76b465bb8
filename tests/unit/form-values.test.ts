import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listingSchema } from "~/catalog/listings.server";
import { optionalText, parseVndShorthand, parseWholeNumber, requiredText } from "~/lib/validation.server";
import { deliveryTermsSchema } from "~/shops/seller-terms.server";

// Issue 9 #22: stock "1.5" became 15 and price "50000.5" became 500,005.
describe("whole numbers as people type them", () => {
  it.each([
    ["50000", 50000],
    ["50.000", 50000],
    ["1.200.000", 1200000],
    ["1 200 000", 1200000],
    ["1\u00a0200", 1200],
    [" 7 ", 7],
  ])("reads %j as %d", (text, value) => {
    expect(parseWholeNumber(text)).toBe(value);
  });

  it.each(["1.5", "50000.5", "1,5", "50,000", "1.2.3", "12.34", "1.2000", "1 .000", "-5", "5e3", "0x10", "", "١٢"])("refuses %j", (text) => {
    expect(parseWholeNumber(text)).toBeNull();
  });

  it("reads money with its đồng sign, and refuses a decimal price in the listing form with a message", () => {
    expect(parseWholeNumber("120.000đ", { currency: true })).toBe(120000);
    expect(parseWholeNumber("120.000 VND", { currency: true })).toBe(120000);
    const base = { title: "Buồng chuối", unit: "buong", stock: "10" };
    const bad = listingSchema.safeParse({ ...base, priceVnd: "50000.5" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toContain("listing.errorPrice");
    const stock = listingSchema.safeParse({ ...base, priceVnd: "50.000", stock: "1.5" });
    expect(stock.error?.issues.map((i) => i.message)).toContain("listing.errorStock");
    const ok = listingSchema.safeParse({ ...base, priceVnd: "50.000", stock: "1.500", weightGrams: "14 000" });
    expect(ok.data).toMatchObject({ priceVnd: 50000, stock: 1500, weightGrams: 14000 });
    expect(deliveryTermsSchema.safeParse({ deliveryFeeVnd: "15.000" }).data?.deliveryFeeVnd).toBe(15000);
    expect(deliveryTermsSchema.safeParse({ deliveryFeeVnd: "15,5" }).success).toBe(false);
  });
});

// Issue 9 #23: names accepted U+202E and zero-width characters, so a shop name could be spoofed.
describe("names without invisible characters", () => {
  const name = z.object({ name: requiredText(80) });
  it("strips direction overrides, zero-width characters and controls, and keeps Vietnamese letters in NFC", () => {
    expect(name.parse({ name: "Vườn\u202e Chuối\u200b Bà\u200d Tư\u0007" }).name).toBe("Vườn Chuối Bà Tư");
    expect(name.parse({ name: "Vu\u031bo\u031b\u0300n" }).name).toBe("Vườn");
    expect(name.safeParse({ name: "\u200b\u202e\u2066" }).error?.issues[0]?.message).toBe("error.required");
  });
  it("keeps emoji and line breaks in longer texts, but not direction overrides", () => {
    const story = z.object({ story: optionalText(500) });
    expect(story.parse({ story: "Nhà nông 👩‍🌾\r\nChuối\u202e chín" }).story).toBe("Nhà nông 👩‍🌾\nChuối chín");
  });
});

describe("prices in the shorthand people type (issue 10 #6: “50k” was refused)", () => {
  it.each([
    ["50k", 50_000],
    ["50K", 50_000],
    ["2,5k", 2_500],
    ["120 nghìn", 120_000],
    ["80 ngàn đ", 80_000],
    ["1tr", 1_000_000],
    ["1tr2", 1_200_000],
    ["1tr25", 1_250_000],
    ["1tr250", 1_250_000],
    ["1,5tr", 1_500_000],
    ["2 triệu", 2_000_000],
  ])("reads %s as %i đồng", (text, value) => {
    expect(parseVndShorthand(text)).toBe(value);
  });

  it.each(["k", "50", "1,5tr2", "50kg", "1.2345k", "tr2", "năm mươi k"])("refuses %s", (text) => {
    expect(parseVndShorthand(text)).toBeNull();
  });
});
