/**
 * Page tags name the rows a public page shows, so the server's page cache can keep it until
 * PostgreSQL announces a change to one of them (migration 0004, scripts/lib/microcache.ts).
 * "shop-products" stands for any product of that shop, as listed on its shop page.
 */
export const PAGE_TAGS = "X-Page-Tags";

type Id = string | number | bigint | null | undefined;

export function pageTags(rows: { product?: Id; shop?: Id; shopProducts?: Id; coop?: Id }): string {
  const tags: string[] = [];
  if (rows.product != null) tags.push(`product:${rows.product}`);
  if (rows.shop != null) tags.push(`shop:${rows.shop}`);
  if (rows.shopProducts != null) tags.push(`shop-products:${rows.shopProducts}`);
  if (rows.coop != null) tags.push(`coop:${rows.coop}`);
  return tags.join(" ");
}

export function forwardPageTags(loaderHeaders: Headers): Headers {
  const headers = new Headers();
  const tags = loaderHeaders.get(PAGE_TAGS);
  if (tags) headers.set(PAGE_TAGS, tags);
  return headers;
}
