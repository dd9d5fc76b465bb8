import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { rmSync } from "node:fs";
import { sql } from "kysely";
import { listProvinces, listWards } from "../../app/geo/address.server";
import { addToCart, cartView, openCart } from "../../app/orders/cart.server";
import { checkoutDeliveryOptions, checkoutSchema, placeCheckout, sellerTerms } from "../../app/orders/checkout.server";
import { applyOrderAction } from "../../app/orders/orders.server";
import { createPaymentRegistry } from "../../app/payments/registry.server";
import { bookPickup } from "../../app/shipping/booking.server";
import { forgetQuotes } from "../../app/shipping/quotes.server";
import { createCourierRegistry } from "../../app/shipping/registry.server";
import type { SimStep } from "../../app/shipping/simulators/courier-sim.server";
import { GHN_SIMULATOR_SETTINGS } from "../../app/shipping/simulators/ghn-simulator.server";
import { GHTK_SIMULATOR_SETTINGS } from "../../app/shipping/simulators/ghtk-simulator.server";
import { courierSimulator, setCourierWebhookBase } from "../../app/shipping/simulators/simulators.server";
import { courierAddress } from "../../app/shipping/address-mapping.server";
import { VIETTELPOST_SIMULATOR_SETTINGS } from "../../app/shipping/simulators/viettelpost-simulator.server";
import { VNPOST_SIMULATOR_SETTINGS } from "../../app/shipping/simulators/vnpost-simulator.server";
import { receiveCourierNotification } from "../../app/shipping/tracking.server";
import { ledgerTotal } from "../../app/payments/ledger.server";
import { createDb, type Db } from "../../db";
import { migrateJobQueue, migrateToLatest } from "../../db/migrate";
import { startEmbeddedPostgres } from "../lib/embedded";
import { makeBuyers, pool, seedSeller } from "./checkout";
import { percentile } from "./web";

/**
 * Couriers, on an embedded PostgreSQL of its own, with the four courier simulators answering over
 * real HTTP on 127.0.0.1 (their own wire formats, tokens and signatures):
 *
 * 1. The checkout's quote step (the cart, the seller's terms, and every courier asked for a
 *    prepaid and a cash-on-delivery price, as the checkout page does) for 50 buyers at once, each
 *    to a different ward, every courier answering after 150 ms, after one uncounted warm-up round.
 *    Bar: p95 ≤ 400 ms.
 * 2. 1,000 courier webhooks through the real handler over HTTP: every parcel's real notifications
 *    (captured from the simulators), a quarter sent twice, all shuffled so a parcel's events arrive
 *    out of order, 50 at a time. Checked: every order shipped, delivered and paid at the door
 *    exactly once, each courier event kept once, one COD journal per order with the ledger
 *    balanced, every reply the courier's own "taken".
 */
const COURIERS = ["vnpost", "viettelpost", "ghn", "ghtk"] as const;
const STEPS: SimStep[] = ["picked_up", "in_transit", "delivering", "delivered"];

type Captured = { path: string; body: string; contentType: string };

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** One loopback server: /sim/<courier>/… is that courier's API, /webhooks/couriers/<courier> our handler (or the capture). */
async function startNetwork(handle: (courier: string, request: Request) => Promise<Response>) {
  let capture: Captured[] | null = null;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : await bodyOf(req);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(url, { method: req.method, headers, body });
      const [, first = "", courier = "", ...rest] = url.pathname.split("/");
      let response: Response;
      if (first === "sim") response = await courierSimulator(courier)!.api(rest.join("/"), request);
      else if (first === "webhooks" && capture) {
        capture.push({ path: `${url.pathname}${url.search}`, body: body ?? "", contentType: req.headers["content-type"] ?? "" });
        response = new Response("ok");
      } else if (first === "webhooks") response = await handle(rest[0] ?? "", request);
      else response = new Response("not found", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    startCapture: () => {
      capture = [];
    },
    stopCapture: () => {
      const got = capture ?? [];
      capture = null;
      return got;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function registryAt(base: string) {
  return createCourierRegistry({
    vnpost: { ...VNPOST_SIMULATOR_SETTINGS, endpoint: `${base}/sim/vnpost` },
    viettelpost: { ...VIETTELPOST_SIMULATOR_SETTINGS, endpoint: `${base}/sim/viettelpost` },
    ghn: { ...GHN_SIMULATOR_SETTINGS, endpoint: `${base}/sim/ghn` },
    ghtk: { ...GHTK_SIMULATOR_SETTINGS, endpoint: `${base}/sim/ghtk` },
  });
}

/** The simulators in a process of their own (courier-simulators.ts), answering after `latencyMs`. */
async function startRemoteSimulators(root: string, latencyMs: number): Promise<{ base: string; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "bench", "courier-simulators.ts"), String(latencyMs)], { stdio: ["ignore", "pipe", "inherit"] });
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`courier simulators exited (${code})`)));
  });
  return { base, stop: () => child.kill() };
}

