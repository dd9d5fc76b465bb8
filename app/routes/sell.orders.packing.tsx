import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { formatPhone } from "~/accounts/phone";
import { formatWeight } from "~/lib/text";
import { isCalendarDay } from "~/lib/validation.server";
import { unitName } from "~/catalog/taxonomy";
import { describePlace } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { formatVnd } from "~/lib/money";
import { ForbiddenError } from "~/lib/validation.server";
import { packingList, sellerScope } from "~/orders/desk.server";
import { pageMeta } from "~/i18n/meta";
import { formatDay } from "~/lib/dates";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "packing.title", { noindex: true });

/** Printable: one block per order, then what each member farm has to bring (for a co-op's day). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const day = url.searchParams.get("day");
  // The desk's checkboxes send order ids; a link from one order sends its code.
  const ids = url.searchParams.getAll("orderId").filter((id) => /^[0-9]{1,18}$/.test(id));
  const codes = url.searchParams.getAll("code").filter((c) => /^VN[0-9A-Z]{8}$/.test(c));
  const chosen = ids.length + codes.length > 0;
  const scope = await sellerScope(context.db, user);
  let rows;
  try {
    rows = await packingList(context.db, user, chosen ? { ids, codes } : { day: isCalendarDay(day) ? day : undefined });
  } catch (error) {
    if (error instanceof ForbiddenError) throw new Response("Forbidden", { status: 403 });
    throw error;
  }
  const orders = new Map<string, { code: string; recipient: string; address: string; delivery: string; collect: string | null; note: string; lines: { quantity: number; unit: string; title: string; producer: string; grams: number }[] }>();
  const perProducer = new Map<string, Map<string, { quantity: number; unit: string }>>();
  for (const r of rows) {
    const order = orders.get(r.code) ?? {
      code: r.code,
      recipient: `${r.recipient_name} · ${formatPhone(r.recipient_phone)}`,
      address: `${r.street}, ${describePlace(r.province_code, r.ward_code)}`,
      delivery: r.delivery_method,
      collect: r.payment_method === "cod" && !r.paid_at ? String(r.total_vnd) : null,
      note: r.note,
      lines: [],
    };
    order.lines.push({ quantity: r.quantity, unit: r.unit, title: r.title, producer: r.producer_name, grams: r.quantity * r.weight_grams });
    orders.set(r.code, order);
    const producer = perProducer.get(r.producer_name) ?? new Map();
    const line = producer.get(r.title) ?? { quantity: 0, unit: r.unit };
    line.quantity += r.quantity;
    producer.set(r.title, line);
    perProducer.set(r.producer_name, producer);
  }
  return {
    day,
    seller: scope.coop?.name ?? scope.shop?.name ?? "",
    orders: [...orders.values()],
    producers: [...perProducer.entries()].map(([name, lines]) => ({ name, lines: [...lines.entries()].map(([title, l]) => ({ title, ...l })) })),
  };
}

export default function PackingList() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>
        {t("packing.title")} · {data.seller} {data.day ? formatDay(data.day, locale) : ""}
      </h1>
      <p className="no-print">
        <button type="button" className="button--secondary" onClick={() => window.print()}>
          {t("packing.print")}
        </button>
      </p>
      {data.orders.length === 0 ? <p>{t("packing.none")}</p> : null}
      {data.orders.map((o) => (
        <section key={o.code} className="panel">
          <h2>{o.code}</h2>
          <p>
            {o.recipient}
            <br />
            {o.delivery === "pickup" ? t("order.pickup") : o.address}
          </p>
          <ul>
            {o.lines.map((l, i) => (
              <li key={i}>
                {l.quantity} {unitName(l.unit, locale, l.quantity)} × {l.title} ({l.producer})
                {/* Sold by the kilo, the weight is the quantity already. */}
                {l.unit === "kg" ? null : ` · ${formatWeight(l.grams, locale)}`}
              </li>
            ))}
          </ul>
          <p>
            <strong>{o.collect ? t("packing.collect", { amount: formatVnd(o.collect) }) : t("packing.prepaid")}</strong>
          </p>
          {o.note ? <p>“{o.note}”</p> : null}
        </section>
      ))}
      {data.producers.length > 1 ? (
        <section className="panel">
          <h2>{t("packing.byProducer")}</h2>
          {data.producers.map((p) => (
            <div key={p.name}>
              <h3>{p.name}</h3>
              <ul>
                {p.lines.map((l) => (
                  <li key={l.title}>
                    {l.quantity} {unitName(l.unit, locale, l.quantity)} × {l.title}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ) : null}
    </>
  );
}
