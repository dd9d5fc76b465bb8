import { randomBytes } from "node:crypto";
import { createUser, type PublicUser } from "../../app/accounts/accounts.server";
import { answerInvitation, createCooperative, createInvitation } from "../../app/shops/cooperatives.server";
import { updateCooperativePayout } from "../../app/shops/seller-terms.server";
import { createShop } from "../../app/shops/shops.server";
import type { Db } from "../index";

/**
 * Demo data: farms across eight provinces (the banana farm in Phường Bình Phước, Đồng Nai
 * first), three cooperatives with members, a buyer in Hà Nội, an admin and Đồng Nai's province
 * officer. Passwords are
 * public demo passwords, printed by `npm start` and listed in the README.
 */
const DEMO_PASSWORD = "vuonnha123";

export const DEMO_ACCOUNTS = [
  { role: "farmer (bananas)", phone: "0901000001", password: DEMO_PASSWORD },
  { role: "co-op manager", phone: "0902000001", password: DEMO_PASSWORD },
  { role: "buyer (Hà Nội)", phone: "0903000001", password: DEMO_PASSWORD },
  { role: "admin", phone: "0904000001", password: DEMO_PASSWORD },
  { role: "officer (Đồng Nai)", phone: "0905000001", password: DEMO_PASSWORD },
] as const;

interface DemoFarm {
  farmer: string;
  phone: string;
  shop: string;
  story: string;
  province: string;
  ward: string;
  bankBin: string;
  account: string;
}

const FARMS: DemoFarm[] = [
  { farmer: "Nguyễn Thị Tư", phone: "0901000001", shop: "Vườn Chuối Bà Tư", story: "Ba mươi năm trồng chuối già hương và chuối sứ trên đất đỏ Bình Phước. Chuối chín cây, không ủ thuốc.", province: "75", ward: "25195", bankBin: "970405", account: "6100205123456" },
  { farmer: "Trần Văn Hùng", phone: "0901000002", shop: "Sầu Riêng Long Khánh Hùng", story: "Sầu riêng Ri6 và Monthong, vườn đạt VietGAP, cắt đúng độ già.", province: "75", ward: "26080", bankBin: "970418", account: "31410000123457" },
  { farmer: "Lê Thị Mai", phone: "0901000003", shop: "Chôm Chôm Xuân Lộc", story: "Chôm chôm nhãn và chôm chôm Thái, hái sáng giao chiều.", province: "75", ward: "26425", bankBin: "970422", account: "0901000003" },
  { farmer: "K'Ha Đinh", phone: "0901000004", shop: "Cà Phê Lạc Dương", story: "Arabica trồng dưới tán thông ở độ cao 1.500 m, sơ chế ướt, rang mộc.", province: "68", ward: "24848", bankBin: "970436", account: "1012345678" },
  { farmer: "Phạm Văn Long", phone: "0901000005", shop: "Dâu Tây Đà Lạt Long", story: "Dâu tây, cà chua bi và rau xà lách thủy canh trong nhà kính.", province: "68", ward: "24781", bankBin: "970407", account: "19031234567890" },
  { farmer: "Y Bích Niê", phone: "0901000006", shop: "Bơ Sáp Buôn Ma Thuột", story: "Bơ sáp 034 và cà phê Robusta của gia đình người Ê Đê.", province: "66", ward: "24133", bankBin: "970415", account: "102874563219" },
  { farmer: "Võ Văn Tám", phone: "0901000007", shop: "Vườn Mận Phong Điền", story: "Mận hồng đào và vú sữa Lò Rèn ven sông Cần Thơ.", province: "92", ward: "31299", bankBin: "970403", account: "060123456789" },
  { farmer: "Nguyễn Văn Sáu", phone: "0901000008", shop: "Gạo Hữu Cơ Cao Lãnh", story: "Gạo ST25 và gạo lứt canh tác hữu cơ trên cánh đồng sen.", province: "82", ward: "29869", bankBin: "970405", account: "6600205654321" },
  { farmer: "Đỗ Thị Hạnh", phone: "0901000009", shop: "Quýt Hồng Lai Vung", story: "Quýt hồng Lai Vung chín đỏ dịp Tết, vỏ mỏng, ngọt thanh.", province: "82", ward: "30226", bankBin: "970432", account: "123456789" },
  { farmer: "Lò Văn Páo", phone: "0901000010", shop: "Mận Hậu Mộc Châu", story: "Mận hậu, chè shan tuyết và sữa bò từ cao nguyên Mộc Châu.", province: "14", ward: "03980", bankBin: "970418", account: "21510001234567" },
  { farmer: "Bùi Thị Nhãn", phone: "0901000011", shop: "Nhãn Lồng Phố Hiến", story: "Nhãn lồng Hưng Yên, giống tiến vua, cùi dày, hạt nhỏ.", province: "33", ward: "11953", bankBin: "970422", account: "0901000011" },
  { farmer: "Hoàng Văn Chè", phone: "0901000012", shop: "Chè Tân Cương Hoàng Gia", story: "Chè búp Tân Cương sao tay, nước xanh, hậu ngọt.", province: "19", ward: "05503", bankBin: "970436", account: "0451000123456" },
  { farmer: "Châu Văn Tri", phone: "0901000013", shop: "Đường Thốt Nốt Tri Tôn", story: "Đường thốt nốt nấu thủ công của bà con Khmer vùng Bảy Núi.", province: "91", ward: "30544", bankBin: "970405", account: "7200205111222" },
  { farmer: "Thào Thị Mỷ", phone: "0901000014", shop: "Mật Ong Bắc Hà", story: "Mật ong hoa bạc hà và thảo quả, khai thác tự nhiên trên núi cao.", province: "15", ward: "02839", bankBin: "970415", account: "108001234567" },
];

