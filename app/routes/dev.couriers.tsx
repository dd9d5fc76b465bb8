import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { pageMeta } from "~/i18n/meta";
import { SIM_DELIVERIES, SIM_STEPS, type SimDelivery, type SimStep } from "~/shipping/simulators/courier-sim.server";
import { ghtkReconcile } from "~/shipping/simulators/ghtk-simulator.server";
import { courierSimulator, courierSimulatorIds, setCourierWebhookBase } from "~/shipping/simulators/simulators.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "dev.courierSimTitle", { noindex: true });

/**
 * Development only: plays the couriers. Every parcel booked with a simulator, and a form that
 * moves it one step through that courier's own status codes (or sends a code we do not know),
 * posting the courier's webhook now, late, twice, out of order or not at all.
 */
function guard(context: LoaderFunctionArgs["context"]) {
  // It delivers orders and collects cash: development on loopback only, never production.
  if (!context.devTools) throw new Response("Not found", { status: 404 });
}

export function loader({ context }: LoaderFunctionArgs) {
  guard(context);
  return {
    // The lists come with the data: the simulators' module is server-only.
    steps: [...SIM_STEPS, "unknown"],
    deliveries: [...SIM_DELIVERIES],
    couriers: courierSimulatorIds.map((id) => ({
      id,
      parcels: (courierSimulator(id)?.book.all() ?? []).slice(0, 50).map((p) => ({
        trackingCode: p.trackingCode,
        clientOrderCode: p.clientOrderCode,
        codVnd: p.codVnd,
        receiver: p.receiver,
        history: p.history.map((h) => `${h.at.toISOString().slice(11, 19)} ${h.code}`),
      })),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  guard(context);
  const form = await request.formData();
  // Webhooks go to this server itself (the app bundle holds its own copy of the simulators, so it is set here).
  setCourierWebhookBase(context.internalUrl);
  if (form.get("intent") === "reconcile") {
    // GHTK pays the collected cash over; a different amount plays a short statement.
    const raw = String(form.get("paid") ?? "").replace(/[^0-9]/g, "");
    try {
      const done = await ghtkReconcile(String(form.get("trackingCode") ?? ""), raw ? Number(raw) : undefined);
      return { ok: done, message: done ? "reconciled (status 6) sent" : "not delivered with cash collected" };
    } catch (error) {
      return { ok: false, message: `webhook not delivered: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const simulator = courierSimulator(String(form.get("courier") ?? ""));
  const step = String(form.get("step") ?? "");
  const delivery = String(form.get("delivery") ?? "now");
  if (!simulator || !(step === "unknown" || (SIM_STEPS as readonly string[]).includes(step)) || !(SIM_DELIVERIES as readonly string[]).includes(delivery)) {
    return { ok: false, message: "unknown courier, step or delivery" };
  }
  try {
    const moved = await simulator.advance(String(form.get("trackingCode") ?? ""), step as SimStep | "unknown", delivery as SimDelivery, String(form.get("reason") ?? ""));
    return { ok: moved, message: moved ? `${step} sent (${delivery})` : "no such parcel" };
  } catch (error) {
    return { ok: false, message: `webhook not delivered: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export default function CourierSimulator() {
  const { couriers, steps, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Courier simulator (dev)</h1>
      {result ? (
        <p className={result.ok ? "notice" : "notice notice--error"} role="status">
          {result.message}
        </p>
      ) : null}
      {couriers.map((c) => (
        <section className="panel" key={c.id}>
          <h2>{c.id}</h2>
          {c.parcels.length === 0 ? <p className="muted">No parcels booked.</p> : null}
          {c.parcels.map((p) => (
            <article key={p.trackingCode} className="card" data-tracking={p.trackingCode}>
              <p>
                <strong>{p.trackingCode}</strong> · {p.clientOrderCode} · {p.receiver} · COD {p.codVnd}
              </p>
              <p className="muted">{p.history.join(" → ")}</p>
              <Form method="post" className="stack">
                <input type="hidden" name="courier" value={c.id} />
                <input type="hidden" name="trackingCode" value={p.trackingCode} />
                <label>
                  Step
                  <select name="step" defaultValue="picked_up">
                    {steps.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Webhook
                  <select name="delivery" defaultValue="now">
                    {deliveries.map((d) => (
                      <option key={d} value={d}>
                        {d}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Reason <input name="reason" />
                </label>
                <button type="submit">Send {p.trackingCode}</button>
              </Form>
              {c.id === "ghtk" ? (
                <Form method="post" className="stack">
                  <input type="hidden" name="intent" value="reconcile" />
                  <input type="hidden" name="trackingCode" value={p.trackingCode} />
                  <label>
                    Paid over (blank: all collected) <input name="paid" inputMode="numeric" />
                  </label>
                  <button type="submit">Reconcile {p.trackingCode}</button>
                </Form>
              ) : null}
            </article>
          ))}
        </section>
      ))}
    </>
  );
}
