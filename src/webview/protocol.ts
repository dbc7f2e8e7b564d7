/**
 * The batch-assignment form's messages, both ways, in one file both sides import. Messages carry a `t` tag. The
 * host checks every incoming message with `parseFromBatchWebview` and ignores (and logs) anything else.
 *
 * Every draft has a revision: the form numbers its own edits (`draftChanged`), the host numbers the drafts it puts in
 * the form (`init`, `draft`), and each preview says which revision it was read for, so a preview can never be shown
 * as the preview of another draft.
 */
import type { LicenseDefinition } from '../api/models';
import type { ApplyReport, ChangePreview } from '../batch/changes';
import type { Person } from '../core/people';
import type { BatchDraft, DraftRow } from '../batch/draft';

export const BATCH_VIEW_TYPE = 'genesysLicenses.batchAssignment';

/** A license as the form's picker shows it. */
export interface LicenseOption {
  id: string;
  description?: string;
  prerequisites: string[];
}

/** The org's licenses as the picker lists them, by ID. */
export function licenseOptionsOf(definitions: readonly LicenseDefinition[]): LicenseOption[] {
  return definitions
    .filter((definition) => definition.id)
    .map((definition) => ({
      id: definition.id as string,
      description: definition.description,
      prerequisites: (definition.prerequisites ?? []).flatMap((prerequisite) => (prerequisite.id ? [prerequisite.id] : [])),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export type UserField = 'usersToAdd' | 'usersToRemove';

/** A user's name and email from the org's directory, shown beside the ID. */
export type { Person } from '../core/people';

export type FollowUp = 'apply' | 'retry' | 'undo';
/** The follow-ups by name, as buttons, dialogs and results say them. */
export const FOLLOW_UP_NAMES: Record<FollowUp, string> = { apply: 'Apply', retry: 'Retry', undo: 'Undo' };

export type PreviewState = { state: 'loading' } | { state: 'ready'; preview: ChangePreview } | { state: 'error'; message: string } | { state: 'none' };

/** What the host knows of the draft revision `revision`'s preview. */
export type PreviewMessage = { t: 'preview'; revision: number } & PreviewState;

/** Host → webview. */
export type ToBatchWebview =
  /** The answer to `ready`, and again after the panel is shown anew: everything the form needs. */
  | { t: 'init'; draft: BatchDraft; revision: number; licenses: LicenseOption[]; org?: string; entriesPerRequest: number; lastReport?: ReportMessage }
  /** The draft was replaced from outside the form: a file loaded, a row prefilled from the tree. */
  | { t: 'draft'; draft: BatchDraft; revision: number; reason: 'loaded' | 'prefilled' }
  | PreviewMessage
  | { t: 'applying'; done: number; total: number }
  | ReportMessage
  /** An Apply, Retry or Undo the form asked for has ended: applied, declined, refused or cancelled. */
  | { t: 'settled'; action: FollowUp }
  /**
   * Names and emails of users in the draft or the results, once per user; `notFound` are IDs the directory does not
   * know; `unavailable` says why no names can be read (the form then shows IDs only).
   */
  | { t: 'people'; people: Person[]; notFound: string[]; unavailable?: string }
  /** Users picked by name for a row's field: appended to what is there. */
  | { t: 'usersPicked'; rowKey: string; field: UserField; ids: string[] }
  | { t: 'notice'; level: 'info' | 'error'; message: string };

export interface ReportMessage {
  t: 'report';
  kind: FollowUp;
  report: ApplyReport;
  canUndo: boolean;
  canRetry: boolean;
}

/** Webview → host. */
export type FromBatchWebview =
  | { t: 'ready' }
  /** `revision` is higher than any the form sent or was sent before. */
  | { t: 'draftChanged'; draft: BatchDraft; revision: number }
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

function parseRow(value: unknown, limited: boolean): DraftRow | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const { key, licenseId, usersToAdd, usersToRemove } = value as Record<string, unknown>;
  const within = (text: unknown, max?: number): text is string => isString(text, limited ? max : Infinity);
  if (within(key, 100) && within(licenseId, 200) && within(usersToAdd) && within(usersToRemove)) {
    return { key, licenseId, usersToAdd, usersToRemove };
  }
  return undefined;
}

/**
 * A draft of the right shape, with only a draft's fields. `limited` (the host's check of the form's messages) also
 * refuses a draft over the size limits; the form's own saved state keeps a draft too long to send (and says so).
 */
export function parseDraft(value: unknown, limited = true): BatchDraft | undefined {
  const rows = (value as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows) || (limited && rows.length > MAX_DRAFT_ROWS)) {
    return undefined;
  }
  const parsed = rows.map((row) => parseRow(row, limited));
  if (!parsed.every((row): row is DraftRow => row !== undefined)) {
    return undefined;
  }
  const length = parsed.reduce((sum, row) => sum + row.usersToAdd.length + row.usersToRemove.length, 0);
  return !limited || length <= MAX_DRAFT_LENGTH ? { rows: parsed } : undefined;
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
      const { draft: value, revision } = message as { draft?: unknown; revision?: unknown };
      const draft = parseDraft(value);
      return draft && Number.isSafeInteger(revision) && (revision as number) > 0 ? { t, draft, revision: revision as number } : undefined;
    }
    case 'pickUsers': {
      const { rowKey, field } = message as { rowKey?: unknown; field?: unknown };
      return isString(rowKey, 100) && (field === 'usersToAdd' || field === 'usersToRemove') ? { t, rowKey, field } : undefined;
    }
    default:
      return undefined;
  }
}
