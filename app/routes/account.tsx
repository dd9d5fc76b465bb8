import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatPhone } from "~/accounts/phone";
import { requireUser } from "~/accounts/session.server";
import { FormErrors, SelectField, TextField, useFormResult } from "~/components/form";
import { describePlace } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { parseForm, replyWithFieldError } from "~/lib/forms.server";
import { FieldError } from "~/lib/validation.server";
import {
  answerInvitation,
  getManagedCooperative,
  getMembership,
  invitationAnswerSchema,
  joinByInviteCode,
  joinSchema,
  leaveCooperative,
  listInvitationsForFarmer,
} from "~/shops/cooperatives.server";
import { getShopByOwner } from "~/shops/shops.server";
import { pageMeta } from "~/i18n/meta";
import { dictionaryFor } from "~/i18n/dictionary.server";
import { makeTranslate } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { officerGrant } from "~/provinces/sales.server";
import { LiteSwitch } from "~/components/lite-switch";
import { channelChoicesSchema, listChannelChoices, saveChannelChoices } from "~/notify/preferences.server";
import { CHANNEL_CHOICES, NOTIFICATION_TOPICS } from "~/notify/templates";
import type { MessageKey } from "~/i18n/messages";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "account.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const [shop, coop, membership, invitations, channels, grant, locale] = await Promise.all([
    getShopByOwner(context.db, user.id),
    getManagedCooperative(context.db, user.id),
    getMembership(context.db, user.id),
    listInvitationsForFarmer(context.db, user.id),
    listChannelChoices(context.db, user.id),
    officerGrant(context.db, user),
    getLocale(request, user.locale),
  ]);
  // A province officer's way to her figures, or to the invitation waiting for her answer (issue 15);
  // worded here, so the officer's strings stay off every page's dictionary.
  const floorT = makeTranslate(dictionaryFor(locale));
  const officerLink = grant ? floorT(grant.accepted ? "floor.salesLink" : "floor.pendingTitle") : user.is_admin ? floorT("floor.compareTitle") : null;
  // Sales and co-op messages only mean something to someone who sells.
  const topics = NOTIFICATION_TOPICS.filter((topic) => (topic === "orders" ? Boolean(shop || coop) : topic === "coop" ? Boolean(shop) : true));
  return {
    user: { name: user.full_name, phone: formatPhone(user.phone), email: user.email, isAdmin: user.is_admin },
    shop: shop ? { slug: shop.slug, name: shop.name, place: describePlace(shop.province_code, shop.ward_code) } : null,
    coop: coop ? { name: coop.name, slug: coop.slug } : null,
    membership: membership ? { name: membership.name, slug: membership.slug } : null,
    invitations: invitations.map((i) => ({ id: i.id, name: i.name, slug: i.slug, manager: i.manager_name, place: describePlace(i.province_code, i.ward_code) })),
    channels: topics.map((topic) => ({ topic, choice: channels[topic] })),
    sellerPhone: shop ? formatPhone(shop.phone) : coop ? formatPhone(coop.phone) : null,
    officer: officerLink ? { label: officerLink, href: grant ? "/officer" : "/admin/provinces" } : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const intent = new URL(request.url).searchParams.get("intent");
  if (intent === "leave") {
    await leaveCooperative(context.db, user);
    return { result: null, message: "left" as const, coopName: null };
  }
  if (intent === "channels") {
    const parsed = await parseForm(request, channelChoicesSchema);
    if (!parsed.ok) return { result: parsed.reply, message: null, coopName: null };
    await saveChannelChoices(context.db, user.id, parsed.value);
    return { result: null, message: "channels" as const, coopName: null };
  }
  if (intent === "invitation") {
    const parsed = await parseForm(request, invitationAnswerSchema);
    if (!parsed.ok) return { result: parsed.reply, message: null, coopName: null };
    try {
      const coop = await answerInvitation(context.db, user, parsed.value.invitationId, parsed.value.answer);
      return { result: null, message: parsed.value.answer === "accepted" ? ("joined" as const) : ("declined" as const), coopName: coop.name };
    } catch (error) {
      if (error instanceof FieldError) return { result: replyWithFieldError(parsed.formData, error), message: null, coopName: null };
      throw error;
    }
  }
  const parsed = await parseForm(request, joinSchema);
  if (!parsed.ok) return { result: parsed.reply, message: null, coopName: null };
  try {
    const coop = await joinByInviteCode(context.db, user, parsed.value.inviteCode);
    return { result: null, message: "joined" as const, coopName: coop.name };
  } catch (error) {
    if (error instanceof FieldError) return { result: replyWithFieldError(parsed.formData, error), message: null, coopName: null };
    throw error;
  }
}

