/**
 * The one function that changes the batch form's state: a message from the host or something the person did goes
 * in, the next state and the effects to carry out (messages to post, focus, announcements) come out. Pure.
 *
 * Typing only stores text; the check, the request JSON and the `draftChanged` message follow when the pause after
 * typing ends (`flush`), and any action that makes the host use the draft sends the pending edit first.
 */
import { checkDraft, emptyRow, type BatchDraft } from '../batch/draft';
import { count } from '../core/markdown';
import { MAX_DRAFT_ROWS, type Person, type PreviewMessage, type ToBatchWebview } from '../webview/protocol';
import { canApply, canFollowUp, FIELD_LABELS } from './derive';
import {
  type Action,
  copyDraft,
  draftSize,
  EAGER_STATE_CHARS,
  type Effect,
  type Environment,
  type FormState,
  MAX_NOTICES,
  PAGE_SIZE,
  type ShownPreview,
  tooLongToSend,
  withARow,
} from './model';

export interface Step {
  state: FormState;
  effects: Effect[];
}

export function reduce(state: FormState, action: Action, env: Environment): Step {
  const effects: Effect[] = [];
  return { state: next(state, action, env, effects), effects };
}

function freshKey(draft: BatchDraft, env: Environment): string {
  const taken = new Set(draft.rows.map((row) => row.key));
  let key = env.newKey();
  while (taken.has(key)) {
    key = env.newKey();
  }
  return key;
}

/** Checks the draft and sends it to the host with the next revision, if anything changed since the last time. */
function flush(state: FormState, effects: Effect[]): FormState {
  if (!state.dirty) {
    return state;
  }
  const check = checkDraft(state.draft, state.knownLicenses);
  effects.push({ kind: 'save' });
  if (tooLongToSend(state.draft)) {
    // The host would refuse the whole message: keep the draft here (and in the saved state) until it is shorter.
    return { ...state, dirty: false, check, unsent: true };
  }
  const revision = state.revision + 1;
  effects.push({ kind: 'post', message: { t: 'draftChanged', draft: copyDraft(state.draft), revision } });
  return { ...state, dirty: false, check, revision, unsent: false };
}

/** Takes a draft from the host as it is: the host already has it, so nothing is sent back. */
function replaceDraft(state: FormState, draft: BatchDraft, revision: number, env: Environment, effects: Effect[]): FormState {
  const shown = withARow(draft, env);
  effects.push({ kind: 'save' });
  return { ...state, draft: shown, revision, dirty: false, unsent: false, check: checkDraft(shown, state.knownLicenses) };
}

/** A changed draft, sent at once (a choice, a new row: one deliberate step, not typing). */
function withDraft(state: FormState, draft: BatchDraft, effects: Effect[]): FormState {
  return flush({ ...state, draft, dirty: true }, effects);
}

function onInit(state: FormState, message: Extract<ToBatchWebview, { t: 'init' }>, env: Environment, effects: Effect[]): FormState {
  const licenses = Array.isArray(message.licenses) ? message.licenses : [];
  const first = !state.initialized;
  let next: FormState = {
    ...state,
    initialized: true,
    restored: undefined,
    licenses,
    knownLicenses: licenses.length > 0 ? new Set(licenses.map((license) => license.id)) : undefined,
    entriesPerRequest: message.entriesPerRequest > 0 ? message.entriesPerRequest : 100,
    org: message.org,
    report: message.lastReport,
    applying: undefined,
    pending: undefined,
    // A new init may be for another org (a new sign-in): its people and previews come anew.
    people: new Map(),
    peopleUnavailable: undefined,
    preview: { revision: message.revision, state: 'none' },
  };
  // Edits the host has not seen (typed just before a reload, or still waiting for the pause) win over its copy.
  const local = first ? state.restored : { draft: state.draft, unsent: state.dirty || state.unsent };
  if (local?.unsent && JSON.stringify(local.draft) !== JSON.stringify(message.draft)) {
    next = withDraft({ ...next, revision: message.revision }, withARow(local.draft, env), effects);
  } else {
    next = replaceDraft(next, message.draft, message.revision, env, effects);
  }
  if (first && state.scrollY > 0) {
    effects.push({ kind: 'scrollTo', y: state.scrollY });
  }
  return next;
}

