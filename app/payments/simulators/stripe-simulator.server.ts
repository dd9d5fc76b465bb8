import { randomBytes } from "node:crypto";
import { hmacHex } from "../signing.server";
import type { PaymentSimulator, SimOutcome } from "./simulators.server";

/**
 * A local stand-in for Stripe's API (development and tests only; its routes are behind the dev
 * tools guard) that the real `stripe` SDK talks to through its host/port/protocol options. It
 * answers /v1/checkout/sessions and /v1/refunds as Stripe does: form-encoded requests, a Bearer
 * secret key, Idempotency-Key replays, Stripe's error shape. Its Checkout page lets the tester
 * choose the outcome, then it signs the event as Stripe does (`t=…,v1=` HMAC-SHA256 of
 * `${t}.${body}`) and posts it to the webhook endpoint a dashboard would have registered for the
 * site the session returns to.
 */
export const STRIPE_SIMULATOR_SETTINGS = {
  // Known to everyone on purpose: the simulator runs only in development, on loopback.
  secretKey: "sk_test_vuonnha_simulator_not_a_secret",
  webhookSecret: "whsec_vuonnha_simulator_not_a_secret",
} as const;

interface SimSession {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  created: number;
  expires_at: number;
  livemode: false;
  locale: string | null;
  metadata: Record<string, string>;
  mode: "payment";
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: "paid" | "unpaid";
  status: "open" | "complete" | "expired";
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  /** Not Stripe's: what the simulator keeps beside the session. */
  sim: { name: string; refunded: number; lastDecline: string | null };
}

const sessions = new Map<string, SimSession>();
const byIntent = new Map<string, SimSession>();
/** Idempotency-Key → the request it was first used with and the answer given (Stripe replays it). */
const idempotent = new Map<string, { body: string; path: string; status: number; answer: unknown }>();

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

function stripeError(status: number, type: string, message: string, code?: string, param?: string): Response {
  return Response.json({ error: { type, message, ...(code ? { code } : {}), ...(param ? { param } : {}) } }, { status });
}

/** A session as Stripe shows it: lapsed ones read as expired. */
function view(s: SimSession): Omit<SimSession, "sim"> {
  if (s.status === "open" && s.expires_at <= now()) {
    s.status = "expired";
    s.url = null;
  }
  const { sim: _kept, ...shown } = s;
  void _kept;
  return shown;
}

