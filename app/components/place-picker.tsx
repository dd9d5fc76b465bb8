import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { useI18n } from "~/i18n/use-t";
import { SelectField } from "./form";
import { NoScript } from "~/components/no-script";

export interface PlaceOption {
  code: string;
  name: string;
}

/**
 * Province then ward. With JavaScript the ward list follows the province at once; without it,
 * a "show wards" button re-posts the form (keeping everything typed) and the page comes back
 * with that province's wards.
 */
function PlacePicker(props: {
  provinces: PlaceOption[];
  wards: PlaceOption[];
  provinceCode: string;
  wardCode: string;
  provinceErrors: string[];
  wardErrors: string[];
}) {
  const { t } = useI18n();
  const fetcher = useFetcher<{ wards: PlaceOption[] }>();
  const [province, setProvince] = useState(props.provinceCode);
  const wards = fetcher.data && province !== props.provinceCode ? fetcher.data.wards : props.wards;
  const wardsMatchProvince = province === props.provinceCode || fetcher.data !== undefined;
  return (
    <fieldset className="place-picker">
      <SelectField
        name="provinceCode"
        label={t("field.province")}
        defaultValue={props.provinceCode}
        placeholder={t("field.chooseProvince")}
        options={props.provinces.map((p) => ({ value: p.code, label: p.name }))}
        errors={props.provinceErrors}
        required
        onChange={(code) => {
          setProvince(code);
          if (code) fetcher.load(`/api/wards?province=${encodeURIComponent(code)}`);
        }}
      />
      <NoScript>
        <p className="hint">{t("field.loadWardsHint")}</p>
        <button type="submit" name="intent" value="pick-province" formNoValidate className="button button--secondary">
          {t("field.loadWards")}
        </button>
      </NoScript>
      <SelectField
        key={wardsMatchProvince ? `wards-${province}-${wards.length}` : "wards-pending"}
        name="wardCode"
        label={t("field.ward")}
        defaultValue={props.wardCode}
        placeholder={t("field.chooseWard")}
        options={wardsMatchProvince ? wards.map((w) => ({ value: w.code, label: w.name })) : []}
        errors={props.wardErrors}
        required
      />
    </fieldset>
  );
}

/** A titled province → ward block fed from a form reply: the same in every form that has one. */
export function PlaceFieldset(props: {
  legend: string;
  provinces: PlaceOption[];
  wards: PlaceOption[];
  value: (name: "provinceCode" | "wardCode") => string;
  errors: (name: "provinceCode" | "wardCode") => string[];
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <PlacePicker
        provinces={props.provinces}
        wards={props.wards}
        provinceCode={props.value("provinceCode")}
        wardCode={props.value("wardCode")}
        provinceErrors={props.errors("provinceCode")}
        wardErrors={props.errors("wardCode")}
      />
    </fieldset>
  );
}