interface DemoCoop {
  managerName: string;
  managerPhone: string;
  name: string;
  story: string;
  province: string;
  ward: string;
  members: string[];
}

const COOPS: DemoCoop[] = [
  {
    managerName: "Phan Văn Hợp",
    managerPhone: "0902000001",
    name: "HTX Nông sản Đồng Nai Xanh",
    story: "Hợp tác xã của các nhà vườn chuối, sầu riêng và chôm chôm vùng Đồng Nai. Gom đơn, đóng gói và giao bưu điện mỗi ngày.",
    province: "75",
    ward: "26080",
    members: ["0901000001", "0901000002", "0901000003"],
  },
  {
    managerName: "Lương Thị Cúc",
    managerPhone: "0902000002",
    name: "HTX Cà phê Cao nguyên Lâm Viên",
    story: "Cà phê Arabica và nông sản Đà Lạt, truy xuất tới từng nông hộ.",
    province: "68",
    ward: "24781",
    members: ["0901000004", "0901000005"],
  },
  {
    managerName: "Trương Văn Đồng",
    managerPhone: "0902000003",
    name: "HTX Trái cây Miền Tây",
    story: "Trái cây và gạo sạch đồng bằng sông Cửu Long, đạt chuẩn VietGAP.",
    province: "92",
    ward: "31135",
    members: ["0901000007", "0901000008", "0901000009"],
  },
];

/**
 * Seeds when there are no accounts yet. Returns whether anything was written.
 * `passwords: "random"` (production) gives every account a random password nobody knows, so
 * seeding a public site never creates an account anyone can sign in to; the accounts can be
 * taken over only through the password-reset code sent to their phone.
 */
export async function seedDemoIfEmpty(
  db: Db,
  log: (line: string) => void = () => {},
  options: { passwords: "demo" | "random" } = { passwords: "demo" },
): Promise<boolean> {
  const anyone = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (anyone) return false;
  log("Seeding demo accounts, farms and cooperatives…");
  const password = () => (options.passwords === "demo" ? DEMO_PASSWORD : randomBytes(24).toString("base64url"));
  await db.transaction().execute(async (trx) => {
    const users = new Map<string, PublicUser>();
    for (const farm of FARMS) {
      const user = await createUser(trx, { fullName: farm.farmer, phone: farm.phone, password: password(), email: null });
      users.set(farm.phone, user);
      await createShop(trx, user, {
        name: farm.shop,
        story: farm.story,
        provinceCode: farm.province,
        wardCode: farm.ward,
        phone: farm.phone,
        bankBin: farm.bankBin,
        bankAccountNumber: farm.account,
        bankAccountHolder: holderName(farm.farmer),
      });
    }
    // The banana farm hands parcels to the post office and two couriers (the seeds' story ends with VNPost carrying the bunch).
    await trx.updateTable("shops").set({ couriers: ["vnpost", "viettelpost", "ghtk"], pickup_street: "Tổ 4, đường ĐT741" }).where("phone", "=", "0901000001").execute();
    for (const coop of COOPS) {
      const manager = await createUser(trx, { fullName: coop.managerName, phone: coop.managerPhone, password: password(), email: null });
      const created = await createCooperative(trx, manager, {
        name: coop.name,
        story: coop.story,
        provinceCode: coop.province,
        wardCode: coop.ward,
        phone: coop.managerPhone,
      });
      // Co-ops book couriers for their members' orders in bulk.
      await trx.updateTable("cooperatives").set({ couriers: ["ghn", "ghtk", "vnpost"], pickup_street: "Kho hợp tác xã" }).where("id", "=", created.id).execute();
      // Members join the way real ones do: the co-op invites, each farmer accepts.
      for (const phone of coop.members) {
        const invitationId = await createInvitation(trx, { cooperativeId: created.id, phone, invitedBy: manager.id });
        const farmer = users.get(phone);
        if (!invitationId || !farmer) throw new Error(`demo co-op member ${phone} could not be invited`);
        await answerInvitation(trx, farmer, invitationId, "accepted");
      }
      // The co-op's own payout account, where buyers' transfers for its listings go.
      await updateCooperativePayout(trx, manager, created.id, {
        bankBin: "970405",
        bankAccountNumber: `88${coop.managerPhone.slice(1)}`,
        bankAccountHolder: holderName(coop.name).slice(0, 70).trim(),
      });
    }
    await createUser(trx, { fullName: "Đặng Minh Anh", phone: "0903000001", password: password(), email: "minhanh@example.vn" });
    const admin = await createUser(trx, { fullName: "Quản trị Vườn Nhà", phone: "0904000001", password: password(), email: null });
    await trx.updateTable("users").set({ is_admin: true }).where("id", "=", admin.id).execute();
    // Đồng Nai's officer, granted by the admin and already accepted (as she would on /officer).
    const officer = await createUser(trx, { fullName: "Lâm Thu Hà", phone: "0905000001", password: password(), email: null });
    await trx.insertInto("province_officers").values({ user_id: officer.id, province_code: "75", granted_by: admin.id, accepted_at: new Date() }).execute();
  });
  return true;
}

function holderName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "D")
    .replace(/[^A-Za-z ]/g, "")
    .toUpperCase();
}