/** Wards couriers can address in every province but the farm's, one per buyer, so no quote comes from the cache. */
function destinations(n: number): Array<{ provinceCode: string; wardCode: string }> {
  const mappable = (place: { provinceCode: string; wardCode: string }) => {
    try {
      courierAddress(place);
      return true;
    } catch {
      return false;
    }
  };
  const all = listProvinces()
    .filter((p) => p.code !== "75")
    .flatMap((p) => listWards(p.code).slice(0, 10).map((w) => ({ provinceCode: p.code, wardCode: w.code })))
    .filter(mappable);
  return Array.from({ length: n }, (_, i) => all[(i * 37) % all.length]!);
}

const checkoutInput = (key: string, i: number, courier: string) =>
  checkoutSchema.parse({
    recipientName: "Khách bench",
    recipientPhone: "0903000001",
    provinceCode: "01",
    wardCode: "00004",
    street: "1 Tràng Tiền",
    idempotencyKey: `bench-ship-${i}-${Date.now()}`,
    delivery: { [key]: courier },
    payment: { [key]: "cod" },
  });

async function quoteBench(db: Db, root: string, productIds: string[]): Promise<boolean> {
  const remote = await startRemoteSimulators(root, 150);
  try {
    return await quoteRounds(db, registryAt(remote.base), productIds);
  } finally {
    remote.stop();
  }
}

async function quoteRounds(db: Db, couriers: ReturnType<typeof registryAt>, productIds: string[]): Promise<boolean> {
  const buyersAtOnce = 50;
  const rounds = Number(process.env.BENCH_QUOTE_ROUNDS ?? 4);
  const buyers = await makeBuyers(db, buyersAtOnce * (rounds + 1), 700_000);
  const carts: string[] = [];
  for (const [i, buyer] of buyers.entries()) {
    const { cartId } = await openCart(db, buyer, null);
    await addToCart(db, cartId, productIds[i % productIds.length]!, 1 + (i % 5));
    carts.push(cartId);
  }
  const places = destinations(buyers.length);
  const times: number[] = [];
  let priced = 0;
  let missing = 0;
  // What the checkout page has loaded before it asks the couriers: the buyer's cart and the seller's terms.
  const loaded = async (i: number) => {
    const view = await cartView(db, carts[i]!);
    const terms = await sellerTerms(db, view.groups.map((g) => g.seller.key));
    return view.groups.map((g) => ({ term: terms.get(g.seller.key)!, parcel: { valueVnd: g.subtotalVnd, weightGrams: g.weightGrams } }));
  };
  const loadTimes: number[] = [];
  // One buyer's page: her cart, then the quote step as checkout runs it (every courier, prepaid and cash prices, all at once).
  const quoteStep = (i: number) => async () => {
    const t0 = performance.now();
    const groups = await loaded(i);
    const t1 = performance.now();
    loadTimes.push(t1 - t0);
    for (const { term, parcel } of groups) {
      const [prepaid, cash] = await Promise.all([checkoutDeliveryOptions(couriers, term, parcel, places[i]!, false), checkoutDeliveryOptions(couriers, term, parcel, places[i]!, true)]);
      for (const o of [...prepaid, ...cash]) {
        if (!COURIERS.includes(o.courier as (typeof COURIERS)[number])) continue;
        if (o.feeVnd === null) missing++;
        else priced++;
      }
    }
    times.push(performance.now() - t1);
  };
  try {
    // A warm-up round of 50 (connections to each courier, first queries), not counted: a server that has been up a while.
    forgetQuotes();
    await pool(Array.from({ length: buyersAtOnce }, (_, k) => quoteStep(rounds * buyersAtOnce + k)), buyersAtOnce);
    times.length = 0;
    loadTimes.length = 0;
    priced = 0;
    missing = 0;
    for (let r = 0; r < rounds; r++) {
      forgetQuotes();
      await pool(Array.from({ length: buyersAtOnce }, (_, k) => quoteStep(r * buyersAtOnce + k)), buyersAtOnce);
    }
  } finally {
    forgetQuotes();
  }
  const p95 = percentile(times, 95);
  const pass = p95 <= 400 && missing === 0;
  console.log(`\n## Checkout quotes: 4 couriers × prepaid and cash prices, each courier answering after 150 ms over HTTP, ${buyersAtOnce} buyers at once × ${rounds} rounds (${times.length} quote steps, each to its own ward)`);
  console.log(`cart and seller's terms before it: p50 ${percentile(loadTimes, 50).toFixed(0)} ms · p95 ${percentile(loadTimes, 95).toFixed(0)} ms (no bar, for reference)`);
  console.log(`quote step: prices ${priced}, missing ${missing} · p50 ${percentile(times, 50).toFixed(0)} ms · p95 ${p95.toFixed(0)} ms · max ${Math.max(...times).toFixed(0)} ms → p95 ≤ 400 ms and every courier priced ${pass ? "PASS" : "FAIL"}`);
  return pass;
}

