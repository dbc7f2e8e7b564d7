import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRepoRoot } from '../host/setup';
import { exportCommandLink, HOSTILE_LICENSE_ID, HOSTILE_LONG_NAME, HOSTILE_ORG_NAME, hostileDescription, hostileErrorMessage } from '../hostileText';
import { closeAllEditors, explorerRows, markdownPreview, openExplorer, runFromPalette, screenshot, useUiSession } from './workbench';

const probeReport = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secret-probe-')), 'report.json');
const exportTarget = path.join(os.tmpdir(), 'ui-hostile-export.csv');

describe('What a person sees of a hostile org, and what another extension can get, in Chromium', function () {
  const ui = useUiSession(
    { userCount: 60, seed: 51 },
    {
      besideExtensions: [path.join(findRepoRoot(), 'test', 'probe-extension')],
      env: { SECRET_PROBE_REPORT: probeReport },
      prepare: (sandbox) => {
        sandbox.org.name = HOSTILE_ORG_NAME;
        sandbox.org.definitions.push({
          id: HOSTILE_LICENSE_ID,
          description: hostileDescription(`${sandbox.url}/pixel.png`),
          permissions: { ids: ['directory:user:view'] },
        });
        sandbox.org.users[0].name = HOSTILE_LONG_NAME;
      },
    },
  );

  it('gives an extension installed beside it no token or secret by any route', async () => {
    const { page, sandbox } = ui();
    await openExplorer(page);
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'License definitions' }).first().waitFor({ timeout: 30_000 });
    await runFromPalette(page, 'Secret Probe: Try Every Route');
    for (let waited = 0; !fs.existsSync(probeReport); waited += 250) {
      assert.ok(waited < 60_000, 'the probe wrote no report');
      await page.waitForTimeout(250);
    }
    const report = JSON.parse(fs.readFileSync(probeReport, 'utf8'));
    // The routes were open to it: it read our log, and our commands gave it org data.
    assert.equal(report.sawInspectorLog, true, `the probe read ${report.filesRead.length} files without finding the extension's log`);
    assert.equal(report.routes['command showDefinition'], 'something');
    assert.equal(report.routes['command showOrganizationAssignments'], 'something');
    // And none gave it a secret.
    const everything = JSON.stringify(report);
    const secrets = [sandbox.clients.admin.clientSecret, ...sandbox.issuedSecrets()];
    assert.ok(secrets.length >= 2, 'the extension was issued a token');
    for (const secret of secrets) {
      assert.ok(!everything.includes(secret), `the probe got a secret (${secret.slice(0, 4)}…) by one of: ${JSON.stringify(report.routes)}`);
    }
    assert.equal(report.routes.exports, 'nothing', 'activate() handed out its parts');
    assert.equal(report.routes['authentication.getSession (silent)'], 'nothing', 'a session without the user’s consent');
  });

  it('shows a server error with a command link as plain text in the notification: nothing to click', async () => {
    const { page, sandbox } = ui();
    // The probe's Show License Definition left its result open: a preview still loading takes the palette's focus.
    await closeAllEditors(page);
    sandbox.faults.add({ path: '/api/v2/license/definitions', times: 1, fault: { kind: 'status', status: 500, message: hostileErrorMessage(exportTarget) } });
    await runFromPalette(page, 'Genesys Cloud Licenses: Show License Definition…');
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Internal failure' }).first();
    await toast.waitFor({ timeout: 30_000 });
    const message = toast.locator('.notification-list-item-message');
    assert.ok((await message.innerText()).replace(/\u200b/g, '').includes(exportCommandLink(exportTarget)), await message.innerText());
    assert.equal(await message.locator('a').count(), 0, 'the message renders a link');
    await screenshot(page, 'hostile-notification');
    await page.keyboard.press('Escape');
    await toast
      .locator('.codicon-notifications-clear')
      .click()
      .catch(() => undefined);
    assert.ok(!fs.existsSync(exportTarget));
  });

  it('hovers a definition whose description holds an image and links as plain text', async () => {
    const { page } = ui();
    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: 'hostile`)' }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.hover();
    const hover = page.locator('.monaco-hover:visible, .workbench-hover:visible', { hasText: 'Hover me' }).first();
    await hover.waitFor({ timeout: 15_000 });
    assert.ok((await hover.innerText()).includes('Hover me ![pixel]('), await hover.innerText());
    assert.equal(await hover.locator('img, a[href]').count(), 0, 'the hover renders an image or a link');
    await screenshot(page, 'hostile-hover');
    await page.mouse.move(0, 0);
  });

  it('shows the user with a long, invisible name by a visible name and its count', async () => {
    const { page } = ui();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'License definitions' }).first().click();
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: /^Users/ })
      .first()
      .click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Mallory' }).first().waitFor({ timeout: 30_000 });
    const row = (await explorerRows(page)).find((text) => text.includes('Mallory'));
    assert.match(row ?? '', /^Mallory \[x\]\(command:workbench\.action.*… — \d+ licenses?$/);
    await screenshot(page, 'hostile-user-row');
  });

  it('renders the definition document’s preview with the hostile ID in its code span, no link, image or heading from the org', async () => {
    const { page } = ui();
    await openExplorer(page);
    await closeAllEditors(page);
    await runFromPalette(page, 'Genesys Cloud Licenses: Show License Definition…');
    await page.locator('.quick-input-widget:visible input').fill('Hover me');
    await page.locator('.quick-input-widget:visible .monaco-list-row', { hasText: 'hostile' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    // The result opens rendered, in the Markdown preview.
    const body = markdownPreview(page);
    await body.locator('h1').first().waitFor({ timeout: 30_000 });
    const headings = await body.locator('h1, h2, h3').allInnerTexts();
    assert.ok(headings[0].startsWith('License hostile`) [x](https://evil.example/) # Broke out|'), headings[0]);
    assert.ok(!headings.some((heading) => /^(Broke out|Injected heading)/.test(heading)), headings.join(' | '));
    assert.equal(await body.locator('h1 code').count(), 1, 'the ID is one code span');
    assert.equal(await body.locator('img').count(), 0, 'an image from the org is rendered');
    const links = await body.locator('a[href]').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
    assert.deepEqual(
      links.filter((href) => /evil|pixel|command:/.test(href ?? '')),
      [],
      'a link from the org is rendered',
    );
    assert.ok((await body.innerText()).includes('Hover me ![pixel]('), 'the description reads as the org wrote it');
    await screenshot(page, 'hostile-preview');
  });
});
