import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { courierName } from "~/shipping/couriers";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import QRCode from "qrcode";
import { requireUser } from "~/accounts/session.server";
import { formatPhone } from "~/accounts/phone";
import { unitName } from "~/catalog/taxonomy";
import { describePlace } from "~/geo/address.server";
import { translateIssue } from "~/i18n/i18n";
import { getTranslate } from "~/i18n/locale.server";
import { useI18n } from "~/i18n/use-t";
import { parseForm } from "~/lib/forms.server";
import { TextField } from "~/components/form";
import { formatVnd } from "~/lib/money";
import { FieldError, ForbiddenError } from "~/lib/validation.server";
import { paymentFlagText } from "~/orders/notifications.server";
import { orderShipment } from "~/shipping/shipments.server";
import { settleReturnedParcel } from "~/shipping/returns.server";
import { BookingError, bookPickup, cancelPickup } from "~/shipping/booking.server";
import { actionSchema, applyOrderAction, availableActions, OrderActionError } from "~/orders/orders.server";
import { findOrderForViewer, getOrderForViewer } from "~/orders/order-view.server";
import { nameOrderLot, orderLots } from "~/catalog/lots.server";
import { addReview, reviewSchema } from "~/orders/reviews.server";
import { findBank } from "~/shops/banks";
import { pageMeta } from "~/i18n/meta";
import { formatDay, formatMoment } from "~/lib/dates";
import { paymentMethodName } from "~/payments/methods";
import { CopyButton } from "~/components/copy-button";
import { instructionsForOrder } from "~/payments/instructions.server";
import { hasWaitingAttempt, lastPaymentFailure, otherWaysToPay, payableTogether, refundsWaiting, startPayment, switchPaymentMethod } from "~/payments/payments.server";
import { sellerPayee } from "~/payments/payee.server";
import { paymentErrorKind } from "~/payments/provider";
import { returnedByHand, settleReturnedMoney } from "~/payments/bank-transfers.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? pageMeta(matches, "order.title", { params: { code: data.order.code }, noindex: true }) : [{ title: "Vườn Nhà" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const found = await getOrderForViewer(context.db, user, String(params.code ?? "").toUpperCase());
  const t = await getTranslate(request, user.locale);
  // Someone else's order looks exactly like one that does not exist.
  if (!found) throw new Response("Not found", { status: 404 });
  const { order, items, events, reviews, access, flags } = found;
  // Only the buyer pays, so only the buyer's page carries the QR.
  const locale = user.locale === "en" ? "en" : "vi";
  const instructions = access.buyer ? await instructionsForOrder(context.db, context.payments, order, { publicUrl: context.publicUrl, locale }) : null;
  // Wallets and gateways: the buyer taps "pay" and goes to the provider's page (one attempt per tap).
  const provider = context.payments.get(order.payment_method);
  const redirectPay =
    access.buyer && provider?.flow === "redirect" && order.status === "awaiting_payment"
      ? {
          waiting: await hasWaitingAttempt(context.db, order.id),
          // Every order of her checkout waiting on this provider is paid in the same trip.
          together: (await payableTogether(context.db, order, provider.id)).map((g) => ({ code: g.code, total: String(g.total_vnd) })),
          failure: await lastPaymentFailure(context.db, context.payments, order.id),
          expiresAt: order.expires_at?.toISOString() ?? null,
        }
      : null;
  const payment =
    instructions?.kind === "qr"
      ? {
          svg: await QRCode.toString(instructions.payload, { type: "svg", errorCorrectionLevel: "M", margin: 2 }),
          bank: findBank(instructions.bankBin)?.shortName ?? instructions.bankBin,
          accountNumber: instructions.accountNumber,
          holder: instructions.accountHolder,
          amount: instructions.amountVnd.toString(),
          memo: instructions.memo,
          expiresAt: order.expires_at?.toISOString() ?? null,
        }
      : null;
  // A short wallet or a declined card is not a dead end: she may pay the same order another way.
  // Not once part of the money reached the seller by transfer: the rest goes the same way.
  const otherWays =
    access.buyer && (instructions?.kind === "qr" || redirectPay) && !flags.some((f) => f.kind === "short") ? otherWaysToPay(context.payments, order, await sellerPayee(context.db, order)) : [];
  // Money on its way back to the buyer (declined, cancelled or lapsed after paying): both sides see it until it is back.
  const refunding = access.buyer || access.seller ? (await refundsWaiting(context.db, order.id)).map((r) => ({ provider: r.provider, amount: r.amount_vnd, attempts: r.attempts, failing: r.failing })) : [];
  const role = access.seller ? "seller" : access.buyer ? "buyer" : null;
  // A co-op member who is neither buyer nor seller sees only their own lines and what they are worth:
  // not the whole order's money, nor the buyer's phone and address (the co-op packs and ships).
  const memberOnly = !access.buyer && !access.seller;
  const shipment = memberOnly ? null : await orderShipment(context.db, order.id);
  // A parcel booked with a courier: its own tracking page, and for the seller booking, cancelling and the label.
  const carrier = context.couriers.get(order.delivery_method)?.carrier;
  const parcel = shipment
    ? { ...shipment, trackingUrl: carrier && shipment.trackingCode ? carrier.trackingUrl(shipment.trackingCode) : null }
    : null;
  const booking =
    access.seller && carrier && order.status === "packed"
      ? { canBook: !shipment || shipment.status === "requested", canCancel: shipment?.status === "created" || shipment?.status === "requested" }
      : null;
  // Which lot each line ships from (traceability, issue 15); the seller may name one while the order is open.
  const lots = await orderLots(context.db, order.id, items.map((i) => i.product_id), access.seller && !CLOSED_FOR_LOTS.includes(order.status));
  const ownValue = items.reduce((sum, i) => sum + BigInt(i.unit_price_vnd) * BigInt(i.quantity), 0n);
  return {
    order: {
      code: order.code,
      status: order.status,
      paymentMethod: order.payment_method,
      paid: Boolean(order.paid_at),
      // In the seller's language, never an internal id (issue 10 #17).
      // A part payment matters only while the rest is awaited; once paid (or accepted as paid) it is history.
      paymentFlags: flags
        .filter((f) => f.kind !== "short" || order.status === "awaiting_payment")
        .map((f) => ({
          id: f.id,
          created_at: f.created_at.toISOString(),
          text: paymentFlagText(t, { kind: f.kind, amountVnd: String(f.amount_vnd), detail: f.detail }, access.seller ? "seller" : "buyer"),
          amount: String(f.amount_vnd),
          settledAt: f.settled_at?.toISOString() ?? null,
          // Money of the buyer's that the seller holds: she says when she has sent it back.
          canSettle: access.seller && !f.settled_at && returnedByHand(f),
        })),
      deliveryMethod: order.delivery_method,
      itemsTotal: memberOnly ? ownValue.toString() : String(order.items_total_vnd),
      deliveryFee: memberOnly ? null : String(order.delivery_fee_vnd),
      total: memberOnly ? ownValue.toString() : String(order.total_vnd),
      recipient: memberOnly ? null : `${order.recipient_name} · ${formatPhone(order.recipient_phone)}`,
      address: memberOnly ? describePlace(order.province_code, order.ward_code) : `${order.street}, ${describePlace(order.province_code, order.ward_code)}`,
      note: memberOnly ? "" : order.note,
      seller: order.seller_name,
      sellerPhone: formatPhone(order.seller_phone),
      buyer: order.buyer_name,
      tracking: shipment ? [shipment.carrierName, shipment.trackingCode].filter(Boolean).join(" ") : "",
    },
    items: items.map((i) => ({
      ...i,
      unit_price_vnd: String(i.unit_price_vnd),
      reviewed: reviews.find((r) => r.product_id === i.product_id) ?? null,
      lot: lots.named.get(i.product_id) ?? null,
      lotChoices: lots.choices.get(i.product_id) ?? [],
    })),
    events: events.map((e) => ({ ...e, created_at: e.created_at.toISOString() })),
    payment,
    redirectPay,
    otherWays,
    refunding,
    access: { buyer: access.buyer, seller: access.seller, member: Boolean(access.memberShopId) },
    parcel,
    booking,
    // A parcel that came back: the seller restocks the goods or writes them off, once.
    canSettleReturn: access.seller && order.status === "returned" && shipment?.status === "returned" && !shipment.returnOutcome,
    actions: role ? availableActions(order, role) : [],
    canReview: access.buyer && (order.status === "delivered" || order.status === "completed"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getTranslate(request, user.locale);
  const found = await findOrderForViewer(context.db, user, String(params.code ?? "").toUpperCase());
  if (!found) throw new Response("Not found", { status: 404 });
  const code = found.order.code;
  // Peek at the intent on a copy; the chosen schema then parses the request itself.
  const intent = (await request.clone().formData().catch(() => new FormData())).get("intent");
  const isReview = intent === "review";
  if (intent === "settle_flag") {
    if (!found.access.seller) return { error: t("order.error.notYours") };
    const flagId = (await request.formData()).get("flagId");
    const settled = typeof flagId === "string" && /^[0-9]{1,18}$/.test(flagId) && (await settleReturnedMoney(context.db, user, found.order.id, flagId));
    return settled ? redirect(`/orders/${code}?done=1`) : { error: t("order.error.nothingToSettle") };
  }
  if (intent === "restock" || intent === "write_off") {
    if (!found.access.seller) return { error: t("order.error.notYours") };
    const settled = await settleReturnedParcel(context.db, user, found.order.id, intent === "restock" ? "restocked" : "written_off");
    return settled ? redirect(`/orders/${code}?done=1`) : { error: t("order.error.nothingToReturn") };
  }
  if (intent === "lot") {
    if (!found.access.seller || CLOSED_FOR_LOTS.includes(found.order.status)) return { error: t("order.error.notYours") };
    const form = await request.formData();
    const productId = String(form.get("productId") ?? "");
    const lotId = String(form.get("lotId") ?? "");
    const valid = /^[0-9]{1,18}$/.test(productId) && (lotId === "" || /^[0-9]{1,18}$/.test(lotId));
    const named = valid && (await nameOrderLot(context.db, user, found.order.id, productId, lotId || null));
    return named ? redirect(`/orders/${code}?done=1`) : { error: t("order.error.lotUnknown") };
  }
  if (intent === "book_pickup" || intent === "cancel_pickup") {
    if (!found.access.seller) return { error: t("order.error.notYours") };
    try {
      if (intent === "book_pickup") await bookPickup(context.db, context.couriers, user, found.order.id);
      else await cancelPickup(context.db, context.couriers, user, found.order.id);
      return redirect(`/orders/${code}?done=1`);
    } catch (error) {
      if (error instanceof BookingError) return { error: t(error.messageKey, { detail: error.detail }) };
      throw error;
    }
  }
  if (intent === "pay" || intent === "switch_method") {
    if (!found.access.buyer) return { error: t("order.error.illegal") };
    let provider = context.payments.get(found.order.payment_method);
    if (intent === "switch_method") {
      const chosen = (await request.formData()).get("method");
      provider = (typeof chosen === "string" && (await switchPaymentMethod(context.db, context.payments, found.order.id, chosen))) || undefined;
      if (!provider) return { error: t("order.error.methodUnavailable") };
      // QR and the like show on the order page itself; wallets and cards go straight to their page.
      if (provider.flow !== "redirect") return redirect(`/orders/${code}`);
    }
    if (!provider || provider.flow !== "redirect" || found.order.status !== "awaiting_payment") return { error: t("order.error.illegal") };
    try {
      return redirect(await startPayment(context.db, provider, found.order, { publicUrl: context.publicUrl, locale: user.locale === "en" ? "en" : "vi", clientIp: context.clientIp }));
    } catch (error) {
      // The provider refused or did not answer: the buyer can try again; the attempt is kept as failed.
      if (paymentErrorKind(error)) return { error: t("order.payUnavailable") };
      throw error;
    }
  }
  try {
    if (isReview) {
      const parsed = await parseForm(request, reviewSchema);
      if (!parsed.ok) return { error: translateIssue(t, Object.values(parsed.reply.error ?? {}).flat()[0] ?? "review.error.stars") };
      await addReview(context.db, user, found.order.id, parsed.value);
      return redirect(`/orders/${code}?done=review`);
    }
    const parsed = await parseForm(request, actionSchema);
    if (!parsed.ok) return { error: translateIssue(t, Object.values(parsed.reply.error ?? {}).flat()[0] ?? "order.error.illegal") };
    const role = found.access.seller && parsed.value.action !== "cancel" && parsed.value.action !== "complete" ? "seller" : "buyer";
    await applyOrderAction(context.db, { user, role }, found.order.id, parsed.value);
    return redirect(`/orders/${code}?done=1`);
  } catch (error) {
    if (error instanceof OrderActionError || error instanceof FieldError) return { error: translateIssue(t, error instanceof FieldError ? error.issue : error.messageKey) };
    if (error instanceof ForbiddenError) return { error: t("order.error.notYours") };
    throw error;
  }
}

const time = (iso: string, locale: "vi" | "en") => formatMoment(iso, locale);

/** Once an order is over, the lots its lines shipped from are history. */
const CLOSED_FOR_LOTS: string[] = ["completed", "declined", "cancelled", "expired", "refunded", "returned"];

/** While the buyer waits for her transfer to land, the page looks again every 10 s (only while it is on screen). */
function useWatchForPayment(waiting: boolean) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && state === "idle") revalidate();
    }, 10_000);
    return () => clearInterval(timer);
  }, [waiting, revalidate, state]);
}

