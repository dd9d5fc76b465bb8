import { Form, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useI18n } from "~/i18n/use-t";

/** "Tiết kiệm dữ liệu": turns lite mode on or off for this browser (a full page load either way). */
export function LiteSwitch() {
  const lite = Boolean(useRouteLoaderData<{ lite?: boolean }>("root")?.lite);
  const { t } = useI18n();
  const location = useLocation();
  return (
    <Form method="post" action="/lite" reloadDocument className="inline-form">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <input type="hidden" name="lite" value={lite ? "0" : "1"} />
      {lite ? <span className="muted">{t("lite.isOn")} </span> : null}
      <button type="submit" className="link-button" aria-pressed={lite}>
        {t(lite ? "lite.turnOff" : "lite.turnOn")}
      </button>
    </Form>
  );
}
