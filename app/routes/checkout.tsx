import { randomBytes } from "node:crypto";
import { useState, type FormEvent } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { createGuestBuyer } from "~/accounts/accounts.server";
import { getCurrentUser, startUserSession } from "~/accounts/session.server";
import { formatPhone } from "~/accounts/phone";
import { unitName } from "~/catalog/taxonomy";
import { FormErrors, TextField, useFormResult } from "~/components/form";
import { PlaceFieldset } from "~/components/place-picker";
import { describePlace, getWard, placeOptions } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { echoReply, parseForm, replyWithFieldError } from "~/lib/forms.server";
import { formatVnd } from "~/lib/money";
import { FieldError } from "~/lib/validation.server";
import { cartView, findCartId, mergeGuestCart, readGuestCartId } from "~/orders/cart.server";
import { getLocale } from "~/i18n/locale.server";
import { checkoutDeliveryOptions, checkoutSchema, placeCheckout, savedAddresses, seenFeeField, sellerTerms } from "~/orders/checkout.server";
import type { Place } from "~/shipping/courier";
import { courierName } from "~/shipping/couriers";
import { paymentMethodName } from "~/payments/methods";
import { pageMeta } from "~/i18n/meta";
import { NoScript } from "~/components/no-script";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "checkout.title", { noindex: true });

/** A ward in its province, or null (nothing chosen yet, or a code that does not exist). */
function knownPlace(provinceCode: string | null | undefined, wardCode: string | null | undefined): Place | null {
  const ward = wardCode ? getWard(wardCode) : undefined;
  return provinceCode && ward && ward.provinceCode === provinceCode ? { provinceCode, wardCode: ward.code } : null;
}

