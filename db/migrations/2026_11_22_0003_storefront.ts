import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  // unaccent() is only STABLE (its dictionary could change), so it cannot back an index; this
  // wrapper pins the dictionary and is declared IMMUTABLE, the documented way to index it.
  await sql`create or replace function vn_fold(text) returns text
    language sql immutable parallel safe strict
    as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`.execute(db);
  await sql`create index products_title_trgm_idx on products using gin (vn_fold(title) gin_trgm_ops)`.execute(db);
  await sql`create index products_live_category_idx on products (category, published_at desc) where status in ('active', 'sold_out')`.execute(db);
  await sql`create index products_live_province_idx on products (origin_province_code, published_at desc) where status in ('active', 'sold_out')`.execute(db);
  await sql`create index products_live_published_idx on products (published_at desc) where status in ('active', 'sold_out')`.execute(db);
  await sql`create index product_claims_product_idx on product_claims (product_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    "product_claims_product_idx",
    "products_live_published_idx",
    "products_live_province_idx",
    "products_live_category_idx",
    "products_title_trgm_idx",
  ]) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
  await sql`drop function if exists vn_fold(text)`.execute(db);
}
