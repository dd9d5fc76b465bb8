import { PaymentSignatureError, type PaymentProvider } from "./provider";

/**
 * Cash on delivery: the order goes ahead unpaid; whoever delivers collects the cash, and the order
 * is paid when it is marked delivered. Couriers' COD reports arrive through their own webhooks.
 */
export function createCodProvider(): PaymentProvider {
  return {
    id: "cod",
    collectsBeforeShipping: false,
    payPageOrigins: [],
    referenceFor: (attempt) => attempt,
    flow: "none",
    takesAmount: () => true,
    canPay: () => true,
    createPayment: async () => ({ kind: "none" }),
    parseWebhook() {
      throw new PaymentSignatureError("cash on delivery has no notifications of its own");
    },
    webhookReply: () => ({ status: 404, json: { error: "cash on delivery has no notifications" } }),
    attemptOfReturn: () => null,
    queryStatus: async () => null,
    refund: async () => ({ manual: true }),
    failure: () => "declined",
    fee: () => 0n, // the money never passes through us
  };
}
