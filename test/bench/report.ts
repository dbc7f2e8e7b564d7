// Figures into words: the tables and the targets, as aligned text for the terminal and as Markdown for the README.

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  /** Lines printed under the table: how it was measured. */
  notes?: string[];
}

export interface TargetCheck {
  target: string;
  measured: string;
  /** undefined when the figure could not be measured (the run failed). */
  pass: boolean | undefined;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const formatMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 100 ? 1 : 0)} ms`);
/** Decimal units (1 MB = 10^6 B), the stricter reading of the targets. */
export const formatMB = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
export const formatKB = (bytes: number): string => `${(bytes / 1e3).toFixed(1)} KB`;
export const formatCount = (count: number): string => count.toLocaleString('en-US');
export const formatRatio = (ratio: number): string => `${ratio.toFixed(2)}×`;

export function verdict(pass: boolean | undefined): string {
  return pass === undefined ? 'NOT MEASURED' : pass ? 'PASS' : 'FAIL';
}

export function targetsTable(checks: readonly TargetCheck[]): Table {
  return {
    title: 'Targets',
    headers: ['Target', 'Measured', 'Result'],
    rows: checks.map((check) => [check.target, check.measured, verdict(check.pass)]),
  };
}

export function renderText(table: Table): string {
  const widths = table.headers.map((header, column) => Math.max(header.length, ...table.rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (cell ?? '').padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [
    `== ${table.title} ==`,
    line(table.headers),
    line(widths.map((width) => '-'.repeat(width))),
    ...table.rows.map(line),
    ...(table.notes ?? []).map((note) => `  ${note}`),
  ].join('\n');
}

export function renderMarkdown(table: Table): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [
    `### ${table.title}`,
    '',
    line(table.headers),
    line(table.headers.map(() => '---')),
    ...table.rows.map(line),
    ...(table.notes?.length ? ['', ...table.notes.map((note) => `- ${note}`)] : []),
  ].join('\n');
}
