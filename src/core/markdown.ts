/**
 * Small Markdown writers for the result documents. The documents are read as Markdown source as often as in the
 * preview, so tables are padded into columns and text from the org is escaped rather than trusted. Pure.
 */

/**
 * Text from the org (descriptions, names) shown as plain text: the punctuation that means something inline is
 * escaped, and so is a leading one that would start a heading, list or quote. Others stay as typed, for the source.
 */
export function escapeText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]<>|~&]/g, '\\$&')
    .replace(/^([#+\->])/, '\\$1')
    .replace(LINK_LIKE_WORD, (word) => word.replace(/[.:@/]/g, '\\$&'));
}

/**
 * A word the preview would turn into a link by itself (markdown-it's linkify: a URL, `www.`, an email, a domain):
 * escaping its `.`, `:`, `@` and `/` splits it, so it shows as typed but links nowhere.
 */
const LINK_LIKE_WORD = /\S*(?::\/\/|@|\bwww\.|[A-Za-z]\.[A-Za-z])\S*/g;

/** Line breaks of every kind (a lone CR ends a Markdown line too) and control characters become spaces. */
function oneLine(text: string): string {
  return text.replace(/\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/**
 * An ID or permission in code style, shown exactly (on one line): the fence is one backtick longer than any run of
 * backticks inside, so nothing in the text can close the span early (never the case in real IDs, always in hostile ones).
 */
export function code(text: string): string {
  const inside = oneLine(text);
  const fence = '`'.repeat(Math.max(0, ...(inside.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  // A space on each side keeps a backtick at either end from joining the fence; CommonMark strips one on each side.
  const padded = inside.startsWith('`') || inside.endsWith('`') ? ` ${inside} ` : inside;
  return `${fence}${padded}${fence}`;
}

/** A table whose columns line up in the source too. Cells are Markdown already (escape text before). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  // A pipe splits a table cell even inside a code span; escaped text's pipes are escaped already.
  rows = rows.map((row) => row.map((cell) => cell.replace(/(?<!\\)((?:\\\\)*)\|/g, '$1\\|')));
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
  return items
    .map((item) => [`${'  '.repeat(depth)}- ${item.text}`, ...(item.children?.length ? [bulletList(item.children, depth + 1)] : [])].join('\n'))
    .join('\n');
}

/** "1 license", "3 licenses", "10,000 users". */
export function count(amount: number, one: string, many = `${one}s`): string {
  return `${amount.toLocaleString('en-US')} ${amount === 1 ? one : many}`;
}

/** Joins the blocks of a document with blank lines, leaving out the empty ones. */
export function blocks(...parts: (string | false | undefined)[]): string {
  return `${parts.filter((part): part is string => typeof part === 'string' && part !== '').join('\n\n')}\n`;
}
