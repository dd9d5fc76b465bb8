import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { STAMP_SHEETS } from "../../app/catalog/stamps-pdf.server";
import { readLabels, readStampSheet } from "./label-reader";

test("a farmer records a lot and prints its stamps; a buyer's phone scans one and sees the lot, and a tampered code is refused (issue 15)", async ({ page, browser }) => {
  await signIn(page, "0901000001", "vuonnha123");
  await page.goto("/sell");
  const row = page.locator("li.listing-row", { hasText: "Buồng chuối" }).first();
  const title = (await row.locator("h3").innerText()).trim();
  await row.getByRole("link", { name: title }).click();
  await page.getByRole("link", { name: "Lô hàng & tem QR" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Lô hàng và tem truy xuất");

  // A mistake first: a harvest date still to come.
  await page.getByLabel("Ngày thu hoạch hoặc sản xuất").fill("2099-01-01");
  await page.getByLabel(/Số lượng trong lô/).fill("30");
  await page.getByRole("button", { name: "Ghi lô" }).click();
  await expect(page.getByText("Ngày thu hoạch không thể ở tương lai.")).toBeVisible();
  await expect(page.getByLabel(/Số lượng trong lô/)).toHaveValue("30");

  await page.getByLabel("Ngày thu hoạch hoặc sản xuất").fill("2026-11-20");
  await page.getByLabel("Ghi chú (không bắt buộc)").fill("Phơi nắng 12 ngày trên giàn tre.");
  await page.getByRole("button", { name: "Ghi lô" }).click();
  const recorded = page.getByRole("status");
  await expect(recorded).toContainText(/Đã ghi lô [0-9A-Z]{8}\./);
  const lotCode = /Đã ghi lô ([0-9A-Z]{8})/.exec(await recorded.innerText())![1]!;
  const lotsPage = new URL(page.url()).pathname;

  // Print three stamps on the 21-sticker sheet: the form posts, and the browser is sent to the sheet.
  const lot = page.locator("li.lot", { hasText: lotCode });
  await lot.getByLabel("Số tem cần in").fill("3");
  const posted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/stamps.pdf"));
  await lot.getByRole("button", { name: "In tem mới (PDF)" }).click();
  const sheetUrl = (await posted).headers()["location"]!;
  expect(sheetUrl).toMatch(/from=1&to=3&sheet=a4-21$/);
  const pdf = await page.request.get(sheetUrl);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const body = new Uint8Array(await pdf.body());
  const [sheet] = readLabels(body);
  expect(sheet?.text).toContain(`Lô ${lotCode} · #1`);
  expect(sheet?.text).toContain(`Lô ${lotCode} · #3`);
  // Each stamp's QR, read one at a time as a phone would: three stamps, serials 1 to 3.
  const codes = readStampSheet(body, STAMP_SHEETS["a4-21"]);
  expect(codes.map((url) => new URL(url).pathname.split("-")[1])).toEqual(["1", "2", "3"]);
  const scanned = codes[1]!;
  expect(scanned).toMatch(new RegExp(`/t/${lotCode}-2-[0-9A-Z]{8}$`));

  // A buyer's phone, not signed in, scans it.
  const buyer = await browser.newPage({ viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true, locale: "vi-VN" });
  const stampPath = new URL(scanned).pathname;
  const response = await buyer.goto(stampPath);
  expect(response?.status()).toBe(200);
  await expect(buyer.getByText(new RegExp(`Tem thật do Vườn Nhà in cho lô ${lotCode}`))).toBeVisible();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(buyer.getByText("20/11/2026")).toBeVisible();
  await expect(buyer.getByText("Phơi nắng 12 ngày trên giàn tre.")).toBeVisible();
  // Where it was grown, on a small map of the country drawn into the page.
  const map = buyer.getByRole("img", { name: /^Bản đồ: .+, Đồng Nai$/ });
  await expect(map).toBeVisible();
  await expect(map.locator("text", { hasText: "Đồng Nai" })).toBeVisible();
  await expect(buyer.getByText(/Tem này đã được quét 1 lần/)).toBeVisible();
  // The page ships no script at all.
  expect(await buyer.locator("script[src]").count()).toBe(0);
  // Looking again from the same phone is not another scan.
  await buyer.reload();
  await expect(buyer.getByText(/Tem này đã được quét 1 lần/)).toBeVisible();

  // One character of the signature changed: refused, and said plainly.
  const tampered = stampPath.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
  const refused = await buyer.goto(tampered);
  expect(refused?.status()).toBe(404);
  await expect(buyer.getByRole("heading", { name: "Mã tem không đúng" })).toBeVisible();
  await expect(buyer.getByText(/tem có thể là giả/)).toBeVisible();
  await buyer.close();

  // Back on the farm's page, the lot counts its stamps and the scan.
  await page.goto(lotsPage);
  await expect(page.locator("li.lot", { hasText: lotCode })).toContainText("3 tem đã in · 1 lượt quét");
});
