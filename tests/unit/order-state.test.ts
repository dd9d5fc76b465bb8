import { describe, expect, it } from "vitest";
import type { OrderStatus } from "../../db/schema";
import { availableActions, ORDER_RULES, refusal, type OrderAction } from "~/orders/state";

const order = (status: OrderStatus, extra: Partial<{ delivery_method: "self" | "pickup"; paid_at: Date | null }> = {}) => ({
  status,
  delivery_method: "self" as const,
  paid_at: null,
  ...extra,
});

describe("order state machine", () => {
  it("walks the VietQR path and the cash path to completion", () => {
    const path: Array<[OrderStatus, OrderAction, "seller" | "buyer" | "system" | "bank"]> = [
      ["placed", "await_payment", "system"],
      ["awaiting_payment", "mark_paid", "bank"],
      ["paid", "accept", "seller"],
      ["accepted", "pack", "seller"],
      ["packed", "ship", "seller"],
      ["shipped", "deliver", "seller"],
      ["delivered", "complete", "buyer"],
    ];
    for (const [status, action, role] of path) expect(refusal(order(status), action, role), `${status} ${action}`).toBeNull();
    expect(refusal(order("placed"), "confirm", "system")).toBeNull();
    expect(refusal(order("confirmed"), "accept", "seller")).toBeNull();
  });

  it("refuses every transition not in the table, and actions by the wrong side", () => {
    const statuses = Object.values(ORDER_RULES).flatMap((r) => [...r.from, r.to]);
    for (const status of new Set(statuses)) {
      for (const [action, rule] of Object.entries(ORDER_RULES) as Array<[OrderAction, (typeof ORDER_RULES)[OrderAction]]>) {
        const allowed = rule.from.includes(status);
        const result = refusal(order(status, { delivery_method: action === "deliver" && status === "packed" ? "pickup" : "self", paid_at: new Date() }), action, rule.by[0]!);
        expect(result === null, `${status} → ${action}`).toBe(allowed);
      }
    }
    expect(refusal(order("paid"), "accept", "buyer")).toBe("order.error.notYours");
    expect(refusal(order("awaiting_payment"), "cancel", "seller")).toBe("order.error.notYours");
    expect(refusal(order("shipped"), "cancel", "buyer")).toBe("order.error.illegal");
  });

  it("sends pickup orders from packed to delivered, and refunds only what was paid", () => {
    expect(refusal(order("packed", { delivery_method: "pickup" }), "ship", "seller")).toBe("order.error.pickupNotShipped");
    expect(refusal(order("packed"), "deliver", "seller")).toBe("order.error.shipFirst");
    expect(refusal(order("cancelled"), "refund", "seller")).toBe("order.error.nothingToRefund");
    expect(availableActions(order("paid"), "seller")).toEqual(["accept", "decline"]);
    expect(availableActions(order("awaiting_payment"), "buyer")).toEqual(["cancel"]);
  });
});
