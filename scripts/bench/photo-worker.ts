/**
 * Runs the photo pipeline on one file N times in a fresh process and prints JSON timings and
 * peak RSS, so the memory figure is the pipeline's alone.
 */
import { readFileSync } from "node:fs";
import { processPhoto } from "../../app/media/images.server";

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 20);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  // Read from disk each time, as an upload would arrive.
  const bytes = readFileSync(file!);
  const started = performance.now();
  const out = await processPhoto(bytes);
  times.push(performance.now() - started);
  if (out.variants.length === 0) throw new Error("no variants");
}
console.log(JSON.stringify({ times, maxRssKb: process.resourceUsage().maxRSS }));
