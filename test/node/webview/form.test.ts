/**
 * The batch-assignment form as the webview runs it: dist/webview.js in jsdom with the panel's HTML, a fake VS Code
 * API that records what it posts and saves, and the host's messages played to it.
 */
import * as assert from 'node:assert/strict';
import { checkDraft, type BatchDraft } from '../../../src/batch/draft';
import type { ChangePreview } from '../../../src/batch/changes';
import { init, LICENSES, PREVIEW, reportMessage, USERS, VALID_DRAFT } from './fixtures';
import { FormWindow } from './jsdomHarness';
import { MAX_FIELD_LENGTH } from '../../../src/webview/protocol';

const EDIT_DELAY_MS = 250;
const known = new Set(LICENSES.map((license) => license.id));

/** A UUID for the n-th user of a big paste. */
function uuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

describe('Batch form webview (dist/webview.js in jsdom)', function () {
  this.timeout(20_000);
  let form: FormWindow | undefined;
  const open = async (state?: unknown) => (form = await FormWindow.open(state));

  afterEach(() => {
    const errors = form?.errors ?? [];
    form?.close();
    form = undefined;
    assert.deepEqual(errors, [], 'the page reported errors');
  });

  describe('start-up', () => {
    it('posts ready first and shows only a loading state until init', async () => {
      const f = await open();
      assert.deepEqual(f.posted, [{ t: 'ready' }]);
      assert.equal(f.$('#app').getAttribute('aria-busy'), 'true');
      assert.match(f.text('#app'), /Loading the batch assignment form/);
      assert.equal(f.$$('.assignment-row').length, 0);
      // Anything but init before init is ignored, not rendered.
      await f.receive({ t: 'preview', revision: 1, state: 'ready', preview: PREVIEW });
      await f.receive({ t: 'notice', level: 'error', message: 'early' });
      assert.equal(f.$$('#preview-table').length, 0);
      await f.receive(init(VALID_DRAFT));
      assert.equal(f.$('#app').getAttribute('aria-busy'), 'false');
      assert.deepEqual(f.posted, [{ t: 'ready' }], 'init alone makes the form post nothing');
    });

    it('renders init: the org, a row per draft row with its license and users, and the exact request JSON', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      assert.equal(f.text('#org'), 'Organization: Sandbox Org (mypurecloud.ie)');
      const rows = f.$$('.assignment-row');
      assert.deepEqual(
        rows.map((row) => row.dataset.key),
        ['row-a', 'row-b'],
      );
      assert.equal(f.text('.assignment-row:nth-child(1) h3'), 'Row 1');
      const selects = f.$$('vscode-single-select');
      assert.deepEqual(
        selects.map((select) => select.value),
        ['cloudCX2', 'wem1'],
      );
      // The picker offers every license with its description, searchable (combobox, "contains").
      const options = [...selects[0].querySelectorAll('vscode-option')].map((option) => [option.getAttribute('value'), option.textContent]);
      assert.deepEqual(options[0], ['cloudCX1', 'cloudCX1 — Genesys Cloud CX 1']);
      assert.equal(options.length, LICENSES.length);
      assert.ok(selects[0].hasAttribute('combobox'));
      assert.equal(selects[0].getAttribute('filter'), 'contains');
      const areas = f.$$('vscode-textarea');
      assert.deepEqual(
        areas.map((area) => area.value),
        [VALID_DRAFT.rows[0].usersToAdd, '', VALID_DRAFT.rows[1].usersToAdd, VALID_DRAFT.rows[1].usersToRemove],
      );
      assert.equal(f.$('#request-json').textContent, JSON.stringify(checkDraft(VALID_DRAFT, known).request, null, 2));
      assert.match(f.text('#request-status'), /Ready to send: 5 user\/license changes in 1 request of at most 100/);
      assert.equal(f.$('#apply').disabled, false);
      assert.ok(f.$('#results-section').hasAttribute('hidden'), 'no results before anything was applied');
      assert.equal(f.text('.assignment-row:nth-child(1) .usersToAdd .field-count'), '3 users to add');
    });

    it('starts an empty draft with one empty row, Apply off, and says what to do, without an error', async () => {
      const f = await open();
      await f.receive(init());
      assert.equal(f.$$('.assignment-row').length, 1);
      assert.equal(f.$('#apply').disabled, true);
      assert.match(f.text('#request-status'), /^Nothing to send yet: choose a license in a row, then paste user IDs or pick users by name\.$/);
      assert.equal(f.$('#request-status').classList.contains('error'), false);
      assert.ok(f.$('#problems').hasAttribute('hidden'));
      assert.equal(f.$$('.message.error, .status.error, .notice-error, .has-problems, [invalid]').length, 0, 'nothing is shown as an error');
      assert.match(f.text('#apply-hint'), /Apply turns on once a row has a license and users\./);
      assert.ok(f.$('#request-json').hasAttribute('hidden'));
      assert.match(f.text('#preview-status'), /appears once the request can be sent/);
    });

    it('shows a report the host kept (init.lastReport)', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT, { lastReport: reportMessage({ kind: 'undo', canUndo: false, canRetry: false }) }));
      assert.ok(!f.$('#results-section').hasAttribute('hidden'));
      assert.match(f.text('#results-status'), /^Undo finished: 2 applied, 1 failed, 1 not applied, 1 unknown, in 2 requests\.$/);
      assert.equal(f.$('#undo').disabled, true);
      assert.equal(f.$('#retry').disabled, true);
    });
  });

  describe('editing', () => {
    it('posts the parsed draft after a pause in typing, once, and updates the JSON preview and counts', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      const add = f.$$('vscode-textarea')[1];
      const extra = `${USERS[3]};${USERS[4].toUpperCase()}`;
      f.typeInto(add, USERS[3]);
      f.typeInto(add, extra);
      await f.settle(50);
      assert.equal(f.postedOf('draftChanged').length, 0, 'nothing is sent while typing');
      await f.waitFor(() => f.postedOf('draftChanged').length > 0, 'draftChanged');
      await f.settle(EDIT_DELAY_MS + 50);
      assert.equal(f.postedOf('draftChanged').length, 1, 'quick keystrokes make one message');
      const expected: BatchDraft = { rows: [{ ...VALID_DRAFT.rows[0], usersToRemove: extra }, VALID_DRAFT.rows[1]] };
      assert.deepEqual(f.lastDraft(), expected);
      const request = JSON.parse(f.$('#request-json').textContent ?? '{}');
      assert.deepEqual(request.assignments[0].userIdsRemove, [USERS[3], USERS[4]], 'IDs lower-cased, any separator');
      assert.deepEqual(request, checkDraft(expected, known).request);
      assert.equal(f.text('.assignment-row:nth-child(1) .usersToRemove .field-count'), '2 users to remove');
      // The state holds the draft too, so a reload before the host answers loses nothing.
      assert.deepEqual((f.state as { draft: BatchDraft }).draft, expected);
    });

    it('sends a license chosen in the picker at once', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      f.choose(f.$$('vscode-single-select')[1], 'cloudCX3');
      await f.settle();
      assert.equal(f.lastDraft()?.rows[1].licenseId, 'cloudCX3');
      assert.match(f.$('#request-json').textContent ?? '', /"licenseId": "cloudCX3"/);
      assert.equal(f.text('.assignment-row:nth-child(2) .row-summary'), 'cloudCX3 · 1 to add · 1 to remove');
    });

    it('shows invalid entries, merged repeats and conflicts in the row and the request, and keeps Apply off', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      assert.equal(f.$('#apply').disabled, false);
      const [add, remove] = f.$$('.assignment-row:nth-child(1) vscode-textarea');
      f.typeInto(add, `${USERS[0]}, not-an-id\n${USERS[0]} bob@example.com ${USERS[1]}`);
      f.typeInto(remove, USERS[1]);
      await f.waitFor(() => f.postedOf('draftChanged').length > 0, 'draftChanged');
      const messages = f.text('.assignment-row:nth-child(1) .row-messages');
      assert.match(messages, /2 entries are not a user ID \(a UUID\) and will not be sent: not-an-id, bob@example\.com\./);
      assert.match(messages, new RegExp(`1 user is both added and removed, which blocks sending: ${USERS[1]}\\.`));
      assert.match(messages, /1 repeated ID was merged\./);
      assert.ok(f.$('.assignment-row:nth-child(1)').classList.contains('has-problems'));
      assert.equal(add.invalid, true);
      assert.equal(remove.invalid, true);
      assert.equal(f.$('#apply').disabled, true);
      assert.match(f.text('#apply-hint'), /Apply is off until the request can be sent: 2 problems/);
      assert.match(f.text('#request-status'), /Not ready to send: 2 problems to fix\./);
      assert.deepEqual(
        f.$$('#problems li').map((item) => item.textContent?.trim()),
        [
          `Row 1: 2 entries are not a user ID (a UUID) and will not be sent: not-an-id, bob@example.com.`,
          `Row 1: 1 user is both added and removed, which blocks sending: ${USERS[1]}.`,
        ],
      );
      assert.ok(f.$('#request-json').hasAttribute('hidden'), 'no request JSON while it cannot be sent');
      // Apply cannot be forced (a click on the disabled button, or a stale enabled state).
      f.click(f.$('#apply'));
      await f.settle();
      assert.equal(f.postedOf('apply').length, 0);
      // Fixing the conflict brings Apply back... except for the invalid entries, which still block.
      f.typeInto(remove, '');
      f.typeInto(add, `${USERS[0]} ${USERS[1]}`);
      await f.waitFor(() => f.$('#apply').disabled === false, 'Apply enabled');
      assert.equal(f.text('.assignment-row:nth-child(1) .row-messages'), '');
    });

    it('numbers problems by the rows the form shows, and flags a license chosen twice and one the org lacks', async () => {
      const f = await open();
      await f.receive(
        init({
          rows: [
            { key: 'empty', licenseId: '', usersToAdd: '', usersToRemove: '' },
            { key: 'x', licenseId: 'retired', usersToAdd: USERS[0], usersToRemove: '' },
            { key: 'y', licenseId: 'cloudCX1', usersToAdd: USERS[1], usersToRemove: '' },
            { key: 'z', licenseId: 'cloudCX1', usersToAdd: USERS[2], usersToRemove: '' },
          ],
        }),
      );
      const problems = f.$$('#problems li').map((item) => item.textContent?.trim());
      assert.deepEqual(problems, ['Row 2: The org has no license “retired”.', 'A license appears in more than one row: cloudCX1. Merge those rows.']);
      assert.equal(f.text('.assignment-row:nth-child(1) .row-summary'), 'empty, ignored');
      const unknown = f.$$('vscode-single-select')[1];
      assert.equal(unknown.value, 'retired');
      assert.equal(unknown.querySelector('vscode-option')?.textContent, 'retired (not in this org)');
      assert.equal(unknown.invalid, true);
      assert.match(f.text('.assignment-row:nth-child(3) .row-messages'), /Another row has the same license/);
      assert.equal(f.$$('vscode-single-select')[3].invalid, true);
      assert.equal(f.$('#apply').disabled, true);
    });

    it('adds rows with unique keys and removes them, keeping at least one row', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      f.click(f.$('#add-row'));
      f.click(f.$('#add-row'));
      await f.settle();
      let keys = f.lastDraft()?.rows.map((row) => row.key) ?? [];
      assert.equal(keys.length, 4);
      assert.equal(new Set(keys).size, 4, 'keys are unique');
      assert.equal(f.text('.assignment-row:nth-child(4) h3'), 'Row 4');
      await f.settle();
      assert.equal(f.document.activeElement, f.$$('vscode-single-select')[3], 'the new row’s license picker has the focus');
      f.click(f.$('.assignment-row:nth-child(1) [data-action="remove-row"]'));
      await f.settle();
      keys = f.lastDraft()?.rows.map((row) => row.key) ?? [];
      assert.equal(keys.length, 3);
      assert.equal(keys[0], 'row-b');
      assert.equal(f.text('.assignment-row:nth-child(1) h3'), 'Row 1');
      assert.equal(f.$('.assignment-row:nth-child(1) [data-action="remove-row"]').getAttribute('aria-label'), 'Remove row 1');
      for (let i = 0; i < 3; i++) {
        f.click(f.$('.assignment-row:nth-child(1) [data-action="remove-row"]'));
      }
      await f.settle();
      const last = f.lastDraft()?.rows ?? [];
      assert.equal(last.length, 1);
      assert.deepEqual({ ...last[0], key: '' }, { key: '', licenseId: '', usersToAdd: '', usersToRemove: '' });
      assert.ok(!keys.includes(last[0].key));
    });

    it('stays responsive with 10 000 pasted IDs: one check after the pause, and a capped JSON preview', async () => {
      const f = await open();
      await f.receive(init({ rows: [{ key: 'big', licenseId: 'cloudCX1', usersToAdd: '', usersToRemove: '' }] }));
      const ids = Array.from({ length: 10_000 }, (_, n) => uuid(n));
      const add = f.$$('vscode-textarea')[0];
      f.typeInto(add, ids.join('\n'));
      // Responsive by design, not by the clock: the paste itself checks and sends nothing; that waits for the pause.
      assert.equal(f.postedOf('draftChanged').length, 0, 'the paste itself sent the draft');
      await f.waitFor(() => f.postedOf('draftChanged').length > 0, 'draftChanged', 5000);
      assert.equal(f.lastDraft()?.rows[0].usersToAdd.length, ids.join('\n').length);
      assert.equal(f.text('.usersToAdd .field-count'), '10,000 users to add');
      const shown = f.$('#request-json').textContent ?? '';
      assert.ok(shown.split('\n').length <= 402, 'the preview shows the first lines only');
      const lines = JSON.stringify(checkDraft(f.lastDraft() as BatchDraft, known).request, null, 2).split('\n').length;
      assert.match(f.text('.json-more'), new RegExp(`${(lines - 400).toLocaleString('en-US')} more lines not shown`));
      f.click(f.$('#json-all'));
      assert.equal(f.$('#request-json').textContent, JSON.stringify(checkDraft(f.lastDraft() as BatchDraft, known).request, null, 2));
    });

    it('refuses to send a field longer than the host accepts, and says so', async () => {
      const f = await open();
      await f.receive(init({ rows: [{ key: 'big', licenseId: 'cloudCX1', usersToAdd: '', usersToRemove: '' }] }));
      const ids = Array.from({ length: Math.ceil(MAX_FIELD_LENGTH / 37) + 100 }, (_, n) => uuid(n));
      const pasted = ids.join('\n');
      f.typeInto(f.$$('vscode-textarea')[0], pasted);
      await f.settle(EDIT_DELAY_MS + 100);
      assert.equal(f.postedOf('draftChanged').length, 0, 'the host would drop the whole message');
      assert.match(
        f.text('.row-messages'),
        new RegExp(
          `Users to add is too long to keep: ${pasted.length.toLocaleString('en-US')} characters, at most ${MAX_FIELD_LENGTH.toLocaleString('en-US')}`,
        ),
      );
      assert.equal(f.$('#apply').disabled, true);
      assert.equal((f.state as { unsent: boolean }).unsent, true, 'kept in the state until it can be sent');
      // And still there after a reload, still not sent.
      const saved = f.state;
      f.close();
      form = undefined;
      const again = await open(saved);
      await again.receive(init({ rows: [{ key: 'big', licenseId: 'cloudCX1', usersToAdd: '', usersToRemove: '' }] }));
      assert.equal(again.$$('vscode-textarea')[0].value.length, pasted.length);
      assert.equal(again.postedOf('draftChanged').length, 0);
      assert.match(again.text('.row-messages'), /too long to keep/);
    });
  });

  describe('host messages', () => {
    it('shows the change preview: loading, error, ready with counts, a table and marked warnings', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      await f.receive({ t: 'preview', revision: 1, state: 'loading' });
      assert.match(f.text('#preview-status'), /Reading the organization’s current licenses/);
      await f.receive({ t: 'preview', revision: 1, state: 'error', message: 'The org did not answer (503).' });
      assert.equal(f.text('#preview-status'), 'The preview failed: The org did not answer (503).');
      await f.receive({ t: 'preview', revision: 1, state: 'ready', preview: PREVIEW });
      assert.equal(f.$('#preview-status').getAttribute('aria-live'), 'polite');
      assert.equal(f.text('#preview-status'), 'Preview: 3 user/license gains, 1 loss, 1 entry unchanged, 2 warnings.');
      assert.equal(f.text('#preview-summary ul'), '3 gain 1 lose 1 unchanged 2 with warnings 1 unknown user');
      assert.match(f.text('#preview-summary'), new RegExp(`Not in the organization, so their entries will fail: ${USERS[2]}\\.`));
      assert.deepEqual(
        f.$$('#preview-table thead th').map((th) => [th.textContent, th.getAttribute('scope')]),
        [
          ['User', 'col'],
          ['License', 'col'],
          ['Action', 'col'],
          ['Effect', 'col'],
          ['Warnings', 'col'],
        ],
      );
      const rows = f.$$('#preview-table tbody tr');
      assert.equal(rows.length, 5);
      const cells = (row: Element) => [...row.children].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim());
      assert.deepEqual(cells(rows[0]), [USERS[0], 'cloudCX2', 'Add', 'Gains it', 'None']);
      assert.deepEqual(cells(rows[3]), [USERS[3], 'wem1', 'Add', 'Gains it', 'Warning: Needs cloudCX1 first: Genesys may refuse it.']);
      assert.deepEqual(cells(rows[4]), [USERS[4], 'wem1', 'Remove', 'Loses it', 'None']);
      assert.equal(rows[0].firstElementChild?.getAttribute('scope'), 'row');
      assert.deepEqual(
        rows.map((row) => row.classList.contains('has-warnings')),
        [false, false, true, true, false],
      );
      // Only the entries with warnings.
      const only = f.$('#only-warnings');
      only.checked = true;
      only.dispatchEvent(new f.window.Event('change', { bubbles: true }));
      assert.equal(f.$$('#preview-table tbody tr').length, 2);
      assert.equal((f.state as { onlyWarnings: boolean }).onlyWarnings, true);
      await f.receive({ t: 'preview', revision: 1, state: 'none' });
      assert.equal(f.$$('#preview-table tbody tr').length, 0);
      assert.match(f.text('#preview-status'), /appears once the request can be sent/);
    });

    it('says when the preview is older than the draft', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      await f.receive({ t: 'preview', revision: 1, state: 'ready', preview: PREVIEW });
      assert.ok(f.$('#preview-stale').hasAttribute('hidden'));
      f.typeInto(f.$$('vscode-textarea')[1], USERS[5]);
      await f.waitFor(() => f.postedOf('draftChanged').length > 0, 'draftChanged');
      assert.ok(!f.$('#preview-stale').hasAttribute('hidden'));
      await f.receive({ t: 'preview', revision: 2, state: 'loading' });
      await f.receive({ t: 'preview', revision: 2, state: 'ready', preview: PREVIEW });
      assert.ok(f.$('#preview-stale').hasAttribute('hidden'));
    });

    it('shows a big preview 200 rows at a time', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      const entries = Array.from({ length: 10_000 }, (_, n) => ({
        userId: uuid(n),
        licenseId: 'cloudCX1',
        action: 'add' as const,
        effect: 'gains' as const,
        warnings: [],
      }));
      const big: ChangePreview = { entries, gains: 10_000, losses: 0, unchanged: 0, unknownUsers: [], usersBefore: [] };
      await f.receive({ t: 'preview', revision: 1, state: 'ready', preview: big });
      assert.equal(f.$$('#preview-table tbody tr').length, 200);
      assert.match(f.text('#preview-section .table-more'), /Showing 200 entries of 10,000\./);
      f.click(f.$('#preview-section [data-action="show-more"]'));
      assert.equal(f.$$('#preview-table tbody tr').length, 400);
      assert.equal(f.document.activeElement, f.$$('#preview-table tbody tr')[200].firstElementChild, 'the keyboard lands on the first new row');
      // "Show all" (on a smaller preview: jsdom takes seconds for 10 000 rows, a browser does not).
      await f.receive({ t: 'preview', revision: 1, state: 'ready', preview: { ...big, entries: entries.slice(0, 450), gains: 450 } });
      assert.equal(f.$$('#preview-table tbody tr').length, 200);
      f.click(f.$('#preview-section [data-action="show-all"]'));
      assert.equal(f.$$('#preview-table tbody tr').length, 450);
      assert.ok(f.$('#preview-section .table-more').hasAttribute('hidden'));
    });

    it('shows progress while applying, then the results with counts, and Retry/Undo as the host allows', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      f.click(f.$('#apply'));
      assert.deepEqual(f.posted.at(-1), { t: 'apply' });
      await f.receive({ t: 'applying', done: 0, total: 5 });
      await f.receive({ t: 'applying', done: 3, total: 5 });
      assert.ok(!f.$('#progress').hasAttribute('hidden'));
      assert.equal(f.text('#progress-text'), 'Applying: 3 of 5 changes done…');
      assert.equal(f.$('#progress-bar').getAttribute('aria-valuetext'), '3 of 5');
      assert.equal((f.$('#progress-bar') as unknown as { value: number }).value, 3);
      assert.equal(f.$('#apply').disabled, true, 'no second apply while one runs');
      await f.receive(reportMessage({ canRetry: true, canUndo: false }));
      assert.ok(f.$('#progress').hasAttribute('hidden'));
      assert.equal(f.$('#apply').disabled, false);
      assert.ok(!f.$('#results-section').hasAttribute('hidden'));
      assert.equal(f.text('#results-status'), 'Apply finished: 2 applied, 1 failed, 1 not applied, 1 unknown, in 2 requests.');
      assert.equal(f.text('#results-counts'), '2 applied 1 failed 1 not applied 1 unknown');
      assert.deepEqual(
        f.$$('#results-table thead th').map((th) => th.textContent),
        ['User', 'License', 'Action', 'Outcome', 'Detail'],
      );
      const rows = f.$$('#results-table tbody tr').map((row) => [...row.children].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()));
      assert.deepEqual(rows[2], [USERS[2], 'cloudCX2', 'Add', 'Failed', 'User not found (404).']);
      assert.deepEqual(rows[4], [USERS[4], 'wem1', 'Remove', 'Not applied', 'Not sent: the batch stopped after a failure.']);
      assert.equal(f.$('#retry').disabled, false);
      assert.equal(f.$('#undo').disabled, true);
      f.click(f.$('#undo'));
      f.click(f.$('#retry'));
      await f.settle();
      assert.deepEqual(f.posted.at(-1), { t: 'retryFailed' });
      assert.equal(f.postedOf('undo').length, 0, 'Undo is off when the host cannot undo');
      // Only the entries that did not apply.
      const only = f.$('#only-unsuccessful');
      only.checked = true;
      only.dispatchEvent(new f.window.Event('change', { bubbles: true }));
      assert.equal(f.$$('#results-table tbody tr').length, 3);
      // A retry's report replaces the table; undo is now possible.
      await f.receive(
        reportMessage({
          kind: 'retry',
          canRetry: false,
          canUndo: true,
          report: { entries: [{ ...PREVIEW.entries[2], outcome: 'applied', detail: 'Done.' }], requestsSent: 1, usersAfter: [] },
        }),
      );
      assert.equal(f.text('#results-status'), 'Retry finished: 1 applied, in 1 request.');
      assert.equal(f.$('#retry').disabled, true);
      assert.equal(f.$('#undo').disabled, false);
      f.click(f.$('#undo'));
      assert.deepEqual(f.posted.at(-1), { t: 'undo' });
      await f.receive({ t: 'applying', done: 0, total: 1 });
      assert.equal(f.$('#undo').disabled, true, 'no undo while applying');
    });

    it('shows notices in a dismissible banner, errors as alerts', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      await f.receive({ t: 'notice', level: 'info', message: 'Request copied.' });
      await f.receive({ t: 'notice', level: 'error', message: 'Could not save: disk full.' });
      const notices = f.$$('#notices .notice');
      assert.deepEqual(
        notices.map((notice) => [notice.getAttribute('role'), notice.textContent?.trim()]),
        [
          ['status', 'Request copied.'],
          ['alert', 'Could not save: disk full.'],
        ],
      );
      const dismiss = notices[1].querySelector('[data-action="dismiss"]') as HTMLElement;
      assert.equal(dismiss.getAttribute('aria-label'), 'Dismiss this message');
      f.click(dismiss);
      assert.equal(f.$$('#notices .notice').length, 1);
      assert.equal(f.document.activeElement, notices[0].querySelector('[data-action="dismiss"]'), 'focus moves to the next message');
      // An error that ends an apply without a report does not leave the form applying.
      await f.receive({ t: 'applying', done: 1, total: 5 });
      await f.receive({ t: 'notice', level: 'error', message: 'Signed out.' });
      assert.ok(f.$('#progress').hasAttribute('hidden'));
    });

    it('replaces the draft the host sends (loaded or prefilled) without sending it back', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      await f.receive({
        t: 'draft',
        revision: 2,
        reason: 'loaded',
        draft: { rows: [{ key: 'loaded', licenseId: 'communicate', usersToAdd: USERS[5], usersToRemove: '' }] },
      });
      assert.deepEqual(
        f.$$('.assignment-row').map((row) => row.dataset.key),
        ['loaded'],
      );
      assert.equal(f.$$('vscode-single-select')[0].value, 'communicate');
      assert.equal(f.$$('vscode-textarea')[0].value, USERS[5]);
      assert.match(f.$('#request-json').textContent ?? '', /"communicate"/);
      await f.settle(EDIT_DELAY_MS + 50);
      assert.equal(f.postedOf('draftChanged').length, 0);
      assert.equal(f.text('#announcer'), 'Request loaded into the form.');
    });

    it('ignores malformed messages', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      for (const data of [null, 42, 'init', {}, { t: 7 }, { t: 'unknown' }, { t: 'usersPicked', rowKey: 'nope', field: 'usersToAdd', ids: [USERS[0]] }]) {
        f.window.dispatchEvent(new f.window.MessageEvent('message', { data }));
      }
      await f.settle();
      assert.equal(f.$$('.assignment-row').length, 2);
      assert.deepEqual(f.posted, [{ t: 'ready' }]);
    });
  });

  describe('actions', () => {
    it('Save, Load and Copy post their messages, after sending the edit still waiting for the pause', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      for (const [id, t, typed, revision] of [
        ['#save', 'save', USERS[5], 2],
        ['#load', 'load', USERS[4], 3],
        ['#copy', 'copy', '', 4],
      ] as const) {
        f.typeInto(f.$$('vscode-textarea')[1], typed);
        f.click(f.$(id));
        assert.deepEqual(f.posted.slice(-2), [
          { t: 'draftChanged', draft: { rows: [{ ...VALID_DRAFT.rows[0], usersToRemove: typed }, VALID_DRAFT.rows[1]] }, revision },
          { t },
        ]);
      }
      // Nothing more is sent once the pause ends: those edits went out already.
      await f.settle(EDIT_DELAY_MS + 50);
      assert.deepEqual(
        f.posted.map((message) => message.t),
        ['ready', 'draftChanged', 'save', 'draftChanged', 'load', 'draftChanged', 'copy'],
      );
    });

    it('Enter and Space on a focused button act like a click', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      f.$('#copy').focus();
      f.press(f.$('#copy'), 'Enter');
      f.press(f.$('#save'), ' ');
      assert.deepEqual(
        f.posted.slice(1).map((message) => message.t),
        ['copy', 'save'],
      );
    });

    it('asks the host to pick users and appends the IDs it sends back', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      f.click(f.$('.assignment-row:nth-child(2) .usersToRemove [data-action="pick"]'));
      assert.deepEqual(f.posted.at(-1), { t: 'pickUsers', rowKey: 'row-b', field: 'usersToRemove' });
      f.click(f.$('.assignment-row:nth-child(1) .usersToAdd [data-action="pick"]'));
      assert.deepEqual(f.posted.at(-1), { t: 'pickUsers', rowKey: 'row-a', field: 'usersToAdd' });
      await f.receive({ t: 'usersPicked', rowKey: 'row-b', field: 'usersToRemove', ids: [USERS[0], USERS[5]] });
      const expected = `${USERS[4]}\n${USERS[0]}\n${USERS[5]}`;
      assert.equal(f.$$('vscode-textarea')[3].value, expected);
      assert.equal(f.lastDraft()?.rows[1].usersToRemove, expected);
      await f.settle(80);
      assert.equal(f.text('#announcer'), '2 users added to users to remove in row 2.');
    });

    it('labels every control for screen readers', async () => {
      const f = await open();
      await f.receive(init(VALID_DRAFT));
      await f.receive(reportMessage());
      for (const control of f.$$('vscode-button')) {
        const name = control.getAttribute('aria-label') ?? control.textContent?.trim();
        assert.ok(name, `a button without a name: ${control.outerHTML}`);
      }
      for (const control of f.$$('vscode-textarea, vscode-single-select')) {
        assert.ok(f.document.querySelector(`label[for="${control.id}"]`), `no <label for> for ${control.id}`);
        assert.match(control.label ?? '', /, row \d$/);
      }
      const inner = f.$$('vscode-textarea')[0].shadowRoot?.querySelector('textarea');
      assert.equal(inner?.getAttribute('aria-label'), 'Users to add, row 1');
      for (const live of ['#request-status', '#preview-status', '#results-status']) {
        assert.equal(f.$(live).getAttribute('aria-live'), 'polite', live);
      }
      assert.equal(f.$('#progress-text').parentElement?.getAttribute('aria-live'), 'polite');
      assert.equal(f.$('#request-json').getAttribute('tabindex'), '0', 'the JSON can be scrolled with the keyboard');
    });
  });

  describe('reloading', () => {
    it('keeps typing the host never got, and the open sections, across a reload', async () => {
      const first = await open();
      await first.receive(init(VALID_DRAFT));
      (first.$('#json-section') as unknown as HTMLDetailsElement).open = false;
      first.$('#json-section').dispatchEvent(new first.window.Event('toggle'));
      first.typeInto(first.$$('vscode-textarea')[1], USERS[5]);
      // The webview is reloaded before the pause ends: nothing was posted.
      assert.equal(first.postedOf('draftChanged').length, 0);
      const saved = first.state;
      first.close();
      form = undefined;

      const second = await open(saved);
      assert.deepEqual(second.posted, [{ t: 'ready' }]);
      // The host answers with the draft it has, which lacks the last typing.
      await second.receive(init(VALID_DRAFT));
      assert.equal(second.$$('vscode-textarea')[1].value, USERS[5]);
      assert.equal(second.lastDraft()?.rows[0].usersToRemove, USERS[5], 'the kept edit is sent to the host at once');
      assert.equal((second.$('#json-section') as unknown as HTMLDetailsElement).open, false);
      assert.equal((second.$('#preview-section') as unknown as HTMLDetailsElement).open, true);
    });

    it('takes the host’s draft when everything was sent (it may have changed since: a file loaded, a prefill)', async () => {
      const first = await open();
      await first.receive(init(VALID_DRAFT));
      first.typeInto(first.$$('vscode-textarea')[1], USERS[5]);
      await first.waitFor(() => first.postedOf('draftChanged').length > 0, 'draftChanged');
      const saved = first.state;
      first.close();
      form = undefined;

      const second = await open(saved);
      const hostDraft: BatchDraft = { rows: [{ key: 'prefilled', licenseId: 'cloudCX1', usersToAdd: USERS[0], usersToRemove: '' }] };
      await second.receive(init(hostDraft));
      assert.deepEqual(
        second.$$('.assignment-row').map((row) => row.dataset.key),
        ['prefilled'],
      );
      assert.equal(second.postedOf('draftChanged').length, 0);
    });

    it('survives a state from an older or broken version', async () => {
      const f = await open({ draft: { rows: 'nope' }, open: { json: 'yes' }, scrollY: -5 });
      await f.receive(init(VALID_DRAFT));
      assert.equal(f.$$('.assignment-row').length, 2);
      assert.equal((f.$('#json-section') as unknown as HTMLDetailsElement).open, true);
    });
  });
});
