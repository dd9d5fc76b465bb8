import { createHmac, timingSafeEqual } from "node:crypto";

/** HMAC of a text, lower-case hex: how every provider here signs (SHA-256 or, for VNPay, SHA-512). */
export function hmacHex(algorithm: "sha256" | "sha512", key: string, text: string): string {
  return createHmac(algorithm, key).update(text, "utf8").digest("hex");
}

/** Compares a signature we were sent with the one we computed, in constant time. */
export function sameSignature(given: unknown, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
