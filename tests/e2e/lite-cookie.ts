/** Lite mode switched on (app/lib/lite.ts), as the footer switch leaves it: for the "lite" project's stories. */
export const LITE_ON = { name: "lite", value: "1", domain: "127.0.0.1", path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" as const };
