/**
 * A form sent over a dropped connection never reaches the server. Remix would show its error page
 * ("Đã có lỗi xảy ra. Chúng tôi đã ghi nhận lỗi…", which is untrue) and the typed listing would be
 * gone. A route's clientAction passes its submission through here instead: a request that could
 * not be sent comes back as `{ unsent: true }`, the page stays as it was, and says so.
 */
export type Unsent = { unsent: true };

export async function sendOrKeep<T>(serverAction: () => Promise<T>): Promise<T | Unsent> {
  try {
    return await serverAction();
  } catch (error) {
    // fetch rejects with a TypeError only when nothing came back; errors from the server arrive as Error.
    if (error instanceof TypeError || (typeof navigator !== "undefined" && !navigator.onLine)) return { unsent: true };
    throw error;
  }
}

export function isUnsent(value: unknown): value is Unsent {
  return typeof value === "object" && value !== null && "unsent" in value;
}

/**
 * After an unsent submission nothing changed on the server, and the loaders could not be reached
 * either: reloading them would swap the kept form for the error page. Used by the root and by
 * every route with a `sendOrKeep` clientAction.
 */
export function keepUnlessSent({ actionResult, defaultShouldRevalidate }: { actionResult?: unknown; defaultShouldRevalidate: boolean }): boolean {
  return isUnsent(actionResult) ? false : defaultShouldRevalidate;
}
