import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatPhone } from "~/accounts/phone";
import { requireUser } from "~/accounts/session.server";
import { FormErrors, useFormResult } from "~/components/form";
import { DeliveryFields, SellerFields } from "~/components/seller-fields";
import { deliveryTermsSchema, updateDeliveryTerms } from "~/shops/seller-terms.server";
import { placeOptions } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { handleSellerForm } from "~/shops/seller-form.server";
import { cooperativeSchema, createCooperative, getManagedCooperative } from "~/shops/cooperatives.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "coop.newTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (await getManagedCooperative(context.db, user.id)) throw redirect("/coop/manage");
  return { ...placeOptions(null), phone: formatPhone(user.phone), couriers: context.couriers.carriers.map((c) => c.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  // A new co-op says how it delivers (its couriers, pickup street, box, fee) as it opens, in one transaction with it.
  const outcome = await handleSellerForm(request, cooperativeSchema.merge(deliveryTermsSchema), (value) =>
    context.db.transaction().execute(async (trx) => {
      const coop = await createCooperative(trx, user, value);
      await updateDeliveryTerms(trx, user, { kind: "cooperative", id: coop.id }, value);
    }),
  );
  if (outcome.done) return redirect("/coop/manage?done=created");
  return { result: outcome.result, wards: outcome.wards };
}

export default function NewCooperative() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useFormResult(actionData?.result);
  const { t } = useI18n();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel">
      <h1>{t("coop.newTitle")}</h1>
      <p>{t("coop.newLead")}</p>
      <Form method="post" className="stack" noValidate>
        <FormErrors messages={form.formErrors()} />
        <SellerFields form={form} kind="cooperative" defaults={{ phone: data.phone }} provinces={data.provinces} wards={actionData?.wards ?? data.wards} />
        <DeliveryFields form={form} couriers={data.couriers} defaults={{ deliveryFeeVnd: "30000", offersDelivery: true, offersPickup: true }} submitted={Boolean(actionData?.result)} />
        <button type="submit" disabled={busy}>
          {t("coop.create")}
        </button>
      </Form>
    </section>
  );
}
