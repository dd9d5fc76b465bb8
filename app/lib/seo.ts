/** Title, description, canonical URL and Open Graph tags (buyers share links on Zalo and Facebook). */
export function seoMeta(page: { title: string; description: string; url?: string; image?: string; type?: string; locale?: "vi" | "en" }) {
  const tags: Record<string, string>[] = [
    { title: page.title },
    { name: "description", content: page.description },
    { property: "og:title", content: page.title },
    { property: "og:description", content: page.description },
    { property: "og:type", content: page.type ?? "website" },
    { property: "og:site_name", content: "Vườn Nhà" },
    { property: "og:locale", content: page.locale === "en" ? "en_GB" : "vi_VN" },
  ];
  if (page.url) {
    tags.push({ tagName: "link", rel: "canonical", href: page.url });
    tags.push({ property: "og:url", content: page.url });
  }
  if (page.image) {
    tags.push({ property: "og:image", content: page.image });
    tags.push({ name: "twitter:card", content: "summary_large_image" });
  }
  return tags;
}

/** ?page=N from a URL, 1 when missing or nonsense. */
export function pageParam(url: URL): number {
  const raw = url.searchParams.get("page");
  const n = raw && /^[0-9]{1,4}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, Math.min(n, 1000));
}
