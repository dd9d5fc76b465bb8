import { foldVietnamese } from "~/lib/text";
import type { CategorySlug } from "./taxonomy";

/**
 * A category from a listing's title, so a farmer can publish with title, price and stock alone.
 *
 * Vietnamese product titles put the head noun first ("Gạo ST25 Sóc Trăng", "Mật ong hoa cà phê"),
 * then variety, then place. So the guess is the category of the earliest product word in the
 * title, the longest one at that spot ("bắp cải" before "bắp", "dưa leo" before "dưa"). Place
 * names are removed first, and words are compared with their tone marks when the farmer typed
 * them ("bơ" is avocado, "bò" beef) and without when they did not ("bo sap" → bơ sáp).
 * Shipped to the browser too (the form shows the guess as the title is typed): keep it small.
 */
const WORDS: Record<CategorySlug, string> = {
  "trai-cay":
    "chuối|xoài|sầu riêng|bưởi|cam|quýt|nhãn|vải|vải thiều|chôm chôm|măng cụt|thanh long|dưa hấu|dưa lưới|dưa lê|dứa|thơm mật|dừa|đu đủ|ổi|mận|mít|bơ|bơ sáp|dâu tây|dâu|nho|vú sữa|chanh|chanh dây|lê|táo|na|mãng cầu|hồng|hồng giòn|lựu|khế|me|sơ ri|roi|cóc|bòn bon|hồng xiêm|sapoche|kiwi|cherry|quất|tắc|thị|mơ|lòn bon|chùm ruột|măng cầu",
  "rau-cu":
    "rau|cải|cải bó xôi|củ cải|khoai|khoai lang|khoai tây|khoai môn|bí|bí đỏ|cà rốt|cà chua|cà tím|dưa leo|dưa chuột|bắp cải|súp lơ|bông cải|măng|măng tây|nấm|su hào|su su|xà lách|mướp|khổ qua|mướp đắng|mồng tơi|đậu que|đậu bắp|đậu cô ve|hành lá|củ dền|củ sen|ngó sen|sắn|atiso|bầu|giá|cần tây|tía tô|ớt chuông|ngò|bạc hà|rau thơm|hẹ|cải thảo|cải xoăn|đậu hà lan",
  "gao-ngu-coc": "gạo|nếp|lúa|ngô|bắp|yến mạch|đậu xanh|đậu đen|đậu đỏ|đậu nành|kê|cốm|miến|miến dong|bún|phở|hủ tiếu|mì|bột gạo",
  "ca-phe-tra": "cà phê|cafe|coffee|trà|chè|cacao|ca cao|matcha|trà atiso",
  "hat-gia-vi":
    "hạt điều|điều|tiêu|hồ tiêu|quế|hồi|hoa hồi|ớt|gừng|nghệ|tỏi|hành|hành tím|hành phi|mắc ca|macca|óc chó|hạt dẻ|đậu phộng|lạc|mè|vừng|hạt sen|thảo quả|sả|riềng|hạt chia|hạt bí|hạt hướng dương|tinh bột nghệ",
  "mat-ong": "mật ong|sáp ong|phấn ong|phấn hoa|sữa ong chúa|keo ong",
  "thuy-hai-san-kho": "mực|khô mực|cá|cá khô|tôm|tôm khô|tép|ruốc|hải sản|cua|ghẹ|ốc|sò|hàu|cá cơm|chà bông cá",
  "dac-san-ocop":
    "đặc sản|nước mắm|mắm|mắm tôm|rượu|nem|nem chua|tương|bánh tráng|bánh đa|muối|muối tôm|muối ớt|yến|yến sào|tổ yến|nấm linh chi|linh chi|sâm|đông trùng hạ thảo|tinh dầu|dầu dừa|dầu lạc|dầu mè|giấm|nước cốt|chả cá",
  "thit-trung-sua":
    "thịt|trứng|sữa|sữa chua|gà|vịt|ngan|ngỗng|heo|lợn|bò|bò khô|dê|trâu|thỏ|lạp xưởng|xúc xích|giò|chả|chả lụa|phô mai|pate|chà bông|ba chỉ|sườn",
  "banh-keo-mut": "bánh|kẹo|mứt|ô mai|đường thốt nốt|đường phèn|mạch nha|sô cô la|socola|chocolate|chè lam|kẹo lạc",
  khac: "",
};

