import { describe, expect, it } from "vitest";
import { buildVietQrPayload, crc16CcittFalse, decodeVietQrPayload, parseTlv } from "~/payments/vietqr";

describe("VietQR payload", () => {
  it("computes CRC-16/CCITT-FALSE like the reference check value", () => {
    // The standard check value for this CRC over "123456789".
    expect(crc16CcittFalse("123456789")).toBe("29B1");
  });

  it.each([
    ["970436", "0071000123456", 150_000n, "VN7K3Q9P"],
    ["970405", "1903123456789", 1_000n, "VNAB12CD"],
    ["970422", "0901000001", 2_345_678n, "VNZZ99YY"],
    ["970418", "12345678901234567", 99_000_000n, "VNQ2W3E4"],
  ])("round-trips bank %s account %s amount %s", (bankBin, accountNumber, amountVnd, memo) => {
    const payload = buildVietQrPayload({ bankBin, accountNumber, amountVnd, memo });
    const decoded = decodeVietQrPayload(payload);
    expect(decoded).toMatchObject({ crcValid: true, dynamic: true, bankBin, accountNumber, amountVnd, memo });
    const top = parseTlv(payload);
    expect(top.get("00")).toBe("01");
    expect(top.get("53")).toBe("704");
    expect(top.get("58")).toBe("VN");
    expect(parseTlv(top.get("38")!).get("00")).toBe("A000000727");
    expect(parseTlv(top.get("38")!).get("02")).toBe("QRIBFTTA");
    expect(payload).toMatch(/6304[0-9A-F]{4}$/);
  });

  it("detects a changed amount through the CRC", () => {
    const payload = buildVietQrPayload({ bankBin: "970436", accountNumber: "0071000123456", amountVnd: 150_000n, memo: "VN1" });
    expect(decodeVietQrPayload(payload.replace("5406150000", "5406950000")).crcValid).toBe(false);
  });

  it("writes a static QR without an amount, and keeps memos to plain letters", () => {
    const decoded = decodeVietQrPayload(buildVietQrPayload({ bankBin: "970436", accountNumber: "123456", memo: "Đơn hàng #VN12" }));
    expect(decoded).toMatchObject({ crcValid: true, dynamic: false, amountVnd: undefined, memo: "Don hang VN12" });
  });
});
