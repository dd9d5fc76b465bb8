import { sql } from "kysely";
import type { Db } from "../../db";
import { hashPassword } from "../../app/accounts/accounts.server";
import { listProvinces, listWards } from "../../app/geo/address.server";
import { CATEGORIES, UNITS } from "../../app/catalog/taxonomy";
import { savePhoto } from "../../app/media/media.server";
import type { MediaStorage } from "../../app/media/storage.server";
import { drawProductPhoto, type PhotoKind } from "../../db/seed/photos";

const KINDS = ["Chuối", "Xoài", "Sầu riêng", "Bưởi", "Cam", "Quýt", "Nhãn", "Vải", "Chôm chôm", "Măng cụt", "Thanh long", "Dứa", "Dừa", "Mít", "Bơ", "Cà phê", "Chè", "Gạo", "Nếp", "Hạt điều", "Tiêu", "Mật ong", "Cá khô", "Tôm khô", "Khoai lang", "Bí đỏ", "Cà chua", "Dưa hấu", "Mận", "Ổi", "Đu đủ", "Na", "Hồng", "Lạc", "Vừng", "Gừng", "Nghệ", "Tỏi", "Hành", "Ớt"];
const QUALIFIERS = ["sạch", "hữu cơ", "VietGAP", "đặc sản", "loại 1", "chín cây", "tươi", "sấy khô", "rang mộc", "nguyên chất", "ruột đỏ", "da xanh", "thơm", "dẻo", "giòn", "ngọt", "miền Tây", "Tây Nguyên", "vùng cao", "nhà trồng"];

/**
 * A large synthetic catalogue for benchmarks, written straight with SQL (a farm would never list
 * 100,000 products through the form). A handful of real photos go through the pipeline and are
 * shared by every product, so pages carry real <picture> markup.
 */
export async function generateCatalogue(db: Db, media: MediaStorage, count: number, log: (s: string) => void) {
  const existing = await db.selectFrom("products").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  if (Number(existing.n) >= count) return;
  log(`generating ${count.toLocaleString("en")} products…`);
  const passwordHash = await hashPassword("bench-password");
  const farms = 1000;
  await sql`insert into users (phone, password_hash, full_name)
    select '09' || lpad(g::text, 8, '0'), ${passwordHash}, 'Nông dân ' || g from generate_series(1, ${farms}::int) g
    on conflict do nothing`.execute(db);
  const provinces = listProvinces();
  const places = provinces.map((p) => [p.code, listWards(p.code)[0]?.code ?? ""] as const);
  const placeValues = places.map(([p, w]) => `('${p}','${w}')`).join(",");
  await sql`insert into shops (owner_id, slug, name, story, province_code, ward_code, phone, bank_bin, bank_account_number, bank_account_holder)
    select u.id, 'vuon-bench-' || u.id, 'Vườn ' || u.full_name, 'Nhà vườn thử tải.', pl.p, pl.w, u.phone, '970405', '1000' || u.id, 'NONG DAN'
    from users u
    join lateral (select p, w from (values ${sql.raw(placeValues)}) as v(p, w) order by md5(u.id::text || p) limit 1) pl on true
    where u.phone like '09%' and not exists (select 1 from shops s where s.owner_id = u.id)`.execute(db);
  const owner = await db.selectFrom("users").select("id").where("phone", "=", "0900000001").executeTakeFirstOrThrow();
  const kinds: [PhotoKind, string][] = [["banana", "#f2c12e"], ["round", "#e67e22"], ["bean", "#5b3a1e"], ["grain", "#f4f1e1"], ["leaf", "#4f772d"], ["jar", "#d4a017"], ["bottle", "#c0392b"], ["bag", "#8b5a2b"], ["fish", "#8d6e63"], ["bunch", "#7b2d58"]];
  const mediaIds: string[] = [];
  for (const [i, [kind, color]] of kinds.entries()) mediaIds.push((await savePhoto(db, media, owner.id, await drawProductPhoto(kind, color, i + 1))).id);
  const kindsSql = KINDS.map((k) => `'${k}'`).join(",");
  const qualSql = QUALIFIERS.map((q) => `'${q}'`).join(",");
  const catSql = CATEGORIES.map((c) => `'${c.slug}'`).join(",");
  const unitSql = UNITS.map((u) => `'${u.code}'`).join(",");
  const batch = 10_000;
  for (let start = Number(existing.n) + 1; start <= count; start += batch) {
    const end = Math.min(count, start + batch - 1);
    await sql`insert into products (slug, producer_shop_id, created_by, title, category, unit, price_vnd, stock, weight_grams,
        origin_province_code, origin_ward_code, description, status, published_at, created_at, updated_at)
      select 'bench-' || g,
        s.id, s.owner_id,
        (array[${sql.raw(kindsSql)}])[1 + g % ${KINDS.length}::int] || ' ' || (array[${sql.raw(qualSql)}])[1 + (g / 7) % ${QUALIFIERS.length}::int] || ' ' || s.name,
        (array[${sql.raw(catSql)}])[1 + g % ${CATEGORIES.length}::int],
        (array[${sql.raw(unitSql)}])[1 + g % ${UNITS.length}::int],
        1000 * (10 + (g * 7919) % 990), (g * 31) % 200, 500 + (g % 20) * 100,
        s.province_code, s.ward_code,
        'Sản phẩm thử tải số ' || g || ', trồng tại ' || s.name || '.',
        case when g % 50 = 0 then 'sold_out' else 'active' end,
        now() - (g % 60) * interval '1 day', now(), now()
      from generate_series(${start}::int, ${end}::int) g
      cross join (select array_agg(id order by id) as ids from shops) a
      join shops s on s.id = a.ids[1 + g % array_length(a.ids, 1)]`.execute(db);
    log(`  ${end.toLocaleString("en")}`);
  }
  const mediaSql = mediaIds.map((m) => `'${m}'`).join(",");
  await sql`insert into product_photos (product_id, media_id, position)
    select p.id, (array[${sql.raw(mediaSql)}])[1 + p.id % ${mediaIds.length}::int], 0 from products p
    where not exists (select 1 from product_photos pp where pp.product_id = p.id)`.execute(db);
  await sql`insert into product_claims (product_id, kind, ocop_stars, certificate_number, status)
    select id, 'ocop', 3 + id % 3, 'OCOP-BENCH-' || id, 'verified' from products where id % 10 = 0
    on conflict do nothing`.execute(db);
  await sql`analyze`.execute(db);
}
