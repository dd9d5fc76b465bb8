import { expect, test } from "@playwright/test";
import { scriptFilesLoaded } from "./helpers";

test("the data-saver switch in the footer serves pages with no script and small photos, and turns off again", async ({ page }) => {
  await page.goto("/shops/vuon-chuoi-ba-tu");
  expect(await scriptFilesLoaded(page)).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Bật tiết kiệm dữ liệu" }).click();
  await expect(page).toHaveURL(/\/shops\/vuon-chuoi-ba-tu$/);
  await expect(page.getByText("Đang tiết kiệm dữ liệu: trang không tải JavaScript, ảnh cỡ nhỏ.")).toBeVisible();
  await expect(page.locator("script:not([type='application/ld+json'])")).toHaveCount(0);
  expect(await scriptFilesLoaded(page)).toBe(0);
  // Every photo is one small file, not a set of sizes for the phone to pick from.
  const photos = page.locator("main img");
  await expect(photos.first()).toBeVisible();
  expect(await page.locator("main img[srcset], main source[sizes]").count()).toBe(0);
  const widest = await photos.evaluateAll((imgs) => Math.max(...imgs.map((i) => (i as HTMLImageElement).naturalWidth)));
  expect(widest).toBeGreaterThan(0);
  expect(widest).toBeLessThanOrEqual(480);
  // Still a shop: a product opens and goes into the cart by a plain form post.
  await page.getByRole("link", { name: "Buồng chuối già hương chín cây" }).first().click();
  await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await expect(page.getByRole("status")).toHaveText(/Đã thêm/);
  await page.getByRole("button", { name: "Tắt tiết kiệm dữ liệu" }).click();
  await expect(page.getByRole("button", { name: "Bật tiết kiệm dữ liệu" })).toBeVisible();
  await expect.poll(() => scriptFilesLoaded(page)).toBeGreaterThan(0);
});
