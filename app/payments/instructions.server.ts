import type { OrdersTable } from "../../db/schema";
import type { Selectable } from "kysely";
import type { PaymentInstructions } from "./provider";
import type { PaymentRegistry } from "./registry.server";

/**
 * What the buyer of an order still waiting for its money is asked to do, from the order's own
 * provider; null once it is paid, cancelled or expired, or if its method is no longer offered.
 */
export function instructionsForOrder(
  payments: PaymentRegistry,
  order: Pick<Selectable<OrdersTable>, "code" | "status" | "payment_method" | "total_vnd" | "payee_bank_bin" | "payee_account_number" | "payee_account_holder">,
): PaymentInstructions | null {
  const provider = payments.get(order.payment_method);
  if (!provider || order.status !== "awaiting_payment") return null;
  return provider.createPayment({
    orderCode: order.code,
    amountVnd: BigInt(order.total_vnd),
    payee: { bankBin: order.payee_bank_bin, accountNumber: order.payee_account_number, accountHolder: order.payee_account_holder },
  });
}
