import { describe, expect, it } from "vitest";
import { formatDay, formatMoment, vietnamDay } from "~/lib/dates";

describe("dates people read (issue 10 #20: three formats on one order)", () => {
  it("writes a moment one way per language, in Vietnam time, to the minute", () => {
    const at = "2026-11-23T00:45:32.000Z"; // 07:45:32 in Hà Nội
    expect(formatMoment(at, "vi")).toBe("07:45 23/11/2026");
    expect(formatMoment(new Date(at), "en")).toBe("23 Nov 2026, 07:45");
    expect(formatMoment("not a date", "vi")).toBe("");
  });

  it("writes a calendar day one way per language, whichever form it arrives in", () => {
    expect(formatDay("2026-11-23", "vi")).toBe("23/11/2026");
    expect(formatDay("2026-11-23", "en")).toBe("23 Nov 2026");
    // 23:30 UTC on the 22nd is already the 23rd in Vietnam.
    expect(formatDay(new Date("2026-11-22T23:30:00Z"), "vi")).toBe("23/11/2026");
    expect(formatDay("2026-13-45", "vi")).toBe("");
    expect(formatDay("", "en")).toBe("");
  });

  it("names the day a moment falls on in Vietnam", () => {
    expect(vietnamDay(new Date("2026-11-22T17:00:00Z"))).toBe("2026-11-23");
    expect(vietnamDay(new Date("2026-11-22T16:59:59Z"))).toBe("2026-11-22");
  });
});
