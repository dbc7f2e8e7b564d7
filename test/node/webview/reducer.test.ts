/**
 * The batch form's state in plain Node: the reducer and what the page derives from its state (no DOM). What a person
 * sees of the same rules is checked in Chromium (chromium.test.ts).
 */
import * as assert from 'node:assert/strict';
import type { ChangePreview } from '../../../src/batch/changes';
import type { ToBatchWebview } from '../../../src/webview/protocol';
import { applyHint, canApply, canFollowUp, currentPreview, previewIsStale, requestStatus } from '../../../src/webview-ui/derive';
import { type Action, type Effect, type FormState, initialState } from '../../../src/webview-ui/model';
import { reduce } from '../../../src/webview-ui/reducer';
import { defaultViewState } from '../../../src/webview-ui/viewState';
import { init, PREVIEW, reportMessage, USERS, VALID_DRAFT } from './fixtures';

/** Runs actions from a fresh form; returns the last state and every effect. */
function run(...actions: Action[]): { state: FormState; effects: Effect[] } {
  let keys = 0;
  const env = { newKey: () => `key-${++keys}` };
  let state = initialState(defaultViewState());
  const effects: Effect[] = [];
  for (const action of actions) {
    const step = reduce(state, action, env);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

const host = (message: ToBatchWebview): Action => ({ type: 'host', message });
const posted = (effects: Effect[]) => effects.flatMap((effect) => (effect.kind === 'post' ? [effect.message] : []));

describe('Batch form state (reducer and derived view)', () => {
  it('numbers each sent draft, and takes a preview only for the draft it was read for', () => {
    const typed: Action[] = [host(init(VALID_DRAFT)), { type: 'edit', key: 'row-a', field: 'usersToRemove', value: USERS[5] }, { type: 'flush' }];
    const { state, effects } = run(...typed);
    assert.deepEqual(
      posted(effects).map((message) => message.t === 'draftChanged' && message.revision),
      [2],
    );
    // The previous draft's answer, arriving late, is not taken.
    const late = run(...typed, host({ t: 'preview', revision: 1, state: 'ready', preview: PREVIEW })).state;
    assert.deepEqual(late.preview, state.preview);
    assert.equal(currentPreview(late), undefined);
    const fresh = run(...typed, host({ t: 'preview', revision: 2, state: 'ready', preview: PREVIEW })).state;
    assert.equal(currentPreview(fresh), PREVIEW);
    // Shown, then the draft moves on: the same preview is marked as older than the draft.
    const moved = run(
      ...typed,
      host({ t: 'preview', revision: 2, state: 'ready', preview: PREVIEW }),
      { type: 'edit', key: 'row-b', field: 'usersToAdd', value: USERS[0] },
      { type: 'flush' },
    ).state;
    assert.equal(previewIsStale(moved), true);
    assert.equal(currentPreview(moved), undefined);
  });

  it('asks for an Undo once, until the host has answered, and follows the host on what may follow', () => {
    const opened = [host(init(VALID_DRAFT, { lastReport: reportMessage() }))];
    const { state, effects } = run(
      ...opened,
      { type: 'followUp', action: 'undo' },
      { type: 'followUp', action: 'undo' },
      { type: 'followUp', action: 'retry' },
    );
    assert.deepEqual(
      posted(effects).map((message) => message.t),
      ['undo'],
    );
    assert.equal(canFollowUp(state, 'undo'), false);
    assert.equal(canApply(state), false);
    const declined = run(...opened, { type: 'followUp', action: 'undo' }, host({ t: 'settled', action: 'undo' })).state;
    assert.equal(canFollowUp(declined, 'undo'), true);
    const undone = run(
      ...opened,
      { type: 'followUp', action: 'undo' },
      host(reportMessage({ kind: 'undo', canUndo: false })),
      host({ t: 'settled', action: 'undo' }),
    ).state;
    assert.equal(canFollowUp(undone, 'undo'), false);
  });

  it('counts in the Apply hint what the current preview counts, and starts without an error', () => {
    const matched: ChangePreview = {
      ...PREVIEW,
      entries: PREVIEW.entries.map((entry) => ({ ...entry, effect: 'unchanged' })),
      gains: 0,
      losses: 0,
      unchanged: 5,
    };
    const ready = run(host(init(VALID_DRAFT)), host({ t: 'preview', revision: 1, state: 'ready', preview: PREVIEW })).state;
    assert.equal(applyHint(ready), 'Applies 4 changes after you confirm them: 3 gains, 1 loss; 1 entry unchanged.');
    const after = run(host(init(VALID_DRAFT)), host({ t: 'preview', revision: 1, state: 'ready', preview: matched })).state;
    assert.equal(applyHint(after), 'Nothing to apply: the organization already matches this request (5 entries unchanged).');
    assert.equal(canApply(after), false);
    const fresh = run(host(init())).state;
    assert.equal(requestStatus(fresh).tone, 'info');
  });
});
