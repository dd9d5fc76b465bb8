import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { signIn } from "./helpers";

const here = path.dirname(fileURLToPath(import.meta.url));
const photoPath = path.join(here, ".results", "buong-chuoi.jpg");

test.beforeAll(async () => {
  // A phone-sized photo taken sideways (EXIF orientation 6), as cheap Android cameras store them.
  await sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 236, g: 196, b: 52 } } })
    .composite([{ input: { create: { width: 600, height: 600, channels: 3, background: { r: 90, g: 140, b: 40 } } }, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toFile(photoPath);
});

async function fillListing(page: Page, title: string) {
  await page.getByLabel("Tên sản phẩm").fill(title);
  await page.getByLabel("Giá (đồng) cho mỗi đơn vị").fill("180.000");
  await page.getByLabel("Đơn vị bán").selectOption("buong");
  await page.getByLabel("Số lượng còn").fill("6");
}

async function expectLive(page: Page, title: string) {
  await expect(page.getByText("Đã đăng bán. Người mua đã thấy sản phẩm của bạn.")).toBeVisible();
  // Issue 10 #4: "Buồng chuối già hương Bình Phước" went live under "Rau củ", and nobody was told.
  await expect(page.getByRole("status")).toContainText("Danh mục: Trái cây.");
  await expect(page.getByRole("status").getByRole("link", { name: "Đổi danh mục" })).toHaveAttribute("href", /^\/sell\/\d+#category$/);
  // The newest row first: a retried test finds its own listing, not the first attempt's.
  await page.locator("li.listing-row", { hasText: title }).first().getByRole("link", { name: "Xem" }).click();
  // Level 1: the farm's other listings below may carry the same title (an earlier run, the other project).
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".price")).toHaveText("180.000 ₫ / buồng");
  const img = page.locator(".product-cover img");
  await expect(img).toBeVisible();
  // Visible is not loaded: on a busy machine the photo may still be on its way.
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  // Upright after EXIF orientation 6: portrait, and served as a processed variant.
  const size = await img.evaluate((el: HTMLImageElement) => ({ w: el.naturalWidth, h: el.naturalHeight, src: el.currentSrc }));
  expect(size.h).toBeGreaterThan(size.w);
  expect(size.src).toMatch(/\/media\/[A-Za-z0-9_-]+\/\d+\.(avif|webp|jpg)$/);
  // And buyers see it, signed out.
  const url = page.url();
  const buyer = await page.context().browser()!.newContext();
  const buyerPage = await buyer.newPage();
  await buyerPage.goto(url);
  await expect(buyerPage.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await buyer.close();
}

test("a photo chosen while the page's script is still on its way is sent as soon as it arrives, not left silently behind (issue 14)", async ({ page }) => {
  await signIn(page, "0901000001", "vuonnha123");
  // Slow 3G on a cheap phone: the form is on screen long before the script that sends photos.
  let releaseScripts = () => {};
  const scriptsHeld = new Promise<void>((resolve) => (releaseScripts = resolve));
  await page.route("**/build/**", async (route) => {
    await scriptsHeld;
    await route.continue();
  });
  await page.goto("/sell/new", { waitUntil: "commit" });
  const camera = page.locator('input[type="file"][capture="environment"]');
  await camera.waitFor({ state: "attached" });
  await camera.setInputFiles(photoPath);
  const upload = page.waitForResponse((r) => r.url().endsWith("/media/upload"));
  releaseScripts();
  expect((await upload).status()).toBe(200);
  await expect(page.locator(".photo-list img")).toHaveCount(1);
  await expect(page.locator(".photo-pending")).toHaveCount(0);
});

test("a key pressed the moment the page's script starts does not leave the page dead: the photo is still sent (issue 14)", async ({ page }) => {
  await signIn(page, "0901000001", "vuonnha123");
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // On a slow phone her typing can land right after React starts and before it first renders
  // (one listing run in ten on a 4× slower CPU). Here a key press is made to land exactly there:
  // as soon as React starts listening on the page.
  await page.addInitScript(() => {
    const listen = EventTarget.prototype.addEventListener;
    let pressed = false;
    EventTarget.prototype.addEventListener = function (this: EventTarget, ...args: Parameters<EventTarget["addEventListener"]>) {
      listen.apply(this, args);
      if (this === document && args[0] === "keydown" && !pressed && location.pathname === "/sell/new") {
        pressed = true;
        queueMicrotask(() => document.querySelector("input[name=title]")?.dispatchEvent(new KeyboardEvent("keydown", { key: "B", bubbles: true })));
      }
    };
  });
  await page.goto("/sell/new");
  await page.getByLabel("Tên sản phẩm").fill("Buồng chuối");
  await page.locator('input[type="file"][capture="environment"]').setInputFiles(photoPath);
  await expect(page.locator(".photo-list img")).toHaveCount(1, { timeout: 20_000 });
  expect(errors).toEqual([]);
});

test("the banana farmer lists a bunch from her phone with a photo and sees it live (JavaScript on)", async ({ page }) => {
  await signIn(page, "0901000001", "vuonnha123");
  await page.getByRole("link", { name: "Bán hàng" }).click();
  await page.getByRole("link", { name: "Đăng bán sản phẩm" }).click();
  const camera = page.locator('input[type="file"][capture="environment"]');
  await expect(camera).toHaveAttribute("accept", "image/*");
  // The photo is shrunk in the browser and uploaded before the form is sent.
  const upload = page.waitForResponse((r) => r.url().endsWith("/media/upload"));
  await camera.setInputFiles(photoPath);
  const response = await upload;
  expect(response.status()).toBe(200);
  // Shrunk on the phone within 150 KB (issue 14): 5 s at 3G's 250 kbps up, not 13.
  expect(Number((await response.request().headerValue("content-length")) ?? 0)).toBeLessThan(151 * 1024);
  await expect(page.locator(".photo-list img")).toHaveCount(1);
  await fillListing(page, "Buồng chuối già hương Bình Phước (JS)");
  // The guess sits beside the title as it is typed; the same list changes it in one tap.
  await expect(page.getByLabel("Danh mục").locator("option").first()).toHaveText("Theo tên: Trái cây");
  await page.getByLabel("Tên sản phẩm").fill("Gạo ST25 Sóc Trăng");
  await expect(page.getByLabel("Danh mục").locator("option").first()).toHaveText("Theo tên: Gạo & ngũ cốc");
  await fillListing(page, "Buồng chuối già hương Bình Phước (JS)");
  await page.getByRole("button", { name: "Đăng bán", exact: true }).click();
  await expectLive(page, "Buồng chuối già hương Bình Phước (JS)");
});

test("a dropped upload is sent again by “Thử lại”, and publishing waits for a photo still on its way (issue 10 #1, #3)", async ({ page }) => {
  await signIn(page, "0901000001", "vuonnha123");
  await page.goto("/sell/new");
  let uploads = 0;
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/media/upload", async (route) => {
    uploads++;
    if (uploads === 1) return route.abort("internetdisconnected");
    if (uploads === 2) await held;
    return route.continue();
  });
  await page.locator('input[type="file"][capture="environment"]').setInputFiles(photoPath);
  await expect(page.getByText("Tải ảnh không được. Kiểm tra mạng rồi thử lại.")).toBeVisible();
  // Retry used to send nothing: the failed item had kept no photo to send.
  await page.getByRole("button", { name: "Thử lại" }).click();
  await expect.poll(() => uploads).toBe(2);
  await expect(page.locator(".photo-pending progress")).toBeVisible();
  await fillListing(page, "Mít Thái chờ ảnh");
  await page.getByRole("button", { name: "Đăng bán", exact: true }).click();
  await expect(page.getByText("Đang chờ ảnh tải lên xong, rồi sẽ tự gửi…")).toBeVisible();
  await expect(page).toHaveURL(/\/sell\/new$/);
  release();
  // The listing goes live with its photo (expectLive checks the cover loads).
  await expectLive(page, "Mít Thái chờ ảnh");
});

