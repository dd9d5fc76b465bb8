import { Form, useLocation, useNavigation } from "@remix-run/react";
import { useI18n } from "~/i18n/use-t";

/** "♡ Lưu" on a product, "Theo dõi" on a farm: a plain form post, so it works without JavaScript. */
export function FavouriteButton({ kind, id, on }: { kind: "product" | "shop"; id: string; on: boolean }) {
  const { t } = useI18n();
  const location = useLocation();
  const busy = useNavigation().formAction === "/favourites";
  const intent = kind === "product" ? (on ? "unsave" : "save") : on ? "unfollow" : "follow";
  const label = kind === "product" ? (on ? t("favourites.savedButton") : t("favourites.save")) : on ? t("favourites.followingButton") : t("favourites.follow");
  return (
    <Form method="post" action="/favourites" className="inline-form">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="intent" value={intent} className="button--secondary" aria-pressed={on} disabled={busy}>
        {label}
      </button>
    </Form>
  );
}
