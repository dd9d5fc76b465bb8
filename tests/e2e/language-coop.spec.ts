import { expect, test } from "@playwright/test";
import { createCoop, openFarmShop, signIn, signUp, uniquePhone } from "./helpers";

test("the language switch turns the site to English and sticks across pages", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await page.getByLabel("Mobile number").fill("999");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("That is not a valid Vietnamese mobile number", { exact: false })).toBeVisible();
  await page.getByRole("button", { name: "Tiếng Việt" }).click();
  await expect(page.getByRole("heading", { name: "Tạo tài khoản" })).toBeVisible();
});

test("a co-op manager invites a farmer, who joins with the code and then leaves", async ({ page, browser }) => {
  const managerPhone = uniquePhone();
  await signUp(page, "Quản Lý Hợp", managerPhone);
  await createCoop(page, "HTX Bưởi Tân Triều");
  const code = (await page.getByTestId("invite-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^[A-Z0-9]{8}$/);

  const farmerContext = await browser.newContext();
  const farmer = await farmerContext.newPage();
  const farmerPhone = uniquePhone();
  await signUp(farmer, "Xã Viên Mới", farmerPhone);
  await openFarmShop(farmer, "Vườn Xã Viên Mới", "XA VIEN MOI");
  await farmer.getByLabel("Mã mời của hợp tác xã").fill(code.toLowerCase());
  await farmer.getByRole("button", { name: "Tham gia" }).click();
  await expect(farmer.getByText("Bạn đã tham gia HTX Bưởi Tân Triều.")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("link", { name: "Vườn Xã Viên Mới" })).toBeVisible();

  await farmer.getByRole("button", { name: "Rời hợp tác xã" }).click();
  await expect(farmer.getByText("Bạn đã rời hợp tác xã.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Chưa có xã viên.")).toBeVisible();
  await farmerContext.close();
});

test("a forgotten password is reset with the code from the outbox", async ({ page }) => {
  const phone = uniquePhone();
  await signUp(page, "Hay Quên", phone, "mat-khau-cu-1");
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await page.goto("/forgot-password");
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByRole("button", { name: "Gửi mã" }).click();
  await expect(page.getByText("mã xác nhận đã được gửi", { exact: false })).toBeVisible();

  // The worker sends the SMS (without tone marks) through the job queue and the SMS simulator to the dev outbox.
  let code = "";
  await expect(async () => {
    const outbox = await page.request.get("/dev/outbox");
    const html = await outbox.text();
    const match = html.match(new RegExp(`${phone}[\\s\\S]*?ma lay lai mat khau cua ban la (\\d{6})`));
    expect(match).not.toBeNull();
    code = match?.[1] ?? "";
  }).toPass({ timeout: 10_000 });

  await page.getByLabel("Mã xác nhận (6 số)").fill(code);
  await page.getByLabel("Mật khẩu mới").fill("mat-khau-moi-2");
  await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
  await expect(page.getByText("Đã đổi mật khẩu.", { exact: false })).toBeVisible();
  await signIn(page, phone, "mat-khau-moi-2");
  await expect(page.getByRole("heading", { name: "Xin chào, Hay Quên" })).toBeVisible();
});

test("the demo banana farmer signs in and her shop is in Phường Bình Phước, Đồng Nai", async ({ page }) => {
  await signIn(page, "0901000001", "vuonnha123");
  await expect(page.getByRole("heading", { name: "Xin chào, Nguyễn Thị Tư" })).toBeVisible();
  await page.getByRole("link", { name: "Xem trang gian hàng" }).click();
  await expect(page.getByText("Phường Bình Phước, Đồng Nai")).toBeVisible();
  await expect(page.getByRole("link", { name: "HTX Nông sản Đồng Nai Xanh" })).toBeVisible();
});
