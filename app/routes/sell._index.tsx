import { WaitingDrafts } from "~/components/waiting-drafts";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { categoryName, unitName } from "~/catalog/taxonomy";
import { adjustStock, changeListingStatus, LISTING_ACTIONS, listDashboard, type ListingAction } from "~/catalog/listings.server";
import { useI18n } from "~/i18n/use-t";
import { translateIssue } from "~/i18n/i18n";
import { getTranslate } from "~/i18n/locale.server";
import { formatVnd } from "~/lib/money";
import { FieldError, ForbiddenError } from "~/lib/validation.server";
import type { ProductStatus } from "../../db/schema";
import { getManagedCooperative } from "~/shops/cooperatives.server";
import { getShopByOwner } from "~/shops/shops.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "sell.dashboardTitle", { noindex: true });

// Where "Hoàn tác" may put an archived listing back.
const UNDO_TO: ProductStatus[] = ["draft", "active", "paused", "sold_out"];

const ACTIONS_BY_STATUS: Record<string, ListingAction[]> = {
  draft: ["publish", "archive"],
  active: ["soldOut", "pause", "archive"],
  sold_out: ["pause", "archive"],
  paused: ["resume", "archive"],
  archived: ["restore"],
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const [shop, coop, rows] = await Promise.all([
    getShopByOwner(context.db, user.id),
    getManagedCooperative(context.db, user.id),
    listDashboard(context.db, user),
  ]);
  return {
    canSell: Boolean(shop || coop),
    listings: rows.map((r) => {
      const thumb = r.variants?.filter((v) => v.format === "jpeg").sort((a, b) => a.width - b.width)[0];
      return {
        id: r.id,
        slug: r.slug,
        title: r.title,
        category: r.category,
        unit: r.unit,
        price: String(r.price_vnd),
        stock: r.stock,
        status: r.status,
        producer: r.producer_name,
        byCoop: Boolean(r.cooperative_id),
        canManage: r.canManage,
        canTakeDown: r.canTakeDown,
        thumb: thumb ? `/media/${thumb.key}` : null,
        placeholder: r.placeholder,
      };
    }),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getTranslate(request, user.locale);
  const form = await request.formData().catch(() => new FormData());
  const id = String(form.get("id") ?? "");
  const intent = String(form.get("intent") ?? "");
  if (!/^[0-9]{1,18}$/.test(id)) return { id, error: t("error.formExpired"), archived: null };
  try {
    if (intent.startsWith("stock:")) {
      await adjustStock(context.db, user, id, Number(intent.slice(6)));
    } else if ((LISTING_ACTIONS as string[]).includes(intent)) {
      const was = String(form.get("was") ?? "");
      const undoTo = UNDO_TO.find((status) => status === was);
      await changeListingStatus(context.db, user, id, intent as ListingAction, undoTo);
      if (intent === "archive") return { id, error: null, archived: { was: String(form.get("status") ?? "") } };
    } else {
      return { id, error: t("error.formExpired"), archived: null };
    }
  } catch (error) {
    if (error instanceof ForbiddenError) return { id, error: t("error.forbidden"), archived: null };
    if (error instanceof FieldError) return { id, error: translateIssue(t, error.issue), archived: null };
    throw error;
  }
  return { id, error: null, archived: null };
}

export default function SellDashboard() {
  const { canSell, listings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const done = params.get("done");
  const archivedRow = actionData?.archived ? listings.find((l) => l.id === actionData.id && l.status === "archived") : undefined;
  const archived = archivedRow && actionData?.archived ? { id: archivedRow.id, title: archivedRow.title, was: actionData.archived.was } : null;
  const justListed = listings.find((l) => l.id === params.get("listing") && l.canManage);
  if (!canSell) {
    return (
      <section className="panel">
        <h1>{t("sell.dashboardTitle")}</h1>
        <p>{t("sell.needShop")}</p>
        <Link className="button" to="/shop/new">
          {t("home.openShop")}
        </Link>
      </section>
    );
  }
  return (
    <>
      <h1>{t("sell.dashboardTitle")}</h1>
      <WaitingDrafts />
      {done === "published" ? (
        <p className="notice" role="status">
          {t("sell.published")}
          {justListed ? (
            <>
              {" "}
              {t("sell.listedIn", { category: categoryName(justListed.category, locale) })} <Link to={`/sell/${justListed.id}#category`}>{t("sell.changeCategory")}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {done === "saved" ? <p className="notice" role="status">{t("sell.saved")}</p> : null}
      <p>
        <Link className="button" to="/sell/new">
          {t("sell.newListing")}
        </Link>
      </p>
      {listings.length === 0 ? <p className="panel">{t("sell.empty")}</p> : null}
      <ul className="listing-rows">
        {listings.map((l) => {
          const unit = unitName(l.unit, locale);
          const busy = navigation.formData?.get("id") === l.id;
          return (
            <li key={l.id} className="card listing-row" data-testid={`listing-${l.slug}`}>
              {l.thumb ? <img src={l.thumb} alt="" width={96} height={72} style={{ backgroundImage: `url(${l.placeholder})` }} /> : <span className="thumb-empty" />}
              <div>
                <h3>{l.canManage ? <Link to={`/sell/${l.id}`}>{l.title}</Link> : l.title}</h3>
                <p>
                  <span className={`badge status-${l.status}`}>{t(`status.${l.status}`)}</span> {formatVnd(l.price)} / {unit} ·{" "}
                  <strong data-testid="stock">{t("sell.stock", { stock: l.stock, unit: unitName(l.unit, locale, l.stock) })}</strong> ·{" "}
                  <Link to={`/products/${l.slug}`}>{t("sell.view")}</Link>
                </p>
                {l.byCoop ? <p className="muted">{l.canManage ? t("sell.producer", { name: l.producer }) : t("sell.byCoop")}</p> : null}
                {actionData?.id === l.id && actionData.error ? (
                  <p className="error" role="alert">
                    {actionData.error}
                  </p>
                ) : null}
                {l.canManage ? (
                  <Form method="post" className="row-actions">
                    <input type="hidden" name="id" value={l.id} />
                    <input type="hidden" name="status" value={l.status} />
                    <button type="submit" name="intent" value="stock:-1" className="button--secondary" disabled={busy || l.stock === 0} aria-label={t("sell.remove", { n: 1 })}>
                      −1
                    </button>
                    <button type="submit" name="intent" value="stock:1" className="button--secondary" disabled={busy} aria-label={t("sell.add", { n: 1 })}>
                      +1
                    </button>
                    <button type="submit" name="intent" value="stock:10" className="button--secondary" disabled={busy} aria-label={t("sell.add", { n: 10 })}>
                      +10
                    </button>
                    {(ACTIONS_BY_STATUS[l.status] ?? []).map((a) => (
                      <button key={a} type="submit" name="intent" value={a} className={a === "archive" ? "button--danger" : "button--secondary"} disabled={busy}>
                        {t(`action.${a}`)}
                      </button>
                    ))}
                  </Form>
                ) : l.canTakeDown ? (
                  <Form method="post" className="row-actions">
                    <input type="hidden" name="id" value={l.id} />
                    <input type="hidden" name="status" value={l.status} />
                    {l.status !== "paused" && l.status !== "draft" ? (
                      <button type="submit" name="intent" value="pause" className="button--secondary" disabled={busy}>
                        {t("action.pause")}
                      </button>
                    ) : null}
                    <button type="submit" name="intent" value="archive" className="button--danger" disabled={busy}>
                      {t("sell.takeDown")}
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {archived ? (
        // One tap archives; the way back stays on screen where the thumb is (issue 10 #6).
        <Form method="post" className="snackbar" role="status">
          <span>{t("sell.archived", { title: archived.title })}</span>
          <input type="hidden" name="id" value={archived.id} />
          <input type="hidden" name="was" value={archived.was} />
          <button type="submit" name="intent" value="unarchive" className="button--secondary">
            {t("action.unarchive")}
          </button>
        </Form>
      ) : null}
    </>
  );
}
