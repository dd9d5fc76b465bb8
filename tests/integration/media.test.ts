import { rmSync } from "node:fs";
import path from "node:path";
import getPort from "get-port";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { savePhoto } from "~/media/media.server";
import { createLocalMediaStorage } from "~/media/storage-local.server";
import { createS3MediaStorage } from "~/media/storage-s3.server";
import type { MediaStorage } from "~/media/storage.server";
import { samplePhoto } from "../support/catalog";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { appContext, makeFarmer, makeUser } from "../support/fixtures";
import { cookiesFrom, fieldErrors, loadApp } from "../support/app";

let t: TestDatabase;
let s3: S3rver;
let s3Storage: MediaStorage;
const s3Dir = path.resolve(".data", `test-s3-${process.pid}`);

beforeAll(async () => {
  t = await createTestDatabase();
  const port = await getPort({ host: "127.0.0.1" });
  rmSync(s3Dir, { recursive: true, force: true });
  s3 = new S3rver({ port, address: "127.0.0.1", silent: true, directory: s3Dir, configureBuckets: [{ name: "vuonnha-media", configs: [] }] });
  await s3.run();
  s3Storage = createS3MediaStorage({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    bucket: "vuonnha-media",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    forcePathStyle: true,
  });
}, 60_000);
afterAll(async () => {
  await s3?.close();
  rmSync(s3Dir, { recursive: true, force: true });
  await t.drop();
});

async function readAll(body: Buffer | NodeJS.ReadableStream): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe.each([
  ["local disk", () => createLocalMediaStorage(path.resolve(".data", `test-media-${process.pid}`))],
  ["S3 protocol (s3rver)", () => s3Storage],
])("media storage on %s", (_name, storage) => {
  it("stores every variant of a photo, serves it back byte for byte, and deletes it", async () => {
    const user = await makeUser(t.db);
    const photo = await savePhoto(t.db, storage(), user.id, await samplePhoto());
    // 320, 640 and 800 (the sample's own width, never enlarged) × AVIF, WebP, JPEG
    expect(photo.variants.map((v) => v.width).sort((a, b) => a - b)).toEqual([320, 320, 320, 640, 640, 640, 800, 800, 800]);
    for (const v of photo.variants) {
      const got = await storage().get(v.key);
      expect(got?.contentType).toBe({ avif: "image/avif", webp: "image/webp", jpeg: "image/jpeg" }[v.format]);
      expect((await readAll(got!.body as Buffer)).length).toBe(v.bytes);
    }
    await storage().delete(photo.variants.map((v) => v.key));
    expect(await storage().get(photo.variants[0]!.key)).toBeNull();
    expect(await storage().get("../../etc/passwd")).toBeNull();
  });
});

