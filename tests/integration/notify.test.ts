import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEsmsSender } from "~/notify/esms.server";
import { createNotifier, notifyJob, readNotifyPayload, writeMessage, type ChannelSenders, type NotificationRequest, type Notifier } from "~/notify/notifier.server";
import { saveChannelChoices } from "~/notify/preferences.server";
import { esmsSimulator, ESMS_SIMULATOR_SETTINGS, notifySimulator, ZNS_SIMULATOR_SETTINGS, znsSimulator, type PhoneInbox } from "~/notify/simulators/notify-simulators.server";
import { MESSAGE_KINDS, PARAM_LIMITS, TEMPLATES, type MessageKind } from "~/notify/templates";
import { createZaloZnsSender } from "~/notify/zalo-zns.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/fixtures";

/**
 * Order alerts on Zalo and SMS (issue 14), on the real database, through the Zalo ZNS and eSMS
 * adapters talking to their simulators over the wire format: fetches to http://sim.test/<id>/…
 * are answered by that simulator, and what reaches a phone lands in `inbox`.
 */
const SIM = "http://sim.test";
const PUBLIC_URL = "https://vuonnha.test";
let t: TestDatabase;
const inbox: { channel: "zalo" | "sms"; recipient: string; subject: string; body: string }[] = [];
let restoreFetch: () => void;
let senders: ChannelSenders;
let notifier: Notifier;

function installNotifyNetwork(deliver: PhoneInbox): () => void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== SIM) return realFetch(input, init);
    const [, id = "", ...rest] = url.pathname.split("/");
    return notifySimulator(id)!.api(rest.join("/"), request, deliver);
  };
  return () => {
    globalThis.fetch = realFetch;
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  restoreFetch = installNotifyNetwork(async (message) => void inbox.push(message));
  senders = {
    zalo: createZaloZnsSender(t.db, { ...ZNS_SIMULATOR_SETTINGS, endpoint: `${SIM}/zalo`, oauthEndpoint: `${SIM}/zalo/oauth` }),
    sms: createEsmsSender({ ...ESMS_SIMULATOR_SETTINGS, endpoint: `${SIM}/esms` }),
  };
  notifier = createNotifier(t.db, { senders, publicUrl: PUBLIC_URL });
});

afterEach(() => {
  znsSimulator.setOutage(false);
  esmsSimulator.setOutage(false);
});

afterAll(async () => {
  restoreFetch();
  await t.drop();
});

/** A person with a number that is on Zalo (the simulator: every number not ending in 0) or not. */
let people = 0;
async function person(onZalo = true) {
  const user = await makeUser(t.db, "Chị Hoa");
  people += 1;
  const phone = `08${String(process.pid % 1000).padStart(3, "0")}${String(people).padStart(4, "0")}${onZalo ? "7" : "0"}`;
  await t.db.updateTable("users").set({ phone }).where("id", "=", user.id).execute();
  return { ...user, phone };
}

/** The request the "notify" job would carry, read back the way the worker reads it. */
function request(kind: MessageKind, user: { id: string; phone: string }, params: NotificationRequest["params"] = {}, linkPath?: string): NotificationRequest {
  const request = readNotifyPayload(notifyJob({ kind, userId: user.id, phone: user.phone, locale: "vi", params, linkPath }).payload);
  if ("legacy" in request) throw new Error("not a request");
  return request;
}

const received = (phone: string) => inbox.filter((m) => m.recipient === phone);
const deliveries = (eventKey: string) => t.db.selectFrom("notification_deliveries").select(["channel", "status", "attempts"]).where("event_key", "=", eventKey).orderBy("channel").execute();