test("publishing with no connection keeps the listing on the phone, and it goes live once the connection is back (issue 10 #2, issue 14)", async ({ page, context }) => {
  await signIn(page, "0901000001", "vuonnha123");
  await page.goto("/sell/new");
  await page.locator('input[type="file"][capture="environment"]').setInputFiles(photoPath);
  await expect(page.locator(".photo-list img")).toHaveCount(1);
  await fillListing(page, "Mít Thái mất sóng");
  await context.setOffline(true);
  await page.getByRole("button", { name: "Đăng bán", exact: true }).click();
  await expect(page.getByText(/Không có mạng: tin đăng đã được giữ trên điện thoại/)).toBeVisible();
  await expect(page.getByText("Đã có lỗi xảy ra")).toHaveCount(0);
  const kept = page.locator(".waiting-draft", { hasText: "Mít Thái mất sóng" }).first();
  await expect(kept).toContainText("1 ảnh");
  await context.setOffline(false);
  await expect(kept).toContainText("Đã gửi", { timeout: 30_000 });
  await kept.getByRole("link", { name: "Xem tin" }).click();
  await expect(page.getByLabel("Tên sản phẩm")).toHaveValue("Mít Thái mất sóng");
  await expect(page.locator(".photo-list img")).toHaveCount(1);
});

