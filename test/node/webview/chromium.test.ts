/**
 * The built form in real Chromium (what jsdom cannot tell): the panel's CSP holds with the components' styles and
 * the codicon font, keyboard-only use reaches everything without a trap, and the searchable license picker works.
 * Skipped when no Chromium is installed (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { ChangePreview } from '../../../src/batch/changes';
import type { FromBatchWebview, ToBatchWebview } from '../../../src/webview/protocol';
import { CHROMIUM, launchChromium, openForm, startHarnessServer, type HarnessServer, type Theme } from './browserHarness';
import { PREVIEW, REPORT, reportMessage, USERS } from './fixtures';

function posted(page: Page): Promise<FromBatchWebview[]> {
  return page.evaluate(() => (window as unknown as { __posted: FromBatchWebview[] }).__posted);
}

/** The host's messages, delivered as VS Code delivers them; resolves once the page has handled them (a notice shows). */
async function hostSends(page: Page, ...messages: ToBatchWebview[]): Promise<void> {
  const marker = `handled ${Math.random()}`;
  await page.evaluate((list) => list.forEach((message) => window.postMessage(message, '*')), [...messages, { t: 'notice', level: 'info', message: marker }]);
  await page.locator('.notice', { hasText: marker }).waitFor();
}

function isDisabled(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => element.hasAttribute('disabled'));
}

/** The focused element, looking into shadow roots: "tag#id.class" with its text or label. */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    let element = document.activeElement;
    const path: string[] = [];
    while (element) {
      const id = element.id ? `#${element.id}` : element.tagName === 'SUMMARY' ? `(${element.parentElement?.id})` : '';
      const action = element.getAttribute('data-action') ? `[${element.getAttribute('data-action')}]` : '';
      const label = element.getAttribute('aria-label') ? `"${element.getAttribute('aria-label')}"` : '';
      path.push(`${element.tagName.toLowerCase()}${id}${action}${label}`);
      element = element.shadowRoot?.activeElement ?? null;
    }
    return path.join(' > ');
  });
}

