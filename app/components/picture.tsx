import { useRouteLoaderData } from "@remix-run/react";
import { smallestOf } from "~/lib/lite";
import type { PictureSources } from "~/media/media.server";

/** A responsive photo: AVIF, then WebP, then JPEG; the phone downloads only the width it shows. */
export type PictureData = PictureSources;

export function Picture({
  picture,
  alt,
  sizes,
  eager = false,
  className,
}: {
  picture: PictureData;
  alt: string;
  sizes: string;
  eager?: boolean;
  className?: string;
}) {
  // Lite mode: the smallest size of each format, whatever the screen (a few KB instead of tens).
  const lite = useRouteLoaderData<{ lite?: boolean }>("root")?.lite;
  if (lite) {
    return (
      <picture className={className}>
        {picture.avif ? <source type="image/avif" srcSet={smallestOf(picture.avif)} /> : null}
        {picture.webp ? <source type="image/webp" srcSet={smallestOf(picture.webp)} /> : null}
        <img
          src={smallestOf(picture.jpeg) || picture.fallback}
          alt={alt}
          width={picture.width}
          height={picture.height}
          loading={eager ? "eager" : "lazy"}
          decoding="async"
          style={{ backgroundImage: `url(${picture.placeholder})`, backgroundSize: "cover" }}
        />
      </picture>
    );
  }
  return (
    <picture className={className}>
      {picture.avif ? <source type="image/avif" srcSet={picture.avif} sizes={sizes} /> : null}
      {picture.webp ? <source type="image/webp" srcSet={picture.webp} sizes={sizes} /> : null}
      <img
        src={picture.fallback}
        srcSet={picture.jpeg}
        sizes={sizes}
        alt={alt}
        width={picture.width}
        height={picture.height}
        loading={eager ? "eager" : "lazy"}
        // The photo a page opens on is its largest paint: fetched first, not after the scripts (LCP).
        // Lower-case: React 18 does not know the attribute and passes it through only spelled so.
        {...(eager ? { fetchpriority: "high" } : {})}
        decoding="async"
        style={{ backgroundImage: `url(${picture.placeholder})`, backgroundSize: "cover" }}
      />
    </picture>
  );
}
