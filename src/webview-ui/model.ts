/**
 * The batch form's one state, the actions that change it and the effects a change asks for. Pure (no DOM, no lit):
 * `reduce` (reducer.ts) turns a state and an action into the next state and its effects, the view (view/*.ts) is a
 * function of the state, and app.ts carries out the effects.
 */
import { checkDraft, emptyRow, type BatchDraft, type DraftCheck, type DraftRow } from '../batch/draft';
import {
  MAX_DRAFT_LENGTH,
  MAX_FIELD_LENGTH,
  type FollowUp,
  type FromBatchWebview,
  type LicenseOption,
  type Person,
  type PreviewState,
  type ReportMessage,
  type ToBatchWebview,
  type UserField,
} from '../webview/protocol';
import type { SectionId, ViewState } from './viewState';

export type EditableField = keyof Omit<DraftRow, 'key'>;
export type TableId = 'preview' | 'results';
export type Filter = 'onlyWarnings' | 'onlyUnsuccessful';

/** The preview the page shows, with the draft revision it was read for. */
export type ShownPreview = { revision: number } & PreviewState;

export interface Notice {
  id: number;
  level: 'info' | 'error';
  message: string;
}

/** Rows a table adds per "Show more". */
export const PAGE_SIZE = 200;
export const MAX_NOTICES = 5;
/** Drafts up to this size are saved with `setState` on every keystroke; larger ones when the pause ends. */
export const EAGER_STATE_CHARS = 20_000;

export interface FormState {
  /** False until the host's first `init`: the page shows only "loading". */
  initialized: boolean;
  draft: BatchDraft;
  /** The revision of `draft` as last sent to or received from the host. */
  revision: number;
  /** Edits not checked and sent yet (the pause after typing has not ended). */
  dirty: boolean;
  /** Edits the host was not sent yet: after a reload they win over the host's copy. */
  unsent: boolean;
  /** The draft check as of the last pause in typing. */
  check: DraftCheck;
  licenses: LicenseOption[];
  /** The org's licenses, when the host could read them (else any license ID is accepted). */
  knownLicenses?: ReadonlySet<string>;
  org?: string;
  entriesPerRequest: number;
  preview: ShownPreview;
  applying?: { done: number; total: number };
  /** An Apply, Retry or Undo asked for and not settled yet: none of them can be asked for again meanwhile. */
  pending?: FollowUp;
  report?: ReportMessage;
  /** Counts reports, so the results line is announced again after a second run with the same words. */
  reportCount: number;
  /** Names by user ID; `null` for an ID the directory does not know. Replaced, never changed in place. */
  people: ReadonlyMap<string, Person | null>;
  /** Why names cannot be read (the sign-in lacks directory:user:view): IDs are shown alone. */
  peopleUnavailable?: string;
  notices: Notice[];
  noticeCount: number;
  /** What the screen-reader live region says. */
  announcement: string;
  jsonShowAll: boolean;
  /** Rows shown per table. */
  shown: Record<TableId, number>;
  open: Record<SectionId, boolean>;
  scrollY: number;
  onlyWarnings: boolean;
  onlyUnsuccessful: boolean;
  /** The draft kept from before a reload, until `init` says what the host has. */
  restored?: { draft: BatchDraft; unsent: boolean };
}

export type Action =
  | { type: 'host'; message: ToBatchWebview }
  | { type: 'edit'; key: string; field: EditableField; value: string }
  /** The pause after typing ended: check the draft and send it. */
  | { type: 'flush' }
  | { type: 'addRow' }
  | { type: 'removeRow'; key: string }
  | { type: 'send'; message: 'save' | 'load' | 'copy' }
  | { type: 'pick'; key: string; field: UserField }
  | { type: 'followUp'; action: FollowUp }
  | { type: 'toggleSection'; section: SectionId; open: boolean }
  | { type: 'filter'; filter: Filter; on: boolean }
  | { type: 'showWholeJson' }
  | { type: 'showMore'; table: TableId; all: boolean }
  | { type: 'dismissNotice'; id: number }
  | { type: 'scrolled'; y: number }
  | { type: 'announce'; text: string };

