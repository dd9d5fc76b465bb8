import { CATEGORY_SLUGS } from "~/catalog/taxonomy";

export const SORTS = ["relevance", "price_asc", "price_desc", "newest"] as const;
export type Sort = (typeof SORTS)[number];
export const CERTS = ["vietgap", "organic"] as const;
export const PAGE_SIZE = 24;
const MAX_PAGE = 200;

export interface SearchParams {
  q: string;
  category: string | null;
  province: string | null;
  stars: number | null;
  certs: string[];
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean;
  sort: Sort;
  page: number;
}

function intParam(value: string | null, min: number, max: number): number | null {
  if (!value || !/^[0-9]{1,10}$/.test(value.replace(/[.,]/g, ""))) return null;
  const n = Number(value.replace(/[.,]/g, ""));
  return n >= min && n <= max ? n : null;
}

/**
 * Everything from the URL is checked against allowed values before it reaches a filter, so no
 * query string can inject a filter or break a page. Unknown values are simply ignored.
 */
export function parseSearchParams(url: URL, isProvince: (code: string) => boolean): SearchParams {
  const get = (name: string) => url.searchParams.get(name);
  const q = (get("q") ?? "")
    .normalize("NFC")
    // Control, zero-width and direction-override characters: invisible, and only ever trouble.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120);
  const category = get("category");
  const province = get("province");
  const sort = get("sort");
  return {
    q,
    category: category && (CATEGORY_SLUGS as readonly string[]).includes(category) ? category : null,
    province: province && /^[0-9]{2}$/.test(province) && isProvince(province) ? province : null,
    stars: intParam(get("stars"), 3, 5),
    certs: url.searchParams.getAll("cert").filter((c): c is (typeof CERTS)[number] => (CERTS as readonly string[]).includes(c)).slice(0, 2),
    minPrice: intParam(get("min"), 0, 1_000_000_000),
    maxPrice: intParam(get("max"), 0, 1_000_000_000),
    inStock: get("stock") === "1",
    sort: sort && (SORTS as readonly string[]).includes(sort) ? (sort as Sort) : "relevance",
    page: intParam(get("page"), 1, MAX_PAGE) ?? 1,
  };
}

/** The URL for a search, so results can always be shared. `patch` changes some parameters. */
export function searchUrl(params: SearchParams, patch: Partial<SearchParams> = {}): string {
  const p = { ...params, ...patch };
  const sp = new URLSearchParams();
  if (p.q) sp.set("q", p.q);
  if (p.category) sp.set("category", p.category);
  if (p.province) sp.set("province", p.province);
  if (p.stars) sp.set("stars", String(p.stars));
  for (const c of p.certs) sp.append("cert", c);
  if (p.minPrice !== null) sp.set("min", String(p.minPrice));
  if (p.maxPrice !== null) sp.set("max", String(p.maxPrice));
  if (p.inStock) sp.set("stock", "1");
  if (p.sort !== "relevance") sp.set("sort", p.sort);
  if (p.page > 1) sp.set("page", String(p.page));
  const qs = sp.toString();
  return qs ? `/search?${qs}` : "/search";
}
