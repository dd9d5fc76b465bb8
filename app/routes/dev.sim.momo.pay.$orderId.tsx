import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { pageMeta } from "~/i18n/meta";
import { formatVnd } from "~/lib/money";
import { MOMO_SIM_OUTCOMES, momoSimulatorChoose, momoSimulatorPayment, type MomoSimOutcome } from "~/payments/simulators/momo-simulator.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "dev.momoTitle", { noindex: true });

/**
 * Development only: MoMo's payment page, played by the local simulator. The tester picks what
 * happens; the simulator signs and sends the IPN as MoMo would and sends the buyer back.
 */
function guard(context: LoaderFunctionArgs["context"]) {
  if (!context.devTools) throw new Response("Not found", { status: 404 });
}

export function loader({ params, context }: LoaderFunctionArgs) {
  guard(context);
  const payment = momoSimulatorPayment(String(params.orderId ?? ""));
  if (!payment) throw new Response("Not found", { status: 404 });
  return { payment, outcomes: MOMO_SIM_OUTCOMES };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  guard(context);
  const outcome = String((await request.formData()).get("outcome") ?? "");
  if (!(MOMO_SIM_OUTCOMES as readonly string[]).includes(outcome)) throw new Response("Bad outcome", { status: 400 });
  const back = await momoSimulatorChoose(String(params.orderId ?? ""), outcome as MomoSimOutcome);
  if (!back) throw new Response("Not found", { status: 404 });
  return redirect(back);
}

const LABELS: Record<MomoSimOutcome, string> = {
  success: "Pay (success)",
  insufficient: "Insufficient funds (1001)",
  cancelled: "Cancel (1006, declined by user)",
  no_notification: "Pay, but send no IPN",
  late: "Pay, IPN 15 s late",
  thrice: "Pay, IPN sent 3 times",
  out_of_order: "Pay, then a stale 'pending' IPN",
};

export default function MomoSimulatorPage() {
  const { payment, outcomes } = useLoaderData<typeof loader>();
  return (
    <section className="panel" lang="en">
      <h1>MoMo simulator (dev)</h1>
      <p>
        {payment.orderInfo} · <strong>{formatVnd(String(payment.amount))}</strong>
      </p>
      <p className="muted">MoMo order {payment.orderId}</p>
      {payment.resultCode === 1000 ? (
        <Form method="post" className="stack">
          {outcomes.map((o) => (
            <button key={o} type="submit" name="outcome" value={o} className={o === "success" ? undefined : "button--secondary"}>
              {LABELS[o]}
            </button>
          ))}
        </Form>
      ) : (
        <p>Already settled (resultCode {payment.resultCode}).</p>
      )}
    </section>
  );
}
