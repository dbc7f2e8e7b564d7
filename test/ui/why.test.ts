import * as assert from 'node:assert/strict';
import { openExplorer, screenshot, useUiSession } from './workbench';

describe('What a person sees: why a user holds their licenses, opened from a user row', function () {
  const ui = useUiSession({ seed: 3 });

  it("explains the licenses of a user from the row's context menu, rendered in the Markdown preview", async () => {
    const { page, sandbox } = ui();
    const user = sandbox.org.userById(sandbox.org.authorization.cases.addOnPrecedence as string);
    assert.ok(user, 'the sandbox seeded the user');
    // The tree shows the first 100 users: a row found by name there is this user's.
    assert.equal(sandbox.org.users.slice(0, 100).filter((other) => other.name === user.name).length, 1, 'the name is unique on the first page');
    await openExplorer(page);
    const sidebarRow = (text: string | RegExp) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
    await sidebarRow('License definitions').waitFor({ timeout: 60_000 });
    // Collapse the definitions so Users is on screen, then open Users.
    await sidebarRow('License definitions').click();
    await sidebarRow(/^Users/).click();
    const row = sidebarRow(user.name);
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    await page.locator('.context-view .action-label', { hasText: "Explain a User's Licenses" }).first().click();

    // The preview is a webview: its text lives two frames down.
    const preview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('body');
    await preview.locator('h1', { hasText: `Why ${user.name} holds these licenses` }).waitFor({ timeout: 60_000 });
    const text = await preview.innerText();
    assert.match(text, /Held and implied by roles \(2\)/);
    assert.match(
      text,
      /Implied by Quality Evaluator \(through the group “Tier 2 <Voice> \*EMEA\*”, in the division EMEA Support\): its permissions quality:calibration:view/,
    );
    assert.match(text, /Workforce Manager alone implies wem1; all the user's roles together do not\./);
    assert.match(text, /What infer cannot know/);
    // The group's name is shown as typed: no element was made of "<Voice>", no emphasis of "*EMEA*".
    assert.equal(await preview.locator('voice').count(), 0);
    assert.equal(await preview.locator('em', { hasText: 'EMEA' }).count(), 0);
    await page.locator('.notifications-toasts .notification-list-item', { hasText: 'What If Roles Change' }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'why-view');
  });
});
