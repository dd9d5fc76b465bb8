import { describe, expect, it } from "vitest";
import { liveStatusFor, statusAfterStock } from "~/catalog/product-status";

describe("the stock decides on sale or sold out, in one place (issue 11)", () => {
  it.each([
    // status, new stock, previous stock, expected — written out by hand, not derived from the code
    ["active", 0, 3, "sold_out"],
    ["active", 2, 3, "active"],
    ["sold_out", 4, 0, "active"],
    ["sold_out", 6, 5, "active"], // stock added to a listing marked sold out by hand
    ["sold_out", 4, 5, "sold_out"], // taking one away does not put it back on sale
    ["paused", 0, 3, "paused"],
    ["paused", 9, 0, "paused"],
    ["draft", 5, 0, "draft"],
    ["archived", 5, 0, "archived"],
  ] as const)("%s with stock %i (was %i) → %s", (status, stock, previous, expected) => {
    expect(statusAfterStock(status, stock, previous)).toBe(expected);
  });

  it("goes live on sale with stock, sold out without", () => {
    expect(liveStatusFor(1)).toBe("active");
    expect(liveStatusFor(0)).toBe("sold_out");
  });
});
