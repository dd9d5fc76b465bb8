import { sql } from "kysely";
import type { DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { normalizePhone } from "~/accounts/phone";
import { categoryName } from "~/catalog/taxonomy";
import { getProvince, getWard, listProvinces } from "~/geo/address.server";
import type { Translate } from "~/i18n/i18n";
import { csvDocument } from "~/lib/csv";
import { placeName } from "~/lib/text";
import { FieldError, ForbiddenError } from "~/lib/validation.server";
import { SOLD, type ReportPeriod } from "~/orders/report.server";

/**
 * A province's sales for its officer (issue 15): what its farms and co-ops sold in a period, by
 * category, ward and OCOP star, its best sellers, how many buyers came back, and how long each
 * courier took. Sales are the orders a stall took and did not end early (as in the co-op report),
 * counted on the day they were placed; a line shipped in part counts what was sent. Only
 * aggregates leave here: no buyer's name, phone or address.
 */

/** A period's Vietnamese days as the moments they start and end: index range scans, not casts. */
function periodRange(period: ReportPeriod): { from: Date; until: Date } {
  const until = new Date(`${period.to}T00:00:00+07:00`);
  until.setUTCDate(until.getUTCDate() + 1);
  return { from: new Date(`${period.from}T00:00:00+07:00`), until };
}

function soldOrders(db: DbOrTx, provinceCode: string, period: ReportPeriod) {
  const { from, until } = periodRange(period);
  return db
    .selectFrom("orders as o")
    .where("o.seller_province_code", "=", provinceCode)
    .where("o.created_at", ">=", from)
    .where("o.created_at", "<", until)
    .where("o.status", "in", [...SOLD]);
}

const OCOP_STARS = sql<number>`coalesce(c.ocop_stars, 0)`;

/** One breakdown row: orders it appears in, and the goods' value in integer đồng. */
export interface SalesRow {
  key: string;
  orders: number;
  value: bigint;
}

/**
 * The dashboard's queries, one per figure, so the bench can time each. The breakdowns (category,
 * ward, OCOP stars, best sellers) are one statement over the period's lines.
 */
export function provinceSalesQueries(db: DbOrTx, provinceCode: string, period: ReportPeriod) {
  // The period's lines are read once. Amounts add up per product first (a few thousand rows), and
  // each breakdown sums those; its orders are counted apart from its distinct (key, order) pairs,
  // hashed rather than sorted, so an order counts once however many of its lines share the key.
  const breakdowns = db
    .with("lines", () =>
      soldOrders(db, provinceCode, period)
        .innerJoin("order_items as i", "i.order_id", "o.id")
        .leftJoin("product_claims as c", (j) => j.onRef("c.product_id", "=", "i.product_id").on("c.kind", "=", "ocop").on("c.status", "=", "verified"))
        .select([
          "o.id as order_id",
          "i.product_id",
          "i.category",
          "i.origin_ward_code as ward",
          OCOP_STARS.as("stars"),
          sql<number>`coalesce(i.shipped_quantity, i.quantity)`.as("units"),
          sql<string>`coalesce(i.shipped_quantity, i.quantity) * i.unit_price_vnd`.as("value"),
        ]),
    )
    .with("by_product", (w) =>
      // One line per order and product (the order's key), so its count is the orders.
      w
        .selectFrom("lines")
        .select(["product_id", "category", "ward", "stars", sql<string>`count(*)`.as("orders"), sql<string>`sum(units)`.as("units"), sql<string>`sum(value)`.as("value")])
        .groupBy(["product_id", "category", "ward", "stars"]),
    )
    .with("top_ids", (w) => w.selectFrom("by_product").selectAll().orderBy("value", "desc").orderBy("product_id").limit(10))
    .with("top", (w) =>
      // Joined to products after the cut: ten lookups, not a scan of the catalogue.
      w
        .selectFrom("top_ids as b")
        .innerJoin("products as p", "p.id", "b.product_id")
        .select([
          sql<string>`'product'`.as("breakdown"),
          sql<string>`b.product_id::text`.as("key"),
          sql<string | null>`p.title`.as("title"),
          sql<string | null>`p.slug`.as("slug"),
          sql<string | null>`p.unit`.as("unit"),
          "b.orders",
          "b.units",
          "b.value",
        ]),
    )
    .selectFrom("top")
    .selectAll()
    .unionAll((eb) =>
      eb
        .selectFrom("by_product as b")
        .innerJoin(
          (inner) =>
            inner
              .selectFrom((pairs) => pairs.selectFrom("lines").select(["category", "order_id"]).groupBy(["category", "order_id"]).as("pairs"))
              .select(["category", sql<string>`count(*)`.as("orders")])
              .groupBy("category")
              .as("o"),
          (j) => j.onRef("o.category", "=", "b.category"),
        )
        .select([
          sql<string>`'category'`.as("breakdown"),
          sql<string>`b.category::text`.as("key"),
          sql<string | null>`null`.as("title"),
          sql<string | null>`null`.as("slug"),
          sql<string | null>`null`.as("unit"),
          sql<string>`min(o.orders)`.as("orders"),
          sql<string>`sum(b.units)`.as("units"),
          sql<string>`sum(b.value)`.as("value"),
        ])
        .groupBy("b.category"),
    )
    .unionAll((eb) =>
      eb
        .selectFrom("by_product as b")
        .innerJoin(
          (inner) =>
            inner
              .selectFrom((pairs) => pairs.selectFrom("lines").select(["ward", "order_id"]).groupBy(["ward", "order_id"]).as("pairs"))
              .select(["ward", sql<string>`count(*)`.as("orders")])
              .groupBy("ward")
              .as("o"),
          (j) => j.onRef("o.ward", "=", "b.ward"),
        )
        .select([
          sql<string>`'ward'`.as("breakdown"),
          sql<string>`b.ward::text`.as("key"),
          sql<string | null>`null`.as("title"),
          sql<string | null>`null`.as("slug"),
          sql<string | null>`null`.as("unit"),
          sql<string>`min(o.orders)`.as("orders"),
          sql<string>`sum(b.units)`.as("units"),
          sql<string>`sum(b.value)`.as("value"),
        ])
        .groupBy("b.ward"),
    )
    .unionAll((eb) =>
      eb
        .selectFrom("by_product as b")
        .innerJoin(
          (inner) =>
            inner
              .selectFrom((pairs) => pairs.selectFrom("lines").select(["stars", "order_id"]).groupBy(["stars", "order_id"]).as("pairs"))
              .select(["stars", sql<string>`count(*)`.as("orders")])
              .groupBy("stars")
              .as("o"),
          (j) => j.onRef("o.stars", "=", "b.stars"),
        )
        .select([
          sql<string>`'stars'`.as("breakdown"),
          sql<string>`b.stars::text`.as("key"),
          sql<string | null>`null`.as("title"),
          sql<string | null>`null`.as("slug"),
          sql<string | null>`null`.as("unit"),
          sql<string>`min(o.orders)`.as("orders"),
          sql<string>`sum(b.units)`.as("units"),
          sql<string>`sum(b.value)`.as("value"),
        ])
        .groupBy("b.stars"),
    );
  const totals = soldOrders(db, provinceCode, period).select([
    (eb) => eb.fn.countAll<string>().as("orders"),
    sql<string>`coalesce(sum(o.items_total_vnd), 0)`.as("value"),
    sql<string>`count(distinct o.buyer_id)`.as("buyers"),
  ]);
  // A buyer comes back when she had bought from this province's stalls before the order in the period.
  const buyers = db
    .with("period_buyers", () => soldOrders(db, provinceCode, period).select(["o.buyer_id", sql<Date>`min(o.created_at)`.as("first_in_period"), sql<string>`count(*)`.as("n")]).groupBy("o.buyer_id"))
    .selectFrom("period_buyers as b")
    .select([
      (eb) => eb.fn.countAll<string>().as("buyers"),
      sql<string>`count(*) filter (where b.n > 1 or exists (
          select 1 from orders e where e.seller_province_code = ${provinceCode} and e.buyer_id = b.buyer_id
            and e.created_at < b.first_in_period and e.status in (${sql.join([...SOLD])})))`.as("returning"),
    ]);
  // From handing the parcel over to the buyer having it, per courier, for orders delivered.
  const couriers = soldOrders(db, provinceCode, period)
    .innerJoin("shipments as s", (j) => j.onRef("s.order_id", "=", "o.id").on("s.status", "<>", "cancelled"))
    .where("o.delivered_at", "is not", null)
    .select([
      "s.courier",
      (eb) => eb.fn.countAll<string>().as("delivered"),
      sql<number>`percentile_cont(0.5) within group (order by extract(epoch from o.delivered_at - s.created_at) / 3600)`.as("median_hours"),
      sql<number>`percentile_cont(0.9) within group (order by extract(epoch from o.delivered_at - s.created_at) / 3600)`.as("p90_hours"),
    ])
    .groupBy("s.courier")
    .orderBy("delivered", "desc");
  return { breakdowns, totals, buyers, couriers };
}

export async function provinceSales(db: DbOrTx, provinceCode: string, period: ReportPeriod) {
  const q = provinceSalesQueries(db, provinceCode, period);
  const [totals, breakdowns, buyers, couriers] = await Promise.all([q.totals.executeTakeFirstOrThrow(), q.breakdowns.execute(), q.buyers.executeTakeFirstOrThrow(), q.couriers.execute()]);
  const of = (breakdown: string): SalesRow[] =>
    breakdowns
      .filter((r) => r.breakdown === breakdown)
      .map((r) => ({ key: r.key, orders: Number(r.orders), value: BigInt(r.value) }))
      .sort((x, y) => (y.value > x.value ? 1 : y.value < x.value ? -1 : x.key.localeCompare(y.key)));
  const buyerCount = Number(buyers.buyers);
  return {
    orders: Number(totals.orders),
    value: BigInt(totals.value),
    buyers: buyerCount,
    returningBuyers: Number(buyers.returning),
    /** Share of the period's buyers who had bought here before, 0–1 (0 with no buyers). */
    returningShare: buyerCount ? Number(buyers.returning) / buyerCount : 0,
    byCategory: of("category"),
    byWard: of("ward"),
    // Most stars first, those without OCOP last.
    byStars: of("stars").sort((a, b) => Number(b.key) - Number(a.key)),
    top: breakdowns
      .filter((r) => r.breakdown === "product")
      .sort((x, y) => (BigInt(y.value) > BigInt(x.value) ? 1 : BigInt(y.value) < BigInt(x.value) ? -1 : 0))
      .map((r) => ({ productId: r.key, title: r.title ?? "", slug: r.slug ?? "", unit: r.unit ?? "", units: Number(r.units), orders: Number(r.orders), value: BigInt(r.value) })),
    couriers: couriers.map((r) => ({ courier: r.courier, delivered: Number(r.delivered), medianHours: Number(r.median_hours), p90Hours: Number(r.p90_hours) })),
  };
}
export type ProvinceSales = Awaited<ReturnType<typeof provinceSales>>;

/** The same figures as rows for a spreadsheet, in the officer's language; amounts in whole đồng. */
export function provinceSalesCsv(sales: ProvinceSales, t: Translate, locale: "vi" | "en", courierName: (id: string) => string): string {
  const rows: Array<Array<string | number | bigint>> = [[t("floor.csvSection"), t("floor.csvItem"), t("floor.orders"), `${t("floor.value")} (VND)`]];
  rows.push([t("floor.total"), "", sales.orders, sales.value]);
  for (const r of sales.byCategory) rows.push([t("floor.byCategory"), categoryName(r.key, locale), r.orders, r.value]);
  for (const r of sales.byWard) rows.push([t("floor.byWard"), placeName(getWard(r.key)?.name ?? r.key, locale), r.orders, r.value]);
  for (const r of sales.byStars) rows.push([t("floor.byStars"), r.key === "0" ? t("floor.noOcop") : t("floor.stars", { count: Number(r.key) }), r.orders, r.value]);
  for (const r of sales.top) rows.push([t("floor.topProducts"), r.title, r.orders, r.value]);
  rows.push([t("floor.returningBuyers"), `${sales.returningBuyers}/${sales.buyers}`, "", ""]);
  rows.push([]);
  rows.push([t("floor.courier"), t("floor.delivered"), t("floor.medianHours"), t("floor.p90Hours")]);
  for (const c of sales.couriers) rows.push([courierName(c.courier), c.delivered, c.medianHours.toFixed(1), c.p90Hours.toFixed(1)]);
  return csvDocument(rows);
}

/** The comparison's queries, one per column group, so the bench can time each. */
export function provincesComparedQueries(db: DbOrTx, period: ReportPeriod) {
  const { from, until } = periodRange(period);
  return {
    products: db.selectFrom("products").select(["origin_province_code as code", (eb) => eb.fn.countAll<string>().as("n")]).where("status", "in", ["active", "sold_out"]).groupBy("origin_province_code"),
    ocop: db
      .selectFrom("products as p")
      .innerJoin("product_claims as c", (j) => j.onRef("c.product_id", "=", "p.id").on("c.kind", "=", "ocop").on("c.status", "=", "verified"))
      .select(["p.origin_province_code as code", (eb) => eb.fn.countAll<string>().as("n")])
      .where("p.status", "in", ["active", "sold_out"])
      .groupBy("p.origin_province_code"),
    farms: db.selectFrom("shops").select(["province_code as code", (eb) => eb.fn.countAll<string>().as("n")]).groupBy("province_code"),
    coops: db.selectFrom("cooperatives").select(["province_code as code", (eb) => eb.fn.countAll<string>().as("n")]).groupBy("province_code"),
    // One index range per province (orders_province_created_idx), not a scan of every order.
    sales: db
      .selectFrom(sql<{ code: string }>`(select unnest(${sql.val(listProvinces().map((p) => p.code))}::text[]) as code)`.as("province"))
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("orders as o")
            .select([(e) => e.fn.countAll<string>().as("orders"), sql<string>`coalesce(sum(o.items_total_vnd), 0)`.as("value"), sql<string>`count(o.delivered_at)`.as("delivered")])
            .whereRef("o.seller_province_code", "=", sql.ref("province.code"))
            .where("o.created_at", ">=", from)
            .where("o.created_at", "<", until)
            .where("o.status", "in", [...SOLD])
            .as("s"),
        (j) => j.onTrue(),
      )
      .select(["province.code", "s.orders", "s.value", "s.delivered"])
      .where("s.orders", ">", "0"),
  };
}

