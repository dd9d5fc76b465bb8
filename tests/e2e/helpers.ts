import { expect, type Page } from "@playwright/test";

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
}

export async function signIn(page: Page, phone: string, password = "mat-khau-dai") {
  await page.goto("/login");
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(/\/account/);
}