describe('Batch form webview in Chromium', function () {
  this.timeout(60_000);
  let server: HarnessServer;
  let browser: Browser;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      this.skip();
    }
    server = await startHarnessServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as Theme[]) {
    it(`loads under the panel's CSP with no violation and no console error (${theme})`, async () => {
      const { page, consoleErrors } = await openForm(browser, server, { theme, scenario: 'full' });
      try {
        assert.deepEqual(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), []);
        assert.deepEqual(consoleErrors, []);
        // The components rendered (their styles applied through adoptedStyleSheets) and the codicon font loaded.
        const buttonHeight = await page.locator('#apply').evaluate((element) => element.getBoundingClientRect().height);
        assert.ok(buttonHeight > 16, `Apply is ${buttonHeight}px high`);
        assert.ok(await page.evaluate(() => document.fonts.check('16px codicon')), 'the codicon font is loaded');
        // The check above can fail: an inline style is a violation the page reports.
        await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
        await page.waitForFunction(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length > 0);
      } finally {
        await page.close();
      }
    });
  }

  it('can be used with the keyboard alone: Tab reaches every control, in order, and leaves the page', async () => {
    const { page } = await openForm(browser, server, { scenario: 'full' });
    try {
      const stops: string[] = [];
      let left = false;
      for (let i = 0; i < 60 && !left; i++) {
        await page.keyboard.press('Tab');
        const focus = await describeFocus(page);
        left = stops.includes(focus) || focus === 'body';
        if (!left) {
          stops.push(focus);
        }
      }
      assert.ok(left, `Tab never left the page:\n${stops.join('\n')}`);
      const order = (pattern: RegExp) => stops.findIndex((stop) => pattern.test(stop));
      const expected = [
        /vscode-button#save/,
        /vscode-button#load/,
        /vscode-button#copy/,
        /\[dismiss\]/,
        /\[remove-row\]/,
        /vscode-single-select#r\d+-license > input/,
        /vscode-textarea#r\d+-usersToAdd > textarea/,
        /\[pick\]/,
        /vscode-textarea#r\d+-usersToRemove > textarea/,
        /vscode-button#add-row/,
        /summary\(json-section\)/,
        /pre#request-json/,
        /summary\(preview-section\)/,
        /vscode-checkbox#only-warnings/,
        /vscode-button#apply/,
        /summary\(results-section\)/,
        /vscode-button#retry/,
        /vscode-button#undo/,
        /vscode-checkbox#only-unsuccessful/,
      ];
      const positions = expected.map(order);
      assert.ok(
        positions.every((position, index) => position >= 0 && (index === 0 || position > positions[index - 1])),
        `focus order:\n${stops.join('\n')}\npositions ${positions.join(', ')}`,
      );
      // Focus is visible: the section summary draws an outline when reached by keyboard.
      await page.locator('#json-section > summary').focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const outline = await page.locator('#json-section > summary').evaluate((element) => getComputedStyle(element).outlineStyle);
      assert.equal(outline, 'solid');
      // Enter opens and closes a section, Space too; Enter on a button acts.
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('#json-section').evaluate((element) => (element as HTMLDetailsElement).open), false);
      await page.keyboard.press('Space');
      assert.equal(await page.locator('#json-section').evaluate((element) => (element as HTMLDetailsElement).open), true);
      await page.locator('#copy').focus();
      await page.keyboard.press('Enter');
      assert.deepEqual((await posted(page)).at(-1), { t: 'copy' });
    } finally {
      await page.close();
    }
  });

  it('finds a license by typing part of its description, and sends typed IDs after the pause', async () => {
    const { page } = await openForm(browser, server, { scenario: 'empty' });
    try {
      const input = page.locator('vscode-single-select input').first();
      await input.focus();
      await page.keyboard.type('Communicate');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => (window as unknown as { __posted: { t: string }[] }).__posted.some((message) => message.t === 'draftChanged'));
      let draft = (await posted(page)).filter((message) => message.t === 'draftChanged').at(-1);
      assert.equal(draft?.t === 'draftChanged' && draft.draft.rows[0].licenseId, 'communicate');

      await page.keyboard.press('Tab');
      assert.match(await describeFocus(page), /usersToAdd > textarea/);
      await page.keyboard.type(`${USERS[0]}, ${USERS[1]}`);
      await page.waitForFunction(
        (count) => (window as unknown as { __posted: { t: string }[] }).__posted.filter((message) => message.t === 'draftChanged').length > count,
        1,
      );
      draft = (await posted(page)).filter((message) => message.t === 'draftChanged').at(-1);
      assert.equal(draft?.t === 'draftChanged' && draft.draft.rows[0].usersToAdd, `${USERS[0]}, ${USERS[1]}`);
      assert.match(await page.locator('#request-json').innerText(), new RegExp(USERS[1]));
      assert.equal(await page.locator('#apply').evaluate((element) => element.hasAttribute('disabled')), false);
    } finally {
      await page.close();
    }
  });

  it('keeps typing not yet sent, the open sections and the scroll position across a reload', async () => {
    const readState = (page: Page) => page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    const first = await openForm(browser, server, { scenario: 'full' });
    let typing: unknown;
    let scrolled: unknown;
    try {
      await first.page.locator('#preview-section > summary').click();
      await first.page.locator('vscode-textarea').nth(1).locator('textarea').focus();
      await first.page.keyboard.type(USERS[5]);
      // Reloaded within the pause after typing: the host has not been sent it (and this fake host keeps nothing).
      typing = await readState(first.page);
      await first.page.mouse.wheel(0, 500);
      await first.page.waitForFunction(() => ((window as unknown as { __state?: { scrollY?: number } }).__state?.scrollY ?? 0) >= 400);
      scrolled = await readState(first.page);
    } finally {
      await first.page.close();
    }
    const second = await openForm(browser, server, { scenario: 'full', state: typing });
    try {
      assert.equal(
        await second.page
          .locator('vscode-textarea')
          .nth(1)
          .evaluate((element) => (element as HTMLTextAreaElement).value),
        USERS[5],
      );
      assert.equal(await second.page.locator('#preview-section').evaluate((element) => (element as HTMLDetailsElement).open), false);
      const draft = (await posted(second.page)).filter((message) => message.t === 'draftChanged').at(-1);
      assert.equal(draft?.t === 'draftChanged' && draft.draft.rows[0].usersToRemove, USERS[5], 'and sent to the host at once');
    } finally {
      await second.page.close();
    }
    const third = await openForm(browser, server, { scenario: 'full', state: scrolled });
    try {
      assert.ok((await third.page.evaluate(() => window.scrollY)) >= 400, 'the scroll position is back');
    } finally {
      await third.page.close();
    }
  });

  it('opens with nothing marked as an error, and says what to do first', async () => {
    const { page } = await openForm(browser, server, { scenario: 'empty' });
    try {
      assert.equal(
        await page.locator('#request-status').innerText(),
        'Nothing to send yet: choose a license in a row, then paste user IDs or pick users by name.',
      );
      // Nothing in the error style: no error line, notice, icon, row border or invalid field.
      assert.equal(await page.locator('.status.error, .message.error, .notice-error, .has-problems, [invalid], .codicon-error').count(), 0);
      assert.equal(await page.locator('#problems').isVisible(), false);
      assert.equal(await page.locator('.assignment-row .row-summary').innerText(), 'not filled in yet');
      assert.equal(await isDisabled(page, '#apply'), true);
      assert.equal(await page.locator('#apply-hint').innerText(), 'Apply turns on once a row has a license and users.');
    } finally {
      await page.close();
    }
  });

  it('asks for an Undo once: the button is off from the click until the host has answered, and after an undo', async () => {
    const { page } = await openForm(browser, server, { scenario: 'full' });
    try {
      await page.locator('#undo').dblclick();
      assert.equal((await posted(page)).filter((message) => message.t === 'undo').length, 1, 'a double click asks once');
      assert.deepEqual(await Promise.all(['#undo', '#retry', '#apply'].map((selector) => isDisabled(page, selector))), [true, true, true]);
      // Declined in the dialog: the host says the undo has ended, and Undo is there again.
      await hostSends(page, { t: 'settled', action: 'undo' });
      assert.equal(await isDisabled(page, '#undo'), false);
      await page.locator('#undo').click();
      const undone = {
        entries: [{ ...REPORT.entries[0], action: 'remove' as const, effect: 'loses' as const, outcome: 'applied' as const }],
        requestsSent: 1,
        usersAfter: [],
      };
      await hostSends(page, reportMessage({ kind: 'undo', report: undone, canUndo: false, canRetry: false }), { t: 'settled', action: 'undo' });
      assert.match(await page.locator('#results-status').innerText(), /^Undo finished: 1 applied/);
      assert.equal(await isDisabled(page, '#undo'), true, 'an undo is not undone');
      assert.equal((await posted(page)).filter((message) => message.t === 'undo').length, 2);
    } finally {
      await page.close();
    }
  });

  it('says beside Apply what the current preview says would change', async () => {
    const { page } = await openForm(browser, server, { scenario: 'full' });
    try {
      assert.equal(await page.locator('#apply-hint').innerText(), 'Applies 4 changes after you confirm them: 3 gains, 1 loss; 1 entry unchanged.');
      // Read again after an apply: the org already matches the request.
      const matched: ChangePreview = {
        ...PREVIEW,
        entries: PREVIEW.entries.map((entry) => ({ ...entry, effect: 'unchanged' })),
        gains: 0,
        losses: 0,
        unchanged: 5,
      };
      await hostSends(page, { t: 'preview', revision: 1, state: 'ready', preview: matched });
      assert.match(await page.locator('#preview-status').innerText(), /0 user\/license gains, 0 losses, 5 entries unchanged/);
      assert.equal(await page.locator('#apply-hint').innerText(), 'Nothing to apply: the organization already matches this request (5 entries unchanged).');
      assert.equal(await isDisabled(page, '#apply'), true);
    } finally {
      await page.close();
    }
  });

  it('never shows a preview read for an older draft as the current one', async () => {
    const { page } = await openForm(browser, server, { scenario: 'full' });
    try {
      await page.locator('vscode-textarea').nth(1).locator('textarea').fill(USERS[5]);
      await page.waitForFunction(() => (window as unknown as { __posted: { t: string }[] }).__posted.some((message) => message.t === 'draftChanged'));
      const sent = (await posted(page)).filter((message) => message.t === 'draftChanged').at(-1);
      assert.equal(sent?.t === 'draftChanged' && sent.revision, 2);
      // The answer for the draft before arrives after the form sent the new one.
      const late: ChangePreview = { entries: [PREVIEW.entries[0]], gains: 1, losses: 0, unchanged: 0, unknownUsers: [], usersBefore: [] };
      await hostSends(page, { t: 'preview', revision: 1, state: 'ready', preview: late });
      assert.equal(await page.locator('#preview-stale').isVisible(), true, 'the preview on the page is marked as older than the draft');
      assert.doesNotMatch(await page.locator('#preview-status').innerText(), /1 user\/license gain,/);
      await hostSends(page, { t: 'preview', revision: 2, state: 'loading' }, { t: 'preview', revision: 2, state: 'ready', preview: late });
      assert.equal(await page.locator('#preview-stale').isVisible(), false);
      assert.match(await page.locator('#preview-status').innerText(), /^Preview: 1 user\/license gain,/);
    } finally {
      await page.close();
    }
  });

  it('names the users beside their IDs in the fields, the preview and the results, as text, IDs still copyable', async () => {
    const { page, consoleErrors } = await openForm(browser, server, { scenario: 'full' });
    try {
      const userCell = (table: string, id: string) => page.locator(`#${table}-table tbody tr`, { hasText: id }).locator('th');
      // Two users named alike: each with the email that tells them apart.
      assert.equal(await userCell('preview', USERS[0]).innerText(), `Siobhán Ólafsdóttir siobhan.olafsdottir@example.com\n${USERS[0]}`);
      assert.equal(await userCell('results', USERS[1]).innerText(), `Siobhán Ólafsdóttir siobhan.olafsdottir2@example.com\n${USERS[1]}`);
      // A name of its own needs no email; one the directory does not know stays an ID.
      assert.equal(await userCell('preview', USERS[4]).innerText(), `李小龍\n${USERS[4]}`);
      assert.equal(await userCell('preview', USERS[2]).innerText(), USERS[2]);
      // A name with markup in it is text.
      assert.equal(await userCell('results', USERS[3]).innerText(), `Jürgen <img src=x onerror=alert(1)> Þórsson\n${USERS[3]}`);
      assert.equal(await page.locator('img').count(), 0);
      // Under the fields, in the order of the IDs.
      const added = page.locator('.assignment-row').first().locator('.usersToAdd .people');
      const texts = (list: string[]) => list.map((text) => text.replace(/\s+/g, ' ').trim());
      assert.deepEqual(texts(await added.locator('.person').allTextContents()), [
        `Siobhán Ólafsdóttir siobhan.olafsdottir@example.com ${USERS[0]}`,
        `Siobhán Ólafsdóttir siobhan.olafsdottir2@example.com ${USERS[1]}`,
      ]);
      assert.match(await added.innerText(), /1 ID is not in the organization’s directory/);
      assert.deepEqual(await page.locator('.assignment-row').nth(1).locator('.usersToRemove .person-name').allInnerTexts(), ['李小龍']);
      // The ID can be selected and copied whole.
      const selected = await userCell('preview', USERS[0])
        .locator('.user-id')
        .evaluate((code) => {
          getSelection()?.selectAllChildren(code);
          return getSelection()?.toString();
        });
      assert.equal(selected, USERS[0]);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await page.close();
    }
  });

  it('without names shows the IDs alone, and says why', async () => {
    const { page } = await openForm(browser, server, { scenario: 'applying' });
    try {
      await hostSends(page, { t: 'people', people: [], notFound: [], unavailable: 'the sign-in lacks the permission directory:user:view' });
      assert.equal(
        (await page.locator('#people-unavailable').innerText()).trim(),
        'Names are not shown, only IDs: the sign-in lacks the permission directory:user:view.',
      );
      assert.equal(await page.locator('#preview-table tbody tr').first().locator('th').innerText(), USERS[0]);
      assert.equal(await page.locator('.people').count(), 0);
    } finally {
      await page.close();
    }
  });
});
