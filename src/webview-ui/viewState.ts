/**
 * What the webview keeps across a reload with `vscode.setState`: the draft while the host may not have it yet, and
 * how the page looked (open sections, scroll, filters). The host stays the source of truth for the draft.
 */
import type { BatchDraft } from '../batch/draft';
import { type FromBatchWebview, parseDraft } from '../webview/protocol';

/** The API VS Code gives a webview's script, once, through `acquireVsCodeApi()`. */
export interface VsCodeApi {
  postMessage(message: FromBatchWebview): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

export type SectionId = 'json' | 'preview' | 'results';

export interface ViewState {
  version: 1;
  /** The draft as last edited here. */
  draft?: BatchDraft;
  /** The draft has edits the host was not sent yet: after a reload they win over the host's copy. */
  unsent: boolean;
  open: Record<SectionId, boolean>;
  scrollY: number;
  onlyWarnings: boolean;
  onlyUnsuccessful: boolean;
}

export function defaultViewState(): ViewState {
  return { version: 1, unsent: false, open: { json: true, preview: true, results: true }, scrollY: 0, onlyWarnings: false, onlyUnsuccessful: false };
}

/** Reads a saved state, keeping only what still has the right shape (a state may come from an older version). */
export function restoreViewState(saved: unknown): ViewState {
  const state = defaultViewState();
  if (!saved || typeof saved !== 'object') {
    return state;
  }
  const value = saved as Partial<Record<keyof ViewState, unknown>>;
  const draft = parseDraft(value.draft, false);
  if (draft) {
    state.draft = draft;
    state.unsent = value.unsent === true;
  }
  const open = value.open as Partial<Record<SectionId, unknown>> | undefined;
  if (open && typeof open === 'object') {
    for (const section of ['json', 'preview', 'results'] as const) {
      if (typeof open[section] === 'boolean') {
        state.open[section] = open[section];
      }
    }
  }
  if (typeof value.scrollY === 'number' && Number.isFinite(value.scrollY) && value.scrollY >= 0) {
    state.scrollY = value.scrollY;
  }
  state.onlyWarnings = value.onlyWarnings === true;
  state.onlyUnsuccessful = value.onlyUnsuccessful === true;
  return state;
}