async function checkoutData(request: Request, context: LoaderFunctionArgs["context"], asked: { provinceCode: string | null; wardCode: string | null }) {
  // A guest checks out too (issue 10 #8): their cart is the one in their cookie.
  const user = await getCurrentUser(request, context);
  const guestCartId = user ? null : await readGuestCartId(request, context);
  const cartId = await findCartId(context.db, user, guestCartId);
  const view = await cartView(context.db, cartId);
  const terms = await sellerTerms(context.db, view.groups.map((g) => g.seller.key));
  const addresses = user ? await savedAddresses(context.db, user.id) : [];
  const url = new URL(request.url);
  const chosen = addresses.find((a) => a.id === url.searchParams.get("address")) ?? addresses[0];
  // Delivery is priced for the place the buyer is choosing (posted or asked for by the page), else the saved one.
  const to = knownPlace(asked.provinceCode, asked.wardCode) ?? knownPlace(chosen?.province_code, chosen?.ward_code);
  const groups = await Promise.all(
    view.groups.map(async (g) => {
      const term = terms.get(g.seller.key);
      // Only the ways of paying that can take this seller's order, in the registry's order: paid to
      // this seller, and for this amount with its own delivery fee or without (placing the order checks the exact total).
      const paymentMethods = term
        ? context.payments
            .forPayee(term.payee)
            .filter((p) => p.takesAmount(g.subtotalVnd) || p.takesAmount(g.subtotalVnd + term.deliveryFeeVnd))
            .map((p) => p.id)
        : [];
      const parcel = { valueVnd: g.subtotalVnd, weightGrams: g.weightGrams };
      // Couriers charge for collecting cash at the door: with cash among the ways of paying, that price is asked too.
      const [delivery, deliveryWithCash] = term
        ? await Promise.all([
            checkoutDeliveryOptions(context.couriers, term, parcel, to, false),
            paymentMethods.includes("cod") ? checkoutDeliveryOptions(context.couriers, term, parcel, to, true) : Promise.resolve([]),
          ])
        : [[], []];
      return {
        seller: g.seller,
        lines: g.lines,
        subtotalVnd: g.subtotalVnd.toString(),
        delivery,
        deliveryWithCash,
        seenFee: seenFeeField(delivery, deliveryWithCash),
        paymentMethods,
      };
    }),
  );
  return {
    user,
    guestCartId,
    cartId,
    problems: view.problems,
    groups,
    addresses: addresses.map((a) => ({ id: a.id, label: `${a.recipient_name} · ${formatPhone(a.phone)} · ${a.street}, ${describePlace(a.province_code, a.ward_code)}` })),
    defaults: {
      recipientName: chosen?.recipient_name ?? user?.full_name ?? "",
      recipientPhone: chosen?.phone ?? user?.phone ?? "",
      provinceCode: chosen?.province_code ?? "",
      wardCode: chosen?.ward_code ?? "",
      street: chosen?.street ?? "",
    },
    ...placeOptions(asked.provinceCode ?? chosen?.province_code),
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const data = await checkoutData(request, context, { provinceCode: url.searchParams.get("province"), wardCode: url.searchParams.get("ward") });
  if (data.groups.length === 0) throw redirect("/cart");
  // A fresh key per page view: submitting this page twice places its orders once.
  return { ...data, guest: !data.user, user: null, guestCartId: null, cartId: null, idempotencyKey: randomBytes(16).toString("base64url") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, checkoutSchema);
  const posted = (name: string) => String(parsed.formData.get(name) ?? "") || null;
  const data = await checkoutData(request, context, { provinceCode: posted("provinceCode"), wardCode: posted("wardCode") });
  // Whatever comes back shows the wards of the posted province and delivery priced for the posted ward.
  const page = { wards: data.wards, groups: data.groups };
  if (parsed.formData.get("intent") === "pick-province") return { result: echoReply(parsed.formData), ...page };
  if (!parsed.ok) return { result: parsed.reply, ...page };
  if (!data.cartId) return { result: replyWithFieldError(parsed.formData, new FieldError("", "checkout.error.emptyCart")), ...page };
  const options = { payments: context.payments, couriers: context.couriers, paymentMinutes: context.orderPaymentMinutes };
  // Several orders all paid by one wallet or card are one payment: straight to the first, whose "pay" covers them all.
  const methods = new Set(Object.values(parsed.value.payment));
  const onePayment = methods.size === 1 && context.payments.get([...methods][0]!)?.flow === "redirect";
  const placedPath = (codes: string[]) => (codes.length === 1 || onePayment ? `/orders/${codes[0]}` : `/orders?placed=${codes.length}`);
  if (!data.user) {
    // First-time buyer: the account is made for the recipient's number, the cart moves into it,
    // the orders are placed, and the buyer is signed in to see them.
    const made = await createGuestBuyer(context.db, {
      fullName: parsed.value.recipientName,
      phone: parsed.value.recipientPhone,
      clientKey: context.clientIp,
      locale: await getLocale(request),
    });
    if (!made.ok) return { result: replyWithFieldError(parsed.formData, new FieldError(made.field, made.messageKey)), ...page };
    await mergeGuestCart(context.db, data.cartId, made.user.id);
    const cartId = (await findCartId(context.db, made.user, null)) ?? data.cartId;
    try {
      const placed = await placeCheckout(context.db, made.user, cartId, parsed.value, options);
      return startUserSession(request, context, made.user.id, placedPath(placed.orderCodes));
    } catch (error) {
      // Signed in either way; what went wrong (sold out, a price changed) shows in the cart.
      if (error instanceof FieldError) return startUserSession(request, context, made.user.id, "/cart");
      throw error;
    }
  }
  try {
    const placed = await placeCheckout(context.db, data.user, data.cartId, parsed.value, options);
    return redirect(placedPath(placed.orderCodes));
  } catch (error) {
    if (error instanceof FieldError) return { result: replyWithFieldError(parsed.formData, error), ...page };
    throw error;
  }
}

export default function CheckoutPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useFormResult(actionData?.result);
  const { t, locale } = useI18n();
  const busy = useNavigation().state === "submitting";
  let grand = 0n;
  const [picked, setPicked] = useState<Record<string, string>>({});
  const pick = (seller: string, choice: string) => setPicked((p) => ({ ...p, [seller]: choice }));
  const [pickedPayment, setPickedPayment] = useState<Record<string, string>>({});
  // With JavaScript, delivery is priced again as soon as the buyer picks a ward.
  const requoted = useFetcher<typeof loader>();
  const groups = requoted.data?.groups ?? actionData?.groups ?? data.groups;
  const requote = (event: FormEvent<HTMLFormElement>) => {
    const field = event.target;
    if (!(field instanceof HTMLSelectElement) || field.name !== "wardCode" || !field.value) return;
    const province = field.form?.elements.namedItem("provinceCode");
    if (province instanceof HTMLSelectElement) requoted.load(`/checkout?province=${encodeURIComponent(province.value)}&ward=${encodeURIComponent(field.value)}`);
  };
  return (
    <>
      <h1>{t("checkout.title")}</h1>
      <p className="muted">{t("checkout.split")}</p>
      {data.problems > 0 ? (
        <p className="notice notice--error" role="alert">
          {t("checkout.fixCart")} <Link to="/cart">{t("nav.cart")}</Link>
        </p>
      ) : null}
      {data.addresses.length > 1 ? (
        <nav aria-label={t("checkout.savedAddress")} className="panel">
          <strong>{t("checkout.savedAddress")}</strong>
          <ul>
            {data.addresses.map((a) => (
              <li key={a.id}>
                <Link to={`?address=${a.id}`}>{a.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {data.guest ? (
        <section className="panel">
          <p>{t("checkout.guestLead")}</p>
          <p>
            {t("checkout.haveAccount")} <Link to="/login?redirectTo=%2Fcheckout">{t("nav.signIn")}</Link>
          </p>
        </section>
      ) : null}
      <Form method="post" className="stack" replace onChange={requote}>
        <FormErrors messages={form.formErrors()} />
        <input type="hidden" name="idempotencyKey" value={data.idempotencyKey} />
        <fieldset>
          <legend>{t("checkout.address")}</legend>
          <TextField name="recipientName" label={t("checkout.recipientName")} autoComplete="name" defaultValue={form.value("recipientName", data.defaults.recipientName)} errors={form.errors("recipientName")} required maxLength={80} />
          <TextField name="recipientPhone" type="tel" inputMode="tel" autoComplete="tel" label={t("checkout.recipientPhone")} defaultValue={form.value("recipientPhone", data.defaults.recipientPhone)} errors={form.errors("recipientPhone")} required />
          <PlaceFieldset
            legend={t("checkout.deliveryPlace")}
            provinces={data.provinces}
            wards={actionData?.wards ?? data.wards}
            value={(name) => form.value(name, data.defaults[name])}
            errors={form.errors}
          />
          <TextField name="street" label={t("checkout.street")} autoComplete="street-address" defaultValue={form.value("street", data.defaults.street)} errors={form.errors("street")} required maxLength={200} />
        </fieldset>
        {groups.map((g) => {
          // What the buyer picks now (with JavaScript) or picked last time (the page as posted).
          const offered = g.delivery.filter((o) => o.feeVnd !== null);
          // Brought to the door unless the seller only hands over at the farm.
          const usual = offered.find((o) => o.courier !== "pickup") ?? offered[0];
          const deliveryChoice = picked[g.seller.key] ?? form.value(`delivery.${g.seller.key}`, usual?.courier ?? "");
          const paymentChoice = pickedPayment[g.seller.key] ?? form.value(`payment.${g.seller.key}`, g.paymentMethods[0] ?? "");
          const cashPrice = (courier: string) => g.deliveryWithCash.find((o) => o.courier === courier)?.feeVnd ?? null;
          const chosenFee = (paymentChoice === "cod" ? cashPrice(deliveryChoice) : null) ?? g.delivery.find((o) => o.courier === deliveryChoice)?.feeVnd ?? "0";
          const fee = BigInt(chosenFee);
          const total = BigInt(g.subtotalVnd) + fee;
          grand += total;
          return (
            <fieldset key={g.seller.key} data-seller={g.seller.key}>
              <legend>{t("cart.from", { seller: g.seller.name })}</legend>
              <input type="hidden" name={`seenItems.${g.seller.key}`} value={g.subtotalVnd} />
              <input type="hidden" name={`seenFee.${g.seller.key}`} value={g.seenFee} />
              <ul>
                {g.lines.map((l) => (
                  <li key={l.productId}>
                    {l.quantity} {unitName(l.unit, locale, l.quantity)} × {l.title} — {formatVnd(l.lineTotalVnd)}
                  </li>
                ))}
              </ul>
              <fieldset>
              <legend>{t("checkout.delivery")}</legend>
              {g.delivery.map((o) => {
                const withCash = cashPrice(o.courier);
                return (
                  <label className="choice" key={o.courier}>
                    <input
                      type="radio"
                      name={`delivery.${g.seller.key}`}
                      value={o.courier}
                      disabled={o.feeVnd === null}
                      defaultChecked={deliveryChoice === o.courier}
                      onChange={() => pick(g.seller.key, o.courier)}
                    />
                    <span>
                      {o.courier === "pickup"
                        ? t("checkout.pickup")
                        : o.courier === "self"
                          ? t("checkout.deliverySelf", { fee: formatVnd(o.feeVnd ?? "0") })
                          : o.feeVnd !== null
                            ? t("checkout.courierOption", { courier: t(courierName(o.courier)), fee: formatVnd(o.feeVnd) })
                            : t(courierName(o.courier))}
                      {o.days ? <> · {t("checkout.courierDays", { min: o.days[0], max: o.days[1] })}</> : null}
                      {withCash !== null && withCash !== o.feeVnd ? <small className="muted"> ({t("checkout.courierCashFee", { fee: formatVnd(withCash) })})</small> : null}
                      {o.unavailable ? <small className="muted"> — {t(o.unavailable, { detail: "" })}</small> : null}
                    </span>
                  </label>
                );
              })}
              <NoScript>
                <button type="submit" name="intent" value="pick-province" formNoValidate className="button button--secondary">
                  {t("checkout.quoteHere")}
                </button>
              </NoScript>
              {form.errors(`delivery.${g.seller.key}`).map((e) => (
                <p key={e} className="error">
                  {e}
                </p>
              ))}
              </fieldset>
              <fieldset>
              <legend>{t("checkout.payment")}</legend>
              {g.paymentMethods.map((method) => (
                <label className="choice" key={method}>
                  <input
                    type="radio"
                    name={`payment.${g.seller.key}`}
                    value={method}
                    defaultChecked={paymentChoice === method}
                    onChange={() => setPickedPayment((p) => ({ ...p, [g.seller.key]: method }))}
                  />
                  {t(paymentMethodName(method).choice)}
                </label>
              ))}
              {form.errors(`payment.${g.seller.key}`).map((e) => (
                <p key={e} className="error">
                  {e}
                </p>
              ))}
              </fieldset>
              <div className="totals">
                <span>{t("checkout.items")}</span>
                <span>{formatVnd(g.subtotalVnd)}</span>
                <span>{t("checkout.fee")}</span>
                <span>{formatVnd(fee)}</span>
                <span className="grand">{t("checkout.total")}</span>
                <span className="grand">{formatVnd(total)}</span>
              </div>
            </fieldset>
          );
        })}
        <TextField name="note" label={t("checkout.note")} defaultValue={form.value("note")} errors={form.errors("note")} multiline maxLength={500} />
        <p className="totals">
          <span className="grand">{t("checkout.grandTotal")}</span>
          <span className="grand">{formatVnd(grand)}</span>
        </p>
        <button type="submit" disabled={busy || data.problems > 0}>
          {t("checkout.place", { n: groups.length })}
        </button>
      </Form>
    </>
  );
}
