/**
 * What the license commands accept as input, checked before anything is sent. Pure (no `vscode` import), so it is
 * tested in plain Node.
 */
import { GenesysApiError } from '../api/errors';
import { count } from './markdown';

/** Genesys user and role IDs are UUIDs: 8-4-4-4-12 hexadecimal digits. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What separates pasted IDs: commas, semicolons, whitespace and line breaks, and the quotes and brackets of a pasted
 * JSON array, so a list copied from a spreadsheet column, a log line or an API answer all work.
 */
const ID_SEPARATORS = /[\s,;"'[\]]+/;

export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}

export interface ParsedIds {
  /** Valid IDs, lower-cased as Genesys writes them, in the order given, each once. */
  ids: string[];
  /** Entries that are not UUIDs, as given, each once: listed to the user and never sent. */
  invalid: string[];
  /** How many repeats were merged. */
  duplicates: number;
}

/** A tree row as commands receive it: the explorer's nodes carry the Genesys ID they stand for. */
export interface RowWithId {
  copyableId: string;
}

function isRowWithId(value: unknown): value is RowWithId {
  return typeof value === 'object' && value !== null && typeof (value as Partial<RowWithId>).copyableId === 'string';
}

/** The text of one argument entry: a string as it is, a tree row by its ID, anything else as it prints. */
function entryText(entry: unknown): string {
  return isRowWithId(entry) ? entry.copyableId : String(entry);
}

/** Splits pasted text (or the entries of an array) into IDs, merging duplicates and setting invalid ones apart. */
export function parseIdList(input: string | readonly unknown[]): ParsedIds {
  const entries = typeof input === 'string' ? [input] : input.map(entryText);
  const tokens = entries.flatMap((entry) => entry.split(ID_SEPARATORS)).filter((token) => token !== '');
  const ids = new Set<string>();
  const invalid = new Set<string>();
  for (const token of tokens) {
    if (isUuid(token)) {
      ids.add(token.toLowerCase());
    } else {
      invalid.add(token);
    }
  }
  return { ids: [...ids], invalid: [...invalid], duplicates: tokens.length - ids.size - invalid.size };
}

/** The text of a command's first argument when it names one thing: an ID or name given directly, or a tree row. */
export function textFromArgument(argument: unknown): string | undefined {
  if (typeof argument === 'string') {
    return argument.trim() || undefined;
  }
  return isRowWithId(argument) ? argument.copyableId : undefined;
}

/**
 * A list-taking command's input: a string with many IDs, an array of IDs or rows, or one row. A tree with several
 * rows selected passes the clicked row first and the whole selection second: the selection wins.
 */
export function idListFromArguments(first: unknown, second?: unknown): string | unknown[] | undefined {
  if (Array.isArray(second) && second.length > 0) {
    return second as unknown[];
  }
  if (Array.isArray(first) || typeof first === 'string') {
    return first;
  }
  return isRowWithId(first) ? [first] : undefined;
}

/** Up to `limit` entries, then how many more: long lists are summed up in a message, shown whole in a document. */
export function listBriefly(items: readonly string[], limit = 5): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} and ${items.length - limit} more` : shown;
}

/** What a parse found, for the input box while the user types: "3 IDs (1 duplicate merged); 1 not a UUID: abc". */
export function describeParsedIds(parsed: ParsedIds): string {
  const merged = parsed.duplicates > 0 ? ` (${count(parsed.duplicates, 'duplicate')} merged)` : '';
  const invalid = parsed.invalid.length > 0 ? `; ${count(parsed.invalid.length, 'entry', 'entries')} not a UUID, not sent: ${listBriefly(parsed.invalid)}` : '';
  return `${count(parsed.ids.length, 'ID')}${merged}${invalid}`;
}

/** The valid IDs of a parse, or a refusal that says what was wrong when there are none. */
export function requireIds(parsed: ParsedIds, what: string): string[] {
  if (parsed.ids.length > 0) {
    return parsed.ids;
  }
  const because = parsed.invalid.length > 0 ? ` None of the entries is a UUID: ${listBriefly(parsed.invalid)}.` : ' The list is empty.';
  throw new GenesysApiError({
    kind: 'invalid-argument',
    message: `No ${what} to look up.${because} Give one or more ${what}, separated by commas, spaces, semicolons or lines.`,
  });
}

/** One ID, checked to be a UUID and lower-cased; a refusal that shows what was given otherwise. */
export function requireUuid(text: string, what: string): string {
  const id = text.trim();
  if (!isUuid(id)) {
    throw new GenesysApiError({
      kind: 'invalid-argument',
      message: `"${id}" is not a ${what}: Genesys Cloud ${what}s are UUIDs such as 3f2a1c0e-7b3d-4c8e-9a51-0d2e6f4b8c17. Nothing was sent.`,
    });
  }
  return id.toLowerCase();
}

export type ExportFormat = 'csv' | 'json';

export interface ExportRequest {
  format?: ExportFormat;
  /** A file path or a URI string (`file:///…`), or a `vscode.Uri` passed through untouched. */
  target?: unknown;
}

/** Reads the export command's optional argument `{ format, uri | path }`; a wrong format is refused. */
export function parseExportRequest(argument: unknown): ExportRequest {
  if (typeof argument !== 'object' || argument === null) {
    return {};
  }
  const { format, uri, path } = argument as { format?: unknown; uri?: unknown; path?: unknown };
  if (format !== undefined && format !== 'csv' && format !== 'json') {
    throw new GenesysApiError({
      kind: 'invalid-argument',
      message: `The export format must be "csv" or "json" (got ${JSON.stringify(format)}). Nothing was exported.`,
    });
  }
  return { format, target: uri ?? path };
}
