import { useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * What a page offers when it runs no script: inside <noscript> normally, but shown as it is in
 * lite mode, where the page ships no scripts although the browser could run them.
 */
export function NoScript({ children }: { children: ReactNode }) {
  const lite = useRouteLoaderData<{ lite?: boolean }>("root")?.lite;
  return lite ? <>{children}</> : <noscript>{children}</noscript>;
}
