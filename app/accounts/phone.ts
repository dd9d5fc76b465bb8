/**
 * Vietnamese mobile numbers: 10 digits starting 0 (03x, 05x, 07x, 08x, 09x), or the same with +84.
 * Stored as 0xxxxxxxxx so one person has one account however they type it.
 */
export function normalizePhone(input: string): string | null {
  let digits = input.trim().replace(/[\s.\-()]/g, "");
  if (digits.startsWith("+84")) digits = digits.slice(3);
  else if (digits.startsWith("0084")) digits = digits.slice(4);
  else if (digits.startsWith("84") && digits.length === 11) digits = digits.slice(2);
  else if (digits.startsWith("0")) digits = digits.slice(1);
  else return null;
  if (digits.startsWith("0")) digits = digits.slice(1); // "+84 0912…" is a common way to type it
  const phone = `0${digits}`;
  return /^0[35789][0-9]{8}$/.test(phone) ? phone : null;
}

/** 0912345678 → "0912 345 678", the way people read numbers aloud. */
export function formatPhone(phone: string): string {
  return phone.length === 10 ? `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}` : phone;
}
