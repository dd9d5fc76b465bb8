import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { findAttempt, settleFromProvider } from "~/payments/payments.server";

/**
 * Where a wallet or gateway sends the buyer back. What the return URL says is never trusted on its
 * own: it only tells us which attempt to ask about, and a signed status query from the provider
 * decides. The buyer lands on her order, which shows the outcome.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = context.payments.get(String(params.provider ?? ""));
  if (!provider || provider.flow !== "redirect") throw new Response("Not found", { status: 404 });
  const attemptRef = provider.attemptOfReturn(new URL(request.url));
  const payment = attemptRef ? await findAttempt(context.db, provider.id, attemptRef) : undefined;
  if (!payment) return redirect("/orders");
  if (payment.state === "pending") await settleFromProvider(context.db, context.payments, provider, payment);
  return redirect(`/orders/${payment.code}`);
}
