import { expect, test, type Page } from "@playwright/test";
import { orderBananaBunchWithoutScripts, signIn, signUp, storyContext, uniquePhone } from "./helpers";

/** The development outbox as text: what reached each phone through the Zalo and SMS simulators. */
async function outbox(page: Page): Promise<string> {
  return (await (await page.request.get("/dev/outbox")).text()).replace(/<!-- -->/g, "");
}

async function outboxHas(page: Page, pattern: RegExp) {
  await expect(async () => expect(await outbox(page)).toMatch(pattern)).toPass({ timeout: 15_000 });
}

test.describe("JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("a buyer picks SMS for news of her orders: the farmer hears of the new order on Zalo, the buyer gets the shipped text by SMS with its tracking link", async ({ page, browser }) => {
    const phone = uniquePhone();
    await signUp(page, "Chị Lan Tin Nhắn", phone);
    await page.goto("/account");
    const orders = page.getByLabel("Đơn mua: được nhận, đang giao, đã giao");
    await expect(orders).toHaveValue("zalo_sms");
    await orders.selectOption({ label: "Chỉ SMS" });
    await page.getByRole("button", { name: "Lưu cách nhận tin" }).click();
    await expect(page.getByText("Đã lưu cách nhận tin.")).toBeVisible();
    await page.goto("/account");
    await expect(page.getByLabel("Đơn mua: được nhận, đang giao, đã giao")).toHaveValue("sms");
    await expect(page.getByText("Mã xác nhận và mã đặt lại mật khẩu luôn gửi bằng SMS.")).toBeVisible();

    await orderBananaBunchWithoutScripts(page, "12 Hàng Bài", "Trả tiền mặt khi nhận hàng");
    const code = page.url().split("/").at(-1)!;
    // The farmer never chose: Zalo first, with its tone marks.
    await outboxHas(page, new RegExp(`badge">zalo</span> 0901000001[\\s\\S]{0,200}?Đơn mới ${code}`));

    const farmer = await storyContext(browser, { javaScriptEnabled: false });
    const farmerPage = await farmer.newPage();
    await signIn(farmerPage, "0901000001", "vuonnha123");
    await farmerPage.goto("/sell/orders?show=all");
    await farmerPage.getByRole("link", { name: code }).click();
    await farmerPage.getByRole("button", { name: "Nhận đơn" }).click();
    await farmerPage.getByRole("button", { name: "Đã đóng gói" }).click();
    await farmerPage.getByLabel("Đơn vị vận chuyển").fill("VNPost");
    await farmerPage.getByLabel("Mã vận đơn").fill("EB123456789VN");
    await farmerPage.getByRole("button", { name: "Đã gửi hàng" }).click();
    await expect(farmerPage.getByText("Vận chuyển: VNPost EB123456789VN")).toBeVisible();
    await farmer.close();

    // Her choice holds: by SMS, without tone marks, with the link to her order's tracking.
    await outboxHas(page, new RegExp(`badge">sms</span> ${phone}[\\s\\S]{0,300}?Vuon Nha: don ${code} da duoc gui\\. VNPost EB123456789VN Theo doi: http://[^\\s<]+/orders/${code}`));
    expect(await outbox(page)).not.toMatch(new RegExp(`badge">zalo</span> ${phone}`));
  });
});
