import { csvDocument } from "~/lib/csv";
import { sql } from "kysely";
import type { DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { unitName } from "~/catalog/taxonomy";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate, type Locale } from "~/i18n/i18n";
import { ForbiddenError, isCalendarDay } from "~/lib/validation.server";
import { vietnamDay } from "~/lib/dates";

/** Orders that count as sales: taken by the co-op and not ended early. */
export const SOLD = ["paid", "confirmed", "accepted", "packed", "shipped", "delivered", "completed"] as const;

export interface ReportPeriod {
  from: string; // YYYY-MM-DD, Vietnam time, inclusive
  to: string;
}

function defaultPeriod(now = new Date()): ReportPeriod {
  return { from: vietnamDay(new Date(now.getTime() - 29 * 86_400_000)), to: vietnamDay(now) };
}

export function parsePeriod(from: string | null, to: string | null): { period: ReportPeriod; valid: boolean } {
  const ok = isCalendarDay;
  if (from === null && to === null) return { period: defaultPeriod(), valid: true };
  if (!ok(from) || !ok(to) || from! > to!) return { period: defaultPeriod(), valid: false };
  return { period: { from: from!, to: to! }, valid: true };
}

/**
 * Sales of a co-op per member and per product in a period, and what it owes each member: the
 * goods' value of orders whose money has come in (transfer received or cash collected).
 * Delivery fees stay with the co-op, which delivers. Only the co-op's manager may see it.
 */
export async function cooperativeReport(db: DbOrTx, manager: PublicUser, period: ReportPeriod) {
  const coop = await db.selectFrom("cooperatives").select(["id", "name"]).where("manager_id", "=", manager.id).executeTakeFirst();
  if (!coop) throw new ForbiddenError();
  const rows = await db
    .selectFrom("order_items as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .innerJoin("shops as s", "s.id", "i.producer_shop_id")
    .select([
      "s.id as shop_id",
      "s.name as member",
      "i.product_id",
      "i.title",
      "i.unit",
      // What really went: a line shipped in part counts what was sent (the rest went back to the buyer).
      sql<string>`sum(coalesce(i.shipped_quantity, i.quantity))`.as("units"),
      sql<string>`sum(coalesce(i.shipped_quantity, i.quantity) * i.unit_price_vnd)`.as("sales"),
      sql<string>`sum(case when o.paid_at is not null then coalesce(i.shipped_quantity, i.quantity) * i.unit_price_vnd else 0 end)`.as("owed"),
    ])
    .where("o.seller_cooperative_id", "=", coop.id)
    .where("o.status", "in", [...SOLD])
    .where(sql`(o.created_at at time zone 'Asia/Ho_Chi_Minh')::date`, ">=", period.from)
    .where(sql`(o.created_at at time zone 'Asia/Ho_Chi_Minh')::date`, "<=", period.to)
    .groupBy(["s.id", "s.name", "i.product_id", "i.title", "i.unit"])
    .orderBy("s.name")
    .orderBy("i.title")
    .execute();
  const members = new Map<string, { member: string; sales: bigint; owed: bigint; units: number }>();
  for (const r of rows) {
    const m = members.get(r.shop_id) ?? { member: r.member, sales: 0n, owed: 0n, units: 0 };
    m.sales += BigInt(r.sales);
    m.owed += BigInt(r.owed);
    m.units += Number(r.units);
    members.set(r.shop_id, m);
  }
  return {
    coop: coop.name,
    products: rows.map((r) => ({ member: r.member, title: r.title, unit: r.unit, units: Number(r.units), sales: BigInt(r.sales), owed: BigInt(r.owed) })),
    members: [...members.values()].sort((a, b) => (b.sales > a.sales ? 1 : b.sales < a.sales ? -1 : 0)),
  };
}

/** CSV for a spreadsheet: one row per member and product; amounts are integer đồng. */
export function reportCsv(report: Pick<Awaited<ReturnType<typeof cooperativeReport>>, "products">, locale?: Locale): string {
  const t = locale ? makeTranslate(dictionaryFor(locale)) : null;
  // Column names in the manager's language; amounts are whole đồng.
  const header = t
    ? [t("report.member"), t("report.product"), t("report.unitColumn"), t("report.units"), `${t("report.sales")} (VND)`, `${t("report.owed")} (VND)`]
    : ["member", "product", "unit", "units", "sales_vnd", "owed_vnd"];
  return csvDocument([header, ...report.products.map((p) => [p.member, p.title, locale ? unitName(p.unit, locale) : p.unit, p.units, p.sales, p.owed])]);
}
