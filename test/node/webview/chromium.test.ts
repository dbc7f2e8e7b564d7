/**
 * The built form in real Chromium (what jsdom cannot tell): the panel's CSP holds with the components' styles and
 * the codicon font, keyboard-only use reaches everything without a trap, and the searchable license picker works.
 * Skipped when no Chromium is installed (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { FromBatchWebview } from '../../../src/webview/protocol';
import { CHROMIUM, launchChromium, openForm, startHarnessServer, type HarnessServer, type Theme } from './browserHarness';
import { USERS } from './fixtures';

function posted(page: Page): Promise<FromBatchWebview[]> {
  return page.evaluate(() => (window as unknown as { __posted: FromBatchWebview[] }).__posted);
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
        `focus order:\n${stops.join('\n')}\npositions ${positions}`,
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
      assert.equal(await second.page.locator('vscode-textarea').nth(1).evaluate((element) => (element as HTMLTextAreaElement).value), USERS[5]);
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
});
