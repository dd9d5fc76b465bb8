/**
 * `npm run bench`: performance figures measured on this machine. Each section prints its
 * figures and the bar it is held to. Sections: photo pipeline (12-megapixel phone JPEG).
 * Later issues add pages, search and checkout.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = path.join(root, ".data", "bench");

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** A 4000×3000 photo with real texture (gradients plus sensor-like noise), stored sideways like many phones do. */
async function phonePhoto(file: string) {
  if (existsSync(file)) return;
  const width = 4000;
  const height = 3000;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 42;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed / 0x7fffffff - 0.5) * 40;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const leaf = Math.sin(x / 37) * Math.cos(y / 53) * 60;
      pixels[i] = Math.max(0, Math.min(255, 120 + leaf + (x / width) * 90 + noise()));
      pixels[i + 1] = Math.max(0, Math.min(255, 150 + leaf * 0.8 + (y / height) * 60 + noise()));
      pixels[i + 2] = Math.max(0, Math.min(255, 60 + leaf * 0.3 + noise()));
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 88, chromaSubsampling: "4:2:0" })
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: "Bench", Model: "Phone 12MP" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "11/1 32/1 0/1" } })
    .toFile(file);
}

async function photoBench() {
  mkdirSync(benchDir, { recursive: true });
  const file = path.join(benchDir, "phone-12mp.jpg");
  await phonePhoto(file);
  const meta = await sharp(file).metadata();
  const runs = Number(process.env.BENCH_PHOTO_RUNS ?? 20);
  const child = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "bench", "photo-worker.ts"), file, String(runs)], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1024 * 1024,
    // As `npm start` runs: fewer glibc malloc arenas keep libvips' worker threads from fragmenting memory.
    env: { ...process.env, MALLOC_ARENA_MAX: "2" },
  });
  if (child.status !== 0) throw new Error(child.stderr);
  const { times, maxRssKb } = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as { times: number[]; maxRssKb: number };
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  const rssMb = maxRssKb / 1024;
  console.log("\n## Photo pipeline: 12-megapixel phone JPEG → 320/640/1280 px AVIF + WebP + JPEG + placeholder");
  console.log(`input: ${meta.width}×${meta.height} JPEG, ${(statSync(file).size / 1e6).toFixed(1)} MB, EXIF orientation ${meta.orientation}`);
  console.log(`runs: ${runs} (one process, sequential)`);
  console.log(`p50 ${p50.toFixed(0)} ms · p95 ${p95.toFixed(0)} ms · min ${Math.min(...times).toFixed(0)} ms · max ${Math.max(...times).toFixed(0)} ms`);
  console.log(`peak RSS ${rssMb.toFixed(0)} MB (whole process, Node included)`);
  console.log(`bar: p95 ≤ 800 ms → ${p95 <= 800 ? "PASS" : "FAIL"}; peak RSS ≤ 300 MB → ${rssMb <= 300 ? "PASS" : "FAIL"}`);
  return p95 <= 800 && rssMb <= 300;
}

const sections = (process.argv[2] ?? "photo").split(",");
let ok = true;
if (sections.includes("photo")) ok = (await photoBench()) && ok;
process.exit(ok ? 0 : 1);
