import * as assert from 'node:assert/strict';
import { explorerRows, markdownPreview, openExplorer, runFromPalette, screenshot, useUiSession } from './workbench';

describe('What a person sees: License Health in the explorer and as a report', function () {
  const ui = useUiSession({ seed: 15, userCount: 120 });

  it('shows the report rendered, with the summary per license, and the Health part with each finding and its users', async () => {
    const { page, sandbox } = ui();
    const { org } = sandbox;
    await openExplorer(page);
    const sidebarRow = (text: string | RegExp) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
    await sidebarRow('License definitions').waitFor({ timeout: 60_000 });
    await sidebarRow('Health').waitFor({ timeout: 30_000 });
    assert.ok((await explorerRows(page)).includes('Health — not checked yet'));

    await runFromPalette(page, 'Show License Health Report');
    const preview = markdownPreview(page);
    await preview.locator('h1', { hasText: 'License Health' }).waitFor({ timeout: 60_000 });
    const text = await preview.innerText();
    assert.match(text, /Per license/);
    assert.ok((await preview.locator('table').first().innerText()).includes('By active users'), 'the summary table is a rendered table');
    const inactive = org.health.inactive.length + org.health.deleted.length;
    assert.match(text, new RegExp(`Held by inactive or deleted users — ${inactive} users`));
    assert.match(text, /collaborate inside cloudCX1|collaborate\s+inside\s+cloudCX1/);
    // A finding's action is a command to run, never a link.
    assert.equal(await preview.locator('a[href^="command:"]').count(), 0);

    // The tree: Health with its count, then the redundant finding expanded to its user.
    await sidebarRow('License definitions').click(); // collapsed, so Health is on screen
    await sidebarRow(/^Health/).click();
    const redundantKind = sidebarRow('Redundant: comprised by another license');
    await redundantKind.waitFor({ timeout: 30_000 });
    await sidebarRow('Held by inactive or deleted users').click();
    await redundantKind.click();
    const comprised = org.userById(org.authorization.cases.comprised as string);
    await sidebarRow('collaborate inside cloudCX1').click();
    await sidebarRow(comprised?.name ?? '').waitFor({ timeout: 30_000 });
    const rows = await explorerRows(page);
    assert.ok(
      rows.some((row) => /^Health — \d+ findings · checked/.test(row)),
      rows.join('\n'),
    );
    assert.ok(
      rows.some((row) => row.startsWith(`Held by inactive or deleted users — ${inactive} users`)),
      rows.join('\n'),
    );
    await screenshot(page, 'health');
  });
});
