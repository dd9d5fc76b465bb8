import type { AppLoadContext } from "@remix-run/node";
import type { PaymentMethod } from "../../db/schema";
import { createCodProvider } from "./cod.server";
import type { PaymentProvider } from "./provider";
import { createVietQrProvider } from "./vietqr.server";

/** The payment providers this deployment offers, by method. */
export function paymentProviders(context: Pick<AppLoadContext, "bankWebhookSecret">): Record<PaymentMethod, PaymentProvider> {
  return { vietqr: createVietQrProvider({ webhookSecret: context.bankWebhookSecret }), cod: createCodProvider() };
}
