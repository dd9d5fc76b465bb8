import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { FormErrors, useFormResult } from "~/components/form";
import { DeliveryFields, PayoutFields, SellerFields } from "~/components/seller-fields";
import { deliveryTermsSchema, updateDeliveryTerms } from "~/shops/seller-terms.server";
import { placeOptions } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { handleSellerForm } from "~/shops/seller-form.server";
import { getShopByOwner, shopSchema, updateShop } from "~/shops/shops.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "shop.editTitle", { noindex: true });

/** Always the signed-in user's own shop: there is no shop id in the URL to tamper with. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const shop = await getShopByOwner(context.db, user.id);
  if (!shop) throw redirect("/shop/new");
  return {
    ...placeOptions(shop.province_code),
    slug: shop.slug,
    defaults: {
      name: shop.name,
      story: shop.story,
      provinceCode: shop.province_code,
      wardCode: shop.ward_code,
      phone: shop.phone,
      bankBin: shop.bank_bin,
      bankAccountNumber: shop.bank_account_number,
      bankAccountHolder: shop.bank_account_holder,
    },
    delivery: {
      deliveryFeeVnd: String(shop.delivery_fee_vnd),
      offersDelivery: shop.offers_delivery,
      offersPickup: shop.offers_pickup,
      couriers: shop.couriers,
      pickupStreet: shop.pickup_street,
      parcel: { lengthCm: shop.parcel_length_cm, widthCm: shop.parcel_width_cm, heightCm: shop.parcel_height_cm },
    },
    couriers: context.couriers.carriers.map((c) => c.id),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const shop = await getShopByOwner(context.db, user.id);
  if (!shop) throw redirect("/shop/new");
  if (new URL(request.url).searchParams.get("intent") === "delivery") {
    const outcome = await handleSellerForm(request, deliveryTermsSchema, (value) => updateDeliveryTerms(context.db, user, { kind: "shop", id: shop.id }, value));
    return { form: "delivery" as const, result: outcome.result, wards: null, saved: outcome.done };
  }
  const outcome = await handleSellerForm(request, shopSchema, (value) => updateShop(context.db, user, shop.id, value));
  if (outcome.done) return redirect("/account?done=shop-saved");
  return { form: "details" as const, result: outcome.result, wards: outcome.wards, saved: false };
}

export default function EditShop() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useFormResult(actionData?.form === "details" ? actionData.result : null);
  const deliveryForm = useFormResult(actionData?.form === "delivery" ? actionData.result : null);
  const { t } = useI18n();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel">
      <h1>{t("shop.editTitle")}</h1>
      <Form method="post" className="stack" noValidate>
        <FormErrors messages={form.formErrors()} />
        <SellerFields form={form} kind="shop" defaults={data.defaults} provinces={data.provinces} wards={actionData?.wards ?? data.wards} />
        <PayoutFields form={form} defaults={data.defaults} />
        <button type="submit" disabled={busy}>
          {t("shop.save")}
        </button>
      </Form>
      <Form method="post" action="?intent=delivery" className="stack" noValidate>
        {actionData?.form === "delivery" && actionData.saved ? (
          <p className="notice" role="status">
            {t("sell.saved")}
          </p>
        ) : null}
        <DeliveryFields form={deliveryForm} defaults={data.delivery} couriers={data.couriers} submitted={actionData?.form === "delivery" && !actionData.saved} />
        <button type="submit" disabled={busy}>
          {t("shop.save")}
        </button>
      </Form>
    </section>
  );
}
