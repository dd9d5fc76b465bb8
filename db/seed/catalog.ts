import { approveClaim } from "../../app/catalog/claims.server";
import { createListing, type ListingInput } from "../../app/catalog/listings.server";
import type { CategorySlug, UnitCode } from "../../app/catalog/taxonomy";
import { getUserByPhone } from "../../app/accounts/accounts.server";
import { savePhoto } from "../../app/media/media.server";
import type { MediaStorage } from "../../app/media/storage.server";
import type { Db } from "../index";
import { drawProductPhoto, type PhotoKind } from "./photos";

interface DemoProduct {
  /** The farmer who grows it (demo phone). */
  farm: string;
  /** Listed by the farm's cooperative manager on the farmer's behalf. */
  viaCoop?: boolean;
  title: string;
  category: CategorySlug;
  unit: UnitCode;
  price: number;
  stock: number;
  grams?: number;
  description: string;
  ocop?: 3 | 4 | 5;
  vietgap?: boolean;
  organic?: boolean;
  photo: [PhotoKind, string];
  harvestDaysAgo?: number;
}

const P = (p: DemoProduct) => p;

/** The demo catalogue: 62 products from 14 farms and 3 cooperatives, prices in whole đồng. */
const DEMO_PRODUCTS: DemoProduct[] = [
  // Vườn Chuối Bà Tư, Phường Bình Phước, Đồng Nai
  P({ farm: "0901000001", title: "Nải chuối sứ (chuối xiêm)", category: "trai-cay", unit: "nai", price: 35000, stock: 40, description: "Chuối sứ vỏ dày, ăn chín hoặc nấu chè, luộc đều ngon.", photo: ["banana", "#e6c44a"], harvestDaysAgo: 2 }),
  P({ farm: "0901000001", title: "Chuối cau mật", category: "trai-cay", unit: "nai", price: 45000, stock: 25, description: "Chuối cau trái nhỏ, vỏ mỏng, ngọt lịm như mật.", photo: ["banana", "#f5d547"], harvestDaysAgo: 1 }),
  P({ farm: "0901000001", title: "Chuối sấy dẻo Bình Phước", category: "banh-keo-mut", unit: "tui", price: 65000, stock: 60, grams: 550, description: "Chuối sứ chín sấy dẻo, không đường, không chất bảo quản. Túi 500 g.", ocop: 3, photo: ["bag", "#c98b2b"] }),
  P({ farm: "0901000001", title: "Bắp chuối rừng (hoa chuối)", category: "rau-cu", unit: "qua", price: 15000, stock: 30, grams: 800, description: "Bắp chuối tươi để làm gỏi, nộm hoặc nấu canh.", photo: ["leaf", "#7a2e4a"], harvestDaysAgo: 0 }),
  // Sầu Riêng Long Khánh Hùng
  P({ farm: "0901000002", viaCoop: true, title: "Sầu riêng Ri6 Long Khánh", category: "trai-cay", unit: "kg", price: 95000, stock: 150, description: "Sầu riêng Ri6 cơm vàng, hạt lép, cắt đúng độ già 110 ngày. Bao ăn, hư đổi.", vietgap: true, photo: ["round", "#7f8f2c"], harvestDaysAgo: 2 }),
  P({ farm: "0901000002", title: "Sầu riêng Monthong (Dona)", category: "trai-cay", unit: "kg", price: 110000, stock: 80, description: "Sầu riêng Monthong trái to, cơm dày, vị ngọt béo ít đắng.", photo: ["round", "#8a9a32"], harvestDaysAgo: 3 }),
  P({ farm: "0901000002", title: "Mít Thái ruột đỏ", category: "trai-cay", unit: "kg", price: 28000, stock: 200, description: "Mít Thái múi dày, giòn, ruột đỏ cam đẹp mắt.", photo: ["round", "#9bb03c"] }),
  P({ farm: "0901000002", title: "Cơm sầu riêng cấp đông hộp 500 g", category: "trai-cay", unit: "hop", price: 160000, stock: 45, grams: 700, description: "Cơm sầu riêng Ri6 tách sẵn, cấp đông nhanh giữ nguyên vị.", photo: ["jar", "#f0d27a"] }),
  // Chôm Chôm Xuân Lộc
  P({ farm: "0901000003", viaCoop: true, title: "Chôm chôm nhãn Xuân Lộc", category: "trai-cay", unit: "kg", price: 45000, stock: 120, description: "Chôm chôm nhãn trái nhỏ, cơm giòn, tróc hạt, ngọt như nhãn.", photo: ["round", "#c0392b"], harvestDaysAgo: 1 }),
  P({ farm: "0901000003", title: "Chôm chôm Thái (Rong Riêng)", category: "trai-cay", unit: "kg", price: 35000, stock: 200, description: "Chôm chôm Thái trái đỏ tươi, cơm dày, ráo nước.", photo: ["round", "#d63031"], harvestDaysAgo: 1 }),
  P({ farm: "0901000003", title: "Măng cụt Xuân Lộc", category: "trai-cay", unit: "kg", price: 70000, stock: 60, description: "Măng cụt vỏ mỏng, múi trắng, chua ngọt hài hòa.", photo: ["round", "#5e2750"], harvestDaysAgo: 2 }),
  P({ farm: "0901000003", title: "Bơ booth Đồng Nai", category: "trai-cay", unit: "kg", price: 40000, stock: 90, description: "Bơ booth trái to, cơm vàng, dẻo béo.", photo: ["round", "#3f6b21"] }),
  // Cà Phê Lạc Dương
  P({ farm: "0901000004", viaCoop: true, title: "Cà phê Arabica Lạc Dương rang mộc", category: "ca-phe-tra", unit: "tui", price: 180000, stock: 70, grams: 550, description: "Arabica trồng dưới tán thông ở độ cao 1.500 m, sơ chế ướt, rang mộc vừa. Túi 500 g, xay theo yêu cầu.", ocop: 4, organic: true, photo: ["bean", "#5b3a1e"] }),
  P({ farm: "0901000004", title: "Cà phê nhân xanh Arabica", category: "ca-phe-tra", unit: "kg", price: 220000, stock: 40, description: "Nhân xanh Arabica sàng 16, dành cho người tự rang.", photo: ["bean", "#8a9a5b"] }),
  P({ farm: "0901000004", title: "Trà atiso Đà Lạt túi lọc", category: "ca-phe-tra", unit: "hop", price: 55000, stock: 100, grams: 200, description: "Hoa và lá atiso sấy khô, 50 túi lọc, thanh nhiệt mát gan.", photo: ["leaf", "#4d7c3a"] }),
  P({ farm: "0901000004", title: "Mật ong hoa cà phê", category: "mat-ong", unit: "chai", price: 150000, stock: 30, grams: 800, description: "Mật ong hoa cà phê mùa tháng Ba, màu hổ phách, thơm nhẹ.", photo: ["bottle", "#d4a017"] }),
  // Dâu Tây Đà Lạt Long
  P({ farm: "0901000005", viaCoop: true, title: "Dâu tây Đà Lạt hộp 500 g", category: "trai-cay", unit: "hop", price: 120000, stock: 50, grams: 700, description: "Dâu tây Mỹ Đơ trồng nhà kính, hái sáng, giao trong ngày.", vietgap: true, photo: ["round", "#e0303b"], harvestDaysAgo: 0 }),
  P({ farm: "0901000005", title: "Cà chua bi Đà Lạt", category: "rau-cu", unit: "kg", price: 60000, stock: 80, description: "Cà chua bi đỏ mọng, ngọt, ăn sống hoặc làm salad.", photo: ["round", "#e74c3c"], harvestDaysAgo: 1 }),
  P({ farm: "0901000005", title: "Xà lách thủy canh", category: "rau-cu", unit: "kg", price: 55000, stock: 60, description: "Xà lách lô lô xanh trồng thủy canh, sạch, giòn.", organic: true, photo: ["leaf", "#6ab04c"], harvestDaysAgo: 0 }),
  P({ farm: "0901000005", title: "Súp lơ xanh Đà Lạt", category: "rau-cu", unit: "kg", price: 45000, stock: 70, description: "Bông cải xanh chắc bông, không dùng thuốc kích thích.", photo: ["bunch", "#2e7d32"], harvestDaysAgo: 1 }),
  P({ farm: "0901000005", title: "Mứt dâu tây Đà Lạt", category: "banh-keo-mut", unit: "hu", price: 85000, stock: 40, grams: 450, description: "Mứt dâu nấu thủ công, ít đường, hũ thủy tinh 300 g.", ocop: 3, photo: ["jar", "#b71c1c"] }),
  // Bơ Sáp Buôn Ma Thuột
  P({ farm: "0901000006", title: "Bơ sáp 034 Đắk Lắk", category: "trai-cay", unit: "kg", price: 50000, stock: 150, description: "Bơ 034 trái dài, cơm vàng dẻo, béo ngậy, hạt nhỏ.", photo: ["round", "#4e7d2a"], harvestDaysAgo: 3 }),
  P({ farm: "0901000006", title: "Cà phê Robusta Buôn Ma Thuột rang xay", category: "ca-phe-tra", unit: "tui", price: 120000, stock: 90, grams: 550, description: "Robusta hái chín đỏ, rang mộc đậm vị, túi 500 g.", ocop: 4, photo: ["bean", "#3e2a14"] }),
  P({ farm: "0901000006", title: "Hạt tiêu đen Đắk Lắk", category: "hat-gia-vi", unit: "kg", price: 180000, stock: 50, description: "Tiêu đen hạt chắc, cay nồng, phơi nắng tự nhiên.", photo: ["grain", "#2d2d2d"] }),
  P({ farm: "0901000006", title: "Hạt điều rang muối", category: "hat-gia-vi", unit: "hop", price: 140000, stock: 60, grams: 550, description: "Điều W320 rang muối còn vỏ lụa, hộp 500 g.", photo: ["bean", "#d9a066"] }),
  P({ farm: "0901000006", title: "Mắc ca Tây Nguyên", category: "hat-gia-vi", unit: "kg", price: 260000, stock: 35, description: "Mắc ca nứt vỏ sấy giòn, béo bùi.", photo: ["round", "#a0703a"] }),
  // Vườn Mận Phong Điền, Cần Thơ
  P({ farm: "0901000007", viaCoop: true, title: "Mận hồng đào Phong Điền", category: "trai-cay", unit: "kg", price: 40000, stock: 100, description: "Mận hồng đào giòn, ngọt thanh, hái từ vườn ven sông.", photo: ["round", "#d35469"], harvestDaysAgo: 1 }),
  P({ farm: "0901000007", title: "Vú sữa Lò Rèn", category: "trai-cay", unit: "kg", price: 55000, stock: 80, description: "Vú sữa Lò Rèn vỏ mỏng, cơm trắng ngọt như sữa.", vietgap: true, photo: ["round", "#8fbc5a"], harvestDaysAgo: 2 }),
  P({ farm: "0901000007", title: "Khóm Cầu Đúc (dứa)", category: "trai-cay", unit: "qua", price: 20000, stock: 150, grams: 1200, description: "Khóm Cầu Đúc mắt cạn, thơm ngọt, ít xơ.", photo: ["round", "#e6b422"] }),
  P({ farm: "0901000007", title: "Dừa xiêm xanh Bến Tre", category: "trai-cay", unit: "qua", price: 15000, stock: 200, grams: 1500, description: "Dừa xiêm nước ngọt mát, cơm mỏng.", photo: ["round", "#5a8f29"] }),
  // Gạo Hữu Cơ Cao Lãnh
  P({ farm: "0901000008", viaCoop: true, title: "Gạo ST25 hữu cơ túi 5 kg", category: "gao-ngu-coc", unit: "tui", price: 210000, stock: 120, grams: 5100, description: "Gạo ST25 canh tác hữu cơ trên cánh đồng sen, cơm dẻo thơm lá dứa.", organic: true, ocop: 4, photo: ["grain", "#f4f1e1"] }),
  P({ farm: "0901000008", title: "Gạo lứt đỏ", category: "gao-ngu-coc", unit: "kg", price: 45000, stock: 200, description: "Gạo lứt đỏ giàu chất xơ, nấu cơm hoặc làm trà gạo lứt.", photo: ["grain", "#a0522d"] }),
  P({ farm: "0901000008", title: "Hạt sen khô Đồng Tháp", category: "hat-gia-vi", unit: "tui", price: 95000, stock: 80, grams: 550, description: "Hạt sen tách tim sấy khô, nấu chè, hầm canh. Túi 500 g.", ocop: 4, photo: ["round", "#efe3c2"] }),
  P({ farm: "0901000008", title: "Trà tim sen", category: "ca-phe-tra", unit: "goi", price: 60000, stock: 70, grams: 250, description: "Tim sen sấy, dễ ngủ, thanh nhiệt. Gói 200 g.", photo: ["leaf", "#6b8e23"] }),
  P({ farm: "0901000008", title: "Gạo nếp cái hoa vàng", category: "gao-ngu-coc", unit: "kg", price: 38000, stock: 150, description: "Nếp cái hoa vàng dẻo thơm, đồ xôi, làm bánh.", photo: ["grain", "#fff8dc"] }),
  // Quýt Hồng Lai Vung
  P({ farm: "0901000009", viaCoop: true, title: "Quýt hồng Lai Vung", category: "trai-cay", unit: "kg", price: 50000, stock: 300, description: "Quýt hồng vỏ mỏng, màu đỏ cam, ngọt thanh, đẹp bày mâm ngũ quả ngày Tết.", vietgap: true, photo: ["round", "#ff7f27"], harvestDaysAgo: 2 }),
  P({ farm: "0901000009", title: "Xoài cát Hòa Lộc", category: "trai-cay", unit: "kg", price: 75000, stock: 100, description: "Xoài cát Hòa Lộc chín cây, thơm, ngọt lịm, thịt mịn không xơ.", ocop: 5, photo: ["round", "#f5c518"], harvestDaysAgo: 2 }),
  P({ farm: "0901000009", title: "Nem Lai Vung", category: "dac-san-ocop", unit: "hop", price: 70000, stock: 50, grams: 600, description: "Nem Lai Vung gói lá chùm ruột, chua dịu, hộp 20 chiếc.", ocop: 3, photo: ["bag", "#d96459"] }),
  P({ farm: "0901000009", title: "Bưởi da xanh", category: "trai-cay", unit: "qua", price: 65000, stock: 120, grams: 1800, description: "Bưởi da xanh ruột hồng, múi ráo, vị ngọt không the.", photo: ["round", "#6aa84f"] }),
  // Mận Hậu Mộc Châu
  P({ farm: "0901000010", title: "Mận hậu Mộc Châu", category: "trai-cay", unit: "kg", price: 45000, stock: 200, description: "Mận hậu giòn, chua ngọt, hái đầu mùa tháng Năm.", photo: ["round", "#7b2d58"], harvestDaysAgo: 1 }),
  P({ farm: "0901000010", title: "Chè shan tuyết cổ thụ", category: "ca-phe-tra", unit: "tui", price: 250000, stock: 40, grams: 550, description: "Chè shan tuyết từ cây cổ thụ trên 100 năm, búp phủ lông trắng như tuyết.", ocop: 4, photo: ["leaf", "#8aa35f"] }),
  P({ farm: "0901000010", title: "Sữa bò tươi Mộc Châu", category: "thit-trung-sua", unit: "chai", price: 35000, stock: 60, grams: 1100, description: "Sữa tươi thanh trùng, chai 1 lít, giao lạnh.", photo: ["bottle", "#fdfdf5"] }),
  P({ farm: "0901000010", title: "Bơ sáp Mộc Châu", category: "trai-cay", unit: "kg", price: 45000, stock: 70, description: "Bơ sáp vùng cao, cơm vàng, béo.", photo: ["round", "#557a2a"] }),
  // Nhãn Lồng Phố Hiến
  P({ farm: "0901000011", title: "Nhãn lồng Hưng Yên", category: "trai-cay", unit: "kg", price: 60000, stock: 200, description: "Nhãn lồng giống tiến vua, cùi dày, hạt nhỏ, ngọt sắc.", ocop: 4, photo: ["bunch", "#c9a86a"], harvestDaysAgo: 1 }),
  P({ farm: "0901000011", title: "Long nhãn sấy Hưng Yên", category: "banh-keo-mut", unit: "tui", price: 180000, stock: 60, grams: 550, description: "Long nhãn sấy củi, dẻo thơm, túi 500 g.", ocop: 3, photo: ["bag", "#8b5a2b"] }),
  P({ farm: "0901000011", title: "Mật ong hoa nhãn", category: "mat-ong", unit: "chai", price: 160000, stock: 50, grams: 800, description: "Mật ong hoa nhãn nguyên chất, thơm mùi nhãn, chai 500 ml.", photo: ["bottle", "#e3a020"] }),
  P({ farm: "0901000011", title: "Chuối ngự Đại Hoàng", category: "trai-cay", unit: "nai", price: 50000, stock: 30, description: "Chuối ngự trái nhỏ vỏ mỏng, thơm, xưa dùng tiến vua.", photo: ["banana", "#f1c232"] }),
  // Chè Tân Cương Hoàng Gia
  P({ farm: "0901000012", title: "Chè búp Tân Cương đặc biệt", category: "ca-phe-tra", unit: "tui", price: 320000, stock: 80, grams: 550, description: "Chè búp 1 tôm 2 lá sao tay, nước xanh, hậu ngọt. Túi 500 g.", ocop: 5, photo: ["leaf", "#4f772d"] }),
  P({ farm: "0901000012", title: "Chè móc câu Thái Nguyên", category: "ca-phe-tra", unit: "tui", price: 200000, stock: 100, grams: 550, description: "Chè móc câu cánh xoăn, vị chát dịu, thơm cốm.", ocop: 4, photo: ["leaf", "#3a5a40"] }),
  P({ farm: "0901000012", title: "Trà xanh tươi (lá chè) bó 1 kg", category: "ca-phe-tra", unit: "bo", price: 30000, stock: 50, grams: 1100, description: "Lá chè tươi hái trong ngày, nấu nước chè xanh.", photo: ["leaf", "#2d6a4f"], harvestDaysAgo: 0 }),
  P({ farm: "0901000012", title: "Gạo Bao Thai Định Hóa", category: "gao-ngu-coc", unit: "kg", price: 28000, stock: 200, description: "Gạo Bao Thai Định Hóa hạt nhỏ, cơm mềm, đậm vị.", photo: ["grain", "#f5f0e0"] }),
  // Đường Thốt Nốt Tri Tôn
  P({ farm: "0901000013", title: "Đường thốt nốt Tri Tôn", category: "dac-san-ocop", unit: "kg", price: 75000, stock: 120, description: "Đường thốt nốt nấu thủ công của bà con Khmer, thơm, ngọt thanh.", ocop: 3, photo: ["round", "#b5651d"] }),
  P({ farm: "0901000013", title: "Khô cá lóc đồng", category: "thuy-hai-san-kho", unit: "kg", price: 350000, stock: 40, description: "Cá lóc đồng xẻ bướm, phơi một nắng, thịt ngọt chắc.", photo: ["fish", "#8d6e63"] }),
  P({ farm: "0901000013", title: "Khô cá sặc bổi", category: "thuy-hai-san-kho", unit: "kg", price: 280000, stock: 50, description: "Khô cá sặc Châu Đốc, chiên giòn ăn với cơm trắng.", photo: ["fish", "#a1887f"] }),
  P({ farm: "0901000013", title: "Mắm thái đu đủ Châu Đốc", category: "thuy-hai-san-kho", unit: "hu", price: 90000, stock: 60, grams: 700, description: "Mắm cá lóc thái trộn đu đủ, hũ 500 g.", photo: ["jar", "#c0765a"] }),
  P({ farm: "0901000013", title: "Gạo nàng Nhen Bảy Núi", category: "gao-ngu-coc", unit: "kg", price: 40000, stock: 150, description: "Gạo nàng Nhen thơm đặc sản vùng Bảy Núi.", ocop: 4, photo: ["grain", "#faf3dd"] }),
  // Mật Ong Bắc Hà
  P({ farm: "0901000014", title: "Mật ong hoa bạc hà Hà Giang", category: "mat-ong", unit: "chai", price: 280000, stock: 40, grams: 800, description: "Mật ong hoa bạc hà núi đá, vị ngọt the nhẹ, chai 500 ml.", ocop: 4, photo: ["bottle", "#f6b93b"] }),
  P({ farm: "0901000014", title: "Mận tam hoa Bắc Hà", category: "trai-cay", unit: "kg", price: 55000, stock: 150, description: "Mận tam hoa phủ phấn trắng, giòn, chua ngọt.", photo: ["round", "#6c3483"], harvestDaysAgo: 2 }),
  P({ farm: "0901000014", title: "Thảo quả khô Lào Cai", category: "hat-gia-vi", unit: "goi", price: 70000, stock: 90, grams: 250, description: "Thảo quả sấy khô, gia vị nấu phở, thắng cố. Gói 200 g.", photo: ["round", "#7b241c"] }),
  P({ farm: "0901000014", title: "Táo mèo (sơn tra) khô", category: "hat-gia-vi", unit: "goi", price: 60000, stock: 80, grams: 550, description: "Táo mèo thái lát sấy khô, ngâm rượu hoặc hãm trà.", photo: ["round", "#a04000"] }),
  P({ farm: "0901000014", title: "Gạo nếp tan Bắc Hà", category: "gao-ngu-coc", unit: "kg", price: 45000, stock: 100, description: "Nếp tan vùng cao, dẻo thơm, đồ xôi ngũ sắc.", photo: ["grain", "#fffdf0"] }),
  // The story's banana bunch is listed last: the newest listing, as if she had just photographed it.
  P({ farm: "0901000001", title: "Buồng chuối già hương chín cây", category: "trai-cay", unit: "buong", price: 180000, stock: 12, grams: 14000, description: "Buồng chuối già hương 10–12 nải, để chín tự nhiên trên cây, không ủ hóa chất. Thịt thơm, dẻo, ngọt đậm.", vietgap: true, photo: ["banana", "#f2c12e"], harvestDaysAgo: 1 }),
];

