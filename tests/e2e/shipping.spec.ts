import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp, uniquePhone } from "./helpers";

const FARMER = "0901000001"; // Vườn Chuối Bà Tư, demo seed: hands parcels to VNPost, Viettel Post and GHTK
const DEMO_PASSWORD = "vuonnha123";

/** The courier simulator moves the parcel one step and posts VNPost's webhook, as VNPost would. */
async function courierMoves(page: Page, trackingCode: string, step: string) {
  await page.goto("/dev/couriers");
  const parcel = page.locator(`article[data-tracking="${trackingCode}"]`);
  await parcel.getByLabel("Step").selectOption(step);
  await parcel.getByRole("button", { name: `Send ${trackingCode}` }).click();
  await expect(page.getByRole("status")).toHaveText(`${step} sent (now)`);
}

test("the banana bunch goes by VNPost: priced at checkout, booked by the farmer, labelled, followed by the buyer to delivered and paid at the door", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signUp(page, "Trần Văn Nhận", uniquePhone());
  await page.goto("/shops/vuon-chuoi-ba-tu");
  await page.getByRole("link", { name: "Buồng chuối già hương chín cây" }).first().click();
  await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await page.goto("/checkout");
  await page.getByLabel("Tỉnh / thành phố").selectOption("01");
  await expect(page.getByLabel("Phường / xã").locator("option")).not.toHaveCount(1);
  await page.getByLabel("Phường / xã").selectOption({ label: "Phường Ba Đình" });
  await page.getByLabel("Số nhà, đường, thôn/ấp").fill("12 Hàng Bài");
  // Once the ward is chosen, each courier shows its own price and days for this 14 kg bunch.
  const vnpost = page.getByLabel(/^VNPost \(Bưu điện\) — [0-9.]+\s?₫ · \d–\d ngày/);
  await expect(vnpost).toBeEnabled();
  await vnpost.check();
  await page.getByLabel("Trả tiền mặt khi nhận hàng").check();
  await page.getByRole("button", { name: "Đặt 1 đơn hàng" }).click();
  await expect(page).toHaveURL(/\/orders\/VN[0-9A-Z]{8}$/);
  const code = page.url().split("/").pop()!;
  await expect(page.getByText("VNPost (Bưu điện) · Giao đến")).toBeVisible();

  const farmerContext = await browser.newContext({ locale: "vi-VN", viewport: { width: 412, height: 915 } });
  const farmer = await farmerContext.newPage();
  await signIn(farmer, FARMER, DEMO_PASSWORD);
  await farmer.goto(`/orders/${code}`);
  await farmer.getByRole("button", { name: "Nhận đơn" }).click();
  await farmer.getByRole("button", { name: "Đã đóng gói" }).click();
  // A booked parcel is moved by its courier: the farmer books, she does not mark it shipped.
  await expect(farmer.getByRole("button", { name: "Đã gửi hàng" })).toHaveCount(0);
  await farmer.getByRole("button", { name: "Đặt VNPost (Bưu điện) đến lấy hàng" }).click();
  const booked = farmer.locator("#parcel-title + p strong");
  await expect(booked).toHaveText(/^EB[0-9]{9}VN$/);
  const trackingCode = (await booked.textContent())!;
  await expect(farmer.getByText("Đã đặt, chờ lấy hàng").first()).toBeVisible();
  const label = await farmer.request.get(`/orders/${code}/label.pdf`);
  expect(label.headers()["content-type"]).toBe("application/pdf");
  expect((await label.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await expect(farmer.getByRole("link", { name: "In nhãn gửi hàng (PDF)" })).toBeVisible();

  for (const step of ["picked_up", "in_transit", "delivering", "delivered"]) await courierMoves(farmer, trackingCode, step);
  await farmerContext.close();

  await page.reload();
  await expect(page.locator(".badge").first()).toHaveText("Đã giao");
  await expect(page.getByText(/Đã thanh toán · Trả tiền mặt khi nhận/)).toBeVisible();
  const timeline = page.locator(".parcel-timeline");
  for (const step of ["Đã đặt, chờ lấy hàng", "Đã lấy hàng", "Đang vận chuyển", "Đang giao đến bạn", "Đã giao"]) await expect(timeline).toContainText(step);
  await expect(page.getByRole("link", { name: "Theo dõi trên trang đơn vị vận chuyển" })).toHaveAttribute("href", new RegExp(trackingCode));
});
