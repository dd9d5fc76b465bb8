import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Parcels handed to couriers (issue 13). How an order is delivered is a registered courier's id
// (like payment methods, the app's registry lists them; the database keeps their shape). A
// shipment holds what was booked with which courier, its status and every status it reported;
// the free-text courier name and tracking code on orders move there. A courier is an actor of the
// order's history. A parcel that came back leaves the order "returned". Sellers choose the
// couriers they use, where parcels are picked up and their usual parcel size.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table orders drop constraint orders_delivery_method_check`.execute(db);
  await sql`alter table orders add constraint orders_delivery_method_check check (delivery_method ~ '^[a-z][a-z0-9_]{1,39}$')`.execute(db);
  await sql`alter table orders drop constraint orders_status_check`.execute(db);
  await sql`alter table orders add constraint orders_status_check check (status in ('placed', 'awaiting_payment', 'paid', 'confirmed', 'accepted', 'packed', 'shipped', 'delivered', 'completed', 'declined', 'cancelled', 'expired', 'refunded', 'returned'))`.execute(db);
  await sql`alter table order_events drop constraint order_events_actor_role_check`.execute(db);
  await sql`alter table order_events add constraint order_events_actor_role_check check (actor_role in ('buyer', 'seller', 'system', 'bank', 'courier'))`.execute(db);

  for (const table of ["shops", "cooperatives"]) {
    await db.schema
      .alterTable(table)
      .addColumn("couriers", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
      .addColumn("pickup_street", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("parcel_length_cm", "integer", (c) => c.notNull().defaultTo(30).check(sql`parcel_length_cm between 1 and 200`))
      .addColumn("parcel_width_cm", "integer", (c) => c.notNull().defaultTo(20).check(sql`parcel_width_cm between 1 and 200`))
      .addColumn("parcel_height_cm", "integer", (c) => c.notNull().defaultTo(15).check(sql`parcel_height_cm between 1 and 200`))
      .execute();
  }

  await db.schema
    .createTable("shipments")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("order_id", "bigint", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("courier", "text", (c) => c.notNull().check(sql`courier ~ '^[a-z][a-z0-9_]{1,39}$'`))
    // Our code for the parcel as the courier knows it (the order code; a rebooking after a cancel adds -2, -3…).
    .addColumn("client_order_code", "text", (c) => c.notNull())
    .addColumn("tracking_code", "text")
    // Someone delivering by hand may name who carries it (a neighbour's truck, a bus company).
    .addColumn("carrier_name", "text")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .check(sql`status in ('requested', 'created', 'picked_up', 'in_transit', 'delivering', 'failed_attempt', 'delivered', 'returning', 'returned', 'cancelled', 'lost')`),
    )
    .addColumn("courier_status", "text")
    .addColumn("fee_vnd", "bigint", (c) => c.notNull().defaultTo(0).check(sql`fee_vnd >= 0`))
    .addColumn("cod_amount_vnd", "bigint", (c) => c.notNull().defaultTo(0).check(sql`cod_amount_vnd >= 0`))
    .addColumn("weight_grams", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expected_delivery_at", "timestamptz")
    .addColumn("raw", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("booked_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_heard_at", "timestamptz")
    .addColumn("cod_collected_vnd", "bigint")
    .addColumn("cod_collected_at", "timestamptz")
    .addColumn("cod_remitted_vnd", "bigint")
    .addColumn("cod_remitted_at", "timestamptz")
    // What the seller did with goods that came back: put back on sale, or written off (perishable).
    .addColumn("return_outcome", "text", (c) => c.check(sql`return_outcome in ('restocked', 'written_off')`))
    .addUniqueConstraint("shipments_courier_client_code", ["courier", "client_order_code"])
    .execute();
  await sql`create unique index shipments_one_live_per_order on shipments (order_id) where status <> 'cancelled'`.execute(db);
  // A courier's own codes are unique; what a seller types for her own delivery is only a note.
  await sql`create unique index shipments_courier_tracking on shipments (courier, tracking_code) where tracking_code is not null and courier <> 'self'`.execute(db);
  await sql`create index shipments_open_idx on shipments (last_heard_at) where status not in ('delivered', 'returned', 'cancelled', 'lost', 'requested')`.execute(db);

  await db.schema
    .createTable("shipment_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("shipment_id", "bigint", (c) => c.notNull().references("shipments.id").onDelete("cascade"))
    // Null when the courier's code is one we do not know: kept and flagged, never guessed.
    .addColumn("status", "text")
    .addColumn("courier_status", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("happened_at", "timestamptz", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('booking', 'webhook', 'poll', 'seller')`))
    .execute();
  await db.schema.createIndex("shipment_events_shipment_idx").on("shipment_events").columns(["shipment_id", "happened_at"]).execute();

  // Courier notifications land here first, once per courier event, before anything changes.
  await db.schema
    .createTable("courier_notifications")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("courier", "text", (c) => c.notNull())
    .addColumn("event_key", "text", (c) => c.notNull())
    .addColumn("tracking_code", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("outcome", "text", (c) => c.notNull().defaultTo("received"))
    .addUniqueConstraint("courier_notifications_event", ["courier", "event_key"])
    .execute();

  // What sellers typed by hand when they shipped becomes the order's shipment.
  await sql`
    insert into shipments (order_id, courier, client_order_code, tracking_code, carrier_name, status, created_at, updated_at)
    select id, delivery_method, code, tracking_code, courier_name,
      case when status in ('delivered', 'completed') then 'delivered' else 'in_transit' end, updated_at, updated_at
    from orders where status in ('shipped', 'delivered', 'completed') and delivery_method <> 'pickup'`.execute(db);
  await db.schema.alterTable("orders").dropColumn("courier_name").dropColumn("tracking_code").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("orders").addColumn("courier_name", "text").addColumn("tracking_code", "text").execute();
  await sql`update orders o set courier_name = s.carrier_name, tracking_code = s.tracking_code from shipments s where s.order_id = o.id and s.status <> 'cancelled'`.execute(db);
  await db.schema.dropTable("courier_notifications").execute();
  await db.schema.dropTable("shipment_events").execute();
  await db.schema.dropTable("shipments").execute();
  for (const table of ["shops", "cooperatives"]) {
    await db.schema.alterTable(table).dropColumn("couriers").dropColumn("pickup_street").dropColumn("parcel_length_cm").dropColumn("parcel_width_cm").dropColumn("parcel_height_cm").execute();
  }
  await sql`alter table order_events drop constraint order_events_actor_role_check`.execute(db);
  await sql`alter table order_events add constraint order_events_actor_role_check check (actor_role in ('buyer', 'seller', 'system', 'bank'))`.execute(db);
  await sql`alter table orders drop constraint orders_status_check`.execute(db);
  await sql`alter table orders add constraint orders_status_check check (status in ('placed', 'awaiting_payment', 'paid', 'confirmed', 'accepted', 'packed', 'shipped', 'delivered', 'completed', 'declined', 'cancelled', 'expired', 'refunded'))`.execute(db);
  await sql`alter table orders drop constraint orders_delivery_method_check`.execute(db);
  await sql`alter table orders add constraint orders_delivery_method_check check (delivery_method in ('self', 'pickup'))`.execute(db);
}
