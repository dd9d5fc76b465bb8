import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { pageMeta } from "~/i18n/meta";
import { formatVnd } from "~/lib/money";
import { paymentSimulator, type SimOutcome } from "~/payments/simulators/simulators.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "dev.paySimTitle", { noindex: true });

/**
 * Development only: a provider's payment page, played by its simulator. The tester picks what
 * happens; the simulator signs and sends the notification as the provider would and sends the
 * buyer back.
 */
function simulatorFor({ params, context }: LoaderFunctionArgs) {
  const simulator = context.devTools ? paymentSimulator(String(params.provider ?? "")) : null;
  if (!simulator) throw new Response("Not found", { status: 404 });
  return simulator;
}

export function loader(args: LoaderFunctionArgs) {
  const simulator = simulatorFor(args);
  const payment = simulator.payment(String(args.params.id ?? ""));
  if (!payment) throw new Response("Not found", { status: 404 });
  return { provider: String(args.params.provider), payment, outcomes: simulator.outcomes };
}

export async function action(args: ActionFunctionArgs) {
  const simulator = simulatorFor(args);
  const outcome = String((await args.request.formData()).get("outcome") ?? "");
  if (!(simulator.outcomes as readonly string[]).includes(outcome)) throw new Response("Bad outcome", { status: 400 });
  const back = await simulator.choose(String(args.params.id ?? ""), outcome as SimOutcome);
  if (!back) throw new Response("Not found", { status: 404 });
  return redirect(back);
}

const LABELS: Record<SimOutcome, string> = {
  success: "Pay (success)",
  insufficient: "Insufficient funds",
  cancelled: "Cancel (declined by the buyer)",
  no_notification: "Pay, but send no notification",
  late: "Pay, notification 15 s late",
  thrice: "Pay, notification sent 3 times",
  out_of_order: "Pay, then a stale 'pending' notification",
};

const NAMES: Record<string, string> = { momo: "MoMo", zalopay: "ZaloPay", vnpay: "VNPay", stripe: "Stripe Checkout" };

export default function PaymentSimulatorPage() {
  const { provider, payment, outcomes } = useLoaderData<typeof loader>();
  return (
    <section className="panel" lang="en">
      <h1>{`${NAMES[provider] ?? provider} simulator (dev)`}</h1>
      <p>
        {payment.description} · <strong>{formatVnd(String(payment.amount))}</strong>
      </p>
      <p className="muted">Payment {payment.id}</p>
      {payment.note ? <p role="alert">{payment.note}</p> : null}
      {payment.open ? (
        <Form method="post" className="stack">
          {outcomes.map((o) => (
            <button key={o} type="submit" name="outcome" value={o} className={o === "success" ? undefined : "button--secondary"}>
              {LABELS[o]}
            </button>
          ))}
        </Form>
      ) : (
        <p>Already settled.</p>
      )}
    </section>
  );
}
