/** Categories buyers browse by. Slugs are stable (URLs, filters); names are shown. */
export const CATEGORIES = [
  { slug: "trai-cay", vi: "Trái cây", en: "Fruit" },
  { slug: "rau-cu", vi: "Rau củ", en: "Vegetables" },
  { slug: "gao-ngu-coc", vi: "Gạo & ngũ cốc", en: "Rice & grains" },
  { slug: "ca-phe-tra", vi: "Cà phê & trà", en: "Coffee & tea" },
  { slug: "hat-gia-vi", vi: "Hạt & gia vị", en: "Nuts & spices" },
  { slug: "mat-ong", vi: "Mật ong", en: "Honey" },
  { slug: "thuy-hai-san-kho", vi: "Thủy hải sản khô", en: "Dried seafood" },
  { slug: "dac-san-ocop", vi: "Đặc sản OCOP", en: "OCOP specialties" },
  { slug: "thit-trung-sua", vi: "Thịt, trứng & sữa", en: "Meat, eggs & dairy" },
  { slug: "banh-keo-mut", vi: "Bánh, kẹo & mứt", en: "Sweets & preserves" },
  { slug: "khac", vi: "Khác", en: "Other" },
] as const;
export type CategorySlug = (typeof CATEGORIES)[number]["slug"];

/** How farm goods are sold, with a typical shipping weight per unit in grams. */
export const UNITS = [
  { code: "kg", vi: "kg", en: "kg", enPlural: "kg", grams: 1000 },
  { code: "buong", vi: "buồng", en: "bunch", enPlural: "bunches", grams: 12000 },
  { code: "nai", vi: "nải", en: "hand", enPlural: "hands", grams: 1500 },
  { code: "qua", vi: "quả", en: "piece", enPlural: "pieces", grams: 600 },
  { code: "bo", vi: "bó", en: "bundle", enPlural: "bundles", grams: 300 },
  { code: "hop", vi: "hộp", en: "box", enPlural: "boxes", grams: 1000 },
  { code: "chai", vi: "chai", en: "bottle", enPlural: "bottles", grams: 800 },
  { code: "tui", vi: "túi", en: "bag", enPlural: "bags", grams: 500 },
  { code: "goi", vi: "gói", en: "pack", enPlural: "packs", grams: 300 },
  { code: "hu", vi: "hũ", en: "jar", enPlural: "jars", grams: 500 },
] as const;
export type UnitCode = (typeof UNITS)[number]["code"];

export const CATEGORY_SLUGS = CATEGORIES.map((c) => c.slug) as [CategorySlug, ...CategorySlug[]];
export const UNIT_CODES = UNITS.map((u) => u.code) as [UnitCode, ...UnitCode[]];

export function categoryName(slug: string, locale: "vi" | "en"): string {
  return CATEGORIES.find((c) => c.slug === slug)?.[locale] ?? slug;
}

const englishPlural = new Intl.PluralRules("en");

/** A unit's name; in English plural when `count` calls for it ("11 bunches", "1 bunch"). Vietnamese has one form. */
export function unitName(code: string, locale: "vi" | "en", count = 1): string {
  const unit = UNITS.find((u) => u.code === code);
  if (!unit) return code;
  if (locale === "vi") return unit.vi;
  return englishPlural.select(count) === "one" ? unit.en : unit.enPlural;
}

export function defaultWeightGrams(unit: string): number {
  return UNITS.find((u) => u.code === unit)?.grams ?? 1000;
}
