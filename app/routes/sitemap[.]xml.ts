import type { LoaderFunctionArgs } from "@remix-run/node";
import { sitemapEntries } from "~/catalog/storefront.server";
import { CATEGORIES } from "~/catalog/taxonomy";

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Every live product, farm and cooperative, plus category pages. */
export async function loader({ context }: LoaderFunctionArgs) {
  const origin = context.publicUrl;
  const { products, shops, coops } = await sitemapEntries(context.db);
  const url = (path: string, lastmod?: Date) =>
    `<url><loc>${escapeXml(origin + path)}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : ""}</url>`;
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url("/"),
    ...CATEGORIES.map((c) => url(`/c/${c.slug}`)),
    ...products.map((p) => url(`/products/${p.slug}`, p.updated_at)),
    ...shops.map((s) => url(`/shops/${s.slug}`, s.updated_at)),
    ...coops.map((c) => url(`/coops/${c.slug}`, c.updated_at)),
    "</urlset>",
  ].join("\n");
  return new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