test("all mistakes come back at once with the first one in focus; archiving offers an undo (issue 10 #6)", async ({ page }) => {
  await signIn(page, "0901000001", "vuonnha123");
  await page.goto("/sell/new");
  await page.getByLabel("Tên sản phẩm").fill("Mít Thái lưu trữ");
  await page.getByLabel("Giá (đồng) cho mỗi đơn vị").fill("45k");
  await page.getByLabel("Số lượng còn").fill("nhiều");
  await page.getByRole("button", { name: "Đăng bán", exact: true }).click();
  // The photo and the stock are both reported in the first reply, and the photo (first) has the focus.
  await expect(page.getByText("Cần ít nhất một ảnh để đăng bán.")).toBeVisible();
  await expect(page.getByText("Số lượng là số nguyên từ 0 đến 1.000.000.")).toBeVisible();
  await expect(page.locator("[data-first-error]")).toBeFocused();
  await page.locator('input[type="file"][capture="environment"]').setInputFiles(photoPath);
  await expect(page.locator(".photo-list img")).toHaveCount(1);
  await page.getByLabel("Số lượng còn").fill("5");
  await page.getByRole("button", { name: "Đăng bán", exact: true }).click();
  await expect(page.getByText("Đã đăng bán. Người mua đã thấy sản phẩm của bạn.")).toBeVisible();
  const row = page.locator("li.listing-row", { hasText: "Mít Thái lưu trữ" }).first();
  await expect(row).toContainText("45.000 ₫ / kg");
  await row.getByRole("button", { name: "Lưu trữ" }).click();
  const snackbar = page.locator(".snackbar");
  await expect(snackbar).toContainText("Đã lưu trữ “Mít Thái lưu trữ”.");
  await snackbar.getByRole("button", { name: "Hoàn tác" }).click();
  await expect(snackbar).toHaveCount(0);
  await expect(page.locator("li.listing-row", { hasText: "Mít Thái lưu trữ" }).first().locator(".badge").first()).toHaveText("Đang bán");
});

test.describe("JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the same listing works: the raw photo posts with the form and the server does the work", async ({ page }) => {
    await signIn(page, "0901000001", "vuonnha123");
    await page.goto("/sell/new");
    await page.locator('input[type="file"][capture="environment"]').setInputFiles(photoPath);
    await fillListing(page, "Buồng chuối già hương Bình Phước (không JS)");
    await page.getByRole("button", { name: "Đăng bán", exact: true }).click();
    await expectLive(page, "Buồng chuối già hương Bình Phước (không JS)");
  });

  test("a bad file is refused with a message and the form keeps what was typed", async ({ page }) => {
    await signIn(page, "0901000001", "vuonnha123");
    await page.goto("/sell/new");
    await page.locator('input[type="file"][multiple]').setInputFiles({ name: "anh.jpg", mimeType: "image/jpeg", buffer: Buffer.from("không phải ảnh") });
    await fillListing(page, "Nải chuối thử lỗi");
    await page.getByRole("button", { name: "Đăng bán", exact: true }).click();
    await expect(page.getByText("Tệp này không phải ảnh JPEG, PNG, WebP hay AVIF.")).toBeVisible();
    await expect(page.getByLabel("Tên sản phẩm")).toHaveValue("Nải chuối thử lỗi");
  });
});

test("restock with one tap and pause from the dashboard", async ({ page }) => {
  await signIn(page, "0901000005", "vuonnha123");
  await page.goto("/sell");
  const row = page.locator("li.listing-row", { hasText: "Cà chua bi Đà Lạt" });
  await expect(row.getByTestId("stock")).toHaveText("Còn 80 kg");
  await row.getByRole("button", { name: "Thêm 10" }).click();
  await expect(row.getByTestId("stock")).toHaveText("Còn 90 kg");
  await row.getByRole("button", { name: "Tạm ngừng" }).click();
  await expect(row.getByText("Tạm ngừng", { exact: true }).first()).toBeVisible();
  await row.getByRole("button", { name: "Bán lại" }).click();
  await expect(row.locator(".badge")).toHaveText("Đang bán");
});
