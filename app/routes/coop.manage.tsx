import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { FormErrors, TextField, useFormResult } from "~/components/form";
import { DeliveryFields, PayoutFields, SellerFields } from "~/components/seller-fields";
import { deliveryTermsSchema, payoutSchema, updateCooperativePayout, updateDeliveryTerms } from "~/shops/seller-terms.server";
import { describePlace, placeOptions } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { echoReply, parseForm } from "~/lib/forms.server";
import { FieldError } from "~/lib/validation.server";
import { handleSellerForm } from "~/shops/seller-form.server";
import { formatPhone } from "~/accounts/phone";
import {
  addMemberSchema,
  cooperativeSchema,
  getManagedCooperative,
  inviteMemberByPhone,
  listMembers,
  listOpenInvitations,
  removeMember,
  updateCooperative,
  withdrawInvitation,
} from "~/shops/cooperatives.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "coop.manageTitleShort", { noindex: true });

/** Only ever the signed-in manager's own cooperative. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const coop = await getManagedCooperative(context.db, user.id);
  if (!coop) throw redirect("/coop/new");
  const [members, invitations] = await Promise.all([listMembers(context.db, coop.id), listOpenInvitations(context.db, coop.id)]);
  return {
    ...placeOptions(coop.province_code),
    coop: { name: coop.name, slug: coop.slug, inviteCode: coop.invite_code },
    defaults: {
      name: coop.name,
      story: coop.story,
      provinceCode: coop.province_code,
      wardCode: coop.ward_code,
      phone: coop.phone,
      bankBin: coop.bank_bin ?? "",
      bankAccountNumber: coop.bank_account_number ?? "",
      bankAccountHolder: coop.bank_account_holder ?? "",
    },
    delivery: {
      deliveryFeeVnd: String(coop.delivery_fee_vnd),
      offersDelivery: coop.offers_delivery,
      offersPickup: coop.offers_pickup,
      couriers: coop.couriers,
      pickupStreet: coop.pickup_street,
      parcel: { lengthCm: coop.parcel_length_cm, widthCm: coop.parcel_width_cm, heightCm: coop.parcel_height_cm },
    },
    couriers: context.couriers.carriers.map((c) => c.id),
    invitations: invitations.map((i) => ({ id: i.id, phone: formatPhone(i.phone) })),
    members: members.map((m) => ({
      shopId: m.shop_id,
      slug: m.slug,
      shopName: m.shop_name,
      farmer: m.full_name,
      place: describePlace(m.province_code, m.ward_code),
    })),
  };
}

type Outcome = { form: "details" | "add" | "remove" | "withdraw" | "delivery" | "payout"; result: ReturnType<typeof echoReply> | null; message?: string; name?: string; wards?: { code: string; name: string }[] };

export async function action({ request, context }: ActionFunctionArgs): Promise<Outcome | Response> {
  const user = await requireUser(request, context);
  const coop = await getManagedCooperative(context.db, user.id);
  if (!coop) throw redirect("/coop/new");
  const intent = new URL(request.url).searchParams.get("intent");
  try {
    if (intent === "add") {
      const parsed = await parseForm(request, addMemberSchema);
      if (!parsed.ok) return { form: "add", result: parsed.reply };
      await inviteMemberByPhone(context.db, user, coop.id, parsed.value.phone);
      return { form: "add", result: null, message: "invited", name: formatPhone(parsed.value.phone) };
    }
    if (intent === "withdraw") {
      const formData = await request.formData();
      const invitationId = String(formData.get("invitationId") ?? "");
      if (/^[0-9]{1,18}$/.test(invitationId)) await withdrawInvitation(context.db, user, coop.id, invitationId);
      return { form: "withdraw", result: null, message: "withdrawn" };
    }
    if (intent === "remove") {
      const formData = await request.formData();
      const shopId = String(formData.get("shopId") ?? "");
      if (!/^[0-9]{1,18}$/.test(shopId)) return { form: "remove", result: null };
      const removed = await removeMember(context.db, user, coop.id, shopId);
      return { form: "remove", result: null, message: "removed", name: removed.name };
    }
    if (intent === "delivery" || intent === "payout") {
      const outcome =
        intent === "delivery"
          ? await handleSellerForm(request, deliveryTermsSchema, (value) => updateDeliveryTerms(context.db, user, { kind: "cooperative", id: coop.id }, value))
          : await handleSellerForm(request, payoutSchema, (value) => updateCooperativePayout(context.db, user, coop.id, value));
      return outcome.done ? { form: intent, result: null, message: "saved" } : { form: intent, result: outcome.result };
    }
    const outcome = await handleSellerForm(request, cooperativeSchema, (value) => updateCooperative(context.db, user, coop.id, value));
    if (outcome.done) return { form: "details", result: null, message: "saved" };
    return { form: "details", result: outcome.result, wards: outcome.wards };
  } catch (error) {
    if (error instanceof FieldError && intent === "remove") return { form: "remove", result: null };
    throw error;
  }
}

export default function ManageCooperative() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const detailsForm = useFormResult(actionData?.form === "details" ? actionData.result : null);
  const deliveryForm = useFormResult(actionData?.form === "delivery" ? actionData.result : null);
  const payoutForm = useFormResult(actionData?.form === "payout" ? actionData.result : null);
  const addForm = useFormResult(actionData?.form === "add" ? actionData.result : null);
  const { t } = useI18n();
  const [params] = useSearchParams();
  return (
    <>
      <h1>{t("coop.manageTitle", { name: data.coop.name })}</h1>
      {params.get("done") === "created" && !actionData ? <p className="notice" role="status">{t("coop.created")}</p> : null}
      {actionData?.message === "invited" ? <p className="notice" role="status">{t("coop.memberInvited", { phone: actionData.name ?? "" })}</p> : null}
      {actionData?.message === "withdrawn" ? <p className="notice" role="status">{t("coop.invitationWithdrawn")}</p> : null}
      {actionData?.message === "removed" ? <p className="notice" role="status">{t("coop.memberRemoved", { name: actionData.name ?? "" })}</p> : null}
      {actionData?.message === "saved" ? <p className="notice" role="status">{t("coop.saved")}</p> : null}
      <section className="panel">
        <h2>{t("coop.inviteCode")}</h2>
        <p>
          <span className="invite-code" data-testid="invite-code">
            {data.coop.inviteCode}
          </span>
        </p>
        <p className="hint">{t("coop.inviteHint")}</p>
        <p>
          <Link to={`/coops/${data.coop.slug}`}>{t("account.viewShop")}</Link>
        </p>
      </section>
      <section className="panel">
        <h2>{t("coop.members", { count: data.members.length })}</h2>
        {data.members.length ? (
          <table>
            <tbody>
              {data.members.map((m) => (
                <tr key={m.shopId}>
                  <td>
                    <Link to={`/shops/${m.slug}`}>{m.shopName}</Link>
                    <br />
                    <span className="muted">
                      {m.farmer} · {m.place}
                    </span>
                  </td>
                  <td>
                    <Form method="post" action="?intent=remove">
                      <input type="hidden" name="shopId" value={m.shopId} />
                      <button type="submit" className="button--danger" aria-label={`${t("coop.remove")} ${m.shopName}`}>
                        {t("coop.remove")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("coop.noMembers")}</p>
        )}
        {data.invitations.length ? (
          <>
            <h3>{t("coop.openInvitations")}</h3>
            <ul>
              {data.invitations.map((i) => (
                <li key={i.id}>
                  <Form method="post" action="?intent=withdraw" className="row-actions">
                    <span>
                      {i.phone} · {t("coop.awaitingAnswer")}
                    </span>
                    <input type="hidden" name="invitationId" value={i.id} />
                    <button type="submit" className="button--secondary">
                      {t("coop.withdraw")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <Form method="post" action="?intent=add" className="stack" noValidate>
          <h3>{t("coop.addMember")}</h3>
          <TextField name="phone" type="tel" inputMode="tel" label={t("field.memberPhone")} defaultValue={addForm.value("phone")} errors={addForm.errors("phone")} required />
          <p className="hint">{t("coop.inviteByPhoneHint")}</p>
          <button type="submit">{t("coop.add")}</button>
        </Form>
      </section>
      <section className="panel">
        <h2>{t("coop.editDetails")}</h2>
        <Form method="post" action="?intent=details" className="stack" noValidate>
          <FormErrors messages={detailsForm.formErrors()} />
          <SellerFields
            form={detailsForm}
            kind="cooperative"
            defaults={data.defaults}
            provinces={data.provinces}
            wards={actionData?.form === "details" && actionData.wards ? actionData.wards : data.wards}
          />
          <button type="submit">{t("shop.save")}</button>
        </Form>
      </section>
      <section className="panel">
        <Form method="post" action="?intent=delivery" className="stack" noValidate>
          <DeliveryFields form={deliveryForm} defaults={data.delivery} couriers={data.couriers} submitted={actionData?.form === "delivery" && !actionData.message} />
          <button type="submit">{t("shop.save")}</button>
        </Form>
      </section>
      <section className="panel">
        <Form method="post" action="?intent=payout" className="stack" noValidate>
          <PayoutFields form={payoutForm} defaults={data.defaults} />
          <button type="submit">{t("shop.save")}</button>
        </Form>
      </section>
    </>
  );
}
