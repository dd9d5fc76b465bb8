/**
 * Money is integer đồng everywhere (VND has no minor unit). Amounts from the database arrive as
 * strings (bigint) and are formatted without ever passing through floating point.
 */
export function formatVnd(amount: number | bigint | string): string {
  const value = typeof amount === "string" ? BigInt(amount) : BigInt(amount);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${negative ? "-" : ""}${grouped}\u00a0₫`;
}
