import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCurrentUser, requireUser, safeRedirectPath } from "~/accounts/session.server";
import { favouritesPage, setFavourite, setFollow } from "~/catalog/favourites.server";
import { CardGrid } from "~/components/card-grid";
import { useI18n } from "~/i18n/use-t";
import { pageMeta } from "~/i18n/meta";
import { FieldError } from "~/lib/validation.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "favourites.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return favouritesPage(context.db, user);
}

/** Save or unsave a product, follow or unfollow a farm; then back to the page the button was on. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData());
  const back = safeRedirectPath(form.get("redirectTo"), "/favourites");
  const user = await getCurrentUser(request, context);
  // A guest is asked to sign in first, and comes back to the page they were on.
  if (!user) return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  const intent = String(form.get("intent") ?? "");
  const id = String(form.get("id") ?? "");
  if (!/^[0-9]{1,18}$/.test(id)) return redirect(back);
  try {
    if (intent === "save" || intent === "unsave") await setFavourite(context.db, user, id, intent === "save");
    else if (intent === "follow" || intent === "unfollow") await setFollow(context.db, user, id, intent === "follow");
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
  }
  return redirect(back);
}

export default function FavouritesPage() {
  const { saved, shops, fromFollowed } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <h1>{t("favourites.title")}</h1>
      <h2>{t("favourites.saved", { n: saved.length })}</h2>
      {saved.length ? <CardGrid cards={saved} /> : <p className="muted">{t("favourites.noneSaved")}</p>}
      <h2>{t("favourites.following", { n: shops.length })}</h2>
      {shops.length ? (
        <ul className="chips">
          {shops.map((s) => (
            <li key={s.id}>
              <Link to={`/shops/${s.slug}`}>{s.name}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("favourites.noneFollowed")}</p>
      )}
      {fromFollowed.length ? (
        <>
          <h2>{t("favourites.newFromFollowed")}</h2>
          <CardGrid cards={fromFollowed} />
        </>
      ) : null}
    </>
  );
}
