import * as assert from 'node:assert/strict';
import { closeAllEditors, markdownPreview, openExplorer, runFromPalette, screenshot, useUiSession } from './workbench';

describe('What a person sees: a license snapshot saved, the org changed, and the snapshot compared with the live org', function () {
  const ui = useUiSession({ userCount: 120, seed: 16 });

  it('saves a snapshot from the palette, compares it with the live org, and shows the summary beside the diff', async () => {
    const { page, sandbox } = ui();
    await openExplorer(page);
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'License definitions' }).first().waitFor({ timeout: 60_000 });

    await runFromPalette(page, 'Genesys Cloud Licenses: Save License Snapshot…');
    // VS Code's own save dialog (the simple one in a browser) offers the workspace's license-snapshots folder.
    const dialogInput = page.locator('.quick-input-widget:visible input');
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value.includes('license-snapshots/'), undefined, {
      timeout: 30_000,
    });
    assert.match(await dialogInput.inputValue(), /license-snapshots\/[a-z0-9-]+-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json$/);
    await page.keyboard.press('Enter');
    await page
      .locator('.notifications-toasts .notification-list-item', { hasText: 'Saved a license snapshot of 120 users' })
      .first()
      .waitFor({ timeout: 60_000 });

    // The org changes after the snapshot: one user loses a license, another gains one.
    const loser = sandbox.org.users.find((user) => user.licenses.length > 0) as (typeof sandbox.org.users)[number];
    const lost = loser.licenses[0];
    const gainer = sandbox.org.users.find((user) => !user.licenses.includes(lost)) as (typeof sandbox.org.users)[number];
    loser.licenses.splice(0, 1);
    gainer.licenses.push(lost);

    await closeAllEditors(page);
    await runFromPalette(page, 'View: Single Column Editor Layout');
    // The definitions collapsed, the Snapshots part is in sight.
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'License definitions' }).first().click();
    await runFromPalette(page, 'Genesys Cloud Licenses: Compare License Snapshots…');
    const pickRow = (text: string) => page.locator('.quick-input-widget:visible .monaco-list-row', { hasText: text }).first();
    await pickRow('.json').waitFor({ timeout: 15_000 });
    await pickRow('.json').click();
    await pickRow('The live org now').waitFor({ timeout: 15_000 });
    await pickRow('The live org now').click();

    const preview = markdownPreview(page);
    await preview.locator('h1', { hasText: 'License snapshot comparison' }).waitFor({ timeout: 60_000 });
    const text = await preview.innerText();
    assert.match(text, /2 users in both changed licenses: 1 license gained, 1 license lost\./);
    assert.ok(text.includes(`Lost by 1 user:`) && text.includes(loser.id), text);
    assert.ok(text.includes(`Gained by 1 user:`) && text.includes(gainer.id), text);
    // VS Code's diff editor on the two files, beside the summary.
    await page.locator('.editor-group-container .tab', { hasText: '↔ the live org' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
    await page
      .locator('.notifications-toasts .notification-list-item', { hasText: 'changed licenses between the two snapshots' })
      .first()
      .waitFor({ timeout: 15_000 });
    // The diff scrolled to the users' lines that changed, as a person steps through it.
    await page.keyboard.press('Control+2');
    await page.keyboard.press('F7');
    await page.keyboard.press('F7');
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Snapshots' }).first().click();
    // The Snapshots part lists the saved one (the live one of a comparison is not a saved snapshot).
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'license-inspector-sandbox-' }).first().waitFor({ timeout: 15_000 });
    if (await page.locator('.part.auxiliarybar').isVisible()) {
      await page.keyboard.press('Control+Alt+B'); // the secondary side bar (chat) takes room the diff needs
    }
    await screenshot(page, 'snapshots');
  });
});
