import type { Db } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { ForbiddenError } from "~/lib/validation.server";
import { orderAccess, restockReturnedGoods } from "~/orders/orders.server";

export type ReturnOutcome = "restocked" | "written_off";

/**
 * A parcel the courier brought back: the seller either puts the goods on sale again or writes
 * them off (bananas a week on the road are not for sale). Once per parcel: a second tap, or the
 * other choice afterwards, changes nothing. Returns whether this call decided it.
 */
export async function settleReturnedParcel(db: Db, user: PublicUser, orderId: string, outcome: ReturnOutcome): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom("orders").select(["id", "buyer_id", "seller_shop_id", "seller_cooperative_id", "status"]).where("id", "=", orderId).forUpdate().executeTakeFirst();
    if (!order || !(await orderAccess(trx, user, order)).seller) throw new ForbiddenError();
    const decided = await trx
      .updateTable("shipments")
      .set({ return_outcome: outcome, updated_at: new Date() })
      .where("order_id", "=", orderId)
      .where("status", "=", "returned")
      .where("return_outcome", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!decided) return false;
    if (outcome === "restocked") await restockReturnedGoods(trx, orderId);
    return true;
  });
}