describe("order alerts on Zalo and SMS", () => {
  it("sends a shipped alert on Zalo with tone marks and the tracking link, refreshing the OA token first; the same event again sends nothing", async () => {
    const buyer = await person();
    const shipped = request("shipped", buyer, { code: "VN7A2B9C4D", tracking: "GHN GYA12345VN" }, "/orders/VN7A2B9C4D");
    await notifier.send(shipped);
    expect(received(buyer.phone)).toEqual([
      {
        channel: "zalo",
        recipient: buyer.phone,
        subject: "Zalo · Vườn Nhà · Đơn VN7A2B9C4D đang giao",
        body: "Vườn Nhà: đơn VN7A2B9C4D đã được gửi. GHN GYA12345VN Theo dõi: https://vuonnha.test/orders/VN7A2B9C4D",
      },
    ]);
    const tokens = await t.db.selectFrom("zalo_oa_tokens").selectAll().executeTakeFirstOrThrow();
    expect(tokens.refresh_token).not.toBe(ZNS_SIMULATOR_SETTINGS.refreshToken); // rotated, and kept
    expect(tokens.access_expires_at!.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    // The job tried again (a worker died after sending): nothing goes twice.
    await notifier.send(shipped);
    await notifier.send(shipped);
    expect(received(buyer.phone)).toHaveLength(1);
    expect(await deliveries(shipped.eventKey)).toEqual([{ channel: "zalo", status: "sent", attempts: 1 }]);
  });

  it("refreshes an access token Zalo stopped taking once, under a lock, for twenty messages sent at the same moment", async () => {
    const before = await t.db.selectFrom("zalo_oa_tokens").select("refresh_token").executeTakeFirstOrThrow();
    znsSimulator.expireAccessTokens();
    const buyers = await Promise.all(Array.from({ length: 20 }, () => person()));
    await Promise.all(buyers.map((b) => notifier.send(request("delivered", b, { code: "VN1111AAAA" }, "/orders/VN1111AAAA"))));
    for (const b of buyers) expect(received(b.phone).map((m) => m.channel)).toEqual(["zalo"]);
    const after = await t.db.selectFrom("zalo_oa_tokens").select("refresh_token").executeTakeFirstOrThrow();
    expect(after.refresh_token).not.toBe(before.refresh_token);
  });

  it("falls back to an SMS without tone marks for a number that has no Zalo, and records both tries", async () => {
    const farmer = await person(false);
    const paid = request("paid", farmer, { code: "VN2222BBBB", total: "180.000 ₫" });
    await notifier.send(paid);
    expect(received(farmer.phone)).toEqual([{ channel: "sms", recipient: farmer.phone, subject: "SMS · VuonNha", body: "Vuon Nha: don VN2222BBBB da nhan 180.000 VND. Hay nhan don va dong goi." }]);
    expect(await deliveries(paid.eventKey)).toEqual([
      { channel: "sms", status: "sent", attempts: 1 },
      { channel: "zalo", status: "rejected", attempts: 1 },
    ]);
  });

  it("keeps to each person's choice: SMS only, none, or Zalo only (nothing when Zalo cannot, and no retry)", async () => {
    const smsOnly = await person();
    await saveChannelChoices(t.db, smsOnly.id, { delivery: "sms" });
    await notifier.send(request("accepted", smsOnly, { code: "VN3333CCCC", seller: "Vườn Chuối Bà Tư" }));
    expect(received(smsOnly.phone).map((m) => [m.channel, m.body])).toEqual([["sms", "Vuon Nha: Vuon Chuoi Ba Tu da nhan don VN3333CCCC va dang chuan bi hang."]]);

    const nothing = await person();
    await saveChannelChoices(t.db, nothing.id, { delivery: "none", payments: "none", orders: "none", coop: "none" });
    await notifier.send(request("shipped", nothing, { code: "VN4444DDDD" }, "/orders/VN4444DDDD"));
    expect(received(nothing.phone)).toEqual([]);
    // Sign-in codes go by SMS whatever was chosen.
    await notifier.send(request("reset_code", nothing, { code: "493817" }));
    expect(received(nothing.phone)).toEqual([
      { channel: "sms", recipient: nothing.phone, subject: "SMS · VuonNha", body: "Vuon Nha: ma lay lai mat khau cua ban la 493817. Ma het han sau 15 phut. Dung chia se ma nay voi ai." },
    ]);

    const zaloOnly = await person(false);
    await saveChannelChoices(t.db, zaloOnly.id, { delivery: "zalo" });
    const shipped = request("shipped", zaloOnly, { code: "VN5555EEEE" }, "/orders/VN5555EEEE");
    await expect(notifier.send(shipped)).resolves.toBeUndefined(); // refused for good: the job is done, not retried
    expect(received(zaloOnly.phone)).toEqual([]);
    expect(await deliveries(shipped.eventKey)).toEqual([{ channel: "zalo", status: "rejected", attempts: 1 }]);
  });

  it("fails the job while the SMS gateway is down so the queue retries it; the retry sends once and never asks Zalo again", async () => {
    const farmer = await person(false);
    const order = request("new_order", farmer, { code: "VN6666FFFF", total: "360.000 ₫" });
    esmsSimulator.setOutage(true);
    await expect(notifier.send(order)).rejects.toThrow(/not sent.*eSMS answered 503/);
    await expect(notifier.send(order)).rejects.toThrow(/not sent/);
    expect(received(farmer.phone)).toEqual([]);
    esmsSimulator.setOutage(false);
    await notifier.send(order);
    await notifier.send(order);
    expect(received(farmer.phone).map((m) => m.body)).toEqual(["Vuon Nha: ban co don moi VN6666FFFF, 360.000 VND. Mo muc Don ban de xem."]);
    expect(await deliveries(order.eventKey)).toEqual([
      { channel: "sms", status: "sent", attempts: 3 },
      { channel: "zalo", status: "rejected", attempts: 1 },
    ]);
  });

  it("tries SMS when Zalo cannot be reached, and eSMS drops a repeat of one RequestId (a send whose answer was lost)", async () => {
    const buyer = await person();
    znsSimulator.setOutage(true);
    const refunded = request("payment_refunded", buyer, { code: "VN7777GGGG", total: "90.000 ₫" });
    await notifier.send(refunded);
    expect(received(buyer.phone).map((m) => m.channel)).toEqual(["sms"]);
    expect((await deliveries(refunded.eventKey)).map((d) => `${d.channel}:${d.status}`)).toEqual(["sms:sent", "zalo:failed"]);
    const message = writeMessage(refunded, PUBLIC_URL);
    expect(await senders.sms!.send(message)).toMatchObject({ ok: true });
    expect(received(buyer.phone)).toHaveLength(1);
  });

  it("still sends a finished text a job carried before there were templates, by SMS, once", async () => {
    const farmer = await person();
    const legacy = readNotifyPayload({ channel: "sms", recipient: farmer.phone, subject: "Đơn mới VN9999IIII", body: "Vườn Nhà: bạn có đơn mới VN9999IIII, 180.000 ₫." });
    await notifier.send(legacy);
    await notifier.send(legacy);
    expect(received(farmer.phone)).toEqual([{ channel: "sms", recipient: farmer.phone, subject: "SMS · VuonNha", body: "Vuon Nha: ban co don moi VN9999IIII, 180.000 VND." }]);
  });

  it("has a template for every kind of message: written in both languages with nothing left unfilled, accepted by Zalo within each parameter's limit, and one to three SMS parts", async () => {
    const buyer = await person();
    const long = "Một lý do rất dài ".repeat(30);
    for (const kind of MESSAGE_KINDS) {
      const params = Object.fromEntries(TEMPLATES[kind].params.map((p) => [p, p === "link" ? "" : long]));
      for (const locale of ["vi", "en"] as const) {
        const message = writeMessage({ ...request(kind, buyer, params, "/orders/VN8888HHHH"), locale }, PUBLIC_URL);
        expect(`${message.subject} ${message.body}`, `${kind} ${locale}`).not.toMatch(/[{}]/);
      }
      const message = writeMessage(request(kind, buyer, { code: "VN8888HHHH", total: "1.250.000 ₫", seller: "HTX Nông sản Đồng Nai", tracking: "VNPost EG123456789VN", reason: "Không liên lạc được người nhận", coop: "HTX Nông sản Đồng Nai", items: "2 × Mật ong rừng" }, "/orders/VN8888HHHH"), PUBLIC_URL);
      expect(await senders.sms!.send({ ...message, eventKey: `${kind}-sms-check` }), kind).toMatchObject({ ok: true });
      expect(await senders.zalo!.send({ ...writeMessage(request(kind, buyer, params, "/orders/VN8888HHHH"), PUBLIC_URL), eventKey: `${kind}-zns-check` }), kind).toMatchObject({ ok: true });
    }
    const zaloTexts = received(buyer.phone).filter((m) => m.channel === "zalo");
    expect(zaloTexts).toHaveLength(MESSAGE_KINDS.length);
    expect(Math.max(...Object.values(PARAM_LIMITS))).toBeLessThan(long.length); // every long value had to be cut to fit
  });
});
