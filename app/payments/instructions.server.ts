import type { DbOrTx } from "../../db";
import type { OrdersTable } from "../../db/schema";
import type { Selectable } from "kysely";
import { receivedInPart } from "./bank-transfers.server";
import { transferPayee } from "./payee.server";
import type { PaymentInstructions } from "./provider";
import type { PaymentRegistry } from "./registry.server";

/**
 * What the buyer of an order still waiting for its money is shown at once, for providers whose
 * instructions need no attempt at the provider (a VietQR code is built from the order itself);
 * null once it is paid, cancelled or expired, for redirect providers (the page offers "pay"
 * instead, see payments.server.ts), or if its method is no longer offered. After a transfer that
 * fell short, the code asks for what is still missing.
 */
export async function instructionsForOrder(
  db: DbOrTx,
  payments: PaymentRegistry,
  order: Pick<Selectable<OrdersTable>, "id" | "code" | "status" | "payment_method" | "total_vnd">,
  page: { publicUrl: string; locale: "vi" | "en" },
): Promise<PaymentInstructions | null> {
  const provider = payments.get(order.payment_method);
  if (!provider || provider.flow !== "qr" || order.status !== "awaiting_payment") return null;
  const payee = await transferPayee(db, order.id);
  if (!payee) return null;
  const missing = BigInt(order.total_vnd) - (await receivedInPart(db, order.id));
  return provider.createPayment({
    orderCode: order.code,
    amountVnd: missing > 0n ? missing : BigInt(order.total_vnd),
    payee: { bankBin: payee.bankBin, accountNumber: payee.accountNumber, accountHolder: payee.accountHolder },
    // A transfer is matched by the order code in its memo: the order is its own "attempt".
    attemptRef: order.code,
    description: order.code,
    locale: page.locale,
    returnUrl: `${page.publicUrl}/orders/${order.code}`,
    notifyUrl: `${page.publicUrl}/webhooks/payments/vietqr`,
    clientIp: "",
  });
}