export default function Account() {
  const { user, shop, coop, membership, invitations, channels, sellerPhone, officer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useFormResult(actionData?.result);
  const { t } = useI18n();
  const [params] = useSearchParams();
  const flash = params.get("done");
  return (
    <>
      <h1>{t("account.hello", { name: user.name })}</h1>
      {flash === "shop" ? <p className="notice" role="status">{t("shop.created")}</p> : null}
      {flash === "shop-saved" ? <p className="notice" role="status">{t("shop.saved")}</p> : null}
      {flash === "coop" ? <p className="notice" role="status">{t("coop.created")}</p> : null}
      {actionData?.message === "left" ? <p className="notice" role="status">{t("account.leftCoop")}</p> : null}
      {actionData?.message === "joined" ? (
        <p className="notice" role="status">{t("account.joinedCoop", { name: actionData.coopName ?? "" })}</p>
      ) : null}
      {actionData?.message === "declined" ? (
        <p className="notice" role="status">{t("account.declinedInvitation", { name: actionData.coopName ?? "" })}</p>
      ) : null}
      {actionData?.result && !actionData.message && invitations.length ? <FormErrors messages={form.errors("invitationId")} /> : null}
      {invitations.length ? (
        <section className="panel" aria-labelledby="invitations-title">
          <h2 id="invitations-title">{t("account.invitations")}</h2>
          {invitations.map((i) => (
            <Form method="post" action="?intent=invitation" key={i.id} className="stack invitation">
              <p>
                {t("account.invitationText", { manager: i.manager })} <Link to={`/coops/${i.slug}`}>{i.name}</Link> ({i.place})
              </p>
              <p className="hint">{t("account.invitationHint")}</p>
              <input type="hidden" name="invitationId" value={i.id} />
              <div className="row-2">
                <button type="submit" name="answer" value="accepted">
                  {t("account.acceptInvitation")}
                </button>
                <button type="submit" name="answer" value="declined" className="button--secondary">
                  {t("account.declineInvitation")}
                </button>
              </div>
            </Form>
          ))}
        </section>
      ) : null}
      <section className="panel">
        <p>
          {user.phone}
          {user.email ? ` · ${user.email}` : ""}
        </p>
        <p>
          {t("account.roles")}: <span className="badge">{t("role.buyer")}</span>
          {shop ? <span className="badge">{t("role.farmer")}</span> : null}
          {coop ? <span className="badge">{t("role.manager")}</span> : null}
          {membership ? <span className="badge">{t("role.member")}</span> : null}
          {user.isAdmin ? <span className="badge">{t("role.admin")}</span> : null}
        </p>
        <p>
          <Link to="/orders">{t("nav.orders")}</Link> · <Link to="/favourites">{t("favourites.title")}</Link>
          {officer ? (
            <>
              {" · "}
              <Link to={officer.href}>{officer.label}</Link>
            </>
          ) : null}
        </p>
      </section>
      <section className="panel">
        <h2>{t("account.myShop")}</h2>
        {shop ? (
          <>
            <p>
              <strong>{shop.name}</strong> — {shop.place}
            </p>
            <p>
              <Link to={`/shops/${shop.slug}`}>{t("account.viewShop")}</Link> · <Link to="/shop/edit">{t("account.editShop")}</Link>
            </p>
          </>
        ) : (
          <>
            <p>{t("account.noShop")}</p>
            <Link className="button" to="/shop/new">
              {t("home.openShop")}
            </Link>
          </>
        )}
      </section>
      <section className="panel">
        <h2>{t("account.myCoop")}</h2>
        {coop ? (
          <p>
            <Link className="button" to="/coop/manage">
              {t("account.manageCoop")}: {coop.name}
            </Link>
          </p>
        ) : (
          <p>
            <Link to="/coop/new">{t("home.createCoop")}</Link>
          </p>
        )}
        {membership ? (
          <Form method="post" action="?intent=leave">
            <p>
              {t("role.member")}: <Link to={`/coops/${membership.slug}`}>{membership.name}</Link>
            </p>
            <button type="submit" className="button--danger">
              {t("account.leaveCoop")}
            </button>
          </Form>
        ) : shop ? (
          <Form method="post" className="stack" noValidate>
            <h3>{t("account.joinCoop")}</h3>
            <FormErrors messages={form.formErrors()} />
            <TextField name="inviteCode" label={t("field.inviteCode")} defaultValue={form.value("inviteCode")} errors={form.errors("inviteCode")} required maxLength={20} />
            <button type="submit">{t("coop.join")}</button>
          </Form>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="channels-title">
        <h2 id="channels-title">{t("notifyPrefs.title")}</h2>
        {actionData?.message === "channels" ? (
          <p className="notice" role="status">
            {t("notifyPrefs.saved")}
          </p>
        ) : null}
        <p className="muted">{t("notifyPrefs.lead", { phone: user.phone })}</p>
        {sellerPhone && sellerPhone !== user.phone ? <p className="muted">{t("notifyPrefs.shopPhone", { phone: sellerPhone })}</p> : null}
        <Form method="post" action="?intent=channels" className="stack">
          {actionData?.result && !actionData.message ? <FormErrors messages={[...form.formErrors(), ...channels.flatMap((c) => form.errors(c.topic))]} /> : null}
          {channels.map((c) => (
            <SelectField
              key={c.topic}
              name={c.topic}
              label={t(`notifyPrefs.topic.${c.topic}` as MessageKey)}
              defaultValue={c.choice}
              options={CHANNEL_CHOICES.map((value) => ({ value, label: t(`notifyPrefs.channel.${value}` as MessageKey) }))}
            />
          ))}
          <p className="muted">{t("notifyPrefs.codes")}</p>
          <button type="submit">{t("notifyPrefs.save")}</button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="lite-title">
        <h2 id="lite-title">{t("lite.accountTitle")}</h2>
        <p className="muted">{t("lite.accountText")}</p>
        <LiteSwitch />
      </section>
      <section className="panel">
        <h2>{t("account.security")}</h2>
        <Form method="post" action="/logout">
          <button type="submit" className="button--secondary">
            {t("nav.signOut")}
          </button>
        </Form>
        <Form method="post" action="/logout" style={{ marginTop: ".75rem" }}>
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit" className="button--danger">
            {t("auth.signOutEverywhere")}
          </button>
        </Form>
      </section>
    </>
  );
}
