import { momoSimulator } from "./momo-simulator.server";
import { stripeSimulator } from "./stripe-simulator.server";
import { vnpaySimulator } from "./vnpay-simulator.server";
import { zalopaySimulator } from "./zalopay-simulator.server";

/**
 * Local stand-ins for payment providers (development and tests only; their routes are behind the
 * dev tools guard): each speaks its provider's wire protocol on /dev/sim/<id>/api/… and shows a
 * payment page on /dev/sim/<id>/pay/<id> where the tester picks what happens.
 */
export type SimOutcome = "success" | "insufficient" | "cancelled" | "no_notification" | "late" | "thrice" | "out_of_order";

export interface PaymentSimulator {
  /** The provider's API; `path` is what follows /dev/sim/<id>/api/. */
  api(path: string, request: Request, simulatorUrl: string): Promise<Response>;
  /** A page the buyer is sent to by a signed link (VNPay), checked before its payment page; null when it has none there. */
  entry?(path: string, url: URL, simulatorUrl: string): Promise<Response | null>;
  /** What its payment page shows, or null for an unknown payment. */
  payment(id: string): { id: string; amount: number; description: string; open: boolean; note?: string | null } | null;
  readonly outcomes: readonly SimOutcome[];
  /** Settles the payment as chosen, sends the provider's notifications, and returns where the buyer goes back to. */
  choose(id: string, outcome: SimOutcome): Promise<string | null>;
}

const SIMULATORS: Record<string, PaymentSimulator> = { momo: momoSimulator, zalopay: zalopaySimulator, vnpay: vnpaySimulator, stripe: stripeSimulator };

export function paymentSimulator(provider: string): PaymentSimulator | null {
  return Object.hasOwn(SIMULATORS, provider) ? SIMULATORS[provider]! : null;
}

/** Where a provider's simulator answers on this server; its API is under `${root}/api`. */
export const simulatorRoot = (provider: string) => `/dev/sim/${provider}`;
