import type { Migration } from "kysely";
import * as m0001 from "./2026_11_22_0001_foundation";
import * as m0002 from "./2026_11_22_0002_catalog";
import * as m0003 from "./2026_11_22_0003_storefront";
import * as m0004 from "./2026_11_22_0004_page_invalidation";
import * as m0005 from "./2026_11_22_0005_orders";
import * as m0006 from "./2026_11_22_0006_search_pending";
import * as m0007 from "./2026_11_23_0007_consent_and_throttles";
import * as m0008 from "./2026_11_24_0008_favourites";
import * as m0009 from "./2026_11_24_0009_open_payment_methods";
import * as m0010 from "./2026_11_25_0010_payments";
import * as m0011 from "./2026_11_25_0011_ledger";
import * as m0012 from "./2026_11_25_0012_provider_session";
import * as m0013 from "./2026_11_25_0013_short_and_overpaid";
import * as m0014 from "./2026_11_25_0014_payment_orders";
import * as m0015 from "./2026_11_25_0015_handled_notifications";
import * as m0016 from "./2026_11_25_0016_partial_shipping";
import * as m0017 from "./2026_11_25_0017_payee_on_payments";
import * as m0018 from "./2026_12_05_0018_settled_flags";
import * as m0019 from "./2026_12_05_0019_shipments";
import * as m0020 from "./2026_12_06_0020_cod_ledger";
import * as m0021 from "./2026_12_07_0021_notification_channels";
import * as m0022 from "./2026_12_07_0022_listing_submission_key";
import * as m0023 from "./2026_12_07_0023_traceability_lots";
import * as m0024 from "./2026_12_07_0024_province_floors";

/**
 * Every migration, in order. Imported statically so the same list works under tsx, vitest and
 * bundlers alike. Append new ones at the end; never edit or reorder a landed one.
 */
export const migrations: Record<string, Migration> = {
  "2026_11_22_0001_foundation": m0001,
  "2026_11_22_0002_catalog": m0002,
  "2026_11_22_0003_storefront": m0003,
  "2026_11_22_0004_page_invalidation": m0004,
  "2026_11_22_0005_orders": m0005,
  "2026_11_22_0006_search_pending": m0006,
  "2026_11_23_0007_consent_and_throttles": m0007,
  "2026_11_24_0008_favourites": m0008,
  "2026_11_24_0009_open_payment_methods": m0009,
  "2026_11_25_0010_payments": m0010,
  "2026_11_25_0011_ledger": m0011,
  "2026_11_25_0012_provider_session": m0012,
  "2026_11_25_0013_short_and_overpaid": m0013,
  "2026_11_25_0014_payment_orders": m0014,
  "2026_11_25_0015_handled_notifications": m0015,
  "2026_11_25_0016_partial_shipping": m0016,
  "2026_11_25_0017_payee_on_payments": m0017,
  "2026_12_05_0018_settled_flags": m0018,
  "2026_12_05_0019_shipments": m0019,
  "2026_12_06_0020_cod_ledger": m0020,
  "2026_12_07_0021_notification_channels": m0021,
  "2026_12_07_0022_listing_submission_key": m0022,
  "2026_12_07_0023_traceability_lots": m0023,
  "2026_12_07_0024_province_floors": m0024,
};