/** Every province with a stall, side by side: for the admin's overview. */
export async function provincesCompared(db: DbOrTx, period: ReportPeriod) {
  const q = provincesComparedQueries(db, period);
  const [products, ocop, farms, coops, sales] = await Promise.all([q.products.execute(), q.ocop.execute(), q.farms.execute(), q.coops.execute(), q.sales.execute()]);
  const count = (rows: Array<{ code: string; n: string }>) => new Map(rows.map((r) => [r.code, Number(r.n)]));
  const [p, o, f, c] = [count(products), count(ocop), count(farms), count(coops)];
  const s = new Map(sales.map((r) => [r.code, r]));
  const codes = new Set([...p.keys(), ...f.keys(), ...c.keys(), ...s.keys()]);
  return [...codes]
    .map((code) => ({
      code,
      name: getProvince(code)?.name ?? code,
      farms: f.get(code) ?? 0,
      coops: c.get(code) ?? 0,
      products: p.get(code) ?? 0,
      ocop: o.get(code) ?? 0,
      orders: Number(s.get(code)?.orders ?? 0),
      delivered: Number(s.get(code)?.delivered ?? 0),
      value: BigInt(s.get(code)?.value ?? 0),
    }))
    .sort((a, b) => (b.value > a.value ? 1 : b.value < a.value ? -1 : a.name.localeCompare(b.name, "vi")));
}

