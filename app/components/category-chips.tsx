import { Link } from "@remix-run/react";
import { CATEGORIES } from "~/catalog/taxonomy";
import { useI18n } from "~/i18n/use-t";

/** Every category as a link, in the visitor's language. */
export function CategoryChips() {
  const { locale } = useI18n();
  return (
    <ul className="chips">
      {CATEGORIES.map((c) => (
        <li key={c.slug}>
          <Link to={`/c/${c.slug}`}>{c[locale]}</Link>
        </li>
      ))}
    </ul>
  );
}
