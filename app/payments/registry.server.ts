import { createCodProvider } from "./cod.server";
import { createMomoProvider, type MomoSettings } from "./momo.server";
import { createStripeProvider, type StripeSettings } from "./stripe.server";
import { createVnpayProvider, type VnpaySettings } from "./vnpay.server";
import { createZaloPayProvider, type ZaloPaySettings } from "./zalopay.server";
import type { MoneyPolicy } from "./ledger.server";
import type { PaymentProvider } from "./provider";
import { createVietQrProvider } from "./vietqr.server";

/**
 * The ways of paying this deployment offers, built once at start-up from its settings and handed
 * to every request on the context (as media storage is). Checkout's choices, its validation and
 * the order pages all read from here, so a new provider is its own file, one line below, its
 * labels in `methods.ts` and its settings.
 */
export interface PaymentRegistry {
  /** In the order checkout offers them. */
  readonly all: readonly PaymentProvider[];
  get(id: string): PaymentProvider | undefined;
  /** Those that can take an order paid to this payee, in checkout's order. */
  forPayee(payee: Parameters<PaymentProvider["canPay"]>[0]): PaymentProvider[];
  /** Where "pay" may send the buyer (other than our own origin), for the pages' form-action policy. */
  readonly payPageOrigins: readonly string[];
  /** Commission and holding period for money that passes through the marketplace. */
  readonly money: MoneyPolicy;
}

export interface PaymentSettings {
  bankWebhookSecret: string | null;
  /** The operator's MoMo account, or the local simulator in development; null hides MoMo. */
  momo: MomoSettings | null;
  zalopay?: ZaloPaySettings | null;
  vnpay?: VnpaySettings | null;
  stripe?: StripeSettings | null;
  money?: MoneyPolicy;
}

export function createPaymentRegistry(settings: PaymentSettings): PaymentRegistry {
  const all = [
    createVietQrProvider({ webhookSecret: settings.bankWebhookSecret }),
    ...(settings.momo ? [createMomoProvider(settings.momo)] : []),
    ...(settings.zalopay ? [createZaloPayProvider(settings.zalopay)] : []),
    ...(settings.vnpay ? [createVnpayProvider(settings.vnpay)] : []),
    ...(settings.stripe ? [createStripeProvider(settings.stripe)] : []),
    createCodProvider(),
  ];
  const byId = new Map(all.map((p) => [p.id, p]));
  return {
    all,
    payPageOrigins: [...new Set(all.flatMap((p) => p.payPageOrigins))],
    money: settings.money ?? { commissionBps: 0, holdDays: 3 },
    get: (id) => byId.get(id),
    forPayee: (payee) => all.filter((p) => p.canPay(payee)),
  };
}
