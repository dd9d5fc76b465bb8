import { describe, expect, it } from "vitest";
import { unitName } from "~/catalog/taxonomy";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate } from "~/i18n/i18n";
import { placeName } from "~/lib/text";

// Issue 10 #19: "11 bunch in stock", "1 reviews", "2 hand × …", "Produce from Thành phố Hà Nội".
describe("English wording", () => {
  const en = makeTranslate(dictionaryFor("en"));
  const vi = makeTranslate(dictionaryFor("vi"));

  it("counts with the right plural, and leaves Vietnamese as it is", () => {
    expect(en("review.summary", { avg: 4.5, n: 1 })).toBe("4.5/5 stars · 1 review");
    expect(en("review.summary", { avg: 4.5, n: 3 })).toBe("4.5/5 stars · 3 reviews");
    expect(en("checkout.place", { n: 1 })).toBe("Place 1 order");
    expect(en("checkout.place", { n: 2 })).toBe("Place 2 orders");
    expect(en("list.count", { count: 0 })).toBe("0 products");
    expect(vi("review.summary", { avg: 4.5, n: 3 })).toBe("4.5/5 sao · 3 đánh giá");
  });

  it("names units in the plural when there are several, in English only", () => {
    expect(en("product.inStock", { stock: 11, unit: unitName("buong", "en", 11) })).toBe("11 bunches in stock");
    expect(en("product.inStock", { stock: 1, unit: unitName("buong", "en", 1) })).toBe("1 bunch in stock");
    expect(`2 ${unitName("nai", "en", 2)}`).toBe("2 hands");
    expect(`3 ${unitName("kg", "en", 3)}`).toBe("3 kg");
    expect(`2 ${unitName("nai", "vi", 2)}`).toBe("2 nải");
  });

  it("puts the administrative word after a place's name in English", () => {
    expect(en("floor.title", { name: placeName("Thành phố Hà Nội", "en") })).toBe("Hà Nội City trade floor");
    expect(en("floor.stars", { count: 1 })).toBe("1 star");
    expect(en("floor.farmsCoops", { farms: 3, coops: 1 })).toBe("3 farms · 1 co-op");
    expect(placeName("Phường Bình Phước", "en")).toBe("Bình Phước Ward");
    expect(placeName("Đồng Nai", "en")).toBe("Đồng Nai");
    expect(placeName("Thành phố Hà Nội", "vi")).toBe("Thành phố Hà Nội");
  });
});
