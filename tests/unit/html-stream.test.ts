import { PassThrough } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { collectPage } from "~/lib/html-stream.server";

/** Many short Vietnamese text nodes: sooner or later a two-byte letter straddles React's 2 KB buffer. */
const page = createElement(
  "ul",
  null,
  Array.from({ length: 400 }, (_, i) => createElement("li", { key: i }, `Dài tối đa ${i} ký tự.`)),
);

function stream(through: PassThrough): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    through.on("data", (c: Buffer) => chunks.push(c));
    through.on("end", () => resolve(Buffer.concat(chunks)));
    through.on("error", reject);
    const { pipe } = renderToPipeableStream(page, { onAllReady: () => pipe(through), onShellError: reject });
  });
}

/** The page as the server sends it: React's stream collected into one buffer. */
function collected(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(page, { onAllReady: () => pipe(collectPage(resolve)), onShellError: reject });
  });
}

describe("streamed HTML", () => {
  it("React 18 alone leaves NUL bytes in Vietnamese pages (the bug this guards against)", async () => {
    const raw = await stream(new PassThrough());
    expect(raw.includes(0)).toBe(true);
  });

  it("comes out byte for byte like renderToString once the NUL bytes are dropped", async () => {
    const fixed = await collected();
    expect(fixed.includes(0)).toBe(false);
    expect(fixed.toString("utf8")).toBe(renderToString(page));
  });
});
