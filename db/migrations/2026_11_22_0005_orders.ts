import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  // Delivery terms a seller sets, and a payout account for cooperatives (farms already have one).
  for (const table of ["shops", "cooperatives"]) {
    await db.schema
      .alterTable(table)
      .addColumn("delivery_fee_vnd", "bigint", (c) => c.notNull().defaultTo(30000).check(sql`delivery_fee_vnd between 0 and 1000000`))
      .addColumn("offers_delivery", "boolean", (c) => c.notNull().defaultTo(true))
      .addColumn("offers_pickup", "boolean", (c) => c.notNull().defaultTo(true))
      .execute();
  }
  await db.schema
    .alterTable("cooperatives")
    .addColumn("bank_bin", "text", (c) => c.check(sql`bank_bin ~ '^[0-9]{6}$'`))
    .addColumn("bank_account_number", "text")
    .addColumn("bank_account_holder", "text")
    .execute();

  await db.schema
    .createTable("addresses")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("recipient_name", "text", (c) => c.notNull())
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("province_code", "text", (c) => c.notNull())
    .addColumn("ward_code", "text", (c) => c.notNull())
    .addColumn("street", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("addresses_user_idx").on("addresses").columns(["user_id", "last_used_at"]).execute();

  // A cart belongs to a signed-in buyer or to a guest's browser (by a random token in a cookie).
  await db.schema
    .createTable("carts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.unique().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("cart_items")
    .addColumn("cart_id", "text", (c) => c.notNull().references("carts.id").onDelete("cascade"))
    .addColumn("product_id", "bigint", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity between 1 and 10000`))
    .addColumn("added_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("cart_items_pk", ["cart_id", "product_id"])
    .execute();

  // One checkout, one order per seller. The key makes a repeated submission a no-op.
  await db.schema
    .createTable("checkouts")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("buyer_id", "bigint", (c) => c.notNull().references("users.id").onDelete("restrict"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("checkouts_buyer_key", ["buyer_id", "idempotency_key"])
    .execute();

  await db.schema
    .createTable("orders")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("checkout_id", "bigint", (c) => c.notNull().references("checkouts.id").onDelete("restrict"))
    .addColumn("buyer_id", "bigint", (c) => c.notNull().references("users.id").onDelete("restrict"))
    // The seller: a farm shop, or a cooperative selling for its members.
    .addColumn("seller_shop_id", "bigint", (c) => c.references("shops.id").onDelete("restrict"))
    .addColumn("seller_cooperative_id", "bigint", (c) => c.references("cooperatives.id").onDelete("restrict"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .check(
          sql`status in ('placed', 'awaiting_payment', 'paid', 'confirmed', 'accepted', 'packed', 'shipped', 'delivered', 'completed', 'declined', 'cancelled', 'expired', 'refunded')`,
        ),
    )
    .addColumn("payment_method", "text", (c) => c.notNull().check(sql`payment_method in ('vietqr', 'cod')`))
    .addColumn("paid_at", "timestamptz")
    .addColumn("payment_flag", "text") // e.g. a transfer of the wrong amount, for the seller to look at
    .addColumn("delivery_method", "text", (c) => c.notNull().check(sql`delivery_method in ('self', 'pickup')`))
    .addColumn("items_total_vnd", "bigint", (c) => c.notNull().check(sql`items_total_vnd > 0`))
    .addColumn("delivery_fee_vnd", "bigint", (c) => c.notNull().check(sql`delivery_fee_vnd >= 0`))
    .addColumn("total_vnd", "bigint", (c) => c.notNull())
    // Where the money goes, as it was when the order was placed.
    .addColumn("payee_bank_bin", "text")
    .addColumn("payee_account_number", "text")
    .addColumn("payee_account_holder", "text")
    .addColumn("recipient_name", "text", (c) => c.notNull())
    .addColumn("recipient_phone", "text", (c) => c.notNull())
    .addColumn("province_code", "text", (c) => c.notNull())
    .addColumn("ward_code", "text", (c) => c.notNull())
    .addColumn("street", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("courier_name", "text")
    .addColumn("tracking_code", "text")
    .addColumn("expires_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("orders_one_seller", sql`(seller_shop_id is null) <> (seller_cooperative_id is null)`)
    .addCheckConstraint("orders_total_adds_up", sql`total_vnd = items_total_vnd + delivery_fee_vnd`)
    .execute();
  await db.schema.createIndex("orders_buyer_idx").on("orders").columns(["buyer_id", "created_at"]).execute();
  await db.schema.createIndex("orders_shop_idx").on("orders").columns(["seller_shop_id", "created_at"]).execute();
  await db.schema.createIndex("orders_coop_idx").on("orders").columns(["seller_cooperative_id", "created_at"]).execute();
  await db.schema.createIndex("orders_checkout_idx").on("orders").column("checkout_id").execute();

  await db.schema
    .createTable("order_items")
    .addColumn("order_id", "bigint", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("product_id", "bigint", (c) => c.notNull().references("products.id").onDelete("restrict"))
    .addColumn("producer_shop_id", "bigint", (c) => c.notNull().references("shops.id").onDelete("restrict"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("unit_price_vnd", "bigint", (c) => c.notNull().check(sql`unit_price_vnd > 0`))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("weight_grams", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("order_items_pk", ["order_id", "product_id"])
    .execute();
  await db.schema.createIndex("order_items_producer_idx").on("order_items").column("producer_shop_id").execute();
  await db.schema.createIndex("order_items_product_idx").on("order_items").column("product_id").execute();

  // The audit trail: every change of state, who made it and why.
  await db.schema
    .createTable("order_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("order_id", "bigint", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("actor_id", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("actor_role", "text", (c) => c.notNull().check(sql`actor_role in ('buyer', 'seller', 'system', 'bank')`))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema.createIndex("order_events_order_idx").on("order_events").columns(["order_id", "id"]).execute();

  // Payment notifications land here first, once per provider event, then change state once.
  await db.schema
    .createTable("payment_notifications")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("order_id", "bigint", (c) => c.references("orders.id").onDelete("set null"))
    .addColumn("amount_vnd", "bigint")
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("body", "jsonb", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("payment_notifications_once", ["provider", "event_id"])
    .execute();

  await db.schema
    .createTable("reviews")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("order_id", "bigint", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("product_id", "bigint", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("buyer_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("stars", "smallint", (c) => c.notNull().check(sql`stars between 1 and 5`))
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("reviews_once_per_item", ["order_id", "product_id"])
    .execute();
  await db.schema.createIndex("reviews_product_idx").on("reviews").columns(["product_id", "created_at"]).execute();
  // A new review changes the product page.
  await sql`create trigger reviews_page_changed after insert or update or delete on reviews
    for each row execute function vn_notify_page_changed('product', 'product_id')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["reviews", "payment_notifications", "order_events", "order_items", "orders", "checkouts", "cart_items", "carts", "addresses"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable("cooperatives").dropColumn("bank_bin").dropColumn("bank_account_number").dropColumn("bank_account_holder").execute();
  for (const table of ["shops", "cooperatives"]) {
    await db.schema.alterTable(table).dropColumn("delivery_fee_vnd").dropColumn("offers_delivery").dropColumn("offers_pickup").execute();
  }
}
