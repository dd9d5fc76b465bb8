import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getCurrentUser } from "~/accounts/session.server";
import { unitName } from "~/catalog/taxonomy";
import { Picture } from "~/components/picture";
import { translateIssue } from "~/i18n/i18n";
import { getTranslate } from "~/i18n/locale.server";
import { useI18n } from "~/i18n/use-t";
import { formatVnd } from "~/lib/money";
import { FieldError } from "~/lib/validation.server";
import { addToCart, cartItemSchema, cartView, findCartId, guestCartCookie, openCart, readGuestCartId, reorder, setCartQuantity } from "~/orders/cart.server";
import { pageMeta } from "~/i18n/meta";
import { listProvinces } from "~/geo/address.server";
import { estimateDelivery, estimateProvince } from "~/shipping/estimate.server";
import { EstimateList, EstimatePicker } from "~/components/delivery-estimate";
import { formatWeight } from "~/lib/text";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "cart.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request, context);
  const cartId = await findCartId(context.db, user, user ? null : await readGuestCartId(request, context));
  const view = await cartView(context.db, cartId);
  // Each seller's delivery priced before checkout (and before sign-in), for the province picked or last delivered to.
  const to = view.groups.length ? await estimateProvince(context.db, user, new URL(request.url).searchParams.get("to")) : null;
  const groups = await Promise.all(
    view.groups.map(async (g) => ({
      ...g,
      subtotalVnd: g.subtotalVnd.toString(),
      estimate: to && g.weightGrams > 0 ? await estimateDelivery(context.db, context.couriers, g.seller.key, { valueVnd: g.subtotalVnd, weightGrams: g.weightGrams }, to) : null,
    })),
  );
  return { groups, totalVnd: view.totalVnd.toString(), problems: view.problems, signedIn: Boolean(user), provinces: view.groups.length ? listProvinces() : [], provinceCode: to };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getCurrentUser(request, context);
  const t = await getTranslate(request, user?.locale);
  const form = await request.formData().catch(() => new FormData());
  const intent = String(form.get("intent") ?? "add");
  if (intent === "reorder") {
    if (!user) return { error: t("error.formExpired") };
    const { cartId } = await openCart(context.db, user, null);
    const { added, missing } = await reorder(context.db, user, cartId, String(form.get("code") ?? ""));
    return redirect(`/cart?reordered=${added}&missing=${missing}`);
  }
  const parsed = cartItemSchema.safeParse({ productId: form.get("productId") ?? undefined, quantity: form.get("quantity") || undefined });
  if (!parsed.success) return { error: translateIssue(t, parsed.error.issues[0]?.message ?? "error.formExpired") };
  const { cartId, newGuestCartId } = await openCart(context.db, user, user ? null : await readGuestCartId(request, context));
  const headers = new Headers();
  if (newGuestCartId) headers.append("Set-Cookie", await guestCartCookie(context).serialize(newGuestCartId));
  try {
    if (intent === "add") {
      const added = await addToCart(context.db, cartId, parsed.data.productId, parsed.data.quantity, user);
      return redirect(`/cart?${added.capped ? `capped=${added.quantity}` : "added=1"}`, { headers });
    }
    // − and + step from the quantity on the form (issue 10 #10); "remove" empties the line.
    const step = intent === "inc" ? 1 : intent === "dec" ? -1 : 0;
    const quantity = intent === "remove" ? 0 : Math.max(0, Math.min(10_000, parsed.data.quantity + step));
    await setCartQuantity(context.db, cartId, parsed.data.productId, quantity);
  } catch (error) {
    // A guest cart made just now stays empty, so its cookie can wait for the next add.
    if (error instanceof FieldError) return { error: translateIssue(t, error.issue) };
    throw error;
  }
  return redirect("/cart", { headers });
}

