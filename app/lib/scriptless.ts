import { useMatches, useRouteLoaderData } from "@remix-run/react";

/** A route's `handle`: `scriptless: true` ships the page without scripts whatever the visitor's mode. */
export interface ScriptlessHandle {
  scriptless?: boolean;
}

/**
 * Whether this page ships no script: lite mode (lib/lite.ts), or a page that never needs one
 * (the stamp pages a buyer opens from a QR, issue 15). Its forms then post as plain HTML.
 */
export function useShipsNoScript(): boolean {
  const lite = useRouteLoaderData<{ lite?: boolean }>("root")?.lite;
  const matches = useMatches();
  return Boolean(lite) || matches.some((m) => (m.handle as ScriptlessHandle | undefined)?.scriptless === true);
}
