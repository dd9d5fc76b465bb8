import type { DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { FieldError } from "~/lib/validation.server";
import { cardQuery, toCard } from "./storefront.server";
import { VISIBLE_STATUSES } from "./product-status";

/**
 * A buyer's saved products and followed farms (issue 10 #13). Each row is the buyer's own: every
 * read and write is scoped to the signed-in user, and saving twice or unsaving what was never
 * saved changes nothing.
 */
export async function setFavourite(db: DbOrTx, user: PublicUser, productId: string, saved: boolean): Promise<void> {
  if (!saved) {
    await db.deleteFrom("favourites").where("user_id", "=", user.id).where("product_id", "=", productId).execute();
    return;
  }
  const product = await db.selectFrom("products").select("id").where("id", "=", productId).where("status", "in", [...VISIBLE_STATUSES]).executeTakeFirst();
  if (!product) throw new FieldError("productId", "cart.error.unknownProduct");
  await db.insertInto("favourites").values({ user_id: user.id, product_id: productId }).onConflict((oc) => oc.columns(["user_id", "product_id"]).doNothing()).execute();
}

export async function setFollow(db: DbOrTx, user: PublicUser, shopId: string, following: boolean): Promise<void> {
  if (!following) {
    await db.deleteFrom("shop_follows").where("user_id", "=", user.id).where("shop_id", "=", shopId).execute();
    return;
  }
  const shop = await db.selectFrom("shops").select("id").where("id", "=", shopId).executeTakeFirst();
  if (!shop) throw new FieldError("shopId", "follow.error.unknownShop");
  await db.insertInto("shop_follows").values({ user_id: user.id, shop_id: shopId }).onConflict((oc) => oc.columns(["user_id", "shop_id"]).doNothing()).execute();
}

export async function isFavourite(db: DbOrTx, user: PublicUser | null, productId: string): Promise<boolean> {
  if (!user) return false;
  return Boolean(await db.selectFrom("favourites").select("product_id").where("user_id", "=", user.id).where("product_id", "=", productId).executeTakeFirst());
}

export async function isFollowing(db: DbOrTx, user: PublicUser | null, shopId: string): Promise<boolean> {
  if (!user) return false;
  return Boolean(await db.selectFrom("shop_follows").select("shop_id").where("user_id", "=", user.id).where("shop_id", "=", shopId).executeTakeFirst());
}

/** The buyer's page: saved products still on sale, followed farms, and what those farms listed last. */
export async function favouritesPage(db: DbOrTx, user: PublicUser) {
  const [saved, shops, fromFollowed] = await Promise.all([
    cardQuery(db)
      .innerJoin("favourites as f", "f.product_id", "p.id")
      .where("f.user_id", "=", user.id)
      .orderBy("f.created_at", "desc")
      .limit(100)
      .execute(),
    db
      .selectFrom("shop_follows as f")
      .innerJoin("shops as s", "s.id", "f.shop_id")
      .select(["s.id", "s.slug", "s.name"])
      .where("f.user_id", "=", user.id)
      .orderBy("f.created_at", "desc")
      .execute(),
    cardQuery(db)
      .innerJoin("shop_follows as f", "f.shop_id", "p.producer_shop_id")
      .where("f.user_id", "=", user.id)
      .where("p.status", "=", "active")
      .orderBy("p.published_at", "desc")
      .limit(12)
      .execute(),
  ]);
  return { saved: saved.map(toCard), shops, fromFollowed: fromFollowed.map(toCard) };
}
