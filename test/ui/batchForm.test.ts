import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
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

describe('What a person sees: the batch assignment form, end to end', function () {
  const ui = useUiSession({ userCount: 300, seed: 41 });

  it('fills the form, previews, applies after confirming, reads the results, and undoes', async () => {
    const { page, sandbox } = ui();
    await openExplorer(page); // the extension signs in from the gc variables when it activates
    await page.locator('.statusbar', { hasText: sandbox.org.name }).waitFor({ timeout: 30_000 });
    const license = sandbox.org.definitions.find((definition) => !definition.prerequisites?.length)?.id as string;
    const users = sandbox.org.users.filter((user) => !user.licenses.includes(license)).slice(0, 3);

    await runFromPalette(page, 'Genesys Cloud Licenses: Open Batch License Assignment');
    const app = form(page);
    await app.locator('main#app[aria-busy="false"]').waitFor({ timeout: 30_000 });
    await app.locator('vscode-single-select input').first().click();
    await page.keyboard.type(license);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await app.locator('vscode-textarea textarea').first().fill(users.map((user) => user.id).join('\n'));

    // The exact request, then the preview read from the org.
    await app.locator('#request-json', { hasText: users[2].id }).waitFor({ timeout: 15_000 });
    const json = JSON.parse(await app.locator('#request-json').innerText());
    assert.deepEqual(json, { assignments: [{ licenseId: license, userIdsAdd: users.map((user) => user.id), userIdsRemove: [] }] });
    await app.locator('#preview-table', { hasText: 'Gains it' }).waitFor({ timeout: 15_000 });
    assert.equal(await app.locator('#preview-table tbody tr', { hasText: 'Gains it' }).count(), 3);
    await screenshot(page, 'batch-form');

    await app.locator('#apply').click();
    const question = await confirmDialog(page, 'Apply');
    assert.match(question, /Apply 3 license change/);
    assert.match(question, /3 license assignment\(s\) will be given, 0 taken away/);
    await app.locator('#results-table', { hasText: 'Applied' }).waitFor({ timeout: 30_000 });
    assert.equal(await app.locator('#results-table tbody tr', { hasText: 'Applied' }).count(), 3);
    assert.ok(users.every((user) => sandbox.org.userById(user.id)?.licenses.includes(license)), 'the org changed');
    await screenshot(page, 'batch-results');

    await app.locator('#undo').click();
    await confirmDialog(page, 'Undo');
    await app.locator('#results-status', { hasText: /Undo/i }).waitFor({ timeout: 30_000 });
    assert.ok(users.every((user) => !sandbox.org.userById(user.id)?.licenses.includes(license)), 'the undo restored the org');
  });

  it('keeps the draft through a window reload', async () => {
    const { page, sandbox } = ui();
    const license = sandbox.org.definitions.find((definition) => !definition.prerequisites?.length)?.id as string;
    const first = sandbox.org.users.filter((user) => !user.licenses.includes(license))[0];
    // As a person reloads: VS Code shuts down in order (storage flushed) and starts again.
    await runFromPalette(page, 'Developer: Reload Window');
    const app = form(page);
    try {
      await app.locator('main#app[aria-busy="false"]').waitFor({ timeout: 60_000 });
    } catch (error) {
      await screenshot(page, 'reload-failure');
      throw error;
    }
    const added = await app.locator('vscode-textarea textarea').first().inputValue();
    assert.match(added, new RegExp(first.id));
    assert.match(await app.locator('#request-json').innerText(), new RegExp(license));
  });
});
