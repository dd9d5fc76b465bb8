import { expect, test } from "@playwright/test";
import { orderBananaBunchWithoutScripts, scriptFilesLoaded, signIn, signUp, storyContext, uniquePhone } from "./helpers";

test("a province's trade floor: stalls, OCOP goods by stars and figures as charts, on a phone with no script (issue 15)", async ({ page }) => {
  await page.goto("/p/75");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chợ nông sản Đồng Nai");
  expect(await scriptFilesLoaded(page)).toBe(0);
  const figures = page.locator("ul.figures");
  await expect(figures).toContainText("Gian hàng");
  await expect(figures).toContainText("Đơn đã giao tháng này");
  // The charts are pictures a screen reader can name, with their figures as text.
  const ocopChart = page.getByRole("img", { name: "Sản phẩm OCOP đã xác minh, theo số sao" });
  await expect(ocopChart).toBeVisible();
  await expect(ocopChart.locator("text.chart-label")).toHaveText(["★★★ 3 sao", "★★★★ 4 sao", "★★★★★ 5 sao"]);
  // Every figure stays inside the chart, however long.
  const box = await ocopChart.boundingBox();
  for (const value of await ocopChart.locator("text.chart-value").all()) {
    const v = await value.boundingBox();
    expect(v!.x + v!.width).toBeLessThanOrEqual(box!.x + box!.width + 1);
  }
  await expect(page.getByRole("heading", { name: "Hàng OCOP của tỉnh" })).toBeVisible();
  await expect(page.getByRole("link", { name: "HTX Nông sản Đồng Nai Xanh" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Vườn Chuối Bà Tư" })).toBeVisible();
  // Chart text stays readable on the phone: no smaller than 12 px once the SVG is scaled.
  const labelSize = await ocopChart.locator("text.chart-label").first().evaluate((el) => (el as SVGTextElement).getBoundingClientRect().height);
  expect(labelSize).toBeGreaterThanOrEqual(12);

  // Products by category: one chip narrows the list to that category.
  await page.getByRole("link", { name: /^Rau củ \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/category=rau-cu/);
  const count = Number(/\((\d+)\)/.exec(await page.getByRole("link", { name: /^Rau củ \(\d+\)$/ }).innerText())![1]);
  await expect(page.locator("#products")).toContainText(`${count} sản phẩm`);

  // In English too.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đồng Nai trade floor");
  await expect(page.getByRole("img", { name: "Verified OCOP products by stars" })).toBeVisible();
});

test("an admin asks someone to follow Đồng Nai; she accepts, sees the province's sales and takes the CSV, with no buyer's details (issue 15)", async ({ page, browser }) => {
  // A sale to show: a buyer orders the banana bunch, cash on delivery.
  const buyer = await storyContext(browser, { javaScriptEnabled: false });
  const buyerPage = await buyer.newPage();
  const buyerPhone = uniquePhone();
  await signUp(buyerPage, "Chị Hoa Mua Chuối", buyerPhone);
  await orderBananaBunchWithoutScripts(buyerPage, "7 Phố Huế", "Trả tiền mặt khi nhận hàng");
  await buyer.close();

  const phone = uniquePhone();
  await signUp(page, "Trịnh Cán Bộ", phone);
  // Not an officer yet: nothing to see.
  expect((await page.request.get("/officer.csv?province=75")).status()).toBe(403);

  const admin = await storyContext(browser);
  const adminPage = await admin.newPage();
  await signIn(adminPage, "0904000001", "vuonnha123");
  await adminPage.goto("/admin");
  await adminPage.getByRole("link", { name: "So sánh các tỉnh" }).click();
  await expect(adminPage.getByRole("row", { name: /Đồng Nai/ })).toBeVisible();
  await adminPage.getByLabel("Số điện thoại của người được mời").fill("0999");
  await adminPage.getByLabel("Tỉnh, thành").selectOption({ label: "Đồng Nai" });
  await adminPage.getByRole("button", { name: "Mời làm cán bộ tỉnh" }).click();
  await expect(adminPage.getByText("Số điện thoại không hợp lệ.")).toBeVisible();
  await adminPage.getByLabel("Số điện thoại của người được mời").fill(phone);
  await adminPage.getByLabel("Tỉnh, thành").selectOption({ label: "Đồng Nai" });
  await adminPage.getByRole("button", { name: "Mời làm cán bộ tỉnh" }).click();
  await expect(adminPage.getByRole("status")).toContainText("Đã gửi lời mời.");
  await expect(adminPage.getByText(/Trịnh Cán Bộ .* đang chờ trả lời/)).toBeVisible();

  // Until she says yes, the invitation shows no figures.
  expect((await page.request.get("/officer.csv?province=75")).status()).toBe(403);
  await page.goto("/account");
  await page.getByRole("link", { name: "Lời mời làm cán bộ tỉnh" }).click();
  await expect(page.getByText(/mời bạn xem doanh số của Đồng Nai/)).toBeVisible();
  await page.getByRole("button", { name: "Nhận" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Doanh số Đồng Nai");
  expect(await scriptFilesLoaded(page)).toBe(0);
  await expect(page.getByRole("img", { name: "Theo danh mục" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Bán chạy nhất" }).locator("xpath=following-sibling::ol[1]")).toContainText("Buồng chuối già hương chín cây");
  await expect(page.getByText(/người mua đã mua ở tỉnh hơn một lần/)).toBeVisible();
  // An officer of Đồng Nai sees Đồng Nai, whatever province the address asks for.
  await page.goto("/officer?province=01");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Doanh số Đồng Nai");

  const download = page.waitForEvent("download");
  await page.goto("/officer");
  await page.getByRole("link", { name: "Tải CSV" }).click();
  const csv = await (await download).path().then((p) => import("node:fs").then((fs) => fs.readFileSync(p!, "utf8")));
  expect(csv.split("\r\n")[0]).toBe("\uFEFFMục,Nội dung,Đơn,Giá trị hàng (VND)");
  expect(csv).toContain("Buồng chuối già hương chín cây");
  // Totals only: no buyer's name, phone or street.
  for (const personal of [buyerPhone, "Chị Hoa", "7 Phố Huế"]) expect(csv).not.toContain(personal);

  // The admin sees her accepted, and withdraws it: the figures are gone for her.
  await adminPage.reload();
  await expect(adminPage.getByText(/Trịnh Cán Bộ .* đã nhận/)).toBeVisible();
  await adminPage.locator("li", { hasText: "Trịnh Cán Bộ" }).getByRole("button", { name: "Rút quyền" }).click();
  expect((await page.request.get("/officer.csv")).status()).toBe(403);
  await admin.close();
});