/** When no product word is there, a leading "trái"/"quả", "hạt" or "củ" still says something. */
const FALLBACKS: [string, CategorySlug][] = [
  ["trái", "trai-cay"],
  ["quả", "trai-cay"],
  ["hạt", "hat-gia-vi"],
  ["củ", "rau-cu"],
];

/**
 * Places that name produce in titles: the 34 provinces and the old 63, and well-known growing
 * areas. "Trà Vinh", "Cái Bè" or "Sóc Trăng" would otherwise read as tea, cabbage or tea.
 */
const PLACES =
  "hà nội|hồ chí minh|sài gòn|đà nẵng|hải phòng|cần thơ|huế|an giang|bà rịa|vũng tàu|bạc liêu|bắc giang|bắc kạn|bắc ninh|bến tre|bình định|bình dương|bình phước|bình thuận|cà mau|cao bằng|đắk lắk|đắk nông|điện biên|đồng nai|đồng tháp|gia lai|hà giang|hà nam|hà tĩnh|hải dương|hậu giang|hòa bình|hưng yên|khánh hòa|kiên giang|kon tum|lai châu|lâm đồng|lạng sơn|lào cai|long an|nam định|nghệ an|ninh bình|ninh thuận|phú thọ|phú yên|quảng bình|quảng nam|quảng ngãi|quảng ninh|quảng trị|sóc trăng|sơn la|tây ninh|thái bình|thái nguyên|thanh hóa|tiền giang|trà vinh|tuyên quang|vĩnh long|vĩnh phúc|yên bái|đà lạt|buôn ma thuột|cái bè|cái mơn|hòa lộc|lục ngạn|long khánh|mộc châu|bắc hà|sa pa|phú quốc|lý sơn|tân cương|cầu đất|lái thiêu|vĩnh châu|phan thiết|nha trang|gò công|trảng bàng|cần giờ|cần đước|lai vung|hàm yên|tam điệp|ngọc linh|trà my|u minh|tây bắc|tây nguyên|lò rèn|vĩnh kim|hải hậu|kinh môn|bình liêu|chi lăng|làng vòng|hàng đường|tây hồ|bàu đá";

interface Phrase {
  words: string[];
  category: CategorySlug;
}

function words(text: string): string[] {
  return text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const split = (list: string) => list.split("|").filter(Boolean).map(words);
// Longest first, so at one spot "bắp cải" wins over "bắp".
const PHRASES: Phrase[] = (Object.entries(WORDS) as [CategorySlug, string][])
  .flatMap(([category, list]) => split(list).map((w) => ({ words: w, category })))
  .sort((a, b) => b.words.length - a.words.length);
const PLACE_PHRASES = split(PLACES).sort((a, b) => b.length - a.length);

/** A typed word matches a known one exactly, or ignoring tone marks when typed without any. */
function sameWord(typed: string, known: string): boolean {
  if (typed === known) return true;
  const folded = foldVietnamese(typed);
  return folded === typed && folded === foldVietnamese(known);
}

function matchesAt(tokens: string[], at: number, phrase: string[]): boolean {
  return phrase.every((w, k) => at + k < tokens.length && sameWord(tokens[at + k] ?? "", w));
}

function withoutPlaces(tokens: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const place = PLACE_PHRASES.find((p) => matchesAt(tokens, i, p));
    if (place) {
      kept.push(""); // keeps words on either side from joining into a phrase
      i += place.length;
    } else kept.push(tokens[i++] ?? "");
  }
  return kept;
}

export function guessCategory(title: string): CategorySlug {
  const tokens = withoutPlaces(words(title));
  for (let i = 0; i < tokens.length; i++) {
    const phrase = PHRASES.find((p) => matchesAt(tokens, i, p.words));
    if (phrase) return phrase.category;
  }
  for (const token of tokens) {
    const fallback = FALLBACKS.find(([w]) => sameWord(token, w));
    if (fallback) return fallback[1];
  }
  return "khac";
}
