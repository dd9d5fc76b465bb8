import { describe, expect, it } from "vitest";
import type { OrderStatus } from "../../db/schema";
import { availableActions, refusal, type OrderAction } from "~/orders/state";
import { ALL_ACTIONS, ALL_STATUSES, LIFECYCLE } from "../support/order-lifecycle";

const order = (status: OrderStatus, extra: Partial<{ delivery_method: string; paid_at: Date | null }> = {}) => ({
  status,
  delivery_method: "self",
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

  it("allows exactly the moves of the hand-written lifecycle, to the right people, and refuses every other", () => {
    let checked = 0;
    for (const status of ALL_STATUSES) {
      for (const action of ALL_ACTIONS) {
        for (const role of ["buyer", "seller", "system", "bank"] as const) {
          const move = LIFECYCLE.find((m) => m.from === status && m.action === action);
          // Facts that make the special cases pass: a pickup order is delivered from packed, paid ones refund.
          const facts = order(status, { delivery_method: action === "deliver" && status === "packed" ? "pickup" : "self", paid_at: new Date() });
          const expected = move && move.by.includes(role) ? "allowed" : "refused";
          expect(refusal(facts, action, role) === null ? "allowed" : "refused", `${role}: ${status} → ${action}`).toBe(expected);
          checked++;
        }
      }
    }
    expect(checked).toBe(14 * 13 * 4);
    expect(refusal(order("paid"), "accept", "buyer")).toBe("order.error.notYours");
    expect(refusal(order("awaiting_payment"), "cancel", "seller")).toBe("order.error.notYours");
    expect(refusal(order("shipped"), "cancel", "buyer")).toBe("order.error.illegal");
  });

  it("lets a booked courier, not the seller, say a parcel was picked up, delivered or came back", () => {
    const booked = (status: OrderStatus) => order(status, { delivery_method: "ghn" });
    expect(refusal(booked("packed"), "ship", "courier")).toBeNull();
    expect(refusal(booked("shipped"), "deliver", "courier")).toBeNull();
    expect(refusal(booked("shipped"), "return", "courier")).toBeNull();
    expect(refusal(booked("packed"), "ship", "seller")).toBe("order.error.courierMoves");
    expect(refusal(booked("shipped"), "deliver", "seller")).toBe("order.error.courierMoves");
    // Only forward: a late "picked up" after delivery, or a delivery after the buyer closed the order, moves nothing.
    expect(refusal(booked("delivered"), "ship", "courier")).toBe("order.error.illegal");
    expect(refusal(booked("completed"), "deliver", "courier")).toBe("order.error.illegal");
    // A courier has no say over an order the seller delivers herself, nor over payments.
    expect(refusal(order("packed"), "ship", "courier")).toBe("order.error.notYours");
    expect(refusal(booked("awaiting_payment"), "mark_paid", "courier")).toBe("order.error.notYours");
    expect(availableActions(booked("shipped"), "buyer")).toEqual(["complete"]);
    expect(availableActions(booked("shipped"), "seller")).toEqual([]);
  });

  it("sends pickup orders from packed to delivered, and refunds only what was paid", () => {
    expect(refusal(order("packed", { delivery_method: "pickup" }), "ship", "seller")).toBe("order.error.pickupNotShipped");
    expect(refusal(order("packed"), "deliver", "seller")).toBe("order.error.shipFirst");
    expect(refusal(order("cancelled"), "refund", "seller")).toBe("order.error.nothingToRefund");
    expect(availableActions(order("paid"), "seller")).toEqual(["accept", "decline"]);
    expect(availableActions(order("awaiting_payment"), "buyer")).toEqual(["cancel"]);
  });
});
