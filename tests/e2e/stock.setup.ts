import { expect, test as setup } from "@playwright/test";
import { signIn } from "./helpers";

/**
 * The demo banana bunch has 12 in stock, as a real farm would; the phone and lite stories buy it
 * some twenty times between them (and again on a retry). Bà Tư restocks it through her own edit
 * form first, so no story finds it sold out because of another one.
 */
setup("Bà Tư has enough banana bunches for every story", async ({ page }) => {
  await signIn(page, "0901000001", "vuonnha123");
  await page.goto("/sell");
  await page.getByRole("link", { name: "Buồng chuối già hương chín cây", exact: true }).click();
  await page.getByLabel("Số lượng còn").fill("400");
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.locator("li.listing-row", { hasText: "Buồng chuối già hương chín cây" }).first().getByTestId("stock")).toContainText("400");
});
