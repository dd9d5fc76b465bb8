import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type BrowserContext, type Page, type Route } from "@playwright/test";
import sharp from "sharp";
import { signIn } from "./helpers";

const here = path.dirname(fileURLToPath(import.meta.url));
const photoPath = path.join(here, ".results", "ca-phe-nghieng.jpg");

test.beforeAll(async () => {
  // Taken sideways (EXIF orientation 6), as cheap Android cameras store them.
  await sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 120, g: 72, b: 40 } } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toFile(photoPath);
});

// context.setOffline does not reach the service worker's own requests: those are cut here.
const cutWorker = (route: Route) => (route.request().serviceWorker() ? route.abort("internetdisconnected") : route.continue());

async function goOffline(context: BrowserContext) {
  await context.route("**", cutWorker);
  await context.setOffline(true);
}

async function goOnline(context: BrowserContext) {
  await context.unroute("**", cutWorker);
  await context.setOffline(false);
}

async function listingRows(page: Page, title: string) {
  await page.goto("/sell");
  return page.locator("li.listing-row", { hasText: title }).count();
}

/** Offline on the new-listing page: takes the photo, fills the listing in and taps "Đăng bán"; it is kept on the phone. */
async function listWithPhotoOffline(page: Page, title: string, price: string, stock: string) {
  await page.locator('input[type="file"][capture="environment"]').setInputFiles(photoPath);
  await expect(page.getByText("Không có mạng: ảnh được giữ và sẽ gửi cùng tin đăng.")).toBeVisible({ timeout: 20_000 });
  await page.getByLabel("Tên sản phẩm").fill(title);
  await page.getByLabel("Giá (đồng) cho mỗi đơn vị").fill(price);
  await page.getByLabel("Số lượng còn").fill(stock);
  await page.getByRole("button", { name: "Đăng bán", exact: true }).click();
  await expect(page.getByText("Không có mạng: tin đăng đã được giữ trên điện thoại")).toBeVisible();
}

test("offline, a farmer fills in a listing and takes its photo, reloads the page without a connection, and when the connection is back exactly one listing goes live with its photo upright", async ({ page, context }) => {
  const title = `Cà phê Robusta rang mộc ${Date.now()}`;
  await signIn(page, "0901000001", "vuonnha123");
  await page.goto("/sell");
  // The service worker is in charge and has kept the farmer's pages.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open("farmer-pages")).keys()).map((r) => new URL(r.url).pathname).sort().join(" ")), { timeout: 20_000 })
    .toBe("/sell /sell/new /sell/orders");

  await goOffline(context);
  await page.goto("/sell/new");
  await expect(page.getByRole("heading", { level: 1, name: "Đăng bán" })).toBeVisible();
  await listWithPhotoOffline(page, title, "180.000", "20");
  const waiting = page.locator(".waiting-draft", { hasText: title });
  await expect(waiting).toContainText("1 ảnh");
  await expect(waiting).toContainText("Chờ có mạng");
  // The form is empty again, for the next listing.
  await expect(page.getByLabel("Tên sản phẩm")).toHaveValue("");

  // Still offline, the page is opened again: the listing is still waiting, with its photo.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Đang chờ gửi" })).toBeVisible();
  await expect(page.locator(".waiting-draft", { hasText: title })).toContainText("1 ảnh");

  await goOnline(context);
  const sent = page.locator(".waiting-draft", { hasText: title });
  await expect(sent).toContainText("Đã gửi", { timeout: 30_000 });
  // A second chance to send (the page opening again, the worker's Background Sync) makes no second listing.
  await page.reload();
  await expect(page.locator(".waiting-draft", { hasText: title })).toContainText("Đã gửi");
  expect(await listingRows(page, title)).toBe(1);

  await page.locator("li.listing-row", { hasText: title }).getByRole("link", { name: "Xem" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const img = page.locator(".product-cover img");
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  const size = await img.evaluate((el: HTMLImageElement) => ({ w: el.naturalWidth, h: el.naturalHeight }));
  expect(size.h).toBeGreaterThan(size.w); // upright: the sideways photo stands
});

test("signing out drops the farmer's pages kept for offline use: they are one person's", async ({ page }) => {
  await signIn(page, "0901000001", "vuonnha123");
  await page.goto("/sell");
  await expect.poll(() => page.evaluate(async () => (await (await caches.open("farmer-pages")).keys()).length), { timeout: 20_000 }).toBe(3);
  await page.goto("/account");
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect.poll(() => page.evaluate(async () => (await caches.has("farmer-pages")) && (await (await caches.open("farmer-pages")).keys()).length)).toBeFalsy();
});

test("a listing kept offline that the server will not take comes back into the form with the photo it had already sent, to be fixed and published once", async ({ page, context }) => {
  const title = `Cà phê nhân xanh ${Date.now()}`;
  await signIn(page, "0901000001", "vuonnha123");
  await page.goto("/sell");
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);
  await page.goto("/sell/new");
  // The photo goes up while the connection holds…
  await page.locator('input[type="file"][capture="environment"]').setInputFiles(photoPath);
  await expect(page.locator('.photo-list input[name="photoIds"]')).toHaveCount(1, { timeout: 20_000 });
  // …then it drops, and the farmer publishes without a price.
  await goOffline(context);
  await page.getByLabel("Tên sản phẩm").fill(title);
  await page.getByLabel("Số lượng còn").fill("15");
  await page.getByRole("button", { name: "Đăng bán", exact: true }).click();
  await expect(page.getByText("Không có mạng: tin đăng đã được giữ trên điện thoại")).toBeVisible();

  await goOnline(context);
  const draft = page.locator(".waiting-draft", { hasText: title });
  await expect(draft).toContainText("Chưa đăng được: mở lại để sửa", { timeout: 30_000 });
  await draft.getByRole("button", { name: "Mở lại" }).click();
  await expect(page.getByLabel("Tên sản phẩm")).toHaveValue(title);
  await expect(page.getByLabel("Số lượng còn")).toHaveValue("15");
  await expect(page.locator('.photo-list input[name="photoIds"]')).toHaveCount(1);
  await expect(page.locator(".waiting-draft", { hasText: title })).toHaveCount(0);
  await page.getByLabel("Giá (đồng) cho mỗi đơn vị").fill("220.000");
  await page.getByRole("button", { name: "Đăng bán", exact: true }).click();
  await expect(page).toHaveURL(/\/sell\?/);
  expect(await listingRows(page, title)).toBe(1);
  await page.locator("li.listing-row", { hasText: title }).getByRole("link", { name: "Xem" }).click();
  const img = page.locator(".product-cover img");
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
});

test.describe("before the service worker has kept anything", () => {
  test.use({ serviceWorkers: "block" });

  test("a photo taken after the connection drops is kept with the listing, not left 'shrinking' for ever (the shrinker's code never came)", async ({ page, context }) => {
    const title = `Bưởi da xanh ${Date.now()}`;
    await signIn(page, "0901000001", "vuonnha123");
    await page.goto("/sell/new");
    await expect(page.getByRole("button", { name: "Đăng bán", exact: true })).toBeEnabled();
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter)); // the page's script is running
    await context.setOffline(true);
    await listWithPhotoOffline(page, title, "65.000", "30");
    await expect(page.locator(".waiting-draft", { hasText: title })).toContainText("1 ảnh");
    // Back online, the page sends it (no worker here to do it).
    await context.setOffline(false);
    await expect(page.locator(".waiting-draft", { hasText: title })).toContainText("Đã gửi", { timeout: 30_000 });
    expect(await listingRows(page, title)).toBe(1);
  });
});
