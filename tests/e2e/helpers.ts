import { expect, test, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { LITE_ON } from "./lite-cookie";

/**
 * A browser of a story's own. In the "lite" project (the stories without JavaScript, issue 14)
 * it has the data saver switched on: the browser could run scripts, the pages send none.
 */
export function storyContext(browser: Browser, options: BrowserContextOptions = {}) {
  const lite = test.info().project.name === "lite";
  return browser.newContext({ ...options, ...(lite ? { javaScriptEnabled: true, storageState: { cookies: [LITE_ON], origins: [] } } : {}) });
}

/** A fresh valid mobile number for each test, so tests can run in any order and in parallel. */
export function uniquePhone(): string {
  const n = Math.floor(Math.random() * 1e8);
  return `09${String(n).padStart(8, "0")}`;
}

export async function signUp(page: Page, name: string, phone: string, password = "mat-khau-dai") {
  await page.goto("/signup");
  await page.getByLabel("Họ và tên").fill(name);
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("heading", { name: `Xin chào, ${name}` })).toBeVisible();
  await expectLiteWhenAsked(page);
}

/**
 * How many script files the page in view has loaded. Counted from the browser's resource timing, not
 * from <script> elements: Remix removes its own script elements once the page has hydrated.
 */
export function scriptFilesLoaded(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByType("resource").filter((entry) => new URL(entry.name).pathname.endsWith(".js")).length);
}

/** In the "lite" project, a page reached through form posts and redirects still ships no script. */
async function expectLiteWhenAsked(page: Page) {
  if (test.info().project.name === "lite") expect(await scriptFilesLoaded(page)).toBe(0);
}

export async function signIn(page: Page, phone: string, password = "mat-khau-dai") {
  await page.goto("/login");
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(/\/account/);
  await expectLiteWhenAsked(page);
}

/** Sets up a co-op in Phường Long Khánh, Đồng Nai, as the signed-in user, and lands on its desk. */
export async function createCoop(page: Page, name: string) {
  await page.goto("/coop/new");
  await page.getByLabel("Tên hợp tác xã").fill(name);
  await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Đồng Nai" });
  await page.getByLabel("Phường / xã").selectOption({ label: "Phường Long Khánh" });
  await page.getByRole("button", { name: "Lập hợp tác xã" }).click();
  await expect(page.getByText("Đã lập hợp tác xã.")).toBeVisible();
}

/** Opens a farm shop in Phường Long Khánh, Đồng Nai, for the signed-in farmer. */
export async function openFarmShop(page: Page, name: string, holder: string) {
  await page.goto("/shop/new");
  await page.getByLabel("Tên gian hàng").fill(name);
  await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Đồng Nai" });
  await page.getByLabel("Phường / xã").selectOption({ label: "Phường Long Khánh" });
  await page.getByLabel("Ngân hàng nhận tiền").selectOption("970422");
  await page.getByLabel("Số tài khoản").fill("0901234567");
  await page.getByLabel("Tên chủ tài khoản").fill(holder);
  await page.getByRole("button", { name: "Mở gian hàng" }).click();
}

/**
 * Without JavaScript: puts Bà Tư's banana bunch in the cart, delivers it to Phường Ba Đình, Hà Nội,
 * chooses `payment` and places the order. Lands on the new order's page.
 */
export async function orderBananaBunchWithoutScripts(page: Page, street: string, payment: string) {
  await page.goto("/shops/vuon-chuoi-ba-tu");
  await page.getByRole("link", { name: "Buồng chuối già hương chín cây" }).first().click();
  await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await page.goto("/checkout");
  await page.getByLabel("Tỉnh / thành phố").selectOption("01");
  await page.getByRole("button", { name: "Hiện danh sách phường / xã" }).click();
  await page.getByLabel("Phường / xã").selectOption({ label: "Phường Ba Đình" });
  await page.getByLabel("Số nhà, đường, thôn/ấp").fill(street);
  await page.getByLabel(payment).check();
  await page.getByRole("button", { name: /^Đặt 1 đơn hàng/ }).click();
  await expect(page).toHaveURL(/\/orders\/VN[0-9A-Z]{8}$/);
}
