/** Renders rows as an aligned plain-text table (what an operator reads in a terminal). */
export function formatTable(rows: readonly object[], columns?: readonly string[]): string {
  if (rows.length === 0) return '(no rows)';
  const keys = columns ?? Object.keys(rows[0]!);
  const cells = rows.map((row) => keys.map((key) => formatCell((row as Record<string, unknown>)[key])));
  const widths = keys.map((key, i) => Math.max(key.length, ...cells.map((line) => line[i]!.length)));
  const render = (line: readonly string[]) => line.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [render(keys), render(widths.map((w) => '-'.repeat(w))), ...cells.map(render)].join('\n');
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