export default function OrderPage() {
  const { order, items, events, payment, redirectPay, otherWays, refunding, access, actions, canReview, parcel, booking, canSettleReturn } = useLoaderData<typeof loader>();
  useWatchForPayment(Boolean((payment || redirectPay?.waiting) && access.buyer));
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const busy = useNavigation().state === "submitting";
  const simple = actions.filter((a) => a !== "decline" && a !== "ship");
  const openFlags = order.paymentFlags.filter((f) => !f.settledAt);
  const settledFlags = order.paymentFlags.filter((f) => f.settledAt);
  return (
    <>
      <h1>{t("order.title", { code: order.code })}</h1>
      <p>
        <span className="badge">{t(`orderStatus.${order.status}`)}</span> {order.paid ? t("order.paidAt") : t("order.unpaid")} ·{" "}
        {t(paymentMethodName(order.paymentMethod).short)}
      </p>
      {actionData?.error ? (
        <p className="notice notice--error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {params.get("done") ? (
        <p className="notice" role="status">
          {params.get("done") === "review" ? t("review.thanks") : t("order.done")}
        </p>
      ) : null}
      {openFlags.length ? (
        <div className="notice notice--error">
          <p>{t(access.seller ? "order.flagsTitle" : "order.flagsTitleBuyer")}</p>
          <ul>
            {openFlags.map((f) => (
              <li key={f.id}>
                {time(f.created_at, locale)} · {f.text}
                {f.canSettle ? (
                  <Form method="post" className="flag-settle">
                    <input type="hidden" name="intent" value="settle_flag" />
                    <input type="hidden" name="flagId" value={f.id} />
                    <button type="submit" className="button--secondary" disabled={busy}>
                      {t("order.settleFlag")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {settledFlags.length ? (
        <div className="notice">
          <p>{t("order.flagsSettledTitle")}</p>
          <ul>
            {settledFlags.map((f) => (
              <li key={f.id}>
                {t(access.seller ? "order.flagSettledSeller" : "order.flagSettledBuyer", { amount: formatVnd(f.amount), at: time(f.settledAt!, locale) })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {refunding.map((r, i) => (
        <p key={`${r.provider}:${i}`} className={r.failing && access.seller ? "notice notice--error" : "notice"} role="status">
          {t(access.seller ? "order.refundingSeller" : "order.refundingBuyer", { amount: formatVnd(r.amount), method: t(paymentMethodName(r.provider).short) })}
          {r.failing && access.seller ? ` ${t("order.refundRetrying", { n: r.attempts })}` : null}
        </p>
      ))}
      {access.member ? <p className="muted">{t("order.membersPart")}</p> : null}
      {access.buyer ? (
        <Form method="post" action="/cart" className="form-actions order-reorder">
          <input type="hidden" name="intent" value="reorder" />
          <input type="hidden" name="code" value={order.code} />
          <button type="submit" className="button--secondary">
            {t("order.buyAgain")}
          </button>
        </Form>
      ) : null}

      {payment && access.buyer ? (
        <section className="panel" aria-labelledby="pay-title">
          <h2 id="pay-title">{t("order.payNow")}</h2>
          <div className="qr" role="img" aria-label={`VietQR ${payment.bank} ${payment.accountNumber} ${formatVnd(payment.amount)}`} dangerouslySetInnerHTML={{ __html: payment.svg }} />
          <p className="hint">{t("order.saveQrHint")}</p>
          <p>
            <a className="button button--secondary" href={`/orders/${order.code}/qr.png`} download={`VietQR-${order.code}.png`}>
              {t("order.saveQr")}
            </a>
          </p>
          <p>{t("order.payHint")}</p>
          <dl className="pay-details">
            <dt>{t("order.bank")}</dt>
            <dd>{payment.bank}</dd>
            <dt>{t("order.account")}</dt>
            <dd>
              {payment.accountNumber} <CopyButton value={payment.accountNumber} label={t("copy.copy")} ariaLabel={t("copy.what", { what: t("order.account") })} />
            </dd>
            <dt>{t("order.holder")}</dt>
            <dd>{payment.holder}</dd>
            <dt>{t("order.amount")}</dt>
            <dd>
              {/* Bank apps want the bare number: 270000, not 270.000 ₫. */}
              {formatVnd(payment.amount)} <CopyButton value={payment.amount} label={t("copy.copy")} ariaLabel={t("copy.what", { what: t("order.amount") })} />
            </dd>
            <dt>{t("order.memo")}</dt>
            <dd>
              {payment.memo} <CopyButton value={payment.memo} label={t("copy.copy")} ariaLabel={t("copy.what", { what: t("order.memo") })} />
            </dd>
          </dl>
          {payment.expiresAt ? <p className="muted">{t("order.payBy", { time: time(payment.expiresAt, locale) })}</p> : null}
          <p className="muted">
            {t("order.watching")} <a href={`/orders/${order.code}`}>{t("order.checkAgain")}</a>
          </p>
        </section>
      ) : null}

      {redirectPay ? (
        <section className="panel" aria-labelledby="pay-title">
          <h2 id="pay-title">{t("order.payWith", { method: t(paymentMethodName(order.paymentMethod).short) })}</h2>
          {redirectPay.failure ? (
            <p className="notice notice--error" role="alert">
              {t(`payment.failure.${redirectPay.failure}`)}
            </p>
          ) : null}
          {redirectPay.waiting ? (
            <p className="muted" role="status">
              {t("order.payWaiting", { method: t(paymentMethodName(order.paymentMethod).short) })} <a href={`/orders/${order.code}`}>{t("order.checkAgain")}</a>
            </p>
          ) : null}
          {redirectPay.together.length > 1 ? (
            <>
              <p>{t("order.payTogether", { n: redirectPay.together.length })}</p>
              <ul>
                {redirectPay.together.map((g) => (
                  <li key={g.code}>
                    {g.code === order.code ? g.code : <Link to={`/orders/${g.code}`}>{g.code}</Link>} — {formatVnd(g.total)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p>
            {t("order.payRedirectHint", {
              method: t(paymentMethodName(order.paymentMethod).short),
              total: formatVnd(redirectPay.together.reduce((sum, g) => sum + BigInt(g.total), 0n) || BigInt(order.total)),
            })}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="pay" />
            <button type="submit" disabled={busy}>
              {t(redirectPay.failure ? "order.payAgain" : "order.payWith", { method: t(paymentMethodName(order.paymentMethod).short) })}
            </button>
          </Form>
          {redirectPay.expiresAt ? <p className="muted">{t("order.payBy", { time: time(redirectPay.expiresAt, locale) })}</p> : null}
        </section>
      ) : null}

      {otherWays.length ? (
        <details className="panel more-details" open={Boolean(redirectPay?.failure)}>
          <summary>{t("order.payOtherWay")}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="switch_method" />
            <fieldset>
              <legend className="visually-hidden">{t("order.payOtherWay")}</legend>
              {otherWays.map((m, i) => (
                <label key={m} className="choice">
                  <input type="radio" name="method" value={m} defaultChecked={i === 0} /> {t(paymentMethodName(m).choice)}
                </label>
              ))}
            </fieldset>
            <button type="submit" className="button--secondary" disabled={busy}>
              {t("order.useThisWay")}
            </button>
          </Form>
        </details>
      ) : null}

      {access.seller ? (
        <p className="no-print">
          <Link to={`/sell/orders/packing?code=${order.code}`}>{t("packing.title")}</Link> · <Link to="/sell/orders">{t("desk.title")}</Link>
        </p>
      ) : null}
      {actions.length ? (
        <section className="panel order-actions no-print">
          {simple.map((a) =>
            // Cancelling cannot be undone: the first tap asks, the second does it (works without JavaScript).
            a === "cancel" && params.get("confirm") !== "cancel" ? (
              <Link key={a} to="?confirm=cancel" className="button button--danger" preventScrollReset>
                {t("order.action.cancel")}
              </Link>
            ) : (
              <Form method="post" key={a} className={a === "cancel" ? "confirm" : undefined}>
                {a === "cancel" ? <p role="alert">{t("order.confirmCancel")}</p> : null}
                <input type="hidden" name="action" value={a} />
                <button type="submit" disabled={busy} className={a === "cancel" ? "button--danger" : undefined}>
                  {a === "cancel" ? t("order.confirmCancelYes") : t(`order.action.${a}`, { amount: formatVnd(order.total) })}
                </button>
                {a === "cancel" ? (
                  <Link to="." className="button button--secondary" preventScrollReset>
                    {t("order.keepOrder")}
                  </Link>
                ) : null}
              </Form>
            ),
          )}
          {actions.includes("ship") ? (
            <Form method="post" className="stack">
              <input type="hidden" name="action" value="ship" />
              {/* Real fields, full width, with the example as a hint rather than a look-alike value (issue 10 #15). */}
              <TextField name="courierName" label={t("order.courierName")} hint={t("order.courierHint")} maxLength={60} />
              <TextField name="trackingCode" label={t("order.trackingCode")} maxLength={60} />
              <details className="more-details">
                <summary>{t("order.sentPart")}</summary>
                {items.map((i) => (
                  <label key={i.product_id}>
                    {t("order.sentOf", { title: i.title, n: i.quantity })}
                    <input type="number" name={`sent.${i.product_id}`} inputMode="numeric" min={0} max={i.quantity} step={1} defaultValue={i.quantity} />
                  </label>
                ))}
              </details>
              <button type="submit" disabled={busy}>
                {t("order.action.ship")}
              </button>
            </Form>
          ) : null}
          {actions.includes("decline") ? (
            <Form method="post" className="stack">
              <input type="hidden" name="action" value="decline" />
              <TextField name="reason" label={t("order.reason")} maxLength={300} required />
              <button type="submit" className="button--danger" disabled={busy}>
                {t("order.action.decline")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section className="panel">
        <ul>
          {items.map((i) => (
            <li key={i.product_id}>
              {i.quantity} {unitName(i.unit, locale, i.quantity)} × <Link to={`/products/${i.slug}`}>{i.title}</Link> ({i.producer_name}) — {formatVnd(BigInt(i.unit_price_vnd) * BigInt(i.quantity))}
              {i.shipped_quantity !== null && i.shipped_quantity < i.quantity ? <strong> · {t("order.sentOnly", { n: i.shipped_quantity })}</strong> : null}
              {i.lot ? <span className="hint"> · {t("order.fromLot", { code: i.lot.code, date: formatDay(i.lot.harvestedOn, locale) })}</span> : null}
              {i.lotChoices.length ? (
                <Form method="post" className="lot-form">
                  <input type="hidden" name="intent" value="lot" />
                  <input type="hidden" name="productId" value={i.product_id} />
                  <label>
                    {t("order.lot")}{" "}
                    <select name="lotId" defaultValue={i.lotChoices.find((l) => l.code === i.lot?.code)?.id ?? ""}>
                      <option value="">{t("order.lotNone")}</option>
                      {i.lotChoices.map((l) => (
                        <option key={l.id} value={l.id}>
                          {l.code} · {formatDay(l.harvestedOn, locale)}
                        </option>
                      ))}
                    </select>
                  </label>{" "}
                  <button type="submit" className="button--secondary" disabled={busy}>
                    {t("order.saveLot")}
                  </button>
                </Form>
              ) : null}
              {canReview && !i.reviewed ? (
                <Form method="post" className="stack">
                  <input type="hidden" name="intent" value="review" />
                  <input type="hidden" name="productId" value={i.product_id} />
                  <fieldset>
                    <legend>{t("review.stars")}</legend>
                    {[5, 4, 3, 2, 1].map((n) => (
                      <label key={n} className="choice">
                        <input type="radio" name="stars" value={n} required /> {"★".repeat(n)}
                      </label>
                    ))}
                  </fieldset>
                  <label>
                    {t("review.text")}
                    <textarea name="body" maxLength={1000} rows={3} />
                  </label>
                  <button type="submit">{t("review.send")}</button>
                </Form>
              ) : i.reviewed ? (
                <p className="muted">
                  {"★".repeat(i.reviewed.stars)} {i.reviewed.body}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
        {order.deliveryFee === null ? (
          <div className="totals">
            <span className="grand">{t("order.yourShare")}</span>
            <span className="grand">{formatVnd(order.total)}</span>
          </div>
        ) : (
          <div className="totals">
            <span>{t("checkout.items")}</span>
            <span>{formatVnd(order.itemsTotal)}</span>
            <span>{t("checkout.fee")}</span>
            <span>{formatVnd(order.deliveryFee)}</span>
            <span className="grand">{t("checkout.total")}</span>
            <span className="grand">{formatVnd(order.total)}</span>
          </div>
        )}
        <p>
          {t("order.seller")}: {order.seller} · <a href={`tel:${order.sellerPhone.replace(/ /g, "")}`}>{order.sellerPhone}</a>
        </p>
        <p>
          {t(courierName(order.deliveryMethod))} · {t("order.deliverTo")}: {order.recipient ? `${order.recipient}, ` : ""}
          {order.address}
        </p>
        {order.note ? <p>“{order.note}”</p> : null}
        {order.tracking ? <p>{t("order.tracking", { tracking: order.tracking })}</p> : null}
      </section>

      {parcel || booking ? (
        <section className="panel" aria-labelledby="parcel-title">
          <h2 id="parcel-title">{t("order.parcel")}</h2>
          {parcel?.trackingCode ? (
            <p>
              <span className="badge">{t(`shipmentStatus.${parcel.status}`)}</span> {t(courierName(parcel.courier))} · <strong>{parcel.trackingCode}</strong>
              {parcel.trackingUrl ? (
                <>
                  {" · "}
                  <a href={parcel.trackingUrl} rel="noopener noreferrer" target="_blank">
                    {t("order.trackOnCourier")}
                  </a>
                </>
              ) : null}
            </p>
          ) : null}
          {parcel?.status === "requested" ? <p className="notice">{t("order.bookingPending")}</p> : null}
          {parcel && parcel.events.length ? (
            <ol className="timeline parcel-timeline">
              {parcel.events.map((e, i) => (
                <li key={i}>
                  <time dateTime={e.happenedAt}>{time(e.happenedAt, locale)}</time> {e.status ? t(`shipmentStatus.${e.status}`) : t("shipment.unknownStatus", { code: e.courierStatus })}
                  {e.reason && e.status !== "created" ? <span className="muted"> — {e.reason}</span> : null}
                </li>
              ))}
            </ol>
          ) : null}
          {parcel?.returnOutcome ? <p className="notice">{t(`order.return.${parcel.returnOutcome}`)}</p> : null}
          {canSettleReturn ? (
            <>
              <p>{t("order.returnChoose")}</p>
              <div className="actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="restock" />
                  <button type="submit" disabled={busy}>
                    {t("order.restock")}
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="write_off" />
                  <button type="submit" className="button--secondary" disabled={busy}>
                    {t("order.writeOff")}
                  </button>
                </Form>
              </div>
            </>
          ) : null}
          {booking ? (
            <div className="actions">
              {booking.canBook ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="book_pickup" />
                  <button type="submit" disabled={busy}>
                    {t("order.bookPickup", { courier: t(courierName(order.deliveryMethod)) })}
                  </button>
                </Form>
              ) : null}
              {parcel?.trackingCode && parcel.status === "created" ? (
                <a className="button button--secondary" href={`/orders/${order.code}/label.pdf`}>
                  {t("order.printLabel")}
                </a>
              ) : null}
              {booking.canCancel && parcel?.trackingCode ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="cancel_pickup" />
                  <button type="submit" className="button--secondary" disabled={busy}>
                    {t("order.cancelPickup")}
                  </button>
                </Form>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}

      <section className="panel">
        <h2>{t("order.timeline")}</h2>
        <ol className="timeline">
          {events.map((e, i) => (
            <li key={i}>
              <strong>{t(`orderStatus.${e.to_status}`)}</strong> · {time(e.created_at, locale)} · {t(`order.by.${e.actor_role}`)}
              {e.reason ? ` · ${e.reason}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
