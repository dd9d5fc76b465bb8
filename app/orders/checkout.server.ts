import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { Db, DbOrTx } from "../../db";
import type { PublicUser } from "~/accounts/accounts.server";
import { placeFields, assertPlace } from "~/shops/shops.server";
import { enqueueJobsWith, type JobSpec } from "~/jobs/queue.server";
import { FieldError, optionalText, phoneField, requiredText } from "~/lib/validation.server";
import type { PaymentRegistry } from "~/payments/registry.server";
import { enqueueProductSyncWith } from "~/search/engine.server";
import type { MessageKey } from "~/i18n/messages";
import { courierFailure, type ParcelSize, type Place, type Quote, type QuoteRequest, type SellerDeliveryTerms } from "~/shipping/courier";
import { deliveryOptions, quoteOnce } from "~/shipping/quotes.server";
import { createCourierRegistry, NO_COURIERS, type CourierRegistry } from "~/shipping/registry.server";
import { sellerKey } from "./cart.server";
import { ORDER_RULES } from "./state";
import { coopMemberNotifications, notificationJob } from "./notifications.server";
import { statusAfterStockSql } from "~/catalog/product-status";

/** Where a new order goes from "placed" by a system move, per the order state machine. */
function firstMove(action: "await_payment" | "confirm") {
  const rule = ORDER_RULES[action];
  if (!rule.from.includes("placed") || !rule.by.includes("system")) throw new Error(`${action} is not a first move of a placed order`);
  return rule.to;
}

const addressSchema = z.object({
  recipientName: requiredText(80, 2),
  recipientPhone: phoneField,
  ...placeFields,
  street: requiredText(200, 3),
});

export const checkoutSchema = addressSchema.extend({
  idempotencyKey: z.string({ required_error: "error.formExpired" }).regex(/^[A-Za-z0-9_-]{16,64}$/, "error.formExpired"),
  note: optionalText(500),
  // Which couriers exist and serve each seller is checked against the courier registry in placeCheckout.
  delivery: z.record(z.string(), z.string().max(40)).default({}),
  // Which methods exist and suit each seller is checked against the payment registry in placeCheckout.
  payment: z.record(z.string(), z.string().max(40)).default({}),
  // What the page showed the buyer, per seller: never used as a price, only compared, so that
  // a price or fee changed meanwhile is shown to the buyer before anything is charged.
  seenItems: z.record(z.string(), z.string().regex(/^[0-9]{1,15}$/)).default({}),
  // Every delivery price the page showed for the seller, "courier:fee" joined by commas: the one chosen is compared.
  seenFee: z.record(z.string(), z.string().regex(/^[a-z-]{1,24}:[0-9]{1,15}(,[a-z-]{1,24}:[0-9]{1,15}){0,19}$/)).default({}),
});
export type CheckoutInput = z.infer<typeof checkoutSchema>;

/** Thrown when an item ran out between the cart and the checkout: nothing is ordered. */
export class OutOfStockError extends FieldError {
  constructor(readonly productTitle: string, readonly available: number) {
    super("", available > 0 ? "checkout.error.short" : "checkout.error.soldOut", available > 0 ? { title: productTitle, n: available } : { title: productTitle });
  }
}

