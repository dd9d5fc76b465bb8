import { expect, test, type Page } from "@playwright/test";
import { createCoop, openFarmShop, signIn, signUp, uniquePhone } from "./helpers";

const DEMO_PASSWORD = "vuonnha123";

/** Records every Content-Security-Policy violation the page reports, from its first byte. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) fromConsole.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return async () => [...fromConsole, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
}

// Issue 9 #26: a strict Content-Security-Policy (nonces for Remix's scripts, no inline scripts
// without one), and every page type loads and hydrates under it with zero violations.
test("every page type loads under a strict CSP with no violation, and hydrates", async ({ page, browser }) => {
  const violations = await watchCsp(page);
  const response = await page.goto("/");
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  // Each visit gets its own nonce, cached page or not.
  const again = await page.request.get("/");
  expect(again.headers()["content-security-policy"]).not.toBe(policy);

  const anonymous = ["/", "/search?q=chuoi", "/c/trai-cay", "/p/75", "/shops/vuon-chuoi-ba-tu", "/login", "/signup", "/forgot-password", "/cart"];
  for (const path of anonymous) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
  }
  await page.goto("/search?q=chuoi");
  await page.locator("a[href^='/products/']").first().click();
  await expect(page).toHaveURL(/\/products\//);
  await page.goto("/shops/vuon-chuoi-ba-tu");
  await page.getByRole("link", { name: "HTX Nông sản Đồng Nai Xanh" }).first().click();
  await expect(page).toHaveURL(/\/coops\//);
  // Hydrated: a client-side navigation happened without a full reload.
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
  await page.getByRole("link", { name: "Đăng nhập" }).first().click();
  await expect(page).toHaveURL(/\/login/);
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  expect(await violations()).toEqual([]);

  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  const managerViolations = await watchCsp(manager);
  await signIn(manager, "0902000001", DEMO_PASSWORD);
  for (const path of ["/account", "/sell", "/sell/new", "/sell/orders", "/sell/orders/packing", "/coop/manage", "/coop/report", "/orders"]) {
    await manager.goto(path);
    await expect(manager.locator("main"), path).toBeVisible();
  }
  expect(await managerViolations()).toEqual([]);
  await managerContext.close();
});

// Issue 9 #2 and #18: a co-op could enrol any farm by phone without consent, and the form named the farm behind a number.
test("a co-op invites a farm by phone, the farmer accepts on her account page, and only then is she a member", async ({ page, browser }) => {
  const managerPhone = uniquePhone();
  await signUp(page, "Quản Lý Mời", managerPhone);
  await createCoop(page, "HTX Cam Cao Phong");

  const farmerContext = await browser.newContext();
  const farmer = await farmerContext.newPage();
  const farmerPhone = uniquePhone();
  await signUp(farmer, "Chủ Vườn Cam", farmerPhone);
  await openFarmShop(farmer, "Vườn Cam Bà Năm", "CHU VUON CAM");

  await page.getByLabel("Số điện thoại của xã viên").fill(farmerPhone);
  await page.getByRole("button", { name: "Gửi lời mời" }).click();
  const said = page.getByText(/đã được gửi lời mời/);
  await expect(said).toBeVisible();
  await expect(said).not.toContainText("Vườn Cam Bà Năm");
  // A number with no farm gets exactly the same words.
  await page.getByLabel("Số điện thoại của xã viên").fill("0987654321");
  await page.getByRole("button", { name: "Gửi lời mời" }).click();
  await expect(page.getByText(/Nếu số 0987 654 321 có gian hàng trên Vườn Nhà, nhà vườn đã được gửi lời mời/)).toBeVisible();
  await expect(page.getByText("Chưa có xã viên.")).toBeVisible();

  // The worker creates the invitation; the farmer answers it on her account page.
  await expect(async () => {
    await farmer.goto("/account");
    await expect(farmer.getByRole("heading", { name: "Lời mời vào hợp tác xã" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(farmer.getByRole("link", { name: "HTX Cam Cao Phong" })).toBeVisible();
  await farmer.getByRole("button", { name: "Đồng ý tham gia" }).click();
  await expect(farmer.getByText("Bạn đã tham gia HTX Cam Cao Phong.")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("link", { name: "Vườn Cam Bà Năm" })).toBeVisible();
  await farmerContext.close();
});

// A route module that throws when the browser loads it (say, a schema built at module level from a
// .server import, which the client bundle leaves empty) still renders on the server, so only the
// browser notices: every signed-in page must run its scripts without an error.
test("every signed-in page runs its scripts in the browser without an error", async ({ browser }) => {
  const pages: [string, string[]][] = [
    ["0901000001", ["/account", "/sell", "/sell/new", "/sell/orders", "/sell/money", "/shop/edit", "/orders", "/favourites"]],
    ["0902000001", ["/coop/manage", "/coop/report", "/sell/orders", "/sell/orders/packing"]],
    ["0904000001", ["/admin", "/admin/claims", "/admin/payouts", "/admin/reconciliation", "/dev/outbox", "/dev/bank"]],
  ];
  for (const [phone, paths] of pages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    await signIn(page, phone, DEMO_PASSWORD);
    for (const path of paths) {
      await page.goto(path);
      await expect(page.locator("main"), path).toBeVisible();
      await page.waitForLoadState("networkidle");
    }
    expect(errors).toEqual([]);
    await context.close();
  }
});
