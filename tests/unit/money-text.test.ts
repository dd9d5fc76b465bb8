import { describe, expect, it } from "vitest";
import { formatVnd } from "~/lib/money";
import { foldVietnamese, slugify } from "~/lib/text";

describe("formatVnd", () => {
  it("groups thousands with dots and adds the đồng sign", () => {
    expect(formatVnd(80000)).toBe("80.000\u00a0₫");
    expect(formatVnd(0)).toBe("0\u00a0₫");
    expect(formatVnd(999)).toBe("999\u00a0₫");
    expect(formatVnd(1_250_000)).toBe("1.250.000\u00a0₫");
  });

  it("stays exact beyond float precision (bigint amounts from the database)", () => {
    expect(formatVnd("12345678901234567890")).toBe("12.345.678.901.234.567.890\u00a0₫");
    expect(formatVnd(-15000n)).toBe("-15.000\u00a0₫");
  });
});

describe("slugify and fold", () => {
  it("makes ASCII slugs from Vietnamese names", () => {
    expect(slugify("Vườn Chuối Bà Tư")).toBe("vuon-chuoi-ba-tu");
    expect(slugify("HTX Nông sản Đồng Nai Xanh")).toBe("htx-nong-san-dong-nai-xanh");
    expect(slugify("!!!")).toBe("");
  });

  it("folds tone marks and đ", () => {
    expect(foldVietnamese("Cà phê Đắk Lắk")).toBe("ca phe dak lak");
  });
});
