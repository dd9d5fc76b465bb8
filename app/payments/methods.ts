import type { MessageKey } from "~/i18n/messages";

/**
 * How each way of paying is named, for pages in the browser as well as on the server (provider
 * files are server-only). `choice` is the checkout option, `short` its name on order lists.
 */
const PAYMENT_METHOD_NAMES: Record<string, { choice: MessageKey; short: MessageKey }> = {
  vietqr: { choice: "checkout.vietqr", short: "order.vietqr" },
  cod: { choice: "checkout.cod", short: "order.cod" },
  momo: { choice: "checkout.momo", short: "order.momo" },
  zalopay: { choice: "checkout.zalopay", short: "order.zalopay" },
  vnpay: { choice: "checkout.vnpay", short: "order.vnpay" },
  stripe: { choice: "checkout.stripe", short: "order.stripe" },
};

const UNKNOWN = { choice: "order.paymentOther", short: "order.paymentOther" } as const satisfies { choice: MessageKey; short: MessageKey };

/** The message keys naming a payment method; a method since retired still gets a name. */
export function paymentMethodName(method: string): { choice: MessageKey; short: MessageKey } {
  return PAYMENT_METHOD_NAMES[method] ?? UNKNOWN;
}