export default function CartPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const capped = params.get("capped");
  return (
    <>
      <h1>{t("cart.title")}</h1>
      {actionData && "error" in actionData && actionData.error ? (
        <p className="notice notice--error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {params.get("added") ? (
        <p className="notice" role="status">
          {t("cart.added")}
        </p>
      ) : null}
      {params.get("reordered") !== null ? (
        <p className="notice" role="status">
          {t("cart.reordered", { n: Number(params.get("reordered")) || 0 })}
          {Number(params.get("missing")) > 0 ? ` ${t("cart.reorderMissing", { n: Number(params.get("missing")) })}` : null}
        </p>
      ) : null}
      {capped ? (
        <p className="notice" role="status">
          {t("cart.capped", { n: capped })}
        </p>
      ) : null}
      {data.groups.length === 0 ? <p>{t("cart.empty")}</p> : null}
      {data.provinces.length ? (
        <section className="panel" aria-label={t("estimate.heading")}>
          <EstimatePicker provinceCode={data.provinceCode} provinces={data.provinces} action="/cart" />
        </section>
      ) : null}
      {data.groups.map((group) => (
        <section key={group.seller.key} className="panel" aria-label={t("cart.from", { seller: group.seller.name })}>
          <h2>
            {t("cart.from", { seller: "" })}
            <Link to={group.seller.kind === "shop" ? `/shops/${group.seller.slug}` : `/coops/${group.seller.slug}`}>{group.seller.name}</Link>
          </h2>
          {group.lines.map((line) => (
            <div key={line.productId} className="cart-line">
              {line.photo ? <Picture picture={line.photo} alt="" sizes="4rem" /> : <span />}
              <div>
                <Link to={`/products/${line.slug}`}>{line.title}</Link>
                <div className="muted">
                  {formatVnd(line.priceVnd)}/{unitName(line.unit, locale)} · {t("cart.left", { n: line.stock })}
                </div>
                {line.problem === "soldOut" ? <p className="error">{t("cart.soldOut")}</p> : null}
                {line.problem === "short" ? <p className="error">{t("cart.short", { n: line.stock })}</p> : null}
                <Form method="post" className="qty-form">
                  <input type="hidden" name="productId" value={line.productId} />
                  <label htmlFor={`qty-${line.productId}`}>{t("cart.quantity")}</label>
                  {/* First in the form, so Enter in the quantity box sets the typed number, never − . */}
                  <button type="submit" name="intent" value="set" className="visually-hidden" tabIndex={-1} aria-hidden="true">
                    {t("cart.update")}
                  </button>
                  <button type="submit" name="intent" value="dec" className="button--secondary stepper" aria-label={t("cart.less", { title: line.title })}>
                    −
                  </button>
                  <input id={`qty-${line.productId}`} key={line.quantity} name="quantity" type="number" inputMode="numeric" min={0} max={10000} defaultValue={line.quantity} />
                  <button type="submit" name="intent" value="inc" className="button--secondary stepper" aria-label={t("cart.more", { title: line.title })}>
                    +
                  </button>
                  <span>{unitName(line.unit, locale, line.quantity)}</span>
                  <button type="submit" name="intent" value="set" className="button--secondary">
                    {t("cart.update")}
                  </button>
                  <button type="submit" name="intent" value="remove" className="button--secondary">
                    {t("cart.remove")}
                  </button>
                </Form>
              </div>
            </div>
          ))}
          <p className="totals">
            <span>{t("cart.subtotal")}</span>
            <strong>{formatVnd(group.subtotalVnd)}</strong>
          </p>
          {group.estimate ? (
            <section aria-label={t("estimate.title", { province: group.estimate.provinceName })}>
              <h3>{t("estimate.title", { province: group.estimate.provinceName })}</h3>
              <EstimateList estimate={group.estimate} note={t("estimate.noteCart", { weight: formatWeight(group.weightGrams, locale) })} />
            </section>
          ) : null}
        </section>
      ))}
      {data.groups.length > 0 ? (
        <div className="form-actions">
          {data.problems > 0 ? <p className="error">{t("checkout.fixCart")}</p> : null}
          <Link to="/checkout" className="button" aria-disabled={data.problems > 0 || undefined}>
            {t("cart.checkout")} · {formatVnd(data.totalVnd)}
          </Link>
        </div>
      ) : null}
    </>
  );
}
