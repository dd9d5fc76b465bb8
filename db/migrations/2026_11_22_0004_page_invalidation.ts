import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once landed.
// Every change to what a public page shows sends NOTIFY page_changed with a tag ("product:12",
// "shop:3", "coop:1"); servers listen and drop the cached pages carrying that tag. NOTIFY is sent
// at commit and deduplicated within a transaction, so a rolled-back change invalidates nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past shape of the schema
export async function up(db: Kysely<any>): Promise<void> {
  // Arguments come in pairs: a tag prefix and the column holding the id, e.g. ('product', 'id').
  await sql`create or replace function vn_notify_page_changed() returns trigger language plpgsql as $$
    declare
      row_data jsonb;
      i integer;
    begin
      foreach row_data in array (case TG_OP when 'INSERT' then array[to_jsonb(NEW)] when 'DELETE' then array[to_jsonb(OLD)]
                                    else array[to_jsonb(OLD), to_jsonb(NEW)] end) loop
        for i in 0 .. TG_NARGS - 1 by 2 loop
          if row_data ->> TG_ARGV[i + 1] is not null then
            perform pg_notify('page_changed', TG_ARGV[i] || ':' || (row_data ->> TG_ARGV[i + 1]));
          end if;
        end loop;
      end loop;
      return null;
    end $$`.execute(db);
  // "shop-products:N" is a change to one of shop N's products: its shop page lists them, while
  // the farm's other product pages do not care.
  const watched: Array<[table: string, ...args: string[]]> = [
    ["products", "product", "id", "shop-products", "producer_shop_id"],
    ["product_photos", "product", "product_id"],
    ["product_claims", "product", "product_id"],
    ["shops", "shop", "id"],
    ["cooperatives", "coop", "id"],
    ["cooperative_members", "shop", "shop_id"],
  ];
  for (const [table, ...args] of watched) {
    await sql`create trigger ${sql.id(`${table}_page_changed`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function vn_notify_page_changed(${sql.join(args.map((a) => sql.lit(a)))})`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["products", "product_photos", "product_claims", "shops", "cooperatives", "cooperative_members"]) {
    await sql`drop trigger if exists ${sql.id(`${table}_page_changed`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists vn_notify_page_changed()`.execute(db);
}
