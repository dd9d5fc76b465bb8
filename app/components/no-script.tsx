import type { ReactNode } from "react";
import { useShipsNoScript } from "~/lib/scriptless";

/**
 * What a page offers when it runs no script: inside <noscript> normally, but shown as it is on a
 * page that ships no scripts (lite mode, stamp pages) although the browser could run them.
 */
export function NoScript({ children }: { children: ReactNode }) {
  return useShipsNoScript() ? <>{children}</> : <noscript>{children}</noscript>;
}
