/** Plain-text tables like kubectl's: upper-case headers, columns padded to their widest cell. */

const GAP = '   ';

/** Width of each column over `rows` (header included). */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return widths;
}

/** One row padded to `widths`; a cell wider than its column pushes the rest right. */
export function formatRow(row: readonly string[], widths: readonly number[]): string {
  return row
    .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
    .join(GAP)
    .trimEnd();
}

/** The lines of a table whose first row is the header. */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths = columnWidths(rows);
  return rows.map((row) => formatRow(row, widths));
}