function createSession(form: URLSearchParams, simulatorUrl: string): Response {
  const required = ["mode", "success_url", "line_items[0][price_data][currency]", "line_items[0][price_data][unit_amount]", "line_items[0][price_data][product_data][name]"];
  for (const param of required) if (!form.get(param)) return stripeError(400, "invalid_request_error", `Missing required param: ${param}.`, "parameter_missing", param);
  if (form.get("mode") !== "payment") return stripeError(400, "invalid_request_error", "Only mode=payment is simulated.", "parameter_invalid_string", "mode");
  const currency = String(form.get("line_items[0][price_data][currency]")).toLowerCase();
  const unitRaw = String(form.get("line_items[0][price_data][unit_amount]"));
  const quantity = Number(form.get("line_items[0][quantity]") ?? "1");
  if (!/^[0-9]{1,12}$/.test(unitRaw)) return stripeError(400, "invalid_request_error", "Invalid integer: unit_amount", "parameter_invalid_integer", "line_items[0][price_data][unit_amount]");
  const total = Number(unitRaw) * quantity;
  // VND is zero-decimal; Stripe's floor is about 50 US cents and its ceiling eight digits.
  if (currency === "vnd" && total < 20_000) return stripeError(400, "invalid_request_error", "Amount must convert to at least 50 cents.", "amount_too_small", "line_items[0][price_data][unit_amount]");
  if (total > 99_999_999) return stripeError(400, "invalid_request_error", "Amount must be no more than 99,999,999.", "amount_too_large", "line_items[0][price_data][unit_amount]");
  const expiresAt = Number(form.get("expires_at") ?? now() + 24 * 3600);
  if (expiresAt < now() + 30 * 60 - 60 || expiresAt > now() + 24 * 3600) return stripeError(400, "invalid_request_error", "expires_at must be 30 minutes to 24 hours from now.", "parameter_invalid_integer", "expires_at");
  for (const param of ["success_url", "cancel_url"]) {
    const url = form.get(param);
    if (url !== null && !/^https?:\/\//.test(url)) return stripeError(400, "invalid_request_error", `Not a valid URL: ${param}`, "url_invalid", param);
  }
  const metadata: Record<string, string> = {};
  for (const [k, v] of form) {
    const m = /^metadata\[(.+)\]$/.exec(k);
    if (m) metadata[m[1]!] = v;
  }
  const session: SimSession = {
    id: id("cs_test"),
    object: "checkout.session",
    amount_subtotal: total,
    amount_total: total,
    currency,
    client_reference_id: form.get("client_reference_id"),
    created: now(),
    expires_at: expiresAt,
    livemode: false,
    locale: form.get("locale"),
    metadata,
    mode: "payment",
    payment_intent: null,
    payment_method_types: ["card"],
    payment_status: "unpaid",
    status: "open",
    success_url: String(form.get("success_url")),
    cancel_url: form.get("cancel_url"),
    url: null,
    sim: { name: String(form.get("line_items[0][price_data][product_data][name]")), refunded: 0, lastDecline: null },
  };
  session.url = `${simulatorUrl}/pay/${session.id}`;
  sessions.set(session.id, session);
  return Response.json(view(session));
}

function createRefund(form: URLSearchParams): Response {
  const intent = form.get("payment_intent");
  if (!intent) return stripeError(400, "invalid_request_error", "One of charge or payment_intent is required.", "parameter_missing", "payment_intent");
  const session = byIntent.get(intent);
  if (!session) return stripeError(404, "invalid_request_error", `No such payment_intent: '${intent}'`, "resource_missing", "payment_intent");
  const left = session.amount_total - session.sim.refunded;
  if (left <= 0) return stripeError(400, "invalid_request_error", "Charge has already been refunded.", "charge_already_refunded");
  const amountRaw = form.get("amount");
  const amount = amountRaw === null ? left : Number(amountRaw);
  if (!Number.isSafeInteger(amount) || amount <= 0) return stripeError(400, "invalid_request_error", "Invalid positive integer", "parameter_invalid_integer", "amount");
  if (amount > left) return stripeError(400, "invalid_request_error", `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, "amount_too_large", "amount");
  session.sim.refunded += amount;
  return Response.json({ id: id("re"), object: "refund", amount, currency: session.currency, payment_intent: intent, status: "succeeded", reason: form.get("reason"), created: now(), metadata: {} });
}

/** The endpoint a Stripe dashboard would have for the site the session returns to. */
const webhookUrl = (s: SimSession) => `${new URL(s.success_url).origin}/webhooks/payments/stripe`;

function signedEvent(type: string, s: SimSession, created = now()) {
  const body = JSON.stringify({ id: id("evt"), object: "event", api_version: "2026-10-28.endive", created, livemode: false, type, data: { object: view(s) } });
  const t = now();
  return { body, header: `t=${t},v1=${hmacHex("sha256", STRIPE_SIMULATOR_SETTINGS.webhookSecret, `${t}.${body}`)}` };
}

async function send(s: SimSession, event: { body: string; header: string }): Promise<void> {
  await fetch(webhookUrl(s), { method: "POST", headers: { "Content-Type": "application/json", "Stripe-Signature": event.header }, body: event.body, signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
}

async function choose(sessionId: string, outcome: SimOutcome): Promise<string | null> {
  const s = sessions.get(sessionId);
  if (!s) return null;
  view(s);
  const back = (url: string | null) => (url ?? s.success_url).replace("{CHECKOUT_SESSION_ID}", s.id);
  if (outcome === "insufficient" || outcome === "cancelled") {
    // A declined card or the buyer's "back" leaves the session open, as Stripe does: she may come back and pay.
    if (outcome === "insufficient") s.sim.lastDecline = "insufficient_funds";
    return back(s.cancel_url);
  }
  if (s.status !== "open") return back(s.success_url);
  const stale = signedEvent("checkout.session.completed", s, now() - 5);
  s.status = "complete";
  s.payment_status = "paid";
  s.payment_intent = id("pi");
  byIntent.set(s.payment_intent, s);
  const completed = signedEvent("checkout.session.completed", s);
  if (outcome === "thrice") await Promise.all([send(s, completed), send(s, completed), send(s, completed)]);
  else if (outcome === "late") setTimeout(() => void send(s, completed), 15_000).unref();
  else if (outcome === "out_of_order") {
    // The final event first, then an older one written while the session was still unpaid.
    await send(s, completed);
    await send(s, stale);
  } else if (outcome !== "no_notification") await send(s, completed);
  return back(s.success_url);
}

export const stripeSimulator: PaymentSimulator = {
  async api(path, request, simulatorUrl) {
    const auth = request.headers.get("authorization") ?? "";
    if (auth !== `Bearer ${STRIPE_SIMULATOR_SETTINGS.secretKey}`) return stripeError(401, "invalid_request_error", "Invalid API Key provided.", "api_key_invalid");
    const body = request.method === "GET" ? "" : await request.text();
    const form = new URLSearchParams(body);
    const key = request.headers.get("idempotency-key");
    if (key && request.method === "POST") {
      const seen = idempotent.get(key);
      if (seen) {
        if (seen.body !== body || seen.path !== path) return stripeError(400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with.");
        return Response.json(seen.answer, { status: seen.status, headers: { "Idempotent-Replayed": "true" } });
      }
    }
    let answer: Response;
    const sessionPath = /^checkout\/sessions\/([A-Za-z0-9_]+)$/.exec(path);
    if (request.method === "POST" && path === "checkout/sessions") answer = createSession(form, simulatorUrl);
    else if (request.method === "GET" && sessionPath) {
      const s = sessions.get(sessionPath[1]!);
      answer = s ? Response.json(view(s)) : stripeError(404, "invalid_request_error", `No such checkout.session: '${sessionPath[1]}'`, "resource_missing", "id");
    } else if (request.method === "POST" && path === "refunds") answer = createRefund(form);
    else answer = stripeError(404, "invalid_request_error", `Unrecognized request URL (${request.method}: /v1/${path}).`);
    if (key && request.method === "POST") idempotent.set(key, { body, path, status: answer.status, answer: await answer.clone().json() });
    return answer;
  },
  outcomes: ["success", "insufficient", "cancelled", "no_notification", "late", "thrice", "out_of_order"],
  payment(sessionId) {
    const s = sessions.get(sessionId);
    if (!s) return null;
    view(s);
    return { id: s.id, amount: s.amount_total, description: s.sim.name, open: s.status === "open", note: s.sim.lastDecline ? "Your card has insufficient funds. Try another card." : null };
  },
  choose,
};