const COOP_OF: Record<string, string> = {
  "0901000001": "0902000001",
  "0901000002": "0902000001",
  "0901000003": "0902000001",
  "0901000004": "0902000002",
  "0901000005": "0902000002",
  "0901000007": "0902000003",
  "0901000008": "0902000003",
  "0901000009": "0902000003",
};

/**
 * Seeds the demo catalogue when there are demo farms but no products yet. Every photo is drawn
 * locally and goes through the real upload pipeline (decode, orient, strip, variants, storage).
 */
export async function seedCatalogIfEmpty(db: Db, media: MediaStorage, log: (line: string) => void = () => {}): Promise<boolean> {
  const any = await db.selectFrom("products").select("id").limit(1).executeTakeFirst();
  if (any) return false;
  const admin = await getUserByPhone(db, "0904000001");
  if (!admin) return false;
  log(`Seeding the demo catalogue (${DEMO_PRODUCTS.length} products, photos through the real pipeline)…`);
  // Photos are drawn and processed two at a time (two cores); listings are created in order.
  const photos = new Map<number, Promise<Buffer>>();
  const draw = (i: number) => {
    const p = DEMO_PRODUCTS[i];
    if (p && !photos.has(i)) photos.set(i, drawProductPhoto(p.photo[0], p.photo[1], i + 1));
  };
  let seed = 1;
  for (const [index, p] of DEMO_PRODUCTS.entries()) {
    draw(index);
    draw(index + 1);
    const farmer = await getUserByPhone(db, p.farm);
    if (!farmer) continue;
    const managerPhone = p.viaCoop ? COOP_OF[p.farm] : undefined;
    const actor = managerPhone ? await getUserByPhone(db, managerPhone) : farmer;
    if (!actor) continue;
    const shop = await db.selectFrom("shops").select("id").where("owner_id", "=", farmer.id).executeTakeFirstOrThrow();
    const photo = await savePhoto(db, media, actor.id, await photos.get(index)!);
    photos.delete(index);
    seed++;
    const harvest = p.harvestDaysAgo !== undefined ? new Date(Date.now() - p.harvestDaysAgo * 86_400_000).toISOString().slice(0, 10) : undefined;
    const input: ListingInput = {
      title: p.title,
      priceVnd: p.price,
      stock: p.stock,
      unit: p.unit,
      category: p.category,
      weightGrams: p.grams,
      harvestDate: harvest,
      description: p.description,
      photoIds: [photo.id],
      producerShopId: managerPhone ? shop.id : undefined,
      ...(p.vietgap ? { vietgap: "on" as const, vietgapNumber: `VG-${p.farm.slice(-2)}-${seed}` } : {}),
      ...(p.organic ? { organic: "on" as const, organicNumber: `HC-${p.farm.slice(-2)}-${seed}` } : {}),
      ...(p.ocop ? { ocopStars: String(p.ocop) as "3" | "4" | "5", ocopNumber: `OCOP-${p.farm.slice(-2)}-2025-${String(seed).padStart(4, "0")}` } : {}),
    };
    const product = await createListing(db, actor, input, true);
    // Demo OCOP ratings and certifications are shown verified, as an admin would have done.
    const claims = await db.selectFrom("product_claims").select("id").where("product_id", "=", product.id).execute();
    for (const c of claims) await approveClaim(db, { ...admin, is_admin: true }, c.id);
  }
  return true;
}
