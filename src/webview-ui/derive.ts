/**
 * Everything the form says and enables, derived from its one state: the status lines, hints, button states and
 * per-row findings. The view shows these and the reducer guards its actions with the same functions, so a button
 * cannot be enabled while its action is refused, and a hint cannot count something else than what the page shows.
 */
import type { ChangePreview } from '../batch/changes';
import type { DraftCheck, RowCheck } from '../batch/draft';
import { count } from '../core/markdown';
import { FOLLOW_UP_NAMES, MAX_DRAFT_LENGTH, MAX_FIELD_LENGTH, type UserField } from '../webview/protocol';
import { type FormState, tooLongToSend, userIdsLength } from './model';

type LicenseBatchAssignmentRequest = NonNullable<DraftCheck['request']>;

export type Tone = 'ok' | 'error' | 'todo' | 'info';

/** One thing the form says about the draft: a mistake (error), something still to fill in (todo), or a note. */
export interface Finding {
  text: string;
  tone: Tone;
}

export const FIELD_LABELS: Record<UserField, string> = { usersToAdd: 'Users to add', usersToRemove: 'Users to remove' };
const LINE_LIMIT = 400;

/** Up to `limit` items, then how many more. */
export function brief(items: readonly string[], limit = 10): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} and ${(items.length - limit).toLocaleString('en-US')} more` : shown;
}

function cut(text: string): string {
  return text.length > LINE_LIMIT ? `${text.slice(0, LINE_LIMIT)}…` : text;
}

/**
 * A problem from the draft check, in words for this form: the row prefix dropped (the row's heading says it) and long
 * lists of entries cut short (a paste of 10 000 bad lines must not become a 400 KB message).
 */
export function rowProblemText(problem: string, row: RowCheck): string {
  const text = problem.replace(/^Row \d+: /, '');
  if (/^not user IDs/i.test(text)) {
    return `${count(row.invalid.length, 'entry is', 'entries are')} not a user ID (a UUID) and will not be sent: ${brief(row.invalid)}.`;
  }
  if (/^both added and removed/i.test(text)) {
    return `${count(row.conflicts.length, 'user is', 'users are')} both added and removed, which blocks sending: ${brief(row.conflicts)}.`;
  }
  return cut(text.charAt(0).toUpperCase() + text.slice(1));
}

function problemOf(problem: string, row: RowCheck, prefix = ''): Finding {
  return { text: `${prefix}${rowProblemText(problem, row)}`, tone: row.unfinished.includes(problem) ? 'todo' : 'error' };
}

function tooLongFields(row: { usersToAdd: string; usersToRemove: string }): UserField[] {
  return (['usersToAdd', 'usersToRemove'] as const).filter((field) => row[field].length > MAX_FIELD_LENGTH);
}

/** What stops the draft from being sent, numbered by the rows as the form shows them. Empty when it can be sent. */
export function draftFindings(state: FormState): Finding[] {
  const { check, draft } = state;
  const position = new Map(draft.rows.map((row, index) => [row.key, index + 1]));
  const findings: Finding[] = [];
  if (userIdsLength(draft) > MAX_DRAFT_LENGTH) {
    findings.push({
      tone: 'error',
      text: `The whole draft is too long (at most ${MAX_DRAFT_LENGTH.toLocaleString('en-US')} characters of user IDs): apply it in parts.`,
    });
  }
  draft.rows.forEach((row, index) => {
    for (const field of tooLongFields(row)) {
      findings.push({
        tone: 'error',
        text: `Row ${index + 1}: the list of ${FIELD_LABELS[field].toLowerCase()} is too long (at most ${MAX_FIELD_LENGTH.toLocaleString('en-US')} characters).`,
      });
    }
  });
  for (const row of check.rows) {
    findings.push(...row.problems.map((problem) => problemOf(problem, row, `Row ${position.get(row.key) ?? '?'}: `)));
  }
  // A draft nobody has filled in yet is not a mistake: the status line says what to do instead.
  if (!check.empty) {
    findings.push(...check.draftProblems.map((problem): Finding => ({ text: cut(problem), tone: 'error' })));
  }
  return findings;
}

/** The request the form would send now, if nothing stops it. */
export function sendableRequest(state: FormState, findings = draftFindings(state)): LicenseBatchAssignmentRequest | undefined {
  return findings.length === 0 && !tooLongToSend(state.draft) ? state.check.request : undefined;
}

export function requestStatus(state: FormState, findings = draftFindings(state)): Finding {
  if (sendableRequest(state, findings)) {
    const requests = Math.ceil(state.check.entryCount / state.entriesPerRequest);
    return {
      tone: 'ok',
      text: `Ready to send: ${count(state.check.entryCount, 'user/license change')} in ${count(requests, 'request')} of at most ${state.entriesPerRequest.toLocaleString('en-US')}.`,
    };
  }
  if (findings.some((finding) => finding.tone === 'error')) {
    return { tone: 'error', text: `Not ready to send: ${count(findings.length, 'problem')} to fix.` };
  }
  if (findings.length > 0) {
    return { tone: 'todo', text: `Not ready to send yet: ${count(findings.length, 'thing')} to fill in.` };
  }
  return { tone: 'info', text: 'Nothing to send yet: choose a license in a row, then paste user IDs or pick users by name.' };
}

const jsonTexts = new WeakMap<LicenseBatchAssignmentRequest, string>();

/** The request as the JSON the host sends, cut after `LINE_LIMIT` lines unless the whole of it was asked for. */
export function requestJson(request: LicenseBatchAssignmentRequest, showAll: boolean): { text: string; hiddenLines: number } {
  let text = jsonTexts.get(request);
  if (text === undefined) {
    text = JSON.stringify(request, null, 2);
    jsonTexts.set(request, text);
  }
  if (showAll) {
    return { text, hiddenLines: 0 };
  }
  let end = -1;
  for (let line = 0; line < LINE_LIMIT; line++) {
    end = text.indexOf('\n', end + 1);
    if (end < 0) {
      return { text, hiddenLines: 0 };
    }
  }
  let hiddenLines = 0;
  for (let index = end; index >= 0; index = text.indexOf('\n', index + 1)) {
    hiddenLines++;
  }
  return { text: `${text.slice(0, end)}\n…`, hiddenLines };
}

/** The preview read for the draft as it is now, if there is one. */
export function currentPreview(state: FormState): ChangePreview | undefined {
  return state.preview.state === 'ready' && state.preview.revision === state.revision ? state.preview.preview : undefined;
}

/** A preview shown for an older draft than the one in the form: the page marks it. */
export function previewIsStale(state: FormState): boolean {
  return state.preview.state === 'ready' && state.preview.revision !== state.revision;
}

/** The current preview says nothing would change: the org already matches the request. */
function nothingToChange(state: FormState): ChangePreview | undefined {
  const preview = currentPreview(state);
  return preview && preview.entries.length > 0 && preview.gains + preview.losses === 0 ? preview : undefined;
}

/** Apply, Retry and Undo wait for each other: one at a time, and none while the host works on one. */
function busy(state: FormState): boolean {
  return !!state.applying || !!state.pending;
}

export function canApply(state: FormState): boolean {
  return !!sendableRequest(state) && !busy(state) && !nothingToChange(state);
}

export function applyHint(state: FormState): string {
  if (state.applying) {
    return '';
  }
  if (state.pending) {
    return `${FOLLOW_UP_NAMES[state.pending]} is waiting for your confirmation or its results.`;
  }
  const findings = draftFindings(state);
  if (!sendableRequest(state, findings)) {
    if (findings.length === 0) {
      return 'Apply turns on once a row has a license and users.';
    }
    const errors = findings.some((finding) => finding.tone === 'error');
    return `Apply is off until the request can be sent: ${errors ? count(findings.length, 'problem') : count(findings.length, 'thing to fill in', 'things to fill in')} listed under Request JSON.`;
  }
  const unchanged = nothingToChange(state);
  if (unchanged) {
    return `Nothing to apply: the organization already matches this request (${count(unchanged.unchanged, 'entry', 'entries')} unchanged).`;
  }
  const preview = currentPreview(state);
  if (preview) {
    const rest = preview.unchanged > 0 ? `; ${count(preview.unchanged, 'entry', 'entries')} unchanged` : '';
    return `Applies ${count(preview.gains + preview.losses, 'change')} after you confirm them: ${count(preview.gains, 'gain')}, ${count(preview.losses, 'loss', 'losses')}${rest}.`;
  }
  return `Sends ${count(state.check.entryCount, 'user/license entry', 'user/license entries')} after a fresh preview and your confirmation.`;
}

export function canFollowUp(state: FormState, action: 'retry' | 'undo'): boolean {
  const allowed = action === 'retry' ? state.report?.canRetry : state.report?.canUndo;
  return !!allowed && !busy(state);
}

export function previewStatus(state: FormState): Finding {
  const shown = state.preview;
  switch (shown.state) {
    case 'none':
      return {
        tone: 'info',
        text: state.applying
          ? 'The preview is read again once the changes are applied.'
          : 'The preview of who gains or loses what appears once the request can be sent.',
      };
    case 'loading':
      return { tone: 'info', text: 'Reading the organization’s current licenses…' };
    case 'error':
      return { tone: 'error', text: `The preview failed: ${shown.message}` };
    case 'ready': {
      const { preview } = shown;
      const warned = preview.entries.filter((entry) => entry.warnings.length > 0).length;
      return {
        tone: 'info',
        text: `Preview: ${count(preview.gains, 'user/license gain', 'user/license gains')}, ${count(preview.losses, 'loss', 'losses')}, ${count(preview.unchanged, 'entry', 'entries')} unchanged, ${count(warned, 'warning')}.`,
      };
    }
  }
}

export interface RowFindings {
  messages: Finding[];
  summary: string;
  counts: Record<UserField, string>;
  invalid: Record<UserField, boolean>;
  licenseInvalid: boolean;
}

/** What the draft check found for one row (the check ignores an empty row). */
export function rowFindings(state: FormState, key: string): RowFindings {
  const row = state.draft.rows.find((candidate) => candidate.key === key) ?? { key, licenseId: '', usersToAdd: '', usersToRemove: '' };
  const check = state.check.rows.find((candidate) => candidate.key === key);
  const licenseId = row.licenseId.trim();
  const repeated = !!check?.licenseId && state.check.rows.filter((other) => other.licenseId === check.licenseId).length > 1;
  const tooLong = tooLongFields(row);
  const messages: Finding[] = tooLong.map((field) => ({
    tone: 'error',
    text: `${FIELD_LABELS[field]} is too long to keep: ${row[field].length.toLocaleString('en-US')} characters, at most ${MAX_FIELD_LENGTH.toLocaleString('en-US')} (about 27 000 IDs). Apply it in parts.`,
  }));
  messages.push(...(check?.problems ?? []).map((problem) => problemOf(problem, check as RowCheck)));
  if (repeated) {
    messages.push({ tone: 'error', text: 'Another row has the same license: merge the rows.' });
  }
  if (check && check.duplicatesMerged > 0) {
    messages.push({ tone: 'info', text: `${count(check.duplicatesMerged, 'repeated ID was', 'repeated IDs were')} merged.` });
  }
  const invalid = check?.invalid.slice(0, 50) ?? [];
  const flagged = (field: UserField) => tooLong.includes(field) || (check?.conflicts.length ?? 0) > 0 || invalid.some((entry) => row[field].includes(entry));
  const summary = check
    ? [
        licenseId || 'no license chosen',
        check.add.length > 0 && `${check.add.length.toLocaleString('en-US')} to add`,
        check.remove.length > 0 && `${check.remove.length.toLocaleString('en-US')} to remove`,
      ]
        .filter(Boolean)
        .join(' · ')
    : state.check.empty
      ? 'not filled in yet'
      : 'empty, ignored';
  return {
    messages,
    summary,
    counts: {
      usersToAdd: check ? `${count(check.add.length, 'user')} to add` : '',
      usersToRemove: check ? `${count(check.remove.length, 'user')} to remove` : '',
    },
    invalid: { usersToAdd: flagged('usersToAdd'), usersToRemove: flagged('usersToRemove') },
    licenseInvalid: !!check && (!licenseId || repeated || (!!state.knownLicenses && !state.knownLicenses.has(licenseId))),
  };
}
