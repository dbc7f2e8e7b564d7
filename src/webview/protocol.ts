/**
 * The batch-assignment form's messages, both ways, in one file both sides import. Messages carry a `t` tag. The
 * host checks every incoming message with `parseFromBatchWebview` and ignores (and logs) anything else.
 */
import type { ApplyReport, ChangePreview } from '../batch/changes';
import type { BatchDraft, DraftRow } from '../batch/draft';

export const BATCH_VIEW_TYPE = 'genesysLicenses.batchAssignment';

/** A license as the form's picker shows it. */
export interface LicenseOption {
  id: string;
  description?: string;
  prerequisites: string[];
}

export type UserField = 'usersToAdd' | 'usersToRemove';

/** Host → webview. */
export type ToBatchWebview =
  /** The answer to `ready`, and again after the panel is shown anew: everything the form needs. */
  | { t: 'init'; draft: BatchDraft; licenses: LicenseOption[]; org?: string; entriesPerRequest: number; lastReport?: ReportMessage }
  /** The draft was replaced from outside the form: a file loaded, a row prefilled from the tree. */
  | { t: 'draft'; draft: BatchDraft; reason: 'loaded' | 'prefilled' }
  | { t: 'preview'; state: 'loading' }
  | { t: 'preview'; state: 'ready'; preview: ChangePreview }
  | { t: 'preview'; state: 'error'; message: string }
  | { t: 'preview'; state: 'none' }
  | { t: 'applying'; done: number; total: number }
  | ReportMessage
  /** Users picked by name for a row's field: appended to what is there. */
  | { t: 'usersPicked'; rowKey: string; field: UserField; ids: string[] }
  | { t: 'notice'; level: 'info' | 'error'; message: string };

export interface ReportMessage {
  t: 'report';
  kind: 'apply' | 'retry' | 'undo';
  report: ApplyReport;
  canUndo: boolean;
  canRetry: boolean;
}

/** Webview → host. */
export type FromBatchWebview =
  | { t: 'ready' }
  | { t: 'draftChanged'; draft: BatchDraft }
  | { t: 'apply' }
  | { t: 'retryFailed' }
  | { t: 'undo' }
  | { t: 'save' }
  | { t: 'load' }
  | { t: 'copy' }
  | { t: 'pickUsers'; rowKey: string; field: UserField };

/**
 * Large enough for any real draft (a field holds about 27 000 IDs, one per line), small enough that a hostile
 * message cannot make the host hold much: the whole draft is capped too.
 */
export const MAX_DRAFT_ROWS = 200;
export const MAX_FIELD_LENGTH = 1_000_000;
export const MAX_DRAFT_LENGTH = 4_000_000;

function isString(value: unknown, max = MAX_FIELD_LENGTH): value is string {
  return typeof value === 'string' && value.length <= max;
}

function parseRow(value: unknown): DraftRow | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const { key, licenseId, usersToAdd, usersToRemove } = value as Record<string, unknown>;
  if (isString(key, 100) && isString(licenseId, 200) && isString(usersToAdd) && isString(usersToRemove)) {
    return { key, licenseId, usersToAdd, usersToRemove };
  }
  return undefined;
}

export function parseDraft(value: unknown): BatchDraft | undefined {
  const rows = (value as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows) || rows.length > MAX_DRAFT_ROWS) {
    return undefined;
  }
  const parsed = rows.map(parseRow);
  if (!parsed.every((row): row is DraftRow => row !== undefined)) {
    return undefined;
  }
  const length = parsed.reduce((sum, row) => sum + row.usersToAdd.length + row.usersToRemove.length, 0);
  return length <= MAX_DRAFT_LENGTH ? { rows: parsed } : undefined;
}

/** The message if it is one the form may send, with only the fields it may carry; otherwise undefined. */
export function parseFromBatchWebview(message: unknown): FromBatchWebview | undefined {
  if (!message || typeof message !== 'object') {
    return undefined;
  }
  const { t } = message as { t?: unknown };
  switch (t) {
    case 'ready':
    case 'apply':
    case 'retryFailed':
    case 'undo':
    case 'save':
    case 'load':
    case 'copy':
      return { t };
    case 'draftChanged': {
      const draft = parseDraft((message as { draft?: unknown }).draft);
      return draft ? { t, draft } : undefined;
    }
    case 'pickUsers': {
      const { rowKey, field } = message as { rowKey?: unknown; field?: unknown };
      return isString(rowKey, 100) && (field === 'usersToAdd' || field === 'usersToRemove') ? { t, rowKey, field } : undefined;
    }
    default:
      return undefined;
  }
}