/** Where the keyboard goes after a change, once the page shows it. */
export type FocusTarget =
  | { kind: 'license'; key: string }
  | { kind: 'field'; key: string; field: UserField }
  | { kind: 'removeRow'; key: string }
  | { kind: 'addRow' }
  | { kind: 'json' }
  | { kind: 'tableRow'; table: TableId; index: number }
  | { kind: 'dismissNotice'; id: number }
  | { kind: 'heading' };

export type Effect =
  | { kind: 'post'; message: FromBatchWebview }
  /** Keep the view state with `setState` (it survives a reload of the webview). */
  | { kind: 'save' }
  /** Start (again) the pause after which the edits are sent. */
  | { kind: 'flushLater' }
  | { kind: 'focus'; target: FocusTarget }
  | { kind: 'announce'; text: string }
  | { kind: 'scrollTo'; y: number };

/** What `reduce` needs from outside: fresh row keys. */
export interface Environment {
  newKey(): string;
}

/** The state before `init`, from what `setState` kept. */
export function initialState(saved: ViewState): FormState {
  const draft: BatchDraft = { rows: [] };
  return {
    initialized: false,
    draft,
    revision: 0,
    dirty: false,
    unsent: false,
    check: checkDraft(draft),
    licenses: [],
    entriesPerRequest: 100,
    preview: { revision: 0, state: 'none' },
    reportCount: 0,
    people: new Map(),
    notices: [],
    noticeCount: 0,
    announcement: '',
    jsonShowAll: false,
    shown: { preview: PAGE_SIZE, results: PAGE_SIZE },
    open: { ...saved.open },
    scrollY: saved.scrollY,
    onlyWarnings: saved.onlyWarnings,
    onlyUnsuccessful: saved.onlyUnsuccessful,
    restored: saved.draft ? { draft: saved.draft, unsent: saved.unsent } : undefined,
  };
}

/** What `setState` keeps of a state. */
export function viewStateOf(state: FormState): ViewState {
  const draft = state.initialized ? state.draft : state.restored?.draft;
  return {
    version: 1,
    draft,
    unsent: state.initialized ? state.unsent : (state.restored?.unsent ?? false),
    open: state.open,
    scrollY: state.scrollY,
    onlyWarnings: state.onlyWarnings,
    onlyUnsuccessful: state.onlyUnsuccessful,
  };
}

export function copyDraft(draft: BatchDraft): BatchDraft {
  return { rows: draft.rows.map((row) => ({ key: row.key, licenseId: row.licenseId, usersToAdd: row.usersToAdd, usersToRemove: row.usersToRemove })) };
}

/** A draft to show: a draft without rows gets one empty row to fill in (the check ignores it, the host loses nothing). */
export function withARow(draft: BatchDraft, env: Environment): BatchDraft {
  return draft.rows.length > 0 ? copyDraft(draft) : { rows: [emptyRow(env.newKey())] };
}

export function draftSize(draft: BatchDraft): number {
  return draft.rows.reduce((sum, row) => sum + row.licenseId.length + row.usersToAdd.length + row.usersToRemove.length, 0);
}

export function userIdsLength(draft: BatchDraft): number {
  return draft.rows.reduce((sum, row) => sum + row.usersToAdd.length + row.usersToRemove.length, 0);
}

/** The host refuses a draft over these limits whole; the form keeps it and says so instead of letting an edit vanish. */
export function tooLongToSend(draft: BatchDraft): boolean {
  return (
    userIdsLength(draft) > MAX_DRAFT_LENGTH || draft.rows.some((row) => row.usersToAdd.length > MAX_FIELD_LENGTH || row.usersToRemove.length > MAX_FIELD_LENGTH)
  );
}
