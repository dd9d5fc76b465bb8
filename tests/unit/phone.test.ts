import { describe, expect, it } from "vitest";
import { formatPhone, normalizePhone } from "~/accounts/phone";

describe("normalizePhone", () => {
  it.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["0912.345.678", "0912345678"],
    ["+84912345678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["84912345678", "0912345678"],
    ["0084912345678", "0912345678"],
    ["+84 0912 345 678", "0912345678"],
    ["0387654321", "0387654321"],
    ["0567654321", "0567654321"],
    ["0707654321", "0707654321"],
    ["0887654321", "0887654321"],
  ])("accepts %s as %s", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(["", "12345", "091234567", "09123456789", "0212345678", "0112345678", "+1 415 555 0100", "abcdefghij", "09-12-34-56-7x"])(
    "rejects %s",
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    },
  );

  it("formats for reading", () => {
    expect(formatPhone("0912345678")).toBe("0912 345 678");
  });
});