async function webhookBench(db: Db, couriers: ReturnType<typeof registryAt>, network: Awaited<ReturnType<typeof startNetwork>>, shopKey: string, productIds: string[], seller: Parameters<typeof bookPickup>[2]): Promise<boolean> {
  const payments = createPaymentRegistry({ bankWebhookSecret: null, momo: null });
  const total = Number(process.env.BENCH_COURIER_WEBHOOKS ?? 1000);
  // Four events per parcel and a quarter again: parcels × 4 × 1.25 ≈ total.
  const parcels = Math.max(COURIERS.length, Math.round(total / (STEPS.length * 1.25)));
  const buyers = await makeBuyers(db, parcels, 800_000);
  const orders: Array<{ id: string; courier: string; tracking: string; cod: string }> = [];
  for (const [i, buyer] of buyers.entries()) {
    const courier = COURIERS[i % COURIERS.length]!;
    const { cartId } = await openCart(db, buyer, null);
    await addToCart(db, cartId, productIds[i % productIds.length]!, 1);
    const placed = await placeCheckout(db, buyer, cartId, checkoutInput(shopKey, i, courier), { payments, couriers, paymentMinutes: 1440 });
    const order = await db.selectFrom("orders").select(["id", "total_vnd"]).where("code", "=", placed.orderCodes[0]!).executeTakeFirstOrThrow();
    for (const action of ["accept", "pack"] as const) await applyOrderAction(db, { user: seller, role: "seller" }, order.id, { action, reason: "", courierName: "", trackingCode: "" });
    orders.push({ id: order.id, courier, tracking: await bookPickup(db, couriers, seller, order.id), cod: order.total_vnd });
  }
  // Every parcel driven to the door; the simulators' real webhooks are kept, not yet delivered.
  network.startCapture();
  for (const step of STEPS) for (const o of orders) await courierSimulator(o.courier)!.advance(o.tracking, step, "now");
  const captured = network.stopCapture();
  const copies = Math.max(0, total - captured.length);
  const sends = [...captured, ...Array.from({ length: copies }, (_, i) => captured[(i * 7) % captured.length]!)];
  // A fixed shuffle: copies away from their originals, and each parcel's events in no particular order.
  const shuffled = sends.map((s, i) => ({ s, k: (i * 7919) % 10007 })).sort((a, b) => a.k - b.k).map((x) => x.s);
  const replies = new Map<string, number>();
  const times: number[] = [];
  const started = performance.now();
  await pool(
    shuffled.map((s) => async () => {
      const t0 = performance.now();
      const res = await fetch(`${network.base}${s.path}`, { method: "POST", headers: { "Content-Type": s.contentType }, body: s.body });
      const label = `${s.path.split("/")[3]?.split("?")[0]} ${res.status} ${await res.text()}`;
      times.push(performance.now() - t0);
      replies.set(label, (replies.get(label) ?? 0) + 1);
    }),
    50,
  );
  const seconds = (performance.now() - started) / 1000;

  const ids = orders.map((o) => o.id);
  const count = async (status: "shipped" | "delivered") =>
    Number((await db.selectFrom("order_events").select((eb) => eb.fn.countAll<string>().as("n")).where("order_id", "in", ids).where("to_status", "=", status).executeTakeFirstOrThrow()).n);
  const delivered = Number((await db.selectFrom("orders").select((eb) => eb.fn.countAll<string>().as("n")).where("id", "in", ids).where("status", "=", "delivered").where("paid_at", "is not", null).executeTakeFirstOrThrow()).n);
  const [shippedEvents, deliveredEvents] = [await count("shipped"), await count("delivered")];
  const inbox = await sql<{ n: string; applied: string }>`select count(*) as n, count(*) filter (where outcome = 'applied') as applied from courier_notifications`.execute(db);
  const history = await sql<{ n: string }>`select count(*) as n from shipment_events where source = 'webhook'`.execute(db);
  const cash = await sql<{ right: string }>`select count(*) as right from shipments where status = 'delivered' and cod_collected_vnd = cod_amount_vnd and cod_amount_vnd > 0`.execute(db);
  const books = await sql<{ n: string }>`select count(*) as n from ledger_journals where kind = 'cod_collected'`.execute(db);
  const balanced = (await ledgerTotal(db)) === 0n;
  const notTaken = [...replies].filter(([label]) => !/ 200 /.test(label)).reduce((sum, [, n]) => sum + n, 0);
  const onceEach =
    delivered === orders.length &&
    shippedEvents === orders.length &&
    deliveredEvents === orders.length &&
    Number(inbox.rows[0]?.n) === captured.length &&
    Number(history.rows[0]?.n) === captured.length &&
    Number(cash.rows[0]?.right) === orders.length &&
    Number(books.rows[0]?.n) === orders.length &&
    balanced &&
    notTaken === 0;
  console.log(`\n## Courier webhooks: ${shuffled.length} VNPost, Viettel Post, GHN and GHTK notifications over HTTP (${orders.length} parcels × ${STEPS.length} events, ${copies} sent again, all shuffled out of order), 50 at a time`);
  console.log(`replies: ${[...replies].map(([r, n]) => `${r} ×${n}`).join(" · ")}`);
  console.log(`${(shuffled.length / seconds).toFixed(0)} webhooks/s · p50 ${percentile(times, 50).toFixed(1)} ms · p95 ${percentile(times, 95).toFixed(1)} ms (no bar, for reference)`);
  console.log(
    `orders delivered and paid ${delivered}/${orders.length} · shipped events ${shippedEvents} · delivered events ${deliveredEvents} · inbox ${inbox.rows[0]?.n} of ${captured.length} distinct (applied ${inbox.rows[0]?.applied}) · parcel history ${history.rows[0]?.n} · cash collected right ${cash.rows[0]?.right} · COD journals ${books.rows[0]?.n}, ledger balanced ${balanced} · not taken ${notTaken} → exactly once ${onceEach ? "PASS" : "FAIL"}`,
  );
  return onceEach;
}

