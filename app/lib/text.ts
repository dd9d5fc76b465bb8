/** Lower-case ASCII slug from Vietnamese text: "Vườn Chuối Bà Tư" → "vuon-chuoi-ba-tu". */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

/** Tone-mark-insensitive form used for matching what people type without accents. */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}

/**
 * A weight as people read it: grams below a kilo, kilos above ("14 kg", "1,5 kg" in Vietnamese,
 * "1.5 kg" in English), never "14000 g".
 */
export function formatWeight(grams: number, locale: "vi" | "en"): string {
  if (grams < 1000) return `${grams} g`;
  const kg = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 2 }).format(grams / 1000);
  return `${kg} kg`;
}

/**
 * A place's name for the reader: Vietnamese as written; in English the administrative word moves
 * behind the name and is translated ("Thành phố Hà Nội" → "Hà Nội City", "Phường Bình Phước" →
 * "Bình Phước Ward").
 */
export function placeName(name: string, locale: "vi" | "en"): string {
  if (locale === "vi") return name;
  const prefixes: [string, string][] = [["Thành phố ", "City"], ["Tỉnh ", "Province"], ["Phường ", "Ward"], ["Xã ", "Commune"], ["Đặc khu ", "Special Zone"]];
  for (const [vi, en] of prefixes) if (name.startsWith(vi)) return `${name.slice(vi.length)} ${en}`;
  return name;
}
