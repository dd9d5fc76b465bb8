import { describe, expect, it } from "vitest";
import { reportCsv } from "~/orders/report.server";

const row = (member: string, title: string) => ({ member, title, unit: "kg", units: 1, sales: 1000n, owed: 1000n });

/** Parses one CSV line's cells the way a spreadsheet does (RFC 4180 quoting). */
function cells(csv: string): string[][] {
  const rows: string[][] = [];
  let cell = "";
  let row: string[] = [];
  let quoted = false;
  const text = csv.replace(/^\uFEFF/, "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

// Issue 9 #16: a bare carriage return was left unquoted, and a formula could follow it.
describe("co-op report CSV", () => {
  it("quotes every cell with CR or LF and defuses a formula after any line break", () => {
    const csv = reportCsv({ products: [row("Vườn A\r=HYPERLINK(\"http://evil\")", "Chuối\n+1+1"), row("@SUM(A1)", "-2+3"), row("Bà Tư", "Mít, sầu riêng")] });
    const parsed = cells(csv);
    expect(parsed).toHaveLength(4); // header + 3 rows: no cell broke its row
    expect(parsed[1]![0]).toBe("Vườn A\r'=HYPERLINK(\"http://evil\")");
    expect(parsed[1]![1]).toBe("Chuối\n'+1+1");
    expect(parsed[2]!.slice(0, 2)).toEqual(["'@SUM(A1)", "'-2+3"]);
    expect(parsed[3]![1]).toBe("Mít, sầu riêng");
    for (const line of parsed.slice(1)) for (const cell of line) expect(cell).not.toMatch(/(^|[\r\n])[=+\-@]/);
  });
});
