import { sql } from "kysely";
import { z } from "zod";
import type { DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { vietnamDay } from "~/lib/dates";
import { ForbiddenError, optionalText } from "~/lib/validation.server";
import { enqueueProductSync } from "~/search/engine.server";
import { ownProductIds } from "./cart.server";
import { OrderActionError } from "./orders.server";

/** Reviews of delivered orders: who may write one, and what product and shop pages show of them. */
export const reviewSchema = z.object({
  productId: z.string().regex(/^[0-9]{1,18}$/, "order.error.illegal"),
  stars: z.coerce.number({ invalid_type_error: "review.error.stars" }).int("review.error.stars").min(1, "review.error.stars").max(5, "review.error.stars"),
  body: optionalText(1000),
});

/** A buyer reviews an item of their own delivered order, once. */
export async function addReview(db: DbOrTx, buyer: PublicUser, orderId: string, input: z.infer<typeof reviewSchema>): Promise<void> {
  const order = await db.selectFrom("orders").select(["id", "buyer_id", "status"]).where("id", "=", orderId).executeTakeFirst();
  if (!order || order.buyer_id !== buyer.id) throw new ForbiddenError();
  if (order.status !== "delivered" && order.status !== "completed") throw new OrderActionError("review.error.notDelivered");
  const item = await db.selectFrom("order_items").select("product_id").where("order_id", "=", orderId).where("product_id", "=", input.productId).executeTakeFirst();
  if (!item) throw new ForbiddenError();
  if ((await ownProductIds(db, buyer.id, [input.productId])).size > 0) throw new OrderActionError("review.error.ownGoods");
  const inserted = await db
    .insertInto("reviews")
    .values({ order_id: orderId, product_id: input.productId, buyer_id: buyer.id, stars: input.stars, body: input.body })
    .onConflict((oc) => oc.constraint("reviews_once_per_item").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) throw new OrderActionError("review.error.already");
  await enqueueProductSync(db, input.productId); // the card's stars, in search too
}

/** Stars and the latest reviews of a product, or of every product of a shop or co-op. */
export async function reviewSummary(db: DbOrTx, scope: { productId?: string; shopId?: string; cooperativeId?: string }) {
  let base = db.selectFrom("reviews as r").innerJoin("products as p", "p.id", "r.product_id");
  if (scope.productId) base = base.where("r.product_id", "=", scope.productId);
  if (scope.shopId) base = base.where("p.producer_shop_id", "=", scope.shopId);
  if (scope.cooperativeId) base = base.where("p.cooperative_id", "=", scope.cooperativeId);
  // One query: the window totals are taken over every review before LIMIT keeps the latest five.
  const latest = await base
    .innerJoin("users as u", "u.id", "r.buyer_id")
    .select(["r.stars", "r.body", "r.created_at", "u.full_name", "p.title"])
    .select(sql<string>`count(*) over ()`.as("count"))
    .select(sql<string>`avg(r.stars) over ()`.as("average"))
    .orderBy("r.created_at", "desc")
    .limit(5)
    .execute();
  const stats = latest[0];
  const count = Number(stats?.count ?? 0);
  return {
    count,
    average: count ? Math.round(Number(stats?.average ?? 0) * 10) / 10 : null,
    latest: latest.map((r) => ({ stars: r.stars, body: r.body, date: vietnamDay(r.created_at), name: r.full_name.split(" ").slice(-1)[0] ?? "", product: r.title })),
  };
}
