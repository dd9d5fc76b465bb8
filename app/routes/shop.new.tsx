import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatPhone } from "~/accounts/phone";
import { requireUser } from "~/accounts/session.server";
import { FormErrors, useFormResult } from "~/components/form";
import { PayoutFields, SellerFields } from "~/components/seller-fields";
import { placeOptions } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { echoReply, parseForm, replyWithFieldError } from "~/lib/forms.server";
import { FieldError } from "~/lib/validation";
import { createShop, getShopByOwner, shopSchema } from "~/shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Mở gian hàng — Vườn Nhà" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (await getShopByOwner(context.db, user.id)) throw redirect("/shop/edit");
  return { ...placeOptions(null), ownerPhone: formatPhone(user.phone), ownerName: user.full_name };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const parsed = await parseForm(request, shopSchema);
  const { wards } = placeOptions(String(parsed.formData.get("provinceCode") ?? ""));
  if (parsed.formData.get("intent") === "pick-province") return { result: echoReply(parsed.formData), wards };
  if (!parsed.ok) return { result: parsed.reply, wards };
  try {
    await createShop(context.db, user, parsed.value);
  } catch (error) {
    if (error instanceof FieldError) return { result: replyWithFieldError(parsed.formData, error), wards };
    throw error;
  }
  return redirect("/account?done=shop");
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
        <button type="submit" disabled={busy}>
          {t("shop.create")}
        </button>
      </Form>
    </section>
  );
}
