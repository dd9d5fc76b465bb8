import { expect, test } from "@playwright/test";
import { signIn, signUp, uniquePhone } from "./helpers";

test.describe("a farmer with JavaScript on", () => {
  test("signs up, opens a farm shop, signs out and signs back in", async ({ page }) => {
    const phone = uniquePhone();
    await signUp(page, "Nguyễn Thị Hoa", `+84 ${phone.slice(1, 4)} ${phone.slice(4)}`);

    await page.getByRole("link", { name: "Mở gian hàng" }).click();
    await page.getByLabel("Tên gian hàng").fill("Vườn Bưởi Hoa");
    await page.getByLabel("Câu chuyện của vườn").fill("Bưởi da xanh trồng bên sông.");
    await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Đồng Nai" });
    // The ward list follows the province without a reload.
    await expect(page.getByLabel("Phường / xã").locator("option", { hasText: "Phường Bình Phước" })).toHaveCount(1);
    await page.getByLabel("Phường / xã").selectOption({ label: "Phường Bình Phước" });
    await page.getByLabel("Ngân hàng nhận tiền").selectOption("970405");
    await page.getByLabel("Số tài khoản").fill("6100 2051 23456");
    await page.getByLabel("Tên chủ tài khoản").fill("Nguyễn Thị Hoa");
    await page.getByRole("button", { name: "Mở gian hàng" }).click();

    await expect(page.getByText("Gian hàng đã mở. Chúc bạn bán đắt hàng!")).toBeVisible();
    await expect(page.getByText("Vườn Bưởi Hoa")).toBeVisible();
    await page.getByRole("link", { name: "Xem trang gian hàng" }).click();
    await expect(page.getByRole("heading", { name: "Vườn Bưởi Hoa" })).toBeVisible();
    await expect(page.getByText("Phường Bình Phước, Đồng Nai")).toBeVisible();
    await expect(page.getByText("61002051")).toHaveCount(0); // bank details stay private

    await page.goto("/account");
    await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
    await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();

    await signIn(page, phone);
    await expect(page.getByRole("heading", { name: "Xin chào, Nguyễn Thị Hoa" })).toBeVisible();
    await expect(page.getByText("Nông dân", { exact: true })).toBeVisible();
  });

  test("sees field messages instead of an error page for bad input", async ({ page }) => {
    await page.goto("/signup");
    await page.getByLabel("Họ và tên").fill("Lê Văn Sai");
    await page.getByLabel("Số điện thoại").fill("12345");
    await page.getByLabel("Mật khẩu").fill("ngan");
    await page.getByRole("button", { name: "Tạo tài khoản" }).click();
    await expect(page.getByText("Số điện thoại không hợp lệ.", { exact: false })).toBeVisible();
    await expect(page.getByText("Mật khẩu cần ít nhất 8 ký tự.")).toBeVisible();
    await expect(page.getByLabel("Số điện thoại")).toHaveAttribute("aria-invalid", "true");
  });
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the same sign-up and shop opening work, province first, then its wards", async ({ page }) => {
    const phone = uniquePhone();
    await signUp(page, "Trần Văn Bình", phone);
    await page.goto("/shop/new");
    await page.getByLabel("Tên gian hàng").fill("Vườn Tiêu Bình");
    await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Đắk Lắk" });
    await page.getByRole("button", { name: "Hiện danh sách phường / xã" }).click();
    // The page comes back with Đắk Lắk's wards and what was typed.
    await expect(page.getByLabel("Tên gian hàng")).toHaveValue("Vườn Tiêu Bình");
    await page.getByLabel("Phường / xã").selectOption({ label: "Phường Buôn Ma Thuột" });
    await page.getByLabel("Ngân hàng nhận tiền").selectOption("970418");
    await page.getByLabel("Số tài khoản").fill("21510001234567");
    await page.getByLabel("Tên chủ tài khoản").fill("TRAN VAN BINH");
    await page.getByRole("button", { name: "Mở gian hàng" }).click();
    await expect(page.getByText("Gian hàng đã mở. Chúc bạn bán đắt hàng!")).toBeVisible();

    await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
    await signIn(page, phone);
    await expect(page.getByRole("heading", { name: "Xin chào, Trần Văn Bình" })).toBeVisible();
  });
});
