import { courierName } from "~/shipping/couriers";
import { BANKS } from "~/shops/banks";
import { useI18n } from "~/i18n/use-t";
import { TextField, SelectField, type useFormResult } from "./form";
import { PlaceFieldset, type PlaceOption } from "./place-picker";

type FormState = ReturnType<typeof useFormResult>;

export interface SellerDefaults {
  name?: string;
  story?: string;
  provinceCode?: string;
  wardCode?: string;
  phone?: string;
  bankBin?: string;
  bankAccountNumber?: string;
  bankAccountHolder?: string;
}

/** Name, story, place and phone: shared by the farm shop and cooperative forms. */
export function SellerFields(props: {
  form: FormState;
  defaults: SellerDefaults;
  provinces: PlaceOption[];
  wards: PlaceOption[];
  kind: "shop" | "cooperative";
}) {
  const { t } = useI18n();
  const { form, defaults } = props;
  const v = (name: keyof SellerDefaults) => form.value(name, defaults[name] ?? "");
  return (
    <>
      <TextField
        name="name"
        label={t(props.kind === "shop" ? "field.shopName" : "field.coopName")}
        defaultValue={v("name")}
        errors={form.errors("name")}
        required
        maxLength={props.kind === "shop" ? 80 : 120}
      />
      <TextField
        name="story"
        label={t(props.kind === "shop" ? "field.story" : "field.coopStory")}
        defaultValue={v("story")}
        errors={form.errors("story")}
        multiline
        maxLength={2000}
      />
      <PlaceFieldset legend={t("shop.location")} provinces={props.provinces} wards={props.wards} value={v} errors={form.errors} />
      <TextField
        name="phone"
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        label={t("field.shopPhone")}
        hint={t("field.phoneHint")}
        defaultValue={v("phone")}
        errors={form.errors("phone")}
        required
      />
    </>
  );
}

/** Where buyers' money goes: the farmer's own bank account. */
export function PayoutFields(props: { form: FormState; defaults: SellerDefaults }) {
  const { t } = useI18n();
  const { form, defaults } = props;
  const v = (name: keyof SellerDefaults) => form.value(name, defaults[name] ?? "");
  return (
    <fieldset>
      <legend>{t("shop.payout")}</legend>
      <SelectField
        name="bankBin"
        label={t("field.bank")}
        defaultValue={v("bankBin")}
        placeholder={t("field.chooseBank")}
        options={BANKS.map((b) => ({ value: b.bin, label: `${b.shortName} — ${b.name}` }))}
        errors={form.errors("bankBin")}
        required
      />
      <TextField
        name="bankAccountNumber"
        inputMode="numeric"
        label={t("field.accountNumber")}
        defaultValue={v("bankAccountNumber")}
        errors={form.errors("bankAccountNumber")}
        required
        maxLength={30}
      />
      <TextField
        name="bankAccountHolder"
        label={t("field.accountHolder")}
        hint={t("field.accountHolderHint")}
        defaultValue={v("bankAccountHolder")}
        errors={form.errors("bankAccountHolder")}
        required
        maxLength={70}
      />
    </fieldset>
  );
}

export interface DeliveryDefaults {
  deliveryFeeVnd: string;
  offersDelivery: boolean;
  offersPickup: boolean;
  couriers?: readonly string[];
  pickupStreet?: string;
  parcel?: { lengthCm: number; widthCm: number; heightCm: number };
}

/** The seller's delivery fee, pickup offer and couriers (with where they collect and the usual box), as checkout shows them to buyers. */
export function DeliveryFields(props: { form: FormState; defaults: DeliveryDefaults; submitted: boolean; couriers: readonly string[] }) {
  const { t } = useI18n();
  const { form, defaults } = props;
  const checked = (name: "offersDelivery" | "offersPickup") => (props.submitted ? form.value(name) === "on" : defaults[name]);
  const courierChecked = (id: string) => (props.submitted ? form.value(`courier_${id}`) === "on" : (defaults.couriers ?? []).includes(id));
  const parcel = defaults.parcel ?? { lengthCm: 30, widthCm: 20, heightCm: 15 };
  return (
    <fieldset>
      <legend>{t("seller.delivery")}</legend>
      <label className="check">
        <input type="checkbox" name="offersDelivery" defaultChecked={checked("offersDelivery")} /> {t("seller.offersDelivery")}
      </label>
      <TextField
        name="deliveryFeeVnd"
        inputMode="numeric"
        label={t("seller.deliveryFee")}
        defaultValue={form.value("deliveryFeeVnd", defaults.deliveryFeeVnd)}
        errors={form.errors("deliveryFeeVnd")}
        maxLength={9}
      />
      <label className="check">
        <input type="checkbox" name="offersPickup" defaultChecked={checked("offersPickup")} /> {t("seller.offersPickup")}
      </label>
      {props.couriers.length ? (
        <fieldset>
          <legend>{t("seller.couriers")}</legend>
          <p className="hint">{t("seller.couriersHint")}</p>
          {props.couriers.map((id) => (
            <label className="check" key={id}>
              <input type="checkbox" name={`courier_${id}`} defaultChecked={courierChecked(id)} /> {t(courierName(id))}
            </label>
          ))}
          <TextField
            name="pickupStreet"
            label={t("seller.pickupStreet")}
            hint={t("seller.pickupStreetHint")}
            defaultValue={form.value("pickupStreet", defaults.pickupStreet ?? "")}
            errors={form.errors("pickupStreet")}
            maxLength={200}
          />
          <div className="parcel-size">
            {(["parcelLengthCm", "parcelWidthCm", "parcelHeightCm"] as const).map((name) => (
              <TextField
                key={name}
                name={name}
                inputMode="numeric"
                label={t(`seller.${name}`)}
                defaultValue={form.value(name, String(name === "parcelLengthCm" ? parcel.lengthCm : name === "parcelWidthCm" ? parcel.widthCm : parcel.heightCm))}
                errors={form.errors(name)}
                maxLength={3}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      {form.errors("offersDelivery").map((e) => (
        <p key={e} className="error" role="alert">
          {e}
        </p>
      ))}
    </fieldset>
  );
}
