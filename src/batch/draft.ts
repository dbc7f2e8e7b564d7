/**
 * The batch-assignment form's draft: what the person typed, checked into the request it would send. Pure (no Node,
 * no vscode): the webview and the extension host run the same checks, and the host never trusts the webview's.
 */
import { parseIdList } from '../core/input';
import type { LicenseBatchAssignmentRequest } from '../api/models';

export interface DraftRow {
  /** Stable across edits, so the form keeps focus and per-row messages on the right row. */
  key: string;
  licenseId: string;
  /** As typed or pasted: any separators, any case. */
  usersToAdd: string;
  usersToRemove: string;
}

export interface BatchDraft {
  rows: DraftRow[];
}

export interface RowCheck {
  key: string;
  licenseId: string;
  add: string[];
  remove: string[];
  invalid: string[];
  duplicatesMerged: number;
  /** Users both added and removed in this row: the row cannot be sent. */
  conflicts: string[];
  /** What stops this row from being sent, in words. */
  problems: string[];
  /** Those of `problems` that only say what is still to fill in (a license, users): guidance, not mistakes. */
  unfinished: string[];
}

export interface DraftCheck {
  rows: RowCheck[];
  /** The exact request, when nothing blocks it. */
  request?: LicenseBatchAssignmentRequest;
  /** User/license pairs the request touches. */
  entryCount: number;
  problems: string[];
  /** Those of `problems` that are about no single row (a license in two rows; nothing filled in yet). */
  draftProblems: string[];
  /** Every row is empty: nothing was filled in yet. */
  empty: boolean;
}

export function emptyRow(key: string): DraftRow {
  return { key, licenseId: '', usersToAdd: '', usersToRemove: '' };
}

/**
 * Checks a draft. Rows left entirely empty are ignored (a fresh row is not an error); `knownLicenses`, when given,
 * flags a license the org does not have.
 */
export function checkDraft(draft: BatchDraft, knownLicenses?: ReadonlySet<string>): DraftCheck {
  const rows = draft.rows
    // Numbered as the form shows them, counting the untouched rows too.
    .map((row, index) => ({ row, where: `Row ${index + 1}` }))
    .filter(({ row }) => row.licenseId.trim() || row.usersToAdd.trim() || row.usersToRemove.trim())
    .map(({ row, where }): RowCheck => {
      const added = parseIdList(row.usersToAdd);
      const removed = parseIdList(row.usersToRemove);
      const removedSet = new Set(removed.ids); // 10 000 × 10 000 comparisons would freeze the form
      const conflicts = added.ids.filter((id) => removedSet.has(id));
      const licenseId = row.licenseId.trim();
      const problems: string[] = [];
      const unfinished: string[] = [];
      if (!licenseId) {
        unfinished.push(`${where}: choose a license.`);
        problems.push(unfinished[0]);
      } else if (knownLicenses && !knownLicenses.has(licenseId)) {
        problems.push(`${where}: the org has no license “${licenseId}”.`);
      }
      if (added.invalid.length + removed.invalid.length > 0) {
        problems.push(`${where}: not user IDs: ${[...added.invalid, ...removed.invalid].join(', ')}.`);
      }
      if (conflicts.length > 0) {
        problems.push(`${where}: both added and removed: ${conflicts.join(', ')}.`);
      }
      if (added.ids.length + removed.ids.length === 0 && added.invalid.length + removed.invalid.length === 0) {
        unfinished.push(`${where}: no users to add or remove.`);
        problems.push(unfinished[unfinished.length - 1]);
      }
      return {
        key: row.key,
        licenseId,
        add: added.ids,
        remove: removed.ids,
        invalid: [...added.invalid, ...removed.invalid],
        duplicatesMerged: added.duplicates + removed.duplicates,
        conflicts,
        problems,
        unfinished,
      };
    });
  const draftProblems: string[] = [];
  const repeated = rows.map((row) => row.licenseId).filter((id, index, all) => id && all.indexOf(id) !== index);
  if (repeated.length > 0) {
    draftProblems.push(`A license appears in more than one row: ${[...new Set(repeated)].join(', ')}. Merge those rows.`);
  }
  if (rows.length === 0) {
    draftProblems.push('Add a row: a license and the users to give it to or take it from.');
  }
  const problems = [...rows.flatMap((row) => row.problems), ...draftProblems];
  const entryCount = rows.reduce((sum, row) => sum + row.add.length + row.remove.length, 0);
  return {
    rows,
    problems,
    draftProblems,
    empty: rows.length === 0,
    entryCount,
    request:
      problems.length === 0 ? { assignments: rows.map((row) => ({ licenseId: row.licenseId, userIdsAdd: row.add, userIdsRemove: row.remove })) } : undefined,
  };
}

/** What a tree row or a command pre-fills: a license, users to add to it. */
/** What a tree row or a command pre-fills: a license and users to add to it; or whole assignments (a what-if's change). */
export interface BatchPrefill {
  licenseId?: string;
  userIdsAdd?: string[];
  assignments?: { licenseId: string; userIdsAdd: string[]; userIdsRemove: string[] }[];
}

/**
 * The draft with a prefill added: each license's users go to the row already naming that license, or to a new row.
 * Empty rows go.
 */
export function withPrefill(draft: BatchDraft, prefill: BatchPrefill, newKey: () => string): BatchDraft {
  const rows = draft.rows.filter((row) => row.licenseId || row.usersToAdd.trim() || row.usersToRemove.trim()).map((row) => ({ ...row }));
  const join = (typed: string, ids: readonly string[]) => [typed.trim(), ids.join('\n')].filter(Boolean).join('\n');
  const assignments = prefill.assignments ?? [{ licenseId: prefill.licenseId ?? '', userIdsAdd: prefill.userIdsAdd ?? [], userIdsRemove: [] }];
  for (const { licenseId, userIdsAdd, userIdsRemove } of assignments) {
    const existing = licenseId ? rows.find((row) => row.licenseId === licenseId) : undefined;
    if (existing) {
      existing.usersToAdd = join(existing.usersToAdd, userIdsAdd);
      existing.usersToRemove = join(existing.usersToRemove, userIdsRemove);
    } else {
      rows.push({ ...emptyRow(newKey()), licenseId, usersToAdd: userIdsAdd.join('\n'), usersToRemove: userIdsRemove.join('\n') });
    }
  }
  return { rows };
}

/** A draft from a request file or the clipboard; anything that is not the request's shape is refused. */
export function draftFromRequest(request: unknown, newKey: () => string): BatchDraft {
  const assignments = (request as { assignments?: unknown } | null)?.assignments;
  if (!Array.isArray(assignments)) {
    throw new Error('This is not a batch assignment request: it needs an "assignments" list.');
  }
  return {
    rows: assignments.map((assignment, index) => {
      const { licenseId, userIdsAdd = [], userIdsRemove = [] } = (assignment ?? {}) as Record<string, unknown>;
      if (typeof licenseId !== 'string' || !Array.isArray(userIdsAdd) || !Array.isArray(userIdsRemove)) {
        throw new Error(`Assignment ${index + 1} needs a "licenseId" text and "userIdsAdd"/"userIdsRemove" lists.`);
      }
      return { key: newKey(), licenseId, usersToAdd: userIdsAdd.map(String).join('\n'), usersToRemove: userIdsRemove.map(String).join('\n') };
    }),
  };
}
