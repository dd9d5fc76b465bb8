import { Form } from "@remix-run/react";
import { useI18n } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n/messages";
import { formatVnd } from "~/lib/money";
import { courierName } from "~/shipping/couriers";

interface EstimateView {
  provinceCode: string;
  provinceName: string;
  options: Array<{ courier: string; feeVnd: string | null; days: [number, number] | null; unavailable: MessageKey | null }>;
  pickup: boolean;
}

/**
 * "Giao đến Hà Nội: VNPost 62.000 ₫ · 3–5 ngày": what delivery costs before checkout. The province
 * is a plain GET form (`?to=`), so it works without JavaScript and signed-out pages stay cacheable per province.
 */
export function EstimatePicker({ provinceCode, provinces, action }: { provinceCode: string | null; provinces: Array<{ code: string; name: string }>; action: string }) {
  const { t } = useI18n();
  return (
    <Form method="get" action={`${action}#delivery`} preventScrollReset className="qty-form" id="delivery">
      <label htmlFor="estimate-to">{t("estimate.to")}</label>
      <select id="estimate-to" name="to" defaultValue={provinceCode ?? ""} key={provinceCode ?? ""}>
        <option value="" disabled>
          {t("estimate.pick")}
        </option>
        {provinces.map((p) => (
          <option key={p.code} value={p.code}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button--secondary">
        {t("estimate.show")}
      </button>
    </Form>
  );
}

/** One seller's ways of delivering to the chosen province, cheapest first. */
export function EstimateList({ estimate, note }: { estimate: EstimateView; note: string }) {
  const { t } = useI18n();
  return (
    <>
      <ul className="estimate-list" aria-label={t("estimate.title", { province: estimate.provinceName })}>
        {estimate.options.map((o) => (
          <li key={o.courier}>
            {t(courierName(o.courier))}
            {o.feeVnd !== null ? (
              <>
                {" — "}
                <strong>{formatVnd(o.feeVnd)}</strong>
                {o.days ? <span className="muted"> · {t("checkout.courierDays", { min: o.days[0], max: o.days[1] })}</span> : null}
              </>
            ) : (
              <span className="muted"> — {t(o.unavailable ?? "shipping.error.courierDown", { detail: "" })}</span>
            )}
          </li>
        ))}
        {estimate.pickup ? <li className="muted">{t("estimate.pickup")}</li> : null}
        {estimate.options.length === 0 && !estimate.pickup ? <li className="muted">{t("estimate.none")}</li> : null}
      </ul>
      <p className="muted">{note}</p>
    </>
  );
}
