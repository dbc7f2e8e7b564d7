import * as assert from 'node:assert/strict';
import { explorerRows, markdownPreview, openExplorer, runFromPalette, screenshot, useUiSession } from './workbench';

describe('What a person sees: the packaged extension in VS Code, in Chromium', function () {
  const ui = useUiSession();

  it('opens the License Explorer from the activity bar, signed in, listing the org’s definitions', async () => {
    const { page, sandbox } = ui();
    await openExplorer(page);
    await page.locator('.monaco-list-row', { hasText: 'License definitions' }).first().waitFor({ timeout: 30_000 });
    const firstDefinition = [...sandbox.org.definitions].map((definition) => definition.id as string).sort((a, b) => a.localeCompare(b))[0];
    await page.locator('.monaco-list-row', { hasText: firstDefinition }).first().waitFor({ timeout: 30_000 });
    const rows = await explorerRows(page);
    assert.match(rows[0], /^License definitions/);
    assert.match(rows[1], new RegExp(`^${firstDefinition}`));
    const statusBar = await page.locator('.statusbar').innerText();
    assert.match(statusBar, new RegExp(sandbox.org.name));
  });

  it('shows how many users hold each license, and the users by name once Users is expanded', async () => {
    const { page, sandbox } = ui();
    const firstDefinition = [...sandbox.org.definitions].map((definition) => definition.id as string).sort((a, b) => a.localeCompare(b))[0];
    const holders = sandbox.org.holders(firstDefinition).length;
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: `${holders} user` })
      .first()
      .waitFor({ timeout: 30_000 });
    const rows = await explorerRows(page);
    assert.ok(
      rows.some((row) => row.startsWith(`${firstDefinition} — ${holders} user`)),
      rows.slice(0, 3).join(' | '),
    );
    // Collapse the definitions so Users is on screen, then open it as a person would: click, then the arrow keys.
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'License definitions' }).first().click();
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: /^Users/ })
      .first()
      .click();
    const firstUser = sandbox.org.users[0];
    await page.locator('.part.sidebar .monaco-list-row', { hasText: firstUser.name }).first().waitFor({ timeout: 30_000 });
    const userRows = await explorerRows(page);
    const firstUserRow = userRows.find((row) => row.startsWith(firstUser.name));
    assert.equal(firstUserRow, `${firstUser.name} — ${firstUser.licenses.length} license${firstUser.licenses.length === 1 ? '' : 's'}`);
    const pageSize = 100;
    assert.ok(userRows.includes(`Users — ${pageSize} of ${sandbox.org.users.length} users`), `the users list pages: ${userRows.slice(0, 2).join(' | ')}`);
    await screenshot(page, 'explorer');
  });

  it('lists the signed-in org in VS Code’s Accounts menu', async () => {
    const { page, sandbox } = ui();
    await page.locator('.activitybar [aria-label^="Accounts"]').first().click();
    const entry = page.locator('.monaco-menu .action-label, .context-view .action-label', { hasText: sandbox.org.name });
    await entry.first().waitFor({ timeout: 15_000 });
    assert.match(await entry.first().innerText(), /Genesys Cloud|License Inspector Sandbox/);
    await screenshot(page, 'accounts-menu');
    await page.keyboard.press('Escape');
  });

  it('runs Show License Definition from the palette: pick a license, read its details', async () => {
    const { page, sandbox } = ui();
    const definition =
      sandbox.org.definitions.find((candidate) => candidate.comprises?.length && candidate.prerequisites?.length) ?? sandbox.org.definitions[0];
    await runFromPalette(page, 'Genesys Cloud Licenses: Show License Definition…');
    const input = page.locator('.quick-input-widget:visible input');
    await input.fill(definition.id as string);
    await page
      .locator('.quick-input-widget:visible .monaco-list-row', { hasText: definition.id as string })
      .first()
      .waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    // The result opens rendered, in the Markdown preview.
    const body = markdownPreview(page);
    await body.locator('h1').first().waitFor({ timeout: 30_000 });
    const text = await body.innerText();
    assert.match(text, new RegExp(definition.id as string));
    assert.ok(text.includes((definition.description ?? '').slice(0, 20)), text.slice(0, 300));
    await screenshot(page, 'show-definition');
    await page.keyboard.press('Control+W');
  });

  it('signs out from the command palette and shows the welcome view with its Sign In button', async () => {
    const { page } = ui();
    await runFromPalette(page, 'Genesys Cloud Licenses: Sign Out');
    const welcome = page.locator('.welcome-view-content', { hasText: 'Sign in to a Genesys Cloud organization' });
    await welcome.waitFor({ timeout: 30_000 });
    assert.ok(await welcome.locator('a.monaco-button, .monaco-button', { hasText: 'Sign In' }).first().isVisible());
    await screenshot(page, 'signed-out');
  });
});
