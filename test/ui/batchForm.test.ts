import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import type { Sandbox } from '../../src/sandbox';
import { waitUntil } from '../waitUntil';
import { openExplorer, runFromPalette, screenshot, useUiSession } from './workbench';

/** The form inside VS Code's webview iframes. */
function form(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Presses a button of the workbench's modal dialog (the confirmation before anything is written). */
async function confirmDialog(page: Page, button: string): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30_000 });
  const text = await dialog.innerText();
  await dialog.locator('.monaco-button', { hasText: new RegExp(`^${button}$`) }).click();
  return text;
}

/**
 * Opens the form from the palette (or brings it to the front) once the extension has signed in (from the gc
 * variables, when it activates), and waits until the form shows what the host sent.
 */
async function openForm(page: Page, sandbox: Sandbox): Promise<FrameLocator> {
  await openExplorer(page);
  await page.locator('.statusbar', { hasText: sandbox.org.name }).waitFor({ timeout: 30_000 });
  await runFromPalette(page, 'Genesys Cloud Licenses: Open Batch License Assignment');
  const app = form(page);
  await app.locator('main#app[aria-busy="false"]').waitFor({ timeout: 30_000 });
  return app;
}

/** Chooses the first row's license as a person does: types it in the picker, takes the match. */
async function chooseLicense(page: Page, app: FrameLocator, license: string): Promise<void> {
  await app.locator('vscode-single-select input').first().click();
  await page.keyboard.type(license);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

describe('What a person sees: the batch assignment form, end to end', function () {
  const ui = useUiSession({ userCount: 300, seed: 41 });

  it('fills the form, previews, applies after confirming, reads the results, and undoes', async () => {
    const { page, sandbox } = ui();
    const license = sandbox.org.definitions.find((definition) => !definition.prerequisites?.length)?.id as string;
    const users = sandbox.org.users.filter((user) => !user.licenses.includes(license)).slice(0, 3);

    const app = await openForm(page, sandbox);
    // The first look: what to do, and nothing marked as an error before anything was typed.
    assert.equal(
      await app.locator('#request-status').innerText(),
      'Nothing to send yet: choose a license in a row, then paste user IDs or pick users by name.',
    );
    assert.equal(await app.locator('.status.error, .message.error, .notice-error, .has-problems').count(), 0);
    await screenshot(page, 'batch-form-empty');
    await chooseLicense(page, app, license);
    await app
      .locator('vscode-textarea textarea')
      .first()
      .fill(users.map((user) => user.id).join('\n'));

    // The exact request, then the preview read from the org.
    await app.locator('#request-json', { hasText: users[2].id }).waitFor({ timeout: 15_000 });
    const json = JSON.parse(await app.locator('#request-json').innerText());
    assert.deepEqual(json, { assignments: [{ licenseId: license, userIdsAdd: users.map((user) => user.id), userIdsRemove: [] }] });
    await app.locator('#preview-table', { hasText: 'Gains it' }).waitFor({ timeout: 15_000 });
    assert.equal(await app.locator('#preview-table tbody tr', { hasText: 'Gains it' }).count(), 3);
    // Who they are: the directory's names beside the IDs, in the preview and under the field.
    for (const user of users) {
      await app.locator('#preview-table tbody tr', { hasText: user.id }).locator('.person-name', { hasText: user.name }).waitFor({ timeout: 15_000 });
    }
    assert.deepEqual(
      await app.locator('.usersToAdd .people .person-name').allInnerTexts(),
      users.map((user) => user.name),
    );
    assert.equal(await app.locator('#apply-hint').innerText(), 'Applies 3 changes after you confirm them: 3 gains, 0 losses.');
    await screenshot(page, 'batch-form');

    await app.locator('#apply').click();
    const question = await confirmDialog(page, 'Apply');
    assert.match(question, /Apply 3 license change/);
    assert.match(question, /3 license assignment\(s\) will be given, 0 taken away/);
    await app.locator('#results-table', { hasText: 'Applied' }).waitFor({ timeout: 30_000 });
    assert.equal(await app.locator('#results-table tbody tr', { hasText: 'Applied' }).count(), 3);
    assert.ok(
      users.every((user) => sandbox.org.userById(user.id)?.licenses.includes(license)),
      'the org changed',
    );
    assert.equal(await app.locator('#results-table tbody tr', { hasText: users[0].id }).locator('.person-name').innerText(), users[0].name);
    // Read again after the apply: the preview, the hint and Apply agree that nothing is left to change.
    await app.locator('#preview-status', { hasText: '3 entries unchanged' }).waitFor({ timeout: 30_000 });
    assert.equal(await app.locator('#apply-hint').innerText(), 'Nothing to apply: the organization already matches this request (3 entries unchanged).');
    assert.equal(await app.locator('#apply').getAttribute('disabled'), '');
    await screenshot(page, 'batch-results');

    await app.locator('#undo').click();
    await confirmDialog(page, 'Undo');
    await app.locator('#results-status', { hasText: /Undo/i }).waitFor({ timeout: 30_000 });
    assert.ok(
      users.every((user) => !sandbox.org.userById(user.id)?.licenses.includes(license)),
      'the undo restored the org',
    );
    // An undo is not undone: Undo is off, so a second click cannot re-apply what the undo reversed.
    assert.equal(await app.locator('#undo').getAttribute('disabled'), '');
  });

  it('keeps the draft through a window reload', async function () {
    // A reload restarts the workbench and the extension host: on the busy 2-core CI box that alone can take a minute.
    this.timeout(240_000);
    const { page, sandbox } = ui();
    const license = sandbox.org.definitions.find((definition) => !definition.prerequisites?.length)?.id as string;
    const first = sandbox.org.users.filter((user) => !user.licenses.includes(license))[0];
    // As a person reloads: VS Code shuts down in order (storage flushed) and starts again. The form is looked for
    // once the workbench has loaded anew, not in the page that is going away.
    const reloaded = page.waitForEvent('load', { timeout: 120_000 });
    await runFromPalette(page, 'Developer: Reload Window');
    await reloaded;
    const started = Date.now();
    const app = form(page);
    try {
      await app.locator('main#app[aria-busy="false"]').waitFor({ timeout: 180_000 });
    } catch (error) {
      await screenshot(page, 'reload-failure');
      throw error;
    }
    console.log(`    (the form was back ${((Date.now() - started) / 1000).toFixed(1)} s after the workbench loaded)`);
    const added = await app.locator('vscode-textarea textarea').first().inputValue();
    assert.match(added, new RegExp(first.id));
    assert.match(await app.locator('#request-json').innerText(), new RegExp(license));
  });

  it('never shows the preview of an older draft as the current one, whatever order the org answers in', async () => {
    const { page, sandbox } = ui();
    const app = await openForm(page, sandbox);
    const license = sandbox.org.definitions.find((definition) => !definition.prerequisites?.length)?.id as string;
    const [first, second, third] = sandbox.org.users.filter((user) => !user.licenses.includes(license)).slice(3, 6);
    if (
      (await app
        .locator('vscode-single-select')
        .first()
        .evaluate((select) => (select as HTMLElement & { value: string }).value)) !== license
    ) {
      await chooseLicense(page, app, license);
    }
    const field = app.locator('vscode-textarea textarea').first();
    // A draft whose preview is on the page, and no read under way.
    await field.fill(first.id);
    await app.locator('#preview-status', { hasText: 'Preview: 1 user/license gain,' }).waitFor({ timeout: 30_000 });
    await waitUntil(() => sandbox.stats.inFlight === 0, 'no request in flight');
    // Everything the page shows from here on, as it shows it.
    await app.locator('main#app').evaluate((main) => {
      const shown: { status: string; stale: boolean; json: string }[] = [];
      (window as unknown as { __shown: typeof shown }).__shown = shown;
      const record = () =>
        shown.push({
          status: main.querySelector('#preview-status')?.textContent?.trim() ?? '',
          stale: !main.querySelector('#preview-stale')?.hasAttribute('hidden'),
          json: main.querySelector('#request-json')?.textContent ?? '',
        });
      new MutationObserver(record).observe(main, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    // The org answers each draft's read only when the test says so: the older draft's first.
    const reads = () => sandbox.stats.byRoute['POST /api/v2/license/users'] ?? 0;
    const releases: (() => void)[] = [];
    const holds = [0, 1].map(() => new Promise<void>((resolve) => releases.push(resolve)));
    const removals = holds.map((until) => sandbox.faults.add({ method: 'POST', path: '/api/v2/license/users', times: 1, fault: { kind: 'hold', until } }));
    try {
      const before = reads();
      await field.fill(`${first.id}\n${second.id}`);
      await waitUntil(() => reads() === before + 1, 'the read for the older draft');
      await field.fill(`${first.id}\n${second.id}\n${third.id}`);
      await app.locator('#request-json', { hasText: third.id }).waitFor({ timeout: 15_000 });
      // The form has sent the newer draft; only now does the answer for the older one come.
      releases[0]();
      await waitUntil(() => reads() === before + 2, 'the read for the newer draft');
      releases[1]();
      await app.locator('#preview-status', { hasText: 'Preview: 3 user/license gains' }).waitFor({ timeout: 30_000 });
      const shown = await app
        .locator('main#app')
        .evaluate(() => (window as unknown as { __shown: { status: string; stale: boolean; json: string }[] }).__shown);
      const wrong = shown.filter(
        (state) => state.json.includes(third.id) && !state.stale && /^Preview:/.test(state.status) && !state.status.startsWith('Preview: 3 user/license gains'),
      );
      assert.deepEqual(wrong, [], 'a preview shown as the newer draft’s that is not');
      assert.ok(shown.length > 0, 'the page was watched');
    } finally {
      removals.forEach((remove) => remove());
      releases.forEach((release) => release());
    }
  });
});
