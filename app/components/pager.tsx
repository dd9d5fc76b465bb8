import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/use-t";

export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t("page.of", { page, pages })}>
      {page > 1 ? <Link to={href(page - 1)} rel="prev">{t("page.prev")}</Link> : <span />}
      <span>{t("page.of", { page, pages })}</span>
      {page < pages ? <Link to={href(page + 1)} rel="next">{t("page.next")}</Link> : <span />}
    </nav>
  );
}
