import { expect, test } from "@playwright/test";
import { signUp, uniquePhone } from "./helpers";

/**
 * Paying by wallet on a phone (issue 12): the buyer goes to MoMo's page (the local simulator in
 * development, which signs its notification as MoMo does) and comes back to her order.
 */
test.describe("paying by MoMo", () => {
  test.setTimeout(120_000);

  test("a buyer's wallet is short, she is told so on her order, pays again and the order is paid", async ({ page }) => {
    await signUp(page, "Võ Thị Ví", uniquePhone());
    await page.goto("/shops/vuon-chuoi-ba-tu");
    await page.getByRole("link", { name: "Buồng chuối già hương chín cây" }).first().click();
    await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
    await expect(page.getByText("Đã thêm vào giỏ.")).toBeVisible();
    await page.getByRole("link", { name: /^Đặt hàng/ }).click();
    await page.getByLabel("Tỉnh / thành phố").selectOption("01");
    await expect(page.getByLabel("Phường / xã").locator("option")).not.toHaveCount(1);
    await page.getByLabel("Phường / xã").selectOption({ label: "Phường Ba Đình" });
    await page.getByLabel("Số nhà, đường, thôn/ấp").fill("5 Điện Biên Phủ");
    await page.getByLabel("Ví MoMo").check();
    await page.getByRole("button", { name: "Đặt 1 đơn hàng" }).click();

    await expect(page).toHaveURL(/\/orders\/VN[0-9A-Z]{8}$/);
    const code = page.url().split("/").pop()!;
    await expect(page.locator(".badge").first()).toHaveText("Chờ thanh toán");
    await expect(page.getByRole("img", { name: /^VietQR/ })).toHaveCount(0);
    await page.getByRole("button", { name: "Thanh toán qua Ví MoMo" }).click();

    await expect(page.getByRole("heading", { name: "MoMo simulator (dev)" })).toBeVisible();
    await page.getByRole("button", { name: "Insufficient funds (1001)" }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${code}$`));
    await expect(page.getByRole("alert")).toHaveText("Lần trả trước không thành công: ví không đủ tiền.");
    await expect(page.locator(".badge").first()).toHaveText("Chờ thanh toán");

    await page.getByRole("button", { name: "Thanh toán lại qua Ví MoMo" }).click();
    await expect(page.getByRole("heading", { name: "MoMo simulator (dev)" })).toBeVisible();
    await page.getByRole("button", { name: "Pay (success)" }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${code}$`));
    await expect(page.locator(".badge").first()).toHaveText("Đã thanh toán");
    await expect(page.getByRole("button", { name: /Thanh toán/ })).toHaveCount(0);
    await expect(page.locator(".timeline")).toContainText("Đã thanh toán");
  });
});
