/**
 * Every date a person reads goes through here, so one kind of date looks the same on every page
 * (issue 10 #20 found "07:45 23/11/26", "07:45:32 23/11/2026" and "2026-11-23" side by side).
 * Two styles: a moment (when something happened or must happen, to the minute, Vietnam time) and
 * a day (a calendar day: harvest, review, a report's period). Intl rather than a date library:
 * it already knows both languages' orders and the browser carries it for free.
 */
const VIETNAM_TIME_ZONE = "Asia/Ho_Chi_Minh";

type Locale = "vi" | "en";
const tag = (locale: Locale) => (locale === "vi" ? "vi-VN" : "en-GB");

const momentFormats = new Map<Locale, Intl.DateTimeFormat>();
const dayFormats = new Map<Locale, Intl.DateTimeFormat>();

/** "07:45 23/11/2026" in Vietnamese, "23 Nov 2026, 07:45" in English; Vietnam time. */
export function formatMoment(value: string | Date, locale: Locale): string {
  let format = momentFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(tag(locale), {
      timeZone: VIETNAM_TIME_ZONE,
      day: locale === "vi" ? "2-digit" : "numeric",
      month: locale === "vi" ? "2-digit" : "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    momentFormats.set(locale, format);
  }
  const date = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? "" : format.format(date);
}

/**
 * A calendar day, given as "YYYY-MM-DD" (as PostgreSQL dates arrive) or as a moment, read as its
 * day in Vietnam: "23/11/2026" in Vietnamese, "23 Nov 2026" in English. Anything else gives "".
 */
export function formatDay(value: string | Date, locale: Locale): string {
  const day = typeof value === "string" ? value : vietnamDay(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return "";
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(tag(locale), { timeZone: "UTC", day: locale === "vi" ? "2-digit" : "numeric", month: locale === "vi" ? "2-digit" : "short", year: "numeric" });
    dayFormats.set(locale, format);
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // Date.UTC rolls "2026-13-45" over into 2027; a day that does not exist is not shown.
  if (date.toISOString().slice(0, 10) !== day) return "";
  return format.format(date);
}

/** The calendar day a moment falls on in Vietnam, as "YYYY-MM-DD" (for links, filters, storage). */
export function vietnamDay(value: Date = new Date()): string {
  return value.toLocaleDateString("en-CA", { timeZone: VIETNAM_TIME_ZONE });
}