// ——— Officers: granted by an admin, accepted by the person, ended by either ———

export interface OfficerGrant {
  id: string;
  provinceCode: string;
  accepted: boolean;
}

/** The asker's open grant, accepted or still waiting for her answer. */
export async function officerGrant(db: DbOrTx, user: PublicUser): Promise<OfficerGrant | null> {
  const row = await db.selectFrom("province_officers").select(["id", "province_code", "accepted_at"]).where("user_id", "=", user.id).where("ended_at", "is", null).executeTakeFirst();
  return row ? { id: row.id, provinceCode: row.province_code, accepted: row.accepted_at !== null } : null;
}

/** Whether the asker may see this province's sales: its accepted officer, or an admin. */
export async function canSeeProvinceSales(db: DbOrTx, user: PublicUser, provinceCode: string): Promise<boolean> {
  if (user.is_admin) return true;
  const grant = await officerGrant(db, user);
  return Boolean(grant?.accepted && grant.provinceCode === provinceCode);
}

export async function grantOfficer(db: DbOrTx, admin: PublicUser, input: { phone: string; provinceCode: string }) {
  if (!admin.is_admin) throw new ForbiddenError();
  if (!getProvince(input.provinceCode)) throw new FieldError("provinceCode", "floor.error.province");
  const phone = normalizePhone(input.phone);
  if (!phone) throw new FieldError("phone", "floor.error.phone");
  const user = await db.selectFrom("users").select(["id"]).where("phone", "=", phone).executeTakeFirst();
  if (!user) throw new FieldError("phone", "floor.error.noSuchUser");
  const open = await db.selectFrom("province_officers").select("id").where("user_id", "=", user.id).where("ended_at", "is", null).executeTakeFirst();
  if (open) throw new FieldError("phone", "floor.error.alreadyOfficer");
  // The unique index settles two admins granting at once: the second is told, not doubled.
  const row = await db
    .insertInto("province_officers")
    .values({ user_id: user.id, province_code: input.provinceCode, granted_by: admin.id })
    .onConflict((oc) => oc.column("user_id").where("ended_at", "is", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new FieldError("phone", "floor.error.alreadyOfficer");
  return row.id;
}

/** The person's answer to a grant waiting for it. */
export async function answerOfficerGrant(db: DbOrTx, user: PublicUser, grantId: string, accept: boolean): Promise<void> {
  const now = new Date();
  const done = await db
    .updateTable("province_officers")
    .set(accept ? { accepted_at: now } : { ended_at: now, ended_by: user.id })
    .where("id", "=", grantId)
    .where("user_id", "=", user.id)
    .where("ended_at", "is", null)
    .where("accepted_at", "is", null)
    .executeTakeFirst();
  if (!done.numUpdatedRows) throw new ForbiddenError();
}

/** Ends a grant: the officer stepping down, or an admin withdrawing it. */
export async function endOfficerGrant(db: DbOrTx, user: PublicUser, grantId: string): Promise<void> {
  let query = db.updateTable("province_officers").set({ ended_at: new Date(), ended_by: user.id }).where("id", "=", grantId).where("ended_at", "is", null);
  if (!user.is_admin) query = query.where("user_id", "=", user.id);
  const done = await query.executeTakeFirst();
  if (!done.numUpdatedRows) throw new ForbiddenError();
}

export async function listOfficers(db: DbOrTx, admin: PublicUser) {
  if (!admin.is_admin) throw new ForbiddenError();
  const rows = await db
    .selectFrom("province_officers as o")
    .innerJoin("users as u", "u.id", "o.user_id")
    .select(["o.id", "o.province_code", "o.accepted_at", "o.created_at", "u.full_name", "u.phone"])
    .where("o.ended_at", "is", null)
    .orderBy("o.province_code")
    .execute();
  return rows.map((r) => ({ id: r.id, provinceCode: r.province_code, provinceName: getProvince(r.province_code)?.name ?? r.province_code, name: r.full_name, phone: r.phone, accepted: r.accepted_at !== null }));
}
