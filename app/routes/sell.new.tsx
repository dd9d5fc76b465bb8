import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientActionFunctionArgs } from "@remix-run/react";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { handleListingForm } from "~/catalog/listing-request.server";
import { createListing, newSubmissionKey } from "~/catalog/listings.server";
import { ListingForm } from "~/components/listing-form";
import { placeOptions } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { getManagedCooperative, listMembers } from "~/shops/cooperatives.server";
import { getShopByOwner } from "~/shops/shops.server";
import { pageMeta } from "~/i18n/meta";
import { isUnsent, keepUnlessSent, sendOrKeep } from "~/lib/unsent";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "sell.newListing", { noindex: true });

async function sellerContext(request: Request, context: LoaderFunctionArgs["context"]) {
  const user = await requireUser(request, context);
  const [shop, coop] = await Promise.all([getShopByOwner(context.db, user.id), getManagedCooperative(context.db, user.id)]);
  if (!shop && !coop) throw redirect("/shop/new");
  const members = coop ? (await listMembers(context.db, coop.id)).map((m) => ({ shopId: m.shop_id, name: `${m.shop_name} — ${m.full_name}` })) : null;
  return { user, shop, coop, members };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop, members } = await sellerContext(request, context);
  return {
    ...placeOptions(shop?.province_code ?? null),
    members,
    defaults: { provinceCode: shop?.province_code ?? "", wardCode: shop?.ward_code ?? "", unit: "kg", submissionKey: newSubmissionKey() },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await sellerContext(request, context);
  const outcome = await handleListingForm(request, context, user, [], (value, intent) => createListing(context.db, user, value, intent !== "draft"));
  // The listing's id lets the dashboard say which category the title put it in, with a way to change it.
  if (outcome.done) return redirect(`/sell?done=${outcome.intent === "draft" ? "saved" : "published"}&listing=${outcome.saved.id}`);
  return { result: outcome.result, photos: outcome.photos, wards: outcome.wards };
}

/** Offline or dropped: the page keeps what was typed and says nothing was sent (issue 10 #2). */
export const clientAction = ({ serverAction }: ClientActionFunctionArgs) => sendOrKeep(() => serverAction<typeof action>());
export const shouldRevalidate = keepUnlessSent;

export default function NewListing() {
  const data = useLoaderData<typeof loader>();
  const sent = useActionData<typeof clientAction>();
  const actionData = isUnsent(sent) ? undefined : sent;
  const { t } = useI18n();
  return (
    <section className="panel">
      <h1>{t("listing.newTitle")}</h1>
      <ListingForm
        mode="new"
        isDraft
        unsent={isUnsent(sent)}
        result={actionData?.result}
        defaults={data.defaults}
        photos={actionData?.photos ?? []}
        provinces={data.provinces}
        wards={actionData?.wards?.length ? actionData.wards : data.wards}
        members={data.members}
        claims={[]}
      />
    </section>
  );
}