// No 0/O or 1/I: order codes are read out over the phone and typed into bank memos.
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
function newOrderCode(): string {
  let code = "VN";
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export interface SellerTerms extends SellerDeliveryTerms {
  key: string;
  name: string;
  phone: string;
  /** Whoever runs the shop (farm owner or co-op manager): their texts come in their language, by their channels. */
  userId: string;
  locale: string;
  payee: { bankBin: string | null; accountNumber: string | null; accountHolder: string | null };
  from: { provinceCode: string; wardCode: string; street: string };
  /** The seller's usual box; the weight is each line's shipping weight × quantity. */
  box: Omit<ParcelSize, "weightGrams">;
}

/** Delivery terms and payout account of every seller in the cart, by seller key. */
export async function sellerTerms(db: DbOrTx, keys: string[]): Promise<Map<string, SellerTerms>> {
  const shopIds = keys.filter((k) => k.startsWith("shop-")).map((k) => k.slice(5));
  const coopIds = keys.filter((k) => k.startsWith("coop-")).map((k) => k.slice(5));
  const terms = new Map<string, SellerTerms>();
  const rows = [
    ...(shopIds.length
      ? await db.selectFrom("shops as s").innerJoin("users as u", "u.id", "s.owner_id").selectAll("s").select(["u.locale", "u.id as user_id"]).where("s.id", "in", shopIds).execute()
      : []
    ).map((s) => ({ ...s, key: `shop-${s.id}` })),
    ...(coopIds.length
      ? await db.selectFrom("cooperatives as c").innerJoin("users as u", "u.id", "c.manager_id").selectAll("c").select(["u.locale", "u.id as user_id"]).where("c.id", "in", coopIds).execute()
      : []
    ).map((c) => ({ ...c, key: `coop-${c.id}` })),
  ];
  for (const r of rows) {
    terms.set(r.key, {
      key: r.key,
      name: r.name,
      phone: r.phone,
      userId: r.user_id,
      locale: r.locale,
      deliveryFeeVnd: BigInt(r.delivery_fee_vnd),
      offersDelivery: r.offers_delivery,
      offersPickup: r.offers_pickup,
      couriers: r.couriers,
      payee: { bankBin: r.bank_bin, accountNumber: r.bank_account_number, accountHolder: r.bank_account_holder },
      from: { provinceCode: r.province_code, wardCode: r.ward_code, street: r.pickup_street },
      box: { lengthCm: r.parcel_length_cm, widthCm: r.parcel_width_cm, heightCm: r.parcel_height_cm },
    });
  }
  return terms;
}

export interface PlacedCheckout {
  checkoutId: string;
  orderCodes: string[];
  /** True when this submission had already been placed (a double tap or a retry). */
  repeated: boolean;
}

/**
 * Places one order per seller from the buyer's cart, all or nothing. Prices, fees and totals come
 * from the database, never from the form. Stock is taken with a conditional update (and a
 * CHECK that it never goes below zero), row by row in id order so concurrent checkouts cannot
 * deadlock. The idempotency key makes a repeated submission return the first one's orders.
 */
export async function placeCheckout(
  db: Db,
  buyer: PublicUser,
  cartId: string,
  input: CheckoutInput,
  // Without couriers, only pickup and the seller's own delivery (tools and tests that book none).
  options: { payments: PaymentRegistry; couriers?: CourierRegistry; paymentMinutes: number },
): Promise<PlacedCheckout> {
  assertPlace(input.provinceCode, input.wardCode);
  // A submission already placed left an empty cart behind: answer it before asking any courier.
  const earlier = await repeatedCheckout(db, buyer, input.idempotencyKey);
  if (earlier.orderCodes.length) return earlier;
  // Couriers are asked before the transaction opens: nothing is locked while they answer.
  const quotes = await quoteChosenDeliveries(db, buyer, cartId, input, options.couriers ?? createCourierRegistry(NO_COURIERS)).catch(async (error: unknown) => {
    // A double tap whose twin was placed while this one was quoting finds the cart emptied by it.
    if (error instanceof FieldError && error.messageKey === "checkout.error.emptyCart") {
      const twin = await repeatedCheckout(db, buyer, input.idempotencyKey);
      if (twin.orderCodes.length) return twin;
    }
    throw error;
  });
  if (!(quotes instanceof Map)) return quotes;
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("checkouts")
      .values({ buyer_id: buyer.id, idempotency_key: input.idempotencyKey })
      .onConflict((oc) => oc.constraint("checkouts_buyer_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return repeatedCheckout(trx, buyer, input.idempotencyKey);

    const items = await cartLinesForCheckout(trx, buyer, cartId);
    const groups = new Map<string, typeof items>();
    for (const item of items) {
      const key = sellerKey(item);
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    const terms = await sellerTerms(trx, [...groups.keys()]);
    assertPricesAsSeen(groups, terms, input, quotes);
    const plans = planOrders(groups, terms, input, options.payments, quotes);

    const codes: string[] = [];
    // Jobs (payment deadlines, texts, search updates) go to the queue in one statement at the end.
    const jobs: JobSpec[] = [];
    for (const plan of plans) {
      const placed = await placeOrder(trx, { buyer, checkoutId: inserted.id, input, plan, paymentMinutes: options.paymentMinutes });
      codes.push(placed.code);
      jobs.push(...placed.jobs);
    }

    // The bought lines leave the cart, the address is remembered, and the jobs (deadlines, texts)
    // are queued, all in one statement.
    await enqueueJobsWith(trx, jobs, [
      sql`bought as (delete from cart_items where cart_id = ${cartId} and product_id = any(${items.map((i) => i.product_id)}::bigint[]))`,
      ...saveAddress(buyer.id, input),
    ]);
    // Last, so product rows stay locked for as short a time as possible (see takeStock).
    const soldOut = await takeStock(trx, items);
    // Search shows stock only as "in stock or not": only a product that just sold out needs its
    // document redone. (Queuing a sync for every sale made every checkout of a popular product
    // wait on that product's one sync job row.)
    if (soldOut.length) await enqueueProductSyncWith(trx, soldOut, []);

    return { checkoutId: inserted.id, orderCodes: codes, repeated: false };
  });
}

/** A submission already placed (a double tap, a retry): the orders it made the first time. */
async function repeatedCheckout(trx: DbOrTx, buyer: PublicUser, idempotencyKey: string): Promise<PlacedCheckout> {
  const previous = await trx
    .selectFrom("checkouts as c")
    .innerJoin("orders as o", "o.checkout_id", "c.id")
    .select(["c.id", "o.code"])
    .where("c.buyer_id", "=", buyer.id)
    .where("c.idempotency_key", "=", idempotencyKey)
    .orderBy("o.id")
    .execute();
  return { checkoutId: previous[0]?.id ?? "", orderCodes: previous.map((p) => p.code), repeated: true };
}

type OrderPlan = ReturnType<typeof planOrders>[number];

/** What a courier is asked to price for a seller's parcel: its weight, the seller's box, its worth and the cash to collect. */
function quoteRequestFor(seller: SellerTerms, parcel: { valueVnd: bigint; weightGrams: number }, to: Place, cashAtDoor: boolean): QuoteRequest {
  return { ...seller.box, weightGrams: parcel.weightGrams, valueVnd: parcel.valueVnd, codAmountVnd: cashAtDoor ? parcel.valueVnd : 0n, from: seller.from, to: { provinceCode: to.provinceCode, wardCode: to.wardCode } };
}

function parcelOf(lines: ReadonlyArray<{ price_vnd: string; quantity: number; weight_grams: number }>) {
  return {
    valueVnd: lines.reduce((sum, l) => sum + BigInt(l.price_vnd) * BigInt(l.quantity), 0n),
    weightGrams: lines.reduce((sum, l) => sum + l.weight_grams * l.quantity, 0),
  };
}

/** One way of delivering as the checkout page shows it: its price and days, or why not now. */
export interface ShownDeliveryOption {
  courier: string;
  feeVnd: string | null;
  days: [number, number] | null;
  unavailable: MessageKey | null;
}

/**
 * Every way this seller delivers this parcel to this place, priced live (see deliveryOptions).
 * Before the buyer has said where, the couriers wait for a ward; pickup and the seller's own fee show.
 */
export async function checkoutDeliveryOptions(couriers: CourierRegistry, seller: SellerTerms, parcel: { valueVnd: bigint; weightGrams: number }, to: Place | null, cashAtDoor: boolean): Promise<ShownDeliveryOption[]> {
  const place = to ?? seller.from;
  const options = await deliveryOptions(couriers, seller, quoteRequestFor(seller, parcel, place, cashAtDoor), (courier) => to !== null || !courier.carrier);
  return options.map((o) =>
    "quote" in o
      ? { courier: o.courier, feeVnd: o.quote.feeVnd.toString(), days: o.quote.days, unavailable: null }
      : { courier: o.courier, feeVnd: null, days: null, unavailable: to ? o.unavailable : "checkout.courierNeedsWard" },
  );
}

/** What the page put in `seenFee` for a seller, read back: the fee it showed for each way. */
function seenFees(field: string | undefined): Map<string, bigint> | undefined {
  if (field === undefined) return undefined;
  return new Map(field.split(",").map((pair) => [pair.slice(0, pair.indexOf(":")), BigInt(pair.slice(pair.indexOf(":") + 1))]));
}

/** The `seenFee` field for what the page shows: each price, and its cash-on-delivery price under "<courier>-cod". */
export function seenFeeField(options: ShownDeliveryOption[], withCash: ShownDeliveryOption[]): string {
  return [...options.map((o) => [o.courier, o.feeVnd]), ...withCash.map((o) => [`${o.courier}-cod`, o.feeVnd])]
    .filter(([, fee]) => fee !== null)
    .map(([courier, fee]) => `${courier}:${fee}`)
    .join(",");
}

type ChosenQuote = { courier: string; quote: Quote; request: QuoteRequest };

/** Each seller's chosen delivery priced for the cart as it is now, before any row is locked. */
async function quoteChosenDeliveries(db: Db, buyer: PublicUser, cartId: string, input: CheckoutInput, couriers: CourierRegistry): Promise<Map<string, ChosenQuote>> {
  const items = await cartLinesForCheckout(db, buyer, cartId);
  const groups = new Map<string, CartLine[]>();
  for (const item of items) groups.set(sellerKey(item), [...(groups.get(sellerKey(item)) ?? []), item]);
  const terms = await sellerTerms(db, [...groups.keys()]);
  const quoted = await Promise.all(
    [...groups].map(async ([key, lines]): Promise<[string, ChosenQuote]> => {
      const seller = terms.get(key);
      const courier = couriers.get(input.delivery[key] ?? "");
      if (!seller) throw new FieldError("", "checkout.error.emptyCart");
      if (!courier || !courier.available(seller)) throw new FieldError(`delivery.${key}`, "checkout.error.chooseDelivery");
      const request = quoteRequestFor(seller, parcelOf(lines), input, input.payment[key] === "cod");
      try {
        return [key, { courier: courier.id, quote: await quoteOnce(courier, request, seller), request }];
      } catch (error) {
        const failure = courierFailure(error);
        if (failure) throw new FieldError(`delivery.${key}`, failure.messageKey, { detail: failure.message });
        throw error;
      }
    }),
  );
  return new Map(quoted);
}

/** Each seller's order as the buyer chose it: every choice checked before any stock is touched. */
function planOrders(groups: Map<string, CartLine[]>, terms: Map<string, SellerTerms>, input: CheckoutInput, payments: PaymentRegistry, quotes: Map<string, ChosenQuote>) {
  return [...groups.entries()].map(([key, lines]) => {
    const seller = terms.get(key);
    const chosen = quotes.get(key);
    const provider = payments.get(input.payment[key] ?? "");
    if (!seller) throw new FieldError("", "checkout.error.emptyCart");
    if (!chosen || chosen.courier !== input.delivery[key]) throw new FieldError(`delivery.${key}`, "checkout.error.chooseDelivery");
    if (!provider || !provider.canPay(seller.payee)) throw new FieldError(`payment.${key}`, "checkout.error.choosePayment");
    return { key, seller, lines, deliveryMethod: chosen.courier, feeVnd: chosen.quote.feeVnd, provider };
  });
}

/**
 * One seller's order: its delivery quoted, its total checked against what the way of paying
 * takes, then written (see insertOrder); returns its code and the jobs it needs queued.
 */
async function placeOrder(
  trx: DbOrTx,
  { buyer, checkoutId, input, plan, paymentMinutes }: { buyer: PublicUser; checkoutId: string; input: CheckoutInput; plan: OrderPlan; paymentMinutes: number },
): Promise<{ code: string; jobs: JobSpec[] }> {
  const itemsTotal = plan.lines.reduce((sum, l) => sum + BigInt(l.price_vnd) * BigInt(l.quantity), 0n);
  const code = newOrderCode();
  const quote = { feeVnd: plan.feeVnd };
  const total = itemsTotal + quote.feeVnd;
  // Wallets and cards have floors and ceilings; the exact total is known only now (the page hid the clear misfits).
  if (!plan.provider.takesAmount(total)) throw new FieldError(`payment.${plan.key}`, "checkout.error.paymentAmount");
  const collects = plan.provider.collectsBeforeShipping;
  const order = await insertOrder(trx, { code, buyer, checkoutId, input, plan, itemsTotal, feeVnd: quote.feeVnd, expiresAt: collects ? new Date(Date.now() + paymentMinutes * 60_000) : null });
  const jobs: JobSpec[] = [];
  if (collects) jobs.push({ task: "expire_order", payload: { orderId: order.id }, options: { runAt: order.expires_at ?? undefined, jobKey: `expire_order:${order.id}` } });
  jobs.push(notificationJob("new_order", { recipient: plan.seller.phone, userId: plan.seller.userId, locale: plan.seller.locale, code, totalVnd: total.toString(), sellerName: plan.seller.name }));
  if (order.seller_cooperative_id) jobs.push(...(await coopMemberNotifications(trx, order.id)));
  return { code, jobs };
}

/**
 * Writes an order, its lines, its first two events and (paid by transfer to the seller) its
 * payment attempt in one statement: one round trip per order. Placed, then at once waiting for its
 * money (paid before shipping) or confirmed (cash): the row is written in its second state, which
 * the transition table decides (await_payment or confirm from "placed"), as for every other move.
 */
async function insertOrder(
  trx: DbOrTx,
  { code, buyer, checkoutId, input, plan, itemsTotal, feeVnd, expiresAt }: { code: string; buyer: PublicUser; checkoutId: string; input: CheckoutInput; plan: OrderPlan; itemsTotal: bigint; feeVnd: bigint; expiresAt: Date | null },
) {
  const provider = plan.provider;
  const next = firstMove(provider.collectsBeforeShipping ? "await_payment" : "confirm");
  return trx
    .with("placed", (db) =>
      db
        .insertInto("orders")
        .values({
          code,
          checkout_id: checkoutId,
          buyer_id: buyer.id,
          seller_shop_id: plan.key.startsWith("shop-") ? plan.key.slice(5) : null,
          seller_cooperative_id: plan.key.startsWith("coop-") ? plan.key.slice(5) : null,
          // The stall's province now, for its trade floor's figures (issue 15).
          seller_province_code: plan.key.startsWith("shop-")
            ? sql<string>`(select province_code from shops where id = ${plan.key.slice(5)})`
            : sql<string>`(select province_code from cooperatives where id = ${plan.key.slice(5)})`,
          status: next,
          payment_method: plan.provider.id,
          delivery_method: plan.deliveryMethod,
          items_total_vnd: itemsTotal.toString(),
          delivery_fee_vnd: feeVnd.toString(),
          total_vnd: (itemsTotal + feeVnd).toString(),
          recipient_name: input.recipientName,
          recipient_phone: input.recipientPhone,
          province_code: input.provinceCode,
          ward_code: input.wardCode,
          street: input.street,
          note: input.note,
          expires_at: expiresAt,
        })
        .returning(["id", "expires_at", "seller_cooperative_id"]),
    )
    // The order, its lines and its first two events are one statement: one round trip per order.
    .with("lines", (db) =>
      db
        .insertInto("order_items")
        .columns(["order_id", "product_id", "producer_shop_id", "title", "unit", "unit_price_vnd", "quantity", "weight_grams", "category", "origin_ward_code"])
        .expression(
          // The line keeps the product's category and growing ward as sold (the province's figures, issue 15).
          sql`select placed.id, l.product_id, l.producer_shop_id, l.title, l.unit, l.price_vnd, l.quantity, l.weight_grams, p.category, p.origin_ward_code
            from placed, jsonb_to_recordset(${JSON.stringify(plan.lines.map(orderLine))}::jsonb)
              as l(product_id bigint, producer_shop_id bigint, title text, unit text, price_vnd bigint, quantity int, weight_grams int)
              join products p on p.id = l.product_id`,
        ),
    )
    .with("events", (db) =>
      db
        .insertInto("order_events")
        .columns(["order_id", "actor_id", "actor_role", "from_status", "to_status"])
        .expression(
          sql`select placed.id, e.actor_id, e.actor_role, e.from_status, e.to_status
            from placed, (values (1, ${buyer.id}::bigint, 'buyer', null::text, 'placed'), (2, null, 'system', 'placed', ${next})) as e(step, actor_id, actor_role, from_status, to_status)
            order by e.step`,
        ),
    )
    // Paid by transfer straight to the seller: its attempt holds her account as it is now (same statement).
    .with("attempt", (db) =>
      db
        .insertInto("payments")
        .columns(["order_id", "provider", "provider_ref", "amount_vnd", "expires_at", "payee_bank_bin", "payee_account_number", "payee_account_holder"])
        .expression(
          sql`select placed.id, ${provider.id}::text, ${`${code}-1`}::text, ${(itemsTotal + feeVnd).toString()}::bigint, placed.expires_at,
              ${plan.seller.payee.bankBin}::text, ${plan.seller.payee.accountNumber}::text, ${plan.seller.payee.accountHolder}::text
            from placed where ${provider.flow === "qr"}::boolean and placed.expires_at is not null`,
        )
        .returning(["id", "order_id", "amount_vnd"]),
    )
    .with("attempt_orders", (db) =>
      db.insertInto("payment_orders").columns(["payment_id", "order_id", "amount_vnd"]).expression(sql`select id, order_id, amount_vnd from attempt`),
    )
    .selectFrom("placed")
    .selectAll()
    .executeTakeFirstOrThrow();
}

type CartLine = Awaited<ReturnType<typeof cartLinesForCheckout>>[number];

/** What an order line keeps of its product: the price and title as sold. */
function orderLine(l: CartLine) {
  return { product_id: l.product_id, producer_shop_id: l.producer_shop_id, title: l.title, unit: l.unit, price_vnd: l.price_vnd, quantity: l.quantity, weight_grams: l.weight_grams };
}

/** The cart's lines with their products' current price, stock and status, in product id order. */
async function cartLinesForCheckout(db: DbOrTx, buyer: PublicUser, cartId: string) {
  const items = await db
    .selectFrom("cart_items as ci")
    .innerJoin("products as p", "p.id", "ci.product_id")
    .select(["ci.product_id", "ci.quantity", "p.title", "p.unit", "p.price_vnd", "p.weight_grams", "p.producer_shop_id", "p.cooperative_id", "p.status", "p.stock"])
    // A guest cart merged at sign-in may hold the buyer's own goods: never sell a seller their own.
    .select((eb) =>
      eb
        .or([
          eb.exists(eb.selectFrom("shops as s").select("s.id").whereRef("s.id", "=", "p.producer_shop_id").where("s.owner_id", "=", buyer.id)),
          eb.exists(eb.selectFrom("cooperatives as c").select("c.id").whereRef("c.id", "=", "p.cooperative_id").where("c.manager_id", "=", buyer.id)),
        ])
        .as("own"),
    )
    .where("ci.cart_id", "=", cartId)
    .orderBy("p.id")
    .execute();
  if (items.length === 0) throw new FieldError("", "checkout.error.emptyCart");
  const ownItem = items.find((i) => i.own);
  if (ownItem) throw new FieldError("", "checkout.error.ownGoods", { product: ownItem.title });
  return items;
}

/**
 * What the buyer saw must still be true: a price or fee changed since the page was drawn is
 * shown to them first (the page reloads with the new figures), never charged silently.
 */
function assertPricesAsSeen(groups: Map<string, CartLine[]>, terms: Map<string, SellerTerms>, input: CheckoutInput, quotes: Map<string, ChosenQuote>) {
  for (const [key, lines] of groups) {
    // A line that ran out fails below with its own, clearer message.
    if (lines.some((l) => l.status !== "active" || l.stock < l.quantity)) continue;
    const itemsTotal = lines.reduce((sum, l) => sum + BigInt(l.price_vnd) * BigInt(l.quantity), 0n);
    const seller = terms.get(key);
    const seenItems = input.seenItems[key];
    const shown = seenFees(input.seenFee[key]);
    const quoted = quotes.get(key);
    // The delivery price is asked again at "place order": moved since the page showed it (or never shown, before the ward was known), the buyer sees the new one first.
    const shownKey = quoted && quoted.request.codAmountVnd > 0n && shown?.has(`${quoted.courier}-cod`) ? `${quoted.courier}-cod` : quoted?.courier ?? "";
    const feeChanged = shown !== undefined && quoted !== undefined && shown.get(shownKey) !== quoted.quote.feeVnd;
    // The cart changed between the quote and the lock (another tab): the parcel priced is not this one.
    const parcelChanged = quoted !== undefined && quoted.request.valueVnd !== itemsTotal;
    if ((seenItems !== undefined && BigInt(seenItems) !== itemsTotal) || feeChanged || parcelChanged) {
      throw new FieldError("", "checkout.error.priceChanged", { seller: seller?.name ?? "" });
    }
  }
}

/**
 * Takes the stock, last in the checkout and in product id order: the product rows are what
 * concurrent buyers queue on, so they are locked only for these statements and the commit, not
 * for the order inserts (issue 11: checkout throughput), and two checkouts sharing products queue
 * instead of deadlocking. Running out here rolls everything back, orders included. Returns the
 * products this sale sold out.
 */
async function takeStock(db: DbOrTx, items: CartLine[]): Promise<string[]> {
  const soldOut: string[] = [];
  for (const item of items) {
    const taken = await db
      .updateTable("products")
      .set((eb) => ({
        stock: eb("stock", "-", item.quantity),
        status: statusAfterStockSql(-item.quantity),
        updated_at: new Date(),
      }))
      .where("id", "=", item.product_id)
      .where("status", "=", "active")
      .where("stock", ">=", item.quantity)
      .returning("stock")
      .executeTakeFirst();
    if (!taken) {
      const now = await db.selectFrom("products").select(["stock", "status"]).where("id", "=", item.product_id).executeTakeFirst();
      throw new OutOfStockError(item.title, now?.status === "active" ? now.stock : 0);
    }
    if (taken.stock === 0) soldOut.push(item.product_id);
  }
  return soldOut;
}

/** Remembers the delivery address; using a known one again only refreshes it (two CTEs of a larger statement). */
function saveAddress(userId: string, input: z.infer<typeof addressSchema>) {
  return [
    sql`same_address as (
      update addresses set last_used_at = now()
      where id = (select id from addresses
        where user_id = ${userId} and recipient_name = ${input.recipientName} and phone = ${input.recipientPhone}
          and ward_code = ${input.wardCode} and street = ${input.street}
        order by last_used_at desc limit 1)
      returning id)`,
    sql`new_address as (insert into addresses (user_id, recipient_name, phone, province_code, ward_code, street)
      select ${userId}, ${input.recipientName}, ${input.recipientPhone}, ${input.provinceCode}, ${input.wardCode}, ${input.street}
      where not exists (select 1 from same_address))`,
  ];
}

export async function savedAddresses(db: DbOrTx, userId: string) {
  return db.selectFrom("addresses").selectAll().where("user_id", "=", userId).orderBy("last_used_at", "desc").limit(5).execute();
}
