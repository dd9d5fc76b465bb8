/**
 * VietQR (NAPAS 247) payloads: EMVCo merchant-presented QR, TLV fields, CRC-16/CCITT-FALSE.
 * Field layout from PROVIDERS.md. Pure functions, so tests and tools can build and read them.
 */

export interface VietQrTransfer {
  bankBin: string;
  accountNumber: string;
  /** Integer đồng; omitted for a static QR where the payer types the amount. */
  amountVnd?: bigint;
  /** The transfer memo: our order code, so the payment can be matched. */
  memo?: string;
}

function field(id: string, value: string): string {
  if (value.length > 99) throw new Error(`VietQR field ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, "0")}${value}`;
}

/** CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

/** Banks' apps only accept plain ASCII memos; tone marks and symbols are dropped. */
export function memoText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "D")
    .replace(/[^A-Za-z0-9 ]/g, "")
    .slice(0, 25);
}

export function buildVietQrPayload(transfer: VietQrTransfer): string {
  if (!/^[0-9]{6}$/.test(transfer.bankBin)) throw new Error("bank BIN must be 6 digits");
  if (!/^[0-9A-Za-z]{1,19}$/.test(transfer.accountNumber)) throw new Error("account number must be 1-19 letters or digits");
  const dynamic = transfer.amountVnd !== undefined;
  if (dynamic && (transfer.amountVnd! <= 0n || transfer.amountVnd! > 9_999_999_999_999n)) throw new Error("amount out of range");
  const beneficiary = field("00", transfer.bankBin) + field("01", transfer.accountNumber);
  const merchant = field("00", "A000000727") + field("01", beneficiary) + field("02", "QRIBFTTA");
  let payload =
    field("00", "01") +
    field("01", dynamic ? "12" : "11") +
    field("38", merchant) +
    field("53", "704") +
    (dynamic ? field("54", transfer.amountVnd!.toString()) : "") +
    field("58", "VN");
  const memo = transfer.memo ? memoText(transfer.memo) : "";
  if (memo) payload += field("62", field("08", memo));
  payload += "6304";
  return payload + crc16CcittFalse(payload);
}

/** Splits a TLV string into its fields; throws on a length that runs past the end. */
export function parseTlv(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const id = text.slice(i, i + 2);
    const length = Number(text.slice(i + 2, i + 4));
    if (!/^\d{2}$/.test(id) || !Number.isInteger(length) || i + 4 + length > text.length) throw new Error(`bad TLV at ${i}`);
    fields.set(id, text.slice(i + 4, i + 4 + length));
    i += 4 + length;
  }
  return fields;
}

/** Reads a payload back: checks the CRC and returns the transfer it describes. */
export function decodeVietQrPayload(payload: string): VietQrTransfer & { crcValid: boolean; dynamic: boolean } {
  const crcValid = payload.length > 8 && payload.slice(-8, -4) === "6304" && crc16CcittFalse(payload.slice(0, -4)) === payload.slice(-4);
  const top = parseTlv(payload);
  const merchant = parseTlv(top.get("38") ?? "");
  const beneficiary = parseTlv(merchant.get("01") ?? "");
  const extra = top.get("62") ? parseTlv(top.get("62")!) : new Map<string, string>();
  const amount = top.get("54");
  return {
    crcValid,
    dynamic: top.get("01") === "12",
    bankBin: beneficiary.get("00") ?? "",
    accountNumber: beneficiary.get("01") ?? "",
    amountVnd: amount === undefined ? undefined : BigInt(amount),
    memo: extra.get("08"),
  };
}
