import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchProducts } from "~/search/search.server";
import { parseSearchParams } from "~/search/params";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createMeiliClient } from "~/search/meili-client.server";

let t: TestDatabase;
let frozen: Server;
const open = new Set<Socket>();
let port = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  // A Meilisearch that accepts connections and never answers (frozen, or a black-holed network).
  // `open` holds the connections that carried a search and were not yet closed by the client.
  frozen = createServer((socket) => {
    socket.on("data", () => open.add(socket));
    socket.on("end", () => open.delete(socket));
    socket.on("error", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => frozen.listen(0, "127.0.0.1", resolve));
  port = (frozen.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of open) s.destroy();
  await new Promise((r) => frozen.close(r));
  await t.drop();
});

// Issue 9 #21: searches that timed out were abandoned, not aborted: 120 connections piled up while Meilisearch was frozen.
describe("a frozen search engine", () => {
  it("is given a second per search, then the request is aborted and PostgreSQL answers", async () => {
    const meili = createMeiliClient({ host: `http://127.0.0.1:${port}`, apiKey: "key" });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 12 }, () => searchProducts({ db: t.db, meili }, parseSearchParams(new URL("http://localhost/search?q=chuoi"), () => true))));
    expect(results.every((r) => r.engine === "postgres")).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    // Every connection that carried a search to the frozen engine is closed by us, not left hanging.
    const deadline = Date.now() + 2000;
    while (open.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(open.size).toBe(0);
  });
});
