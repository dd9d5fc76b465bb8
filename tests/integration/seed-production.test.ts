import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "~/accounts/accounts.server";
import { DEMO_ACCOUNTS, seedDemoIfEmpty } from "../../db/seed";
import { createTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("demo seed asked for in production (issue 9 #1)", () => {
  it("creates the demo accounts with passwords nobody knows, so the README's password opens nothing", async () => {
    expect(await seedDemoIfEmpty(t.db, () => {}, { passwords: "random" })).toBe(true);
    for (const account of DEMO_ACCOUNTS) {
      expect(await signIn(t.db, { phone: account.phone, password: account.password, clientKey: `seed-${account.phone}` }), account.role).toMatchObject({
        ok: false,
        reason: "bad_credentials",
      });
    }
    // The co-ops still have their members, who joined by accepting an invitation.
    const members = await t.db.selectFrom("cooperative_members").select("id").where("left_at", "is", null).execute();
    expect(members.length).toBe(8);
  });
});
