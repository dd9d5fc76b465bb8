import sharp from "sharp";

/**
 * Demo product photos drawn locally (no network): a simple still life per kind of produce,
 * rendered from SVG to a JPEG that then goes through the same pipeline as a farmer's upload.
 */
export type PhotoKind = "banana" | "round" | "bean" | "leaf" | "grain" | "jar" | "bottle" | "bag" | "fish" | "bunch";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function shapes(kind: PhotoKind, color: string, random: () => number): string {
  const out: string[] = [];
  const jitter = (n: number) => (random() - 0.5) * n;
  switch (kind) {
    case "banana":
      for (let i = 0; i < 7; i++) {
        const x = 180 + i * 65 + jitter(10);
        out.push(`<path d="M ${x} 180 q 60 160 -20 300" stroke="${color}" stroke-width="46" fill="none" stroke-linecap="round"/>`);
        out.push(`<path d="M ${x} 180 q 60 160 -20 300" stroke="#00000022" stroke-width="6" fill="none" transform="translate(12,0)"/>`);
      }
      out.push(`<rect x="150" y="150" width="470" height="40" rx="18" fill="#6b8e23"/>`);
      break;
    case "round":
      for (let i = 0; i < 9; i++) {
        const cx = 220 + (i % 3) * 170 + jitter(30);
        const cy = 200 + Math.floor(i / 3) * 130 + jitter(20);
        const r = 70 + jitter(16);
        out.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="${color}"/>`);
        out.push(`<circle cx="${cx - r / 3}" cy="${cy - r / 3}" r="${r / 4}" fill="#ffffff55"/>`);
      }
      break;
    case "bunch":
      for (let i = 0; i < 26; i++) {
        const cx = 400 + jitter(300) * (1 - i / 40);
        const cy = 160 + i * 12 + jitter(30);
        out.push(`<circle cx="${cx}" cy="${cy}" r="${34 + jitter(8)}" fill="${color}" stroke="#00000022" stroke-width="3"/>`);
      }
      break;
    case "bean":
      for (let i = 0; i < 60; i++) {
        const x = 120 + random() * 560;
        const y = 150 + random() * 380;
        out.push(`<ellipse cx="${x}" cy="${y}" rx="26" ry="18" fill="${color}" transform="rotate(${random() * 180} ${x} ${y})"/>`);
        out.push(`<path d="M ${x - 18} ${y} q 18 ${jitter(10)} 36 0" stroke="#00000055" stroke-width="3" fill="none" transform="rotate(${random() * 180} ${x} ${y})"/>`);
      }
      break;
    case "grain":
      for (let i = 0; i < 260; i++) {
        const x = 100 + random() * 600;
        const y = 200 + random() * 330;
        out.push(`<ellipse cx="${x}" cy="${y}" rx="9" ry="4" fill="${color}" transform="rotate(${random() * 180} ${x} ${y})"/>`);
      }
      break;
    case "leaf":
      for (let i = 0; i < 14; i++) {
        const x = 160 + random() * 480;
        const y = 170 + random() * 320;
        out.push(`<ellipse cx="${x}" cy="${y}" rx="80" ry="34" fill="${color}" transform="rotate(${random() * 180} ${x} ${y})"/>`);
      }
      break;
    case "jar":
      out.push(`<rect x="270" y="170" width="260" height="330" rx="40" fill="${color}"/>`);
      out.push(`<rect x="290" y="140" width="220" height="50" rx="10" fill="#8b5a2b"/>`);
      out.push(`<rect x="300" y="290" width="200" height="90" rx="8" fill="#fffbe8"/>`);
      break;
    case "bottle":
      out.push(`<rect x="330" y="230" width="150" height="290" rx="30" fill="${color}"/>`);
      out.push(`<rect x="375" y="140" width="60" height="110" rx="10" fill="${color}"/>`);
      out.push(`<rect x="370" y="120" width="70" height="30" rx="6" fill="#8b0000"/>`);
      out.push(`<rect x="345" y="330" width="120" height="80" rx="6" fill="#fffbe8"/>`);
      break;
    case "bag":
      out.push(`<path d="M 260 200 L 540 200 L 580 520 L 220 520 Z" fill="${color}"/>`);
      out.push(`<rect x="300" y="320" width="200" height="110" rx="10" fill="#fffbe8"/>`);
      out.push(`<rect x="250" y="180" width="300" height="30" rx="8" fill="#00000033"/>`);
      break;
    case "fish":
      for (let i = 0; i < 5; i++) {
        const y = 190 + i * 70 + jitter(10);
        out.push(`<ellipse cx="380" cy="${y}" rx="210" ry="32" fill="${color}"/>`);
        out.push(`<path d="M 590 ${y} l 60 -34 l 0 68 Z" fill="${color}"/>`);
        out.push(`<circle cx="210" cy="${y - 6}" r="6" fill="#222"/>`);
      }
      break;
  }
  return out.join("");
}

export async function drawProductPhoto(kind: PhotoKind, color: string, seed: number): Promise<Buffer> {
  const random = rng(seed);
  const hue = Math.floor(random() * 360);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue}, 35%, 92%)"/><stop offset="1" stop-color="hsl(${hue}, 30%, 80%)"/>
    </linearGradient></defs>
    <rect width="800" height="600" fill="url(#bg)"/>
    <rect y="470" width="800" height="130" fill="#b98b5a"/>
    <rect y="470" width="800" height="8" fill="#00000022"/>
    <ellipse cx="400" cy="520" rx="300" ry="40" fill="#00000022"/>
    ${shapes(kind, color, random)}
  </svg>`;
  // Drawn at 800×600, handed over at 720×540: big enough for phone screens, quick to seed.
  return sharp(Buffer.from(svg)).resize(720).jpeg({ quality: 85 }).toBuffer();
}
