import type { ColumnType, Generated, Selectable } from "kysely";

/** Row types of the current schema. Migrations never import these: they are frozen in time. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** bigint ids come back from pg as strings; we keep them as strings to stay exact. */
type Id = ColumnType<string, never, never>;
type Ref = ColumnType<string, string | number | bigint, string | number | bigint>;

export interface UsersTable {
  id: Id;
  phone: string;
  password_hash: string;
  full_name: string;
  email: string | null;
  locale: Generated<"vi" | "en">;
  is_admin: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: Ref;
  user_agent: string | null;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface SignInFailuresTable {
  id: Id;
  scope: "phone" | "client";
  key: string;
  created_at: CreatedAt;
}

export interface PasswordResetsTable {
  id: Id;
  user_id: Ref;
  code_hash: string;
  attempts: Generated<number>;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

export interface ShopsTable {
  id: Id;
  owner_id: Ref;
  slug: string;
  name: string;
  story: Generated<string>;
  province_code: string;
  ward_code: string;
  phone: string;
  bank_bin: string;
  bank_account_number: string;
  bank_account_holder: string;
  delivery_fee_vnd: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  offers_delivery: Generated<boolean>;
  offers_pickup: Generated<boolean>;
  /** Registered courier ids (app/shipping/registry.server.ts) this seller hands parcels to. */
  couriers: ColumnType<string[], string[] | undefined, string[]>;
  pickup_street: Generated<string>;
  parcel_length_cm: Generated<number>;
  parcel_width_cm: Generated<number>;
  parcel_height_cm: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CooperativesTable {
  id: Id;
  manager_id: Ref;
  slug: string;
  name: string;
  story: Generated<string>;
  province_code: string;
  ward_code: string;
  phone: string;
  invite_code: string;
  bank_bin: string | null;
  bank_account_number: string | null;
  bank_account_holder: string | null;
  delivery_fee_vnd: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  offers_delivery: Generated<boolean>;
  offers_pickup: Generated<boolean>;
  /** Registered courier ids (app/shipping/registry.server.ts) this seller hands parcels to. */
  couriers: ColumnType<string[], string[] | undefined, string[]>;
  pickup_street: Generated<string>;
  parcel_length_cm: Generated<number>;
  parcel_width_cm: Generated<number>;
  parcel_height_cm: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CooperativeMembersTable {
  id: Id;
  cooperative_id: Ref;
  shop_id: Ref;
  joined_at: CreatedAt;
  left_at: Date | null;
}

export interface OutboxMessagesTable {
  id: Id;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  created_at: CreatedAt;
}

/** A group of messages a person chooses channels for (issue 14); reset codes always go by SMS. */
export type NotificationTopic = "orders" | "delivery" | "payments" | "coop";
/** Zalo first and SMS when Zalo cannot, one of them only, or nothing. */
export type NotificationChannels = "zalo_sms" | "sms" | "zalo" | "none";

export interface NotificationPreferencesTable {
  user_id: Ref;
  topic: NotificationTopic;
  channels: NotificationChannels;
  updated_at: UpdatedAt;
}

export interface NotificationDeliveriesTable {
  id: Id;
  event_key: string;
  kind: string;
  user_id: Ref | null;
  phone: string;
  channel: "zalo" | "sms";
  status: "sending" | "sent" | "failed" | "rejected";
  attempts: Generated<number>;
  provider_message_id: string | null;
  error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ZaloOaTokensTable {
  app_id: string;
  access_token: string | null;
  access_expires_at: Date | null;
  refresh_token: string;
  updated_at: UpdatedAt;
}

export interface MediaVariant {
  width: number;
  height: number;
  format: "avif" | "webp" | "jpeg";
  key: string;
  bytes: number;
}

export interface MediaTable {
  id: string;
  owner_id: Ref;
  width: number;
  height: number;
  placeholder: string;
  variants: ColumnType<MediaVariant[], string, string>;
  created_at: CreatedAt;
}

export type ProductStatus = "draft" | "active" | "paused" | "sold_out" | "archived";

export interface ProductsTable {
  id: Id;
  slug: string;
  producer_shop_id: Ref;
  cooperative_id: Ref | null;
  created_by: Ref;
  /** The new-listing form's own key: the same form sent twice makes one listing (issue 14). */
  submission_key: string | null;
  title: string;
  category: string;
  unit: string;
  /** Integer đồng, as a string from pg (bigint). */
  price_vnd: ColumnType<string, string | number | bigint, string | number | bigint>;
  stock: number;
  weight_grams: number;
  harvest_date: ColumnType<string | null, string | null, string | null>;
  origin_province_code: string;
  origin_ward_code: string;
  description: Generated<string>;
  status: Generated<ProductStatus>;
  published_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProductPhotosTable {
  product_id: Ref;
  media_id: string;
  position: number;
}

export type ClaimKind = "ocop" | "vietgap" | "organic";
export type ClaimStatus = "pending" | "verified" | "rejected";

export interface ProductClaimsTable {
  id: Id;
  product_id: Ref;
  kind: ClaimKind;
  ocop_stars: number | null;
  certificate_number: string;
  status: Generated<ClaimStatus>;
  reject_reason: string | null;
  reviewed_by: Ref | null;
  reviewed_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

type Money = ColumnType<string, string | number | bigint, string | number | bigint>;

/** A certification as it stood when a lot was recorded (verified claims only). */
export interface LotCertification {
  kind: ClaimKind;
  stars: number | null;
  certificate: string;
}

/** One harvest or production run of a product, with its QR stamps (issue 15). */
export interface LotsTable {
  id: Id;
  product_id: Ref;
  code: string;
  harvested_on: string;
  quantity: number;
  unit: string;
  province_code: string;
  ward_code: string;
  certifications: ColumnType<LotCertification[], string | undefined, string>;
  notes: Generated<string>;
  stamps_printed: Generated<number>;
  created_by: Ref;
  created_at: CreatedAt;
}

export interface StampScansTable {
  lot_id: Ref;
  serial: number;
  scans: Generated<number>;
  first_scanned_at: CreatedAt;
  last_scanned_at: UpdatedAt;
}

export interface AddressesTable {
  id: Id;
  user_id: Ref;
  recipient_name: string;
  phone: string;
  province_code: string;
  ward_code: string;
  street: string;
  created_at: CreatedAt;
  last_used_at: UpdatedAt;
}

export interface CartsTable {
  id: string;
  user_id: Ref | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CartItemsTable {
  cart_id: string;
  product_id: Ref;
  quantity: number;
  added_at: CreatedAt;
}

export interface CheckoutsTable {
  id: Id;
  buyer_id: Ref;
  idempotency_key: string;
  created_at: CreatedAt;
}

export type OrderStatus =
  | "placed"
  | "awaiting_payment"
  | "paid"
  | "confirmed"
  | "accepted"
  | "packed"
  | "shipped"
  | "delivered"
  | "completed"
  | "declined"
  | "cancelled"
  | "expired"
  | "refunded"
  | "returned";
/** A registered payment provider's id (app/payments/registry.server.ts); the database checks only its shape. */
export type PaymentMethod = string;
/** A registered courier's id (app/shipping/registry.server.ts: self, pickup, ghn…); the database checks only its shape. */
export type DeliveryMethod = string;

export interface OrdersTable {
  id: Id;
  code: string;
  checkout_id: Ref;
  buyer_id: Ref;
  seller_shop_id: Ref | null;
  seller_cooperative_id: Ref | null;
  status: OrderStatus;
  payment_method: PaymentMethod;
  paid_at: Date | null;
  payment_flag: string | null;
  delivery_method: DeliveryMethod;
  items_total_vnd: Money;
  delivery_fee_vnd: Money;
  total_vnd: Money;
  recipient_name: string;
  recipient_phone: string;
  province_code: string;
  ward_code: string;
  street: string;
  note: Generated<string>;
  expires_at: Date | null;
  /** The selling farm's or co-op's province when the order was placed: its trade floor (issue 15). */
  seller_province_code: string;
  /** When it reached the buyer (delivered, or completed straight from shipped). */
  delivered_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrderItemsTable {
  order_id: Ref;
  product_id: Ref;
  producer_shop_id: Ref;
  title: string;
  unit: string;
  unit_price_vnd: Money;
  quantity: number;
  weight_grams: number;
  /** What the seller really sent, when she shipped part of the line; null when all of it went (or nothing yet). */
  shipped_quantity: number | null;
  /** The product's category and growing ward when it was sold (the province's figures, issue 15). */
  category: string;
  origin_ward_code: string;
  /** The lot (traceability, issue 15) this line ships from, when the seller named one. */
  lot_id: ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
}

export type OrderActorRole = "buyer" | "seller" | "system" | "bank" | "courier";

export interface OrderEventsTable {
  id: Id;
  order_id: Ref;
  actor_id: Ref | null;
  actor_role: OrderActorRole;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  reason: Generated<string>;
  created_at: CreatedAt;
}

/** Where a parcel is, in our words; each courier's own codes map onto these (app/shipping/*.server.ts). */
export type ShipmentStatus =
  | "requested"
  | "created"
  | "picked_up"
  | "in_transit"
  | "delivering"
  | "failed_attempt"
  | "delivered"
  | "returning"
  | "returned"
  | "cancelled"
  | "lost";

export interface ShipmentsTable {
  id: Id;
  order_id: Ref;
  courier: string;
  client_order_code: string;
  tracking_code: string | null;
  carrier_name: string | null;
  status: ShipmentStatus;
  courier_status: string | null;
  fee_vnd: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  cod_amount_vnd: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  weight_grams: Generated<number>;
  expected_delivery_at: Date | null;
  raw: ColumnType<unknown, string | undefined, string>;
  booked_by: Ref | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  last_heard_at: Date | null;
  cod_collected_vnd: Money | null;
  cod_collected_at: Date | null;
  cod_remitted_vnd: Money | null;
  cod_remitted_at: Date | null;
  return_outcome: "restocked" | "written_off" | null;
}

export interface ShipmentEventsTable {
  id: Id;
  shipment_id: Ref;
  /** Null when the courier's code is one we do not know (kept and flagged). */
  status: ShipmentStatus | null;
  courier_status: string;
  reason: Generated<string>;
  happened_at: ColumnType<Date, Date | string, never>;
  received_at: CreatedAt;
  source: "booking" | "webhook" | "poll" | "seller";
}

export interface CourierNotificationsTable {
  id: Id;
  courier: string;
  event_key: string;
  tracking_code: string;
  body: string;
  received_at: CreatedAt;
  outcome: Generated<string>;
}

export interface PaymentNotificationsTable {
  id: Id;
  provider: string;
  event_id: string;
  order_id: Ref | null;
  amount_vnd: Money | null;
  outcome: string;
  body: ColumnType<unknown, string, string>;
  received_at: CreatedAt;
  /** Money that matched nothing: when an admin said what was done with it, who, and what they wrote. */
  handled_at: Date | null;
  handled_by: string | null;
  handled_note: string | null;
}

/** An attempt's own state (app/payments/payment-state.ts holds its moves). */
export type PaymentState = "pending" | "paid" | "failed" | "expired" | "refunded";

export interface PaymentsTable {
  id: Id;
  order_id: Ref;
  provider: string;
  /** The id we gave the provider for this attempt (MoMo's orderId, ZaloPay's app_trans_id, …). */
  provider_ref: string;
  amount_vnd: Money;
  state: Generated<PaymentState>;
  /** The provider's own result code, as it sent it. */
  result_code: string | null;
  /** The provider's transaction id once it has one (MoMo transId). */
  provider_txn: string | null;
  pay_url: string | null;
  /** The provider's own name for the attempt when it picks one at creation (Stripe's Checkout Session id). */
  provider_session: string | null;
  /** Whom a transfer straight to the seller pays (VietQR), as the seller's account was at checkout; null when the money reaches the marketplace. */
  payee_bank_bin: string | null;
  payee_account_number: string | null;
  payee_account_holder: string | null;
  raw: ColumnType<unknown, string | undefined, string>;
  expires_at: Date;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Which orders one attempt pays, and how much of it is each one's (a checkout's orders paid at once). */
export interface PaymentOrdersTable {
  payment_id: Ref;
  order_id: Ref;
  amount_vnd: Money;
  refunded_at: Date | null;
  /** Given back of this part so far when only some of the order was shipped (a whole refund sets refunded_at). */
  refunded_vnd: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
}

export interface PayoutRunsTable {
  id: Id;
  created_by: string | null;
  created_at: CreatedAt;
  paid_at: Date | null;
  paid_by: string | null;
}

export interface PayoutsTable {
  id: Id;
  run_id: Ref;
  /** The ledger account of the seller paid: seller:shop:N or seller:coop:N. */
  account: string;
  seller_name: string;
  amount_vnd: Money;
  bank_bin: string;
  bank_account_number: string;
  bank_account_holder: string;
}

export type LedgerJournalKind = "payment" | "refund" | "part_refund" | "payout" | "cod_collected" | "cod_remitted";

export interface LedgerJournalsTable {
  id: Id;
  kind: LedgerJournalKind;
  payment_id: string | null;
  payout_id: string | null;
  /** Refund journals: the order whose part of the payment went back (one payment can pay several orders). */
  order_id: string | null;
  memo: Generated<string>;
  created_at: CreatedAt;
}

/** Debit positive, credit negative; every journal's lines sum to zero (checked by the database). */
export interface LedgerLinesTable {
  id: Id;
  journal_id: Ref;
  account: string;
  amount_vnd: Money;
  order_id: string | null;
}

export interface ReviewsTable {
  id: Id;
  order_id: Ref;
  product_id: Ref;
  buyer_id: Ref;
  stars: number;
  body: Generated<string>;
  created_at: CreatedAt;
}

export interface SearchPendingTable {
  product_id: Ref;
  changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CooperativeInvitationsTable {
  id: Generated<string>;
  cooperative_id: string;
  shop_id: string;
  invited_by: string;
  created_at: CreatedAt;
  answer: "accepted" | "declined" | "withdrawn" | null;
  answered_at: Date | null;
}

export type PaymentFlagKind = "wrong_account" | "wrong_amount" | "not_awaiting" | "refund_manual" | "short" | "overpaid" | "short_shipped";

export interface PaymentFlagsTable {
  id: Generated<string>;
  order_id: string;
  kind: PaymentFlagKind;
  amount_vnd: Money;
  /** The receiving account (wrong_account), the order's status then (not_awaiting), or what is still missing (short), in đồng. */
  detail: Generated<string>;
  event_id: string;
  created_at: CreatedAt;
  /** When the seller said she sent the buyer's money back by hand, and who said it. */
  settled_at: Date | null;
  settled_by: string | null;
}

export interface FavouritesTable {
  user_id: Ref;
  product_id: Ref;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface ShopFollowsTable {
  user_id: Ref;
  shop_id: Ref;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface ThrottleEventsTable {
  id: Generated<string>;
  action: string;
  key: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface WorkerPoolsTable {
  id: string;
  host: string;
  pid: number;
  started_at: CreatedAt;
  seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A province officer (issue 15): granted by an admin, seen as one only once accepted. */
export interface ProvinceOfficersTable {
  id: Id;
  user_id: Ref;
  province_code: string;
  granted_by: Ref;
  created_at: CreatedAt;
  accepted_at: Date | null;
  ended_at: Date | null;
  ended_by: ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  password_resets: PasswordResetsTable;
  shops: ShopsTable;
  cooperatives: CooperativesTable;
  cooperative_members: CooperativeMembersTable;
  outbox_messages: OutboxMessagesTable;
  notification_preferences: NotificationPreferencesTable;
  notification_deliveries: NotificationDeliveriesTable;
  zalo_oa_tokens: ZaloOaTokensTable;
  media: MediaTable;
  products: ProductsTable;
  product_photos: ProductPhotosTable;
  product_claims: ProductClaimsTable;
  addresses: AddressesTable;
  carts: CartsTable;
  cart_items: CartItemsTable;
  checkouts: CheckoutsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_events: OrderEventsTable;
  payment_notifications: PaymentNotificationsTable;
  payments: PaymentsTable;
  payment_orders: PaymentOrdersTable;
  payout_runs: PayoutRunsTable;
  payouts: PayoutsTable;
  ledger_journals: LedgerJournalsTable;
  ledger_lines: LedgerLinesTable;
  reviews: ReviewsTable;
  search_pending: SearchPendingTable;
  cooperative_invitations: CooperativeInvitationsTable;
  payment_flags: PaymentFlagsTable;
  throttle_events: ThrottleEventsTable;
  worker_pools: WorkerPoolsTable;
  favourites: FavouritesTable;
  shop_follows: ShopFollowsTable;
  shipments: ShipmentsTable;
  shipment_events: ShipmentEventsTable;
  courier_notifications: CourierNotificationsTable;
  lots: LotsTable;
  province_officers: ProvinceOfficersTable;
  stamp_scans: StampScansTable;
}

export type User = Selectable<UsersTable>;
export type Shop = Selectable<ShopsTable>;
export type Cooperative = Selectable<CooperativesTable>;
export type Product = Selectable<ProductsTable>;
export type Order = Selectable<OrdersTable>;
