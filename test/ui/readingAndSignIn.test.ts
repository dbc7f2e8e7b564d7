import * as assert from 'node:assert/strict';
import { LONG_DESCRIPTION_DEFINITION, LONG_DESCRIPTION_END } from '../longDescription';
import { closeAllEditors, markdownPreview, openExplorer, runFromPalette, screenshot, useUiSession } from './workbench';

describe('Reading a long description from its row, and signing in step by step, in Chromium', function () {
  const ui = useUiSession({ userCount: 60, seed: 18 }, { prepare: (sandbox) => sandbox.org.definitions.push(structuredClone(LONG_DESCRIPTION_DEFINITION)) });
  const longRow = () =>
    ui()
      .page.locator('.part.sidebar .monaco-list-row', { hasText: LONG_DESCRIPTION_DEFINITION.id as string })
      .first();

  it('hovers the row of a long description and reads it to its last sentence', async () => {
    const { page } = ui();
    await openExplorer(page);
    // Hovered once the holders are counted: the row redrawn with its count would take the hover away.
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: new RegExp(`${LONG_DESCRIPTION_DEFINITION.id}\\s*\\d+ users? ·`) })
      .first()
      .waitFor({ timeout: 30_000 });
    const hover = page.locator('.monaco-hover:visible, .workbench-hover:visible', { hasText: 'Analytics Archive' }).first();
    for (let attempt = 1; ; attempt++) {
      await longRow().hover();
      try {
        await hover.waitFor({ timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 3) {
          throw error;
        }
        await page.mouse.move(0, 0); // away and back, as a person whose hover did not open
      }
    }
    assert.ok((await hover.innerText()).includes(LONG_DESCRIPTION_END), await hover.innerText());
    await screenshot(page, 'long-description-hover');
    await page.mouse.move(0, 0);
  });

  it('opens the whole description from the row’s Show Details, rendered as the org wrote it', async () => {
    const { page } = ui();
    await closeAllEditors(page);
    await longRow().click({ button: 'right' });
    const showDetails = page.locator('.monaco-menu .action-label', { hasText: 'Show Details' }).first();
    await showDetails.waitFor({ timeout: 15_000 });
    await showDetails.click();
    const body = markdownPreview(page);
    await body.locator('h1', { hasText: LONG_DESCRIPTION_DEFINITION.id as string }).waitFor({ timeout: 30_000 });
    const end = body.getByText(LONG_DESCRIPTION_END.slice(0, 30));
    await end.scrollIntoViewIfNeeded();
    assert.ok((await end.innerText()).endsWith(LONG_DESCRIPTION_END), await end.innerText());
    await screenshot(page, 'long-description-details');
  });

  it('numbers every sign-in step out of the same total, with Custom URL in sight without scrolling', async () => {
    const { page, sandbox } = ui();
    await openExplorer(page);
    await closeAllEditors(page);
    const widget = page.locator('.quick-input-widget:visible');
    const titled = (title: string) => widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
    await runFromPalette(page, 'Genesys Cloud Licenses: Sign In…');
    // The method's title counts the steps of the method under the cursor.
    await titled('Sign in to Genesys Cloud (1/1): method');
    for (const [key, title] of [
      ['ArrowDown', '(1/3): method'],
      ['ArrowDown', '(1/4): method'],
      ['ArrowDown', '(1/3): method'],
      ['ArrowUp', '(1/4): method'],
    ]) {
      await page.keyboard.press(key);
      await titled(title);
    }
    await page.keyboard.press('Enter');
    await titled('Sign in to Genesys Cloud (2/4): region');
    const customUrl = widget.locator('.monaco-list-row', { hasText: 'Custom URL…' }).first();
    await customUrl.waitFor({ timeout: 15_000 });
    const [row, list] = await Promise.all([customUrl.boundingBox(), widget.locator('.quick-input-list .monaco-list').first().boundingBox()]);
    assert.ok(
      row && list && row.y >= list.y && row.y + row.height <= list.y + list.height,
      `Custom URL is out of sight: row ${JSON.stringify(row)}, list ${JSON.stringify(list)}`,
    );
    await screenshot(page, 'sign-in-region');
    await customUrl.click();
    const input = widget.locator('input').first();
    const { clientId, clientSecret } = sandbox.clients.admin;
    for (const [title, value] of [
      ['(2/4): custom URL', sandbox.url],
      ['(3/4): client ID', clientId],
      ['(4/4): client secret', clientSecret],
    ]) {
      await titled(`Sign in to Genesys Cloud ${title}`);
      await input.fill(value);
      await page.keyboard.press('Enter');
    }
    await page
      .locator('.notifications-toasts .notification-list-item', { hasText: `Signed in to ${sandbox.org.name}` })
      .first()
      .waitFor({ timeout: 30_000 });
  });
});
