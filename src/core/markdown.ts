/**
 * Small Markdown writers for the result documents. The documents are read as Markdown source as often as in the
 * preview, so tables are padded into columns and text from the org is escaped rather than trusted. Pure.
 */

/**
 * Text from the org (descriptions, names) shown as plain text: the punctuation that means something inline is
 * escaped, and so is a leading one that would start a heading, list or quote. Others stay as typed, for the source.
 */
export function escapeText(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    .replace(/^([#+\->])/, '\\$1');
}

/** An ID or permission in code style; backticks inside (never in real IDs) are dropped rather than break out. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, '')}\``;
}

/** A table whose columns line up in the source too. Cells are Markdown already (escape text before). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(3, header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${widths.map((width, column) => (cells[column] ?? '').padEnd(width)).join(' | ')} |`;
  return [line(headers), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** A nested bullet list; each item is Markdown already. */
export interface ListItem {
  text: string;
  children?: ListItem[];
}

export function bulletList(items: readonly ListItem[], depth = 0): string {
  return items.map((item) => [`${'  '.repeat(depth)}- ${item.text}`, ...(item.children?.length ? [bulletList(item.children, depth + 1)] : [])].join('\n')).join('\n');
}

/** "1 license", "3 licenses", "10,000 users". */
export function count(amount: number, one: string, many = `${one}s`): string {
  return `${amount.toLocaleString('en-US')} ${amount === 1 ? one : many}`;
}

/** Joins the blocks of a document with blank lines, leaving out the empty ones. */
export function blocks(...parts: (string | false | undefined)[]): string {
  return `${parts.filter((part): part is string => typeof part === 'string' && part !== '').join('\n\n')}\n`;
}
