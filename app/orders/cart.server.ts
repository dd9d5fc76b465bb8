import { randomBytes } from "node:crypto";
import { createCookie, type AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { z } from "zod";
import type { DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { productsWithCover } from "~/catalog/product-rows.server";
import { FieldError, wholeNumberField } from "~/lib/validation.server";
import { pictureSources } from "~/media/media.server";
import { VISIBLE_STATUSES } from "~/catalog/product-status";

/**
 * Carts: a signed-in buyer has one; a guest's browser has one under a random id in a signed
 * cookie. At sign-in the guest cart is merged into the buyer's (see mergeGuestCart).
 */
const MAX_QUANTITY = 10_000;

export const cartItemSchema = z.object({
  productId: z.string({ required_error: "cart.error.unknownProduct" }).regex(/^[0-9]{1,18}$/, "cart.error.unknownProduct"),
  quantity: wholeNumberField(0, MAX_QUANTITY, "cart.error.quantity").default(1),
});

export function guestCartCookie(context: AppLoadContext) {
  return createCookie("vn_cart", {
    httpOnly: true,
    sameSite: "lax",
    secure: context.secureCookies,
    path: "/",
    maxAge: 30 * 86_400,
    secrets: [context.sessionSecret],
  });
}

export async function readGuestCartId(request: Request, context: AppLoadContext): Promise<string | null> {
  const value: unknown = await guestCartCookie(context).parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{20,40}$/.test(value) ? value : null;
}

/** The cart to read, without creating one: null when there is none yet. */
export async function findCartId(db: DbOrTx, user: PublicUser | null, guestCartId: string | null): Promise<string | null> {
  if (user) return (await db.selectFrom("carts").select("id").where("user_id", "=", user.id).executeTakeFirst())?.id ?? null;
  return guestCartId;
}

/** The cart to write to, created on first use. `setCookie` is the cookie a new guest cart needs. */
export async function openCart(
  db: DbOrTx,
  user: PublicUser | null,
  guestCartId: string | null,
): Promise<{ cartId: string; newGuestCartId: string | null }> {
  if (user) {
    const id = randomBytes(18).toString("base64url");
    await db.insertInto("carts").values({ id, user_id: user.id }).onConflict((oc) => oc.column("user_id").doNothing()).execute();
    const cart = await db.selectFrom("carts").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    return { cartId: cart.id, newGuestCartId: null };
  }
  if (guestCartId) {
    // A guest cart that was merged or purged must not be written to again, nor someone else's.
    const known = await db.selectFrom("carts").select(["id", "user_id"]).where("id", "=", guestCartId).executeTakeFirst();
    if (known && known.user_id === null) return { cartId: known.id, newGuestCartId: null };
  }
  const id = randomBytes(18).toString("base64url");
  await db.insertInto("carts").values({ id, user_id: null }).execute();
  return { cartId: id, newGuestCartId: id };
}

async function buyableProduct(db: DbOrTx, productId: string) {
  const product = await db.selectFrom("products").select(["id", "status", "stock"]).where("id", "=", productId).executeTakeFirst();
  if (!product || !(VISIBLE_STATUSES as readonly string[]).includes(product.status)) throw new FieldError("productId", "cart.error.unknownProduct");
  if (product.status !== "active" || product.stock === 0) throw new FieldError("productId", "cart.error.soldOut");
  return product;
}

/**
 * Products the user sells or grows: listed by their own farm (as seller or as the co-op member who
 * produced it) or by the co-op they manage. Nobody buys from, or reviews, their own shop.
 */
export async function ownProductIds(db: DbOrTx, userId: string, productIds: string[]): Promise<Set<string>> {
  if (productIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("products as p")
    .leftJoin("shops as s", "s.id", "p.producer_shop_id")
    .leftJoin("cooperatives as c", "c.id", "p.cooperative_id")
    .select("p.id")
    .where("p.id", "in", productIds)
    .where((eb) => eb.or([eb("s.owner_id", "=", userId), eb("c.manager_id", "=", userId)]))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Adds units; never more than are in stock (the buyer is told how many fit). */
export async function addToCart(
  db: DbOrTx,
  cartId: string,
  productId: string,
  quantity: number,
  buyer: PublicUser | null = null,
): Promise<{ quantity: number; capped: boolean }> {
  const product = await buyableProduct(db, productId);
  if (buyer && (await ownProductIds(db, buyer.id, [productId])).size > 0) throw new FieldError("productId", "cart.error.ownGoods");
  const current = await db.selectFrom("cart_items").select("quantity").where("cart_id", "=", cartId).where("product_id", "=", productId).executeTakeFirst();
  const wanted = (current?.quantity ?? 0) + Math.max(1, quantity);
  const next = Math.min(wanted, product.stock, MAX_QUANTITY);
  await db
    .insertInto("cart_items")
    .values({ cart_id: cartId, product_id: productId, quantity: next })
    .onConflict((oc) => oc.columns(["cart_id", "product_id"]).doUpdateSet({ quantity: next }))
    .execute();
  await db.updateTable("carts").set({ updated_at: new Date() }).where("id", "=", cartId).execute();
  return { quantity: next, capped: next < wanted };
}

/** Sets a line's quantity; 0 removes it. */
export async function setCartQuantity(db: DbOrTx, cartId: string, productId: string, quantity: number): Promise<void> {
  if (quantity <= 0) {
    await db.deleteFrom("cart_items").where("cart_id", "=", cartId).where("product_id", "=", productId).execute();
    return;
  }
  await db.updateTable("cart_items").set({ quantity: Math.min(quantity, MAX_QUANTITY) }).where("cart_id", "=", cartId).where("product_id", "=", productId).execute();
}

/** Moves a guest's cart into the buyer's at sign-in; quantities add up, capped by stock. */
export async function mergeGuestCart(db: DbOrTx, guestCartId: string, userId: string): Promise<void> {
  const guest = await db.selectFrom("carts").select(["id", "user_id"]).where("id", "=", guestCartId).executeTakeFirst();
  if (!guest || guest.user_id !== null) return;
  const id = randomBytes(18).toString("base64url");
  await db.insertInto("carts").values({ id, user_id: userId }).onConflict((oc) => oc.column("user_id").doNothing()).execute();
  const own = await db.selectFrom("carts").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow();
  await sql`insert into cart_items (cart_id, product_id, quantity)
    select ${own.id}, g.product_id, least(g.quantity, greatest(p.stock, 1), ${MAX_QUANTITY})
    from cart_items g join products p on p.id = g.product_id
    where g.cart_id = ${guestCartId}
    on conflict (cart_id, product_id) do update
      set quantity = least(cart_items.quantity + excluded.quantity, ${MAX_QUANTITY},
                           greatest((select stock from products where id = excluded.product_id), cart_items.quantity))`.execute(db);
  await db.deleteFrom("carts").where("id", "=", guestCartId).execute();
}

/**
 * "Mua lại": what one of the buyer's own orders held goes back into their cart, as much as is in
 * stock now; what is gone or paused is counted, not added. Someone else's order adds nothing.
 */
export async function reorder(db: DbOrTx, buyer: PublicUser, cartId: string, orderCode: string): Promise<{ added: number; missing: number }> {
  const items = await db
    .selectFrom("order_items as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .select(["i.product_id", "i.quantity"])
    .where("o.code", "=", orderCode)
    .where("o.buyer_id", "=", buyer.id)
    .execute();
  let added = 0;
  let missing = 0;
  for (const item of items) {
    try {
      await addToCart(db, cartId, item.product_id, item.quantity, buyer);
      added++;
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      missing++;
    }
  }
  return { added, missing };
}

export interface SellerRef {
  /** "shop-12" or "coop-3": one checkout group, one order. */
  key: string;
  kind: "shop" | "cooperative";
  id: string;
  name: string;
  slug: string;
}

export function sellerKey(row: { cooperative_id: string | null; producer_shop_id: string }): string {
  return row.cooperative_id ? `coop-${row.cooperative_id}` : `shop-${row.producer_shop_id}`;
}

/** The cart's lines with live prices and stock, grouped by seller, each line flagged if it cannot be bought as is. */
export async function cartView(db: DbOrTx, cartId: string | null) {
  if (!cartId) return { groups: [], count: 0, totalVnd: 0n, problems: 0 };
  const rows = await productsWithCover(db)
    .innerJoin("cart_items as ci", "ci.product_id", "p.id")
    .leftJoin("cooperatives as c", "c.id", "p.cooperative_id")
    .select(["ci.quantity", "p.cooperative_id", "p.producer_shop_id", "p.weight_grams", "s.slug as producer_slug", "c.name as coop_name", "c.slug as coop_slug"])
    .where("ci.cart_id", "=", cartId)
    .orderBy("ci.added_at")
    .execute();
  const groups = new Map<string, { seller: SellerRef; lines: CartLine[]; subtotalVnd: bigint; weightGrams: number }>();
  let totalVnd = 0n;
  let problems = 0;
  for (const row of rows) {
    const key = sellerKey(row);
    const seller: SellerRef = row.cooperative_id
      ? { key, kind: "cooperative", id: row.cooperative_id, name: row.coop_name ?? "", slug: row.coop_slug ?? "" }
      : { key, kind: "shop", id: row.producer_shop_id, name: row.producer_name, slug: row.producer_slug };
    const group = groups.get(key) ?? { seller, lines: [], subtotalVnd: 0n, weightGrams: 0 };
    const problem: CartLine["problem"] = row.status !== "active" || row.stock === 0 ? "soldOut" : row.quantity > row.stock ? "short" : null;
    if (problem) problems++;
    const lineTotal = BigInt(row.price_vnd) * BigInt(row.quantity);
    group.lines.push({
      productId: row.id,
      slug: row.slug,
      title: row.title,
      unit: row.unit,
      priceVnd: row.price_vnd,
      quantity: row.quantity,
      stock: row.status === "active" ? row.stock : 0,
      lineTotalVnd: lineTotal.toString(),
      problem,
      producerName: row.producer_name,
      photo: row.media_id && row.width && row.height && row.placeholder && row.variants ? pictureSources({ width: row.width, height: row.height, placeholder: row.placeholder, variants: row.variants }) : null,
    });
    if (!problem) {
      group.subtotalVnd += lineTotal;
      group.weightGrams += row.weight_grams * row.quantity;
      totalVnd += lineTotal;
    }
    groups.set(key, group);
  }
  return { groups: [...groups.values()], count: rows.length, totalVnd, problems };
}

export interface CartLine {
  productId: string;
  slug: string;
  title: string;
  unit: string;
  priceVnd: string;
  quantity: number;
  stock: number;
  lineTotalVnd: string;
  problem: "soldOut" | "short" | null;
  producerName: string;
  photo: ReturnType<typeof pictureSources> | null;
}

/** Guest carts nobody came back to in 30 days (a buyer's own cart stays). */
export async function purgeAbandonedGuestCarts(db: DbOrTx, days = 30): Promise<number> {
  const result = await db
    .deleteFrom("carts")
    .where("user_id", "is", null)
    .where("updated_at", "<", new Date(Date.now() - days * 86_400_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function cartCount(db: DbOrTx, cartId: string | null): Promise<number> {
  if (!cartId) return 0;
  const row = await db.selectFrom("cart_items").select((eb) => eb.fn.countAll<string>().as("n")).where("cart_id", "=", cartId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
