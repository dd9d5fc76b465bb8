import { describe, expect, it } from "vitest";
import { listProvinces } from "~/geo/address.server";
import { PROVINCE_POINTS } from "~/geo/province-points";

describe("the stamp page's dot map", () => {
  it("has a point inside Vietnam for every province the address data knows, and no other", () => {
    const codes = listProvinces().map((p) => p.code);
    expect(Object.keys(PROVINCE_POINTS).sort()).toEqual([...codes].sort());
    for (const [code, [lat, lon]] of Object.entries(PROVINCE_POINTS)) {
      expect(lat, code).toBeGreaterThan(8.4);
      expect(lat, code).toBeLessThan(23.5);
      expect(lon, code).toBeGreaterThan(102.1);
      expect(lon, code).toBeLessThan(109.5);
    }
  });

  it("puts the north above the south", () => {
    const [hanoi, hue, hcm, caMau] = ["01", "46", "79", "96"].map((c) => PROVINCE_POINTS[c]![0]);
    expect(hanoi).toBeGreaterThan(hue!);
    expect(hue).toBeGreaterThan(hcm!);
    expect(hcm).toBeGreaterThan(caMau!);
  });
});