function withPeople(state: FormState, message: Extract<ToBatchWebview, { t: 'people' }>): FormState {
  const people = new Map(state.people);
  for (const person of Array.isArray(message.people) ? message.people : []) {
    if (typeof person?.id === 'string') {
      const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
      people.set(person.id, { id: person.id, name: text(person.name), email: text(person.email) } satisfies Person);
    }
  }
  for (const id of Array.isArray(message.notFound) ? message.notFound : []) {
    if (typeof id === 'string' && !people.get(id)) {
      people.set(id, null);
    }
  }
  return { ...state, people, peopleUnavailable: typeof message.unavailable === 'string' ? message.unavailable : state.peopleUnavailable };
}

/** A preview message as the page keeps it: the revision and what was found, without the message's tag. */
function shownPreview(message: PreviewMessage): ShownPreview {
  switch (message.state) {
    case 'ready':
      return { revision: message.revision, state: 'ready', preview: message.preview };
    case 'error':
      return { revision: message.revision, state: 'error', message: message.message };
    default:
      return { revision: message.revision, state: message.state };
  }
}

function onHost(state: FormState, message: ToBatchWebview, env: Environment, effects: Effect[]): FormState {
  if (message.t === 'init') {
    return onInit(state, message, env, effects);
  }
  if (!state.initialized) {
    // Nothing but `init` makes sense before the form exists; the host sends everything again with it.
    return state;
  }
  switch (message.t) {
    case 'draft':
      effects.push({
        kind: 'announce',
        text: message.reason === 'loaded' ? 'Request loaded into the form.' : 'The form was filled in from the License Explorer.',
      });
      return replaceDraft(state, message.draft, message.revision, env, effects);
    case 'preview': {
      if (message.revision !== state.revision) {
        // Read for a draft the form has left since: the page must not show it as this draft's preview.
        return state;
      }
      return { ...state, preview: shownPreview(message), shown: { ...state.shown, preview: PAGE_SIZE } };
    }
    case 'applying':
      return { ...state, applying: { done: message.done, total: message.total } };
    case 'report':
      effects.push({ kind: 'save' });
      return {
        ...state,
        applying: undefined,
        pending: undefined,
        report: message,
        reportCount: state.reportCount + 1,
        open: { ...state.open, results: true },
        shown: { ...state.shown, results: PAGE_SIZE },
      };
    case 'settled':
      return state.pending ? { ...state, pending: undefined } : state;
    case 'usersPicked':
      return onUsersPicked(state, message, effects);
    case 'notice': {
      const notice = { id: state.noticeCount + 1, level: message.level === 'error' ? ('error' as const) : ('info' as const), message: String(message.message) };
      return {
        ...state,
        notices: [...state.notices, notice].slice(-MAX_NOTICES),
        noticeCount: notice.id,
        // An apply that ends in an error without a report: do not leave the form saying "applying" forever.
        applying: notice.level === 'error' ? undefined : state.applying,
      };
    }
    case 'people':
      return withPeople(state, message);
    default:
      return state;
  }
}

function onUsersPicked(state: FormState, message: Extract<ToBatchWebview, { t: 'usersPicked' }>, effects: Effect[]): FormState {
  const { rowKey, field, ids } = message;
  const index = state.draft.rows.findIndex((row) => row.key === rowKey);
  if (index < 0 || (field !== 'usersToAdd' && field !== 'usersToRemove') || !Array.isArray(ids) || ids.length === 0) {
    return state;
  }
  const rows = state.draft.rows.slice();
  const before = rows[index][field].replace(/\s+$/, '');
  rows[index] = { ...rows[index], [field]: [before, ...ids.map(String)].filter((part) => part !== '').join('\n') };
  const next = withDraft(state, { rows }, effects);
  effects.push(
    { kind: 'announce', text: `${count(ids.length, 'user')} added to ${FIELD_LABELS[field].toLowerCase()} in row ${index + 1}.` },
    { kind: 'focus', target: { kind: 'field', key: rowKey, field } },
  );
  return next;
}

