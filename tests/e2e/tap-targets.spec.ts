import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

/**
 * Issue 10 #18: radio buttons and checkboxes were 13×13 px, the "Xem", "In" and "Phiếu đóng gói"
 * links 19 px high. Every control a thumb has to hit measures at least 44×44 CSS px on a Pixel 7;
 * a radio or checkbox counts with the label that carries it. Links inside running text (a
 * sentence in a paragraph) are left to the text's own line height, as WCAG 2.5.5 allows.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const MIN = 44;
    const found: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>("main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary, header a[href], header button, header input, header select");
    for (const el of controls) {
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || el.getClientRects().length === 0) continue;
      // A file input hidden inside its labelled button, or a radio inside its label: the label is the target.
      const input = el instanceof HTMLInputElement ? el : null;
      const carrier = input ? (input.closest("label") ?? (input.id ? document.querySelector<HTMLElement>(`label[for="${input.id}"]`) : null)) : null;
      const target = input && (input.type === "radio" || input.type === "checkbox" || input.type === "file") && carrier ? carrier : el;
      if (getComputedStyle(target).opacity === "0" && target === el) continue;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (el.tagName === "A" && style.display === "inline" && el.closest("p.prose, .prose p, .prose li")) continue;
      if (box.width < MIN - 0.5 || box.height < MIN - 0.5) {
        const name = (el.getAttribute("aria-label") ?? el.textContent ?? (el as HTMLInputElement).name ?? "").trim().slice(0, 40);
        found.push(`${el.tagName.toLowerCase()}${input ? `[${input.type}]` : ""} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return found;
  });
}

async function expectAllReachable(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("main")).toBeVisible();
  // Open every "more" section so the controls inside are measured too.
  for (const details of await page.locator("main details:not([open])").all()) await details.evaluate((d) => d.setAttribute("open", ""));
  expect(await smallTargets(page), `${path}`).toEqual([]);
}

test("buyer pages: every target is at least 44×44 px", async ({ page }) => {
  for (const path of ["/", "/search?q=chuoi", "/c/trai-cay", "/shops/vuon-chuoi-ba-tu", "/login", "/signup"]) await expectAllReachable(page, path);
  await page.goto("/shops/vuon-chuoi-ba-tu");
  await page.locator("a[href^='/products/']").first().click();
  await expect(page.getByRole("button", { name: "Thêm vào giỏ" })).toBeVisible();
  expect(await smallTargets(page), page.url()).toEqual([]);
  await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await page.waitForURL(/\/cart/);
  expect(await smallTargets(page), "/cart").toEqual([]);
  await signIn(page, "0903000001", "vuonnha123");
  for (const path of ["/account", "/checkout", "/orders"]) await expectAllReachable(page, path);
});

test("farmer pages: every target is at least 44×44 px", async ({ page }) => {
  await signIn(page, "0901000001", "vuonnha123");
  for (const path of ["/sell", "/sell/new", "/sell/orders", "/shop/edit"]) await expectAllReachable(page, path);
});

test("co-op desk pages: every target is at least 44×44 px", async ({ page }) => {
  await signIn(page, "0902000001", "vuonnha123");
  for (const path of ["/coop/manage", "/coop/report", "/sell/orders", "/sell/orders/packing"]) await expectAllReachable(page, path);
});
