import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientActionFunctionArgs } from "@remix-run/react";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { handleListingForm, photoThumbs } from "~/catalog/listing-request.server";
import { getListingForEdit, updateListing } from "~/catalog/listings.server";
import { ListingForm, type ListingDefaults } from "~/components/listing-form";
import { placeOptions } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { ForbiddenError } from "~/lib/validation.server";
import { pageMeta } from "~/i18n/meta";
import { isUnsent, keepUnlessSent, sendOrKeep } from "~/lib/unsent";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "sell.editTitle", { noindex: true });

async function load(request: Request, context: LoaderFunctionArgs["context"], id: string | undefined) {
  const user = await requireUser(request, context);
  if (!id || !/^[0-9]{1,18}$/.test(id)) throw new Response("Not found", { status: 404 });
  try {
    return { user, listing: await getListingForEdit(context.db, user, id) };
  } catch (error) {
    // Someone else's listing looks exactly like a missing one.
    if (error instanceof ForbiddenError) throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, listing } = await load(request, context, params.id);
  const { product, photos, claims } = listing;
  const claim = (kind: string) => claims.find((c) => c.kind === kind);
  const defaults: ListingDefaults = {
    title: product.title,
    priceVnd: String(product.price_vnd),
    stock: String(product.stock),
    unit: product.unit,
    category: product.category,
    weightGrams: String(product.weight_grams),
    harvestDate: product.harvest_date ?? "",
    provinceCode: product.origin_province_code,
    wardCode: product.origin_ward_code,
    description: product.description,
    vietgap: Boolean(claim("vietgap")),
    vietgapNumber: claim("vietgap")?.certificate_number ?? "",
    organic: Boolean(claim("organic")),
    organicNumber: claim("organic")?.certificate_number ?? "",
    ocopStars: claim("ocop")?.ocop_stars ? String(claim("ocop")?.ocop_stars) : "",
    ocopNumber: claim("ocop")?.certificate_number ?? "",
  };
  return {
    ...placeOptions(product.origin_province_code),
    id: product.id,
    slug: product.slug,
    status: product.status,
    defaults,
    photos: await photoThumbs(context.db, user.id, photos.map((p) => p.id), photos.map((p) => p.id)),
    claims: claims.map((c) => ({ kind: c.kind, status: c.status, reason: c.reject_reason })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, listing } = await load(request, context, params.id);
  const existing = listing.photos.map((p) => p.id);
  const outcome = await handleListingForm(request, context, user, existing, (value, intent) =>
    updateListing(context.db, user, listing.product.id, value, intent === "publish"),
  );
  if (outcome.done) return redirect(`/sell?done=${outcome.intent === "publish" ? "published" : "saved"}&listing=${listing.product.id}`);
  return { result: outcome.result, photos: outcome.photos, wards: outcome.wards };
}

/** Offline or dropped: the page keeps what was typed and says nothing was sent (issue 10 #2). */
export const clientAction = ({ serverAction }: ClientActionFunctionArgs) => sendOrKeep(() => serverAction<typeof action>());
export const shouldRevalidate = keepUnlessSent;

export default function EditListing() {
  const data = useLoaderData<typeof loader>();
  const sent = useActionData<typeof clientAction>();
  const actionData = isUnsent(sent) ? undefined : sent;
  const { t } = useI18n();
  return (
    <section className="panel">
      <h1>{t("listing.editTitle")}</h1>
      <p>
        <span className="badge">{t(`status.${data.status}`)}</span> <Link to={`/products/${data.slug}`}>{t("sell.view")}</Link> ·{" "}
        {/* A page without scripts (its strings stay on the server): a full page load. */}
        <Link to={`/sell/${data.id}/lots`} reloadDocument>
          {t("sell.lotsLink")}
        </Link>
      </p>
      <ListingForm
        mode="edit"
        isDraft={data.status === "draft"}
        unsent={isUnsent(sent)}
        result={actionData?.result}
        defaults={data.defaults}
        photos={actionData?.photos ?? data.photos}
        provinces={data.provinces}
        wards={actionData?.wards?.length ? actionData.wards : data.wards}
        members={null}
        claims={data.claims}
      />
    </section>
  );
}
