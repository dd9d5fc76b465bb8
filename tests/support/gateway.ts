import type { PublicUser } from "~/accounts/accounts.server";
import type { AppContext } from "~/context";
import { addToCart, openCart } from "~/orders/cart.server";
import { checkoutSchema, placeCheckout } from "~/orders/checkout.server";
import { createPaymentRegistry, type PaymentSettings } from "~/payments/registry.server";
import { makeListing } from "./catalog";
import { createTestDatabase, type TestDatabase } from "./db";
import { appContext, makeFarmer, makeUser, TEST_BANK_SECRET } from "./fixtures";
import { startServer, type RunningServer } from "./server";

/**
 * A wallet or gateway under test against its simulator, over real HTTP: a database of its own, the
 * real server (whose simulator routes the adapter calls, found only once the port is known), a
 * farm with a listing, and orders placed to be paid by that method.
 */
export interface GatewayHarness {
  t: TestDatabase;
  server: RunningServer;
  /** The server reads this per request: tests may swap its payment registry. */
  context: Omit<AppContext, "clientIp" | "cspNonce">;
  base: string;
  farmer: { user: PublicUser; shopId: string };
  productId: string;
  /** A new buyer's order of the listing, waiting to be paid by `method`. */
  order(quantity?: number): Promise<Awaited<ReturnType<typeof findOrder>>>;
  statusOf(orderId: string): Promise<string>;
  close(): Promise<void>;
}

/** A checkout to one address, each seller (by key) paid the given way, delivered by the seller unless told otherwise. */
export function walletCheckout(payment: Record<string, string>, delivery: "self" | "pickup" = "self") {
  return checkoutSchema.parse({
    recipientName: "Trần Thu Hà",
    recipientPhone: "0903000009",
    provinceCode: "75",
    wardCode: "25195",
    street: "12 Lý Tự Trọng",
    idempotencyKey: `checkout-${Math.random().toString(36).slice(2)}-key`,
    delivery: Object.fromEntries(Object.keys(payment).map((k) => [k, delivery])),
    payment,
  });
}

const findOrder = (t: TestDatabase, code: string) => t.db.selectFrom("orders").selectAll().where("code", "=", code).executeTakeFirstOrThrow();

export async function gatewayHarness(
  method: string,
  providers: (base: string) => Omit<PaymentSettings, "bankWebhookSecret" | "momo"> & { momo?: PaymentSettings["momo"] },
  listing: { farm: string; title: string; priceVnd: number },
): Promise<GatewayHarness> {
  const t = await createTestDatabase();
  const context: Omit<AppContext, "clientIp" | "cspNonce"> = { ...appContext(t.db) };
  const server = await startServer(context);
  const base = `http://127.0.0.1:${server.port}`;
  context.payments = createPaymentRegistry({ bankWebhookSecret: TEST_BANK_SECRET, momo: null, ...providers(base) });
  context.publicUrl = base;
  context.internalUrl = base;
  const f = await makeFarmer(t.db, listing.farm);
  const productId = (await makeListing(t.db, appContext(t.db).media, f.user, { title: listing.title, priceVnd: listing.priceVnd, stock: 500 })).id;
  const key = `shop-${f.shop.id}`;
  return {
    t,
    server,
    context,
    base,
    farmer: { user: f.user, shopId: f.shop.id },
    productId,
    async order(quantity = 1) {
      const buyer = await makeUser(t.db, "Khách Ví");
      const { cartId } = await openCart(t.db, buyer, null);
      await addToCart(t.db, cartId, productId, quantity);
      const placed = await placeCheckout(
        t.db,
        buyer,
        cartId,
        walletCheckout({ [key]: method }),
        { payments: context.payments, paymentMinutes: 60 },
      );
      return findOrder(t, placed.orderCodes[0]!);
    },
    statusOf: async (orderId) => (await t.db.selectFrom("orders").select("status").where("id", "=", orderId).executeTakeFirstOrThrow()).status,
    async close() {
      await server.close();
      await t.drop();
    },
  };
}
