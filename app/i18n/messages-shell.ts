/**
 * The strings of the page shell (header, navigation, error pages), split from messages.ts so the
 * browser can fall back on them when the root loader's dictionary is missing (an error page)
 * without downloading every message.
 */
export const shellMessages = {
  "app.name": { vi: "Vườn Nhà", en: "Vườn Nhà" },
  "app.tagline": {
    vi: "Nông sản và sản phẩm OCOP mua thẳng từ vườn nhà nông dân",
    en: "Farm produce and OCOP goods, bought straight from the farmers who grow them",
  },
  "nav.skip": { vi: "Bỏ qua, tới nội dung chính", en: "Skip to main content" },
  "nav.search": { vi: "Tìm kiếm", en: "Search" },
  "nav.searchPlaceholder": { vi: "Tìm chuối, cà phê, gạo…", en: "Search bananas, coffee, rice…" },
  "nav.signIn": { vi: "Đăng nhập", en: "Sign in" },
  "nav.signUp": { vi: "Đăng ký", en: "Sign up" },
  "nav.signOut": { vi: "Đăng xuất", en: "Sign out" },
  "nav.account": { vi: "Tài khoản", en: "Account" },
  "nav.switchTo": { vi: "English", en: "Tiếng Việt" },
  "nav.outbox": { vi: "Hộp thư thử nghiệm", en: "Dev outbox" },
  "nav.admin": { vi: "Quản trị", en: "Admin" },
  "error.forbidden": { vi: "Bạn không có quyền làm việc này.", en: "You are not allowed to do that." },
  "nav.sell": { vi: "Bán hàng", en: "Sell" },
  "nav.claims": { vi: "Xác minh", en: "Verify" },
  "errorPage.notFoundTitle": { vi: "Không tìm thấy trang", en: "Page not found" },
  "errorPage.notFoundText": {
    vi: "Trang bạn tìm không có hoặc đã bị gỡ.",
    en: "The page you are looking for does not exist or was removed.",
  },
  "errorPage.errorTitle": { vi: "Đã có lỗi xảy ra", en: "Something went wrong" },
  "errorPage.errorText": {
    vi: "Chúng tôi đã ghi nhận lỗi. Vui lòng thử lại sau ít phút.",
    en: "We have logged the problem. Please try again in a few minutes.",
  },
  "errorPage.forbiddenTitle": { vi: "Không được phép", en: "Not allowed" },
  "errorPage.home": { vi: "Về trang chủ", en: "Back to the home page" },
  "nav.cart": { vi: "Giỏ hàng", en: "Cart" },
  "nav.orders": { vi: "Đơn mua", en: "My orders" },
  "nav.desk": { vi: "Đơn bán", en: "Sales" },
} as const satisfies Record<string, { vi: string; en: string }>;
