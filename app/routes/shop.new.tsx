import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatPhone } from "~/accounts/phone";
import { requireUser } from "~/accounts/session.server";
import { FormErrors, useFormResult } from "~/components/form";
import { DeliveryFields, PayoutFields, SellerFields } from "~/components/seller-fields";
import { deliveryTermsSchema, updateDeliveryTerms } from "~/shops/seller-terms.server";
import { placeOptions } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { handleSellerForm } from "~/shops/seller-form.server";
import { createShop, getShopByOwner, shopSchema } from "~/shops/shops.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "shop.newTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (await getShopByOwner(context.db, user.id)) throw redirect("/shop/edit");
  return { ...placeOptions(null), ownerPhone: formatPhone(user.phone), ownerName: user.full_name, couriers: context.couriers.carriers.map((c) => c.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  // A new farm says how it delivers when it opens (issue 10 #5), in one transaction with the shop.
  const outcome = await handleSellerForm(request, shopSchema.merge(deliveryTermsSchema), (value) =>
    context.db.transaction().execute(async (trx) => {
      const shop = await createShop(trx, user, value);
      await updateDeliveryTerms(trx, user, { kind: "shop", id: shop.id }, value);
    }),
  );
  if (outcome.done) return redirect("/account?done=shop");
  return { result: outcome.result, wards: outcome.wards };
}

export default function NewShop() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useFormResult(actionData?.result);
  const { t } = useI18n();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel">
      <h1>{t("shop.newTitle")}</h1>
      <p>{t("shop.newLead")}</p>
      <Form method="post" className="stack" noValidate>
        <FormErrors messages={form.formErrors()} />
        <SellerFields
          form={form}
          kind="shop"
          defaults={{ phone: data.ownerPhone }}
          provinces={data.provinces}
          wards={actionData?.wards ?? data.wards}
        />
        <PayoutFields form={form} defaults={{}} />
        <DeliveryFields form={form} couriers={data.couriers} defaults={{ deliveryFeeVnd: "30000", offersDelivery: true, offersPickup: true }} submitted={Boolean(actionData?.result)} />
        <button type="submit" disabled={busy}>
          {t("shop.create")}
        </button>
      </Form>
    </section>
  );
}
