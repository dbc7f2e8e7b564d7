import * as assert from 'node:assert/strict';
import { waitUntil } from '../waitUntil';
import { closeAllEditors, openExplorer, runFromPalette, screenshot, useUiSession } from './workbench';

const TARGET_NAME = 'Ömer Yıldırım';

/** A user picker as a person sees it, for a name the directory's search cannot match: every name is read instead. */
describe('Any user by name in a picker, in Chromium', function () {
  const ui = useUiSession(
    { userCount: 400, seed: 73 },
    {
      // An accented name and an email that says nothing: the directory (which does not fold) finds no one for "yildirim".
      prepare: (sandbox) => Object.assign(sandbox.org.users[350], { name: TARGET_NAME, email: 'u350@example.test' }),
    },
  );
  const pickerRow = (text: string) => ui().page.locator('.quick-input-widget:visible .monaco-list-row', { hasText: text }).first();

  it('says how far the read of every name is, then offers the user, then says when no one matches', async () => {
    const { page, sandbox } = ui();
    await openExplorer(page);
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'License definitions' }).first().waitFor({ timeout: 30_000 }); // signed in
    await closeAllEditors(page);
    let release = () => {};
    const held = new Promise((resolve) => (release = () => resolve(undefined)));
    try {
      await runFromPalette(page, 'Genesys Cloud Licenses: Get User Licenses…');
      await pickerRow(' license').waitFor({ timeout: 30_000 }); // the first page's users, with what they hold
      // Their names come in a lookup of their own, which may answer after the rows show: the hold is for the read's.
      await waitUntil(() => (sandbox.stats.byRoute['GET /api/v2/users'] ?? 0) >= 1, "the first page's names");
      // One lookup of names held back, so the read is seen on its way.
      sandbox.faults.add({ method: 'GET', path: '/api/v2/users', times: 1, fault: { kind: 'hold', until: held } });
      await page.locator('.quick-input-widget:visible input').fill('yildirim');
      const reading = pickerRow('Searching all names…');
      await reading.waitFor({ timeout: 30_000 });
      assert.match(await reading.innerText(), /Searching all names… (Users|Names): [\d,]+ of 400/);
      await screenshot(page, 'picker-reading-every-name');
    } finally {
      release();
    }
    await pickerRow(TARGET_NAME).waitFor({ timeout: 30_000 });
    await screenshot(page, 'picker-found-by-folding');
    await page.locator('.quick-input-widget:visible input').fill('$(zap) nobody');
    const noMatch = pickerRow('No user matches');
    await noMatch.waitFor({ timeout: 15_000 });
    assert.equal((await noMatch.innerText()).trim(), 'No user matches “$(zap) nobody”', 'the typed text reads as typed, no icon made of it');
    assert.equal(await noMatch.locator('.codicon-zap').count(), 0);
    await screenshot(page, 'picker-no-match');
    await page.keyboard.press('Escape');
  });
});
