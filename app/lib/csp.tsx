import { createContext, useContext, type ReactNode } from "react";

/**
 * Content-Security-Policy for HTML pages. Scripts run only from our own origin or with this
 * response's nonce (Remix's inline hydration scripts carry it); no inline script without it,
 * no eval, no plugins, no framing, and forms post only to us (and go on only to payment pages). Inline style attributes stay
 * allowed: photo placeholders and a few layout tweaks use them, and they cannot run code.
 */
export function contentSecurityPolicy(nonce: string, payPageOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // "Pay" posts to us and is redirected to the provider's page; browsers hold that redirect to form-action too.
    ["form-action 'self'", ...payPageOrigins].join(" "),
    "frame-ancestors 'none'",
  ].join("; ");
}

const NonceContext = createContext("");

export function NonceProvider({ nonce, children }: { nonce: string; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

/** The nonce while rendering on the server; "" in the browser, which never needs it. */
export function useNonce(): string {
  return useContext(NonceContext);
}