describe("uploads over HTTP", () => {
  let app: Awaited<ReturnType<typeof loadApp>>;
  let cookie = "";
  let handle: (req: Request) => Promise<Response>;
  beforeAll(async () => {
    const ctx = appContext(t.db);
    app = await loadApp(ctx);
    const { user } = await makeFarmer(t.db, "Người Tải Ảnh");
    const res = await app.post("/login", { phone: user.phone, password: "mat-khau-dai" });
    cookie = cookiesFrom(res);
    const { createRequestHandler } = await import("@remix-run/node");
    const { pathToFileURL } = await import("node:url");
    const build = await import(pathToFileURL(path.resolve(".build/index.js")).href);
    const remix = createRequestHandler(build, "production");
    handle = (req) => remix(req, ctx);
  }, 120_000);

  function multipart(fields: Record<string, string>, files: { name: string; filename: string; type: string; data: Buffer }[]) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append(f.name, new Blob([new Uint8Array(f.data)], { type: f.type }), f.filename);
    return form;
  }

  it("publishes a listing with a photo posted with the form (JavaScript off), and the photo is served with safe headers", async () => {
    const body = multipart(
      { title: "Buồng chuối sứ", priceVnd: "95.000", stock: "4", unit: "buong", intent: "publish" },
      [{ name: "photos", filename: "IMG_2024.JPG", type: "image/jpeg", data: await samplePhoto() }],
    );
    const res = await handle(new Request("http://localhost/sell/new", { method: "POST", body, headers: { Cookie: cookie } }));
    expect(res.status).toBe(302);
    // The dashboard is told which listing, to name the category the title put it in (issue 10 #4).
    expect(res.headers.get("Location")).toMatch(/^\/sell\?done=published&listing=\d+$/);
    const product = await t.db.selectFrom("products").selectAll().where("title", "=", "Buồng chuối sứ").executeTakeFirstOrThrow();
    expect(String(product.price_vnd)).toBe("95000");
    const page = await (await app.get(`/products/${product.slug}`)).text();
    const src = page.match(/src="(\/media\/[^"]+\.jpg)"/)?.[1];
    expect(src).toBeDefined();
    const media = await app.get(src!);
    expect(media.status).toBe(200);
    expect(media.headers.get("Content-Type")).toBe("image/jpeg");
    expect(media.headers.get("Cache-Control")).toContain("immutable");
  });

  it("makes one listing when the same form is sent twice, photo and all (its answer lost on 3G), and a new form carries a new key (issue 14)", async () => {
    const page = await (await handle(new Request("http://localhost/sell/new", { headers: { Cookie: cookie } }))).text();
    const key = /name="submissionKey" value="([A-Za-z0-9_-]{16,64})"/.exec(page)?.[1];
    expect(key).toBeDefined();
    const send = async () =>
      handle(
        new Request("http://localhost/sell/new", {
          method: "POST",
          body: multipart({ title: "Chuối gửi hai lần", priceVnd: "95000", stock: "4", unit: "buong", intent: "publish", submissionKey: key! }, [
            { name: "photos", filename: "IMG_2025.JPG", type: "image/jpeg", data: await samplePhoto() },
          ]),
          headers: { Cookie: cookie },
        }),
      );
    const first = await send();
    const second = await send();
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await t.db.selectFrom("products").select("id").where("title", "=", "Chuối gửi hai lần").execute()).toHaveLength(1);
    const next = await (await handle(new Request("http://localhost/sell/new", { headers: { Cookie: cookie } }))).text();
    expect(/name="submissionKey" value="([^"]+)"/.exec(next)?.[1]).not.toBe(key);
  });

  it("says everything wrong in one round: a missing photo comes with the other mistakes (issue 10 #6)", async () => {
    const body = multipart({ title: "Chuối thiếu ảnh", priceVnd: "50000", stock: "nhiều", intent: "publish" }, []);
    const res = await handle(new Request("http://localhost/sell/new", { method: "POST", body, headers: { Cookie: cookie } }));
    const errors = fieldErrors(await res.text()).join(" ");
    expect(errors).toContain("Cần ít nhất một ảnh để đăng bán.");
    expect(errors).toContain("Số lượng");
  });

  it("takes prices as people type them, and asks before a price with too many zeros goes live (issue 10 #6)", async () => {
    const post = async (title: string, priceVnd: string, extra: Record<string, string> = {}) => {
      const body = multipart({ title, priceVnd, stock: "3", unit: "kg", intent: "publish", ...extra }, [
        { name: "photos", filename: "p.jpg", type: "image/jpeg", data: await samplePhoto() },
      ]);
      return handle(new Request("http://localhost/sell/new", { method: "POST", body, headers: { Cookie: cookie } }));
    };
    for (const [typed, vnd] of [["50k", "50000"], ["1tr2", "1200000"], ["2,5 triệu", "2500000"], ["120 nghìn", "120000"]] as const) {
      const res = await post(`Giá viết tắt ${typed}`, typed);
      expect(res.status, typed).toBe(302);
      const product = await t.db.selectFrom("products").select("price_vnd").where("title", "=", `Giá viết tắt ${typed}`).executeTakeFirstOrThrow();
      expect(String(product.price_vnd), typed).toBe(vnd);
    }
    const asked = await post("Xoài một tỷ", "1.000.000.000");
    expect(asked.status).toBe(200);
    const html = await asked.text();
    expect(fieldErrors(html).join(" ")).toContain("Giá này rất cao cho một đơn vị.");
    expect(html).toContain('name="confirmPrice"');
    expect(await t.db.selectFrom("products").select("id").where("title", "=", "Xoài một tỷ").executeTakeFirst()).toBeUndefined();
    expect((await post("Xoài một tỷ", "1.000.000.000", { confirmPrice: "on" })).status).toBe(302);
  });

  it.each([
    ["a text file named .jpg", Buffer.from("not a photo at all"), "Tệp này không phải ảnh"],
    ["an SVG with a script", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "Tệp này không phải ảnh"],
    ["a HEIC photo", Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\0"), "HEIC"],
  ])("answers %s with a field message and saves nothing", async (_name, data, message) => {
    const before = await t.db.selectFrom("products").select(({ fn }) => fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const mediaBefore = await t.db.selectFrom("media").select(({ fn }) => fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const body = multipart({ title: "Ảnh lạ", priceVnd: "50000", stock: "1", intent: "publish" }, [
      { name: "photos", filename: "photo.jpg", type: "image/jpeg", data },
    ]);
    const res = await handle(new Request("http://localhost/sell/new", { method: "POST", body, headers: { Cookie: cookie } }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(fieldErrors(html).join(" ")).toContain(message);
    expect(html).toContain('value="Ảnh lạ"'); // what was typed is kept
    const after = await t.db.selectFrom("products").select(({ fn }) => fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const mediaAfter = await t.db.selectFrom("media").select(({ fn }) => fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(mediaAfter.n).toBe(mediaBefore.n);
  });

  it("drains a 50 MB upload as it streams, keeping none of it, and says the photo is too large", async () => {
    // The body is generated 64 KB at a time, so any growth in memory is the server's doing.
    const boundary = "----vuonnha-test-boundary";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="huge.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    const total = 50 * 1024 * 1024;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new Uint8Array(Buffer.concat([head, Buffer.from([0xff, 0xd8, 0xff])])));
        if (sent >= total) {
          controller.enqueue(new Uint8Array(tail));
          controller.close();
          return;
        }
        controller.enqueue(new Uint8Array(chunk));
        sent += chunk.length;
      },
    });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const res = await handle(
      new Request("http://localhost/media/upload", {
        method: "POST",
        body: stream,
        headers: { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Ảnh quá lớn (tối đa 15 MB)." });
    expect(sent).toBe(total);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it("the JavaScript uploader gets JSON: an id and a thumbnail, or a message in the visitor's language", async () => {
    const ok = await handle(
      new Request("http://localhost/media/upload", {
        method: "POST",
        body: multipart({}, [{ name: "photo", filename: "p.jpg", type: "image/jpeg", data: await samplePhoto() }]),
        headers: { Cookie: cookie },
      }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: expect.stringMatching(/^[A-Za-z0-9_-]{20}$/), thumb: expect.stringMatching(/^\/media\/.+\/320\.jpg$/) });
    const signedOut = await handle(new Request("http://localhost/media/upload", { method: "POST", body: multipart({}, []) }));
    expect(signedOut.status).toBe(401);
  });
});
