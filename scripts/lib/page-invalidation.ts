import pg from "pg";
import type { PageCache } from "./microcache";

/**
 * Listens on PostgreSQL's page_changed channel (see migration 0004) and drops cached pages by tag.
 * If the connection drops, every cached page is dropped and long-lived caching pauses until the
 * listener is back, so a missed announcement can never leave a stale page up for long.
 */
export function listenForPageChanges(
  connectionString: string,
  cache: PageCache,
  log: (line: string) => void,
): { stop: () => Promise<void>; ready: Promise<void> } {
  let client: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString, application_name: "vuonnha-page-cache", connectionTimeoutMillis: 5000 });
    const lost = () => {
      if (client !== next) return;
      client = null;
      cache.setInvalidationLive(false);
      next.removeAllListeners("notification");
      void next.end().catch(() => {});
      if (!stopped) retryTimer = setTimeout(() => void connect(), Math.min(30_000, 500 * 2 ** Math.min(failures++, 6)));
    };
    client = next;
    next.on("error", lost);
    next.on("end", lost);
    next.on("notification", (message) => {
      if (message.channel === "page_changed" && message.payload) cache.invalidate(message.payload);
    });
    try {
      await next.connect();
      await next.query("LISTEN page_changed");
      if (client !== next) return;
      failures = 0;
      cache.setInvalidationLive(true);
    } catch (error) {
      if (failures === 0) log(`page cache: cannot listen for changes (${(error as Error).message}); pages are cached for 2 s only until it can`);
      lost();
    }
  };
  // Going live empties the cache, so the server waits for the first attempt before it takes
  // requests: otherwise the first pages drawn after a start are thrown away instead of kept.
  const ready = connect();

  return {
    ready,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      const current = client;
      client = null;
      cache.setInvalidationLive(false);
      await current?.end().catch(() => {});
    },
  };
}