function next(state: FormState, action: Action, env: Environment, effects: Effect[]): FormState {
  switch (action.type) {
    case 'host':
      return onHost(state, action.message, env, effects);
    case 'edit': {
      const index = state.draft.rows.findIndex((row) => row.key === action.key);
      if (index < 0 || state.draft.rows[index][action.field] === action.value) {
        return state;
      }
      const rows = state.draft.rows.slice();
      rows[index] = { ...rows[index], [action.field]: action.value };
      const edited: FormState = { ...state, draft: { rows }, dirty: true, unsent: true };
      if (draftSize(edited.draft) <= EAGER_STATE_CHARS) {
        effects.push({ kind: 'save' });
      }
      if (action.field === 'licenseId') {
        // A choice from a list is one deliberate step, not typing: show its effect at once.
        return flush(edited, effects);
      }
      effects.push({ kind: 'flushLater' });
      return edited;
    }
    case 'flush':
      return flush(state, effects);
    case 'addRow': {
      if (state.draft.rows.length >= MAX_DRAFT_ROWS) {
        return state;
      }
      const row = emptyRow(freshKey(state.draft, env));
      effects.push({ kind: 'focus', target: { kind: 'license', key: row.key } }, { kind: 'announce', text: `Row ${state.draft.rows.length + 1} added.` });
      return withDraft(state, { rows: [...state.draft.rows, row] }, effects);
    }
    case 'removeRow': {
      const index = state.draft.rows.findIndex((row) => row.key === action.key);
      if (index < 0) {
        return state;
      }
      const rows = state.draft.rows.filter((row) => row.key !== action.key);
      if (rows.length === 0) {
        rows.push(emptyRow(freshKey(state.draft, env)));
      }
      // Keep the keyboard nearby: the row that took its place, or the one before.
      const neighbour = rows[Math.min(index, rows.length - 1)];
      effects.push({ kind: 'focus', target: { kind: 'removeRow', key: neighbour.key } }, { kind: 'announce', text: `Row ${index + 1} removed.` });
      return withDraft(state, { rows }, effects);
    }
    case 'send': {
      const flushed = flush(state, effects);
      effects.push({ kind: 'post', message: { t: action.message } });
      return flushed;
    }
    case 'pick': {
      const flushed = flush(state, effects);
      effects.push({ kind: 'post', message: { t: 'pickUsers', rowKey: action.key, field: action.field } });
      return flushed;
    }
    case 'followUp': {
      const flushed = flush(state, effects);
      const allowed = action.action === 'apply' ? canApply(flushed) : canFollowUp(flushed, action.action);
      if (!allowed) {
        return flushed;
      }
      effects.push({ kind: 'post', message: { t: action.action === 'retry' ? 'retryFailed' : action.action } });
      return { ...flushed, pending: action.action };
    }
    case 'toggleSection':
      if (state.open[action.section] === action.open) {
        return state;
      }
      effects.push({ kind: 'save' });
      return { ...state, open: { ...state.open, [action.section]: action.open } };
    case 'filter': {
      effects.push({ kind: 'save' });
      const table = action.filter === 'onlyWarnings' ? 'preview' : 'results';
      return { ...state, [action.filter]: action.on, shown: { ...state.shown, [table]: PAGE_SIZE } };
    }
    case 'showWholeJson':
      effects.push({ kind: 'focus', target: { kind: 'json' } });
      return { ...state, jsonShowAll: true };
    case 'showMore':
      effects.push({ kind: 'focus', target: { kind: 'tableRow', table: action.table, index: state.shown[action.table] } });
      return { ...state, shown: { ...state.shown, [action.table]: action.all ? Number.MAX_SAFE_INTEGER : state.shown[action.table] + PAGE_SIZE } };
    case 'dismissNotice': {
      const index = state.notices.findIndex((notice) => notice.id === action.id);
      if (index < 0) {
        return state;
      }
      const neighbour = state.notices[index + 1] ?? state.notices[index - 1];
      effects.push({ kind: 'focus', target: neighbour ? { kind: 'dismissNotice', id: neighbour.id } : { kind: 'heading' } });
      return { ...state, notices: state.notices.filter((notice) => notice.id !== action.id) };
    }
    case 'scrolled':
      effects.push({ kind: 'save' });
      return { ...state, scrollY: action.y };
    case 'announce':
      return { ...state, announcement: action.text };
  }
}