export async function shippingBench(root: string): Promise<boolean> {
  const dataDir = path.join(root, ".data", "bench-shipping");
  rmSync(dataDir, { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), database: "vuonnha_shipping" });
  const db = createDb(pg.url, { max: 20 });
  let network: Awaited<ReturnType<typeof startNetwork>> | null = null;
  try {
    await migrateToLatest(db);
    await migrateJobQueue(pg.url);
    let couriers = registryAt("http://127.0.0.1:1");
    network = await startNetwork((courier, request) => receiveCourierNotification(request, { db, couriers }, courier));
    couriers = registryAt(network.base);
    setCourierWebhookBase(network.base);
    const { shopKey, productIds } = await seedSeller(db, "0908888888", 20, 1_000_000);
    await db.updateTable("shops").set({ couriers: [...COURIERS], pickup_street: "Tổ 4, đường ĐT741" }).where("id", "=", shopKey.slice(5)).execute();
    const seller = await db.selectFrom("users").select(["id", "phone", "full_name", "email", "locale", "is_admin"]).where("phone", "=", "0908888888").executeTakeFirstOrThrow();
    const quotes = await quoteBench(db, root, productIds);
    const webhooks = await webhookBench(db, couriers, network, shopKey, productIds, seller);
    return quotes && webhooks;
  } finally {
    await network?.stop();
    await db.destroy();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
