/**
 * A CSV document for spreadsheet apps and bank batch uploads: UTF-8 with a byte-order mark (so
 * Excel reads Vietnamese), CRLF rows, formulas defused, every cell that could break a row quoted.
 */
export function csvDocument(rows: ReadonlyArray<ReadonlyArray<string | number | bigint>>): string {
  const cell = (v: string | number | bigint) => {
    const text = String(v);
    // Defuse formulas in spreadsheet apps: at the start of the cell and after any line break
    // (some apps start a new cell there), including a tab or CR a cell may begin with.
    const safe = text.replace(/(^|[\r\n])([=+\-@\t\r])/g, "$1'$2");
    // Quote every cell that could break a row: commas, quotes, semicolons, CR or LF.
    return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return "\uFEFF" + rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
