import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { type Sandbox, startSandbox, type SandboxOptions } from '../../src/sandbox';
import { packageExtension } from '../host/packageExtension';
import { ensureVsCodeHost, findRepoRoot } from '../host/setup';
import { openWorkbench, startVsCodeServer, type VsCodeServer, type Workbench } from '../host/vscodeServer';

export interface UiSession {
  sandbox: Sandbox;
  server: VsCodeServer;
  workbench: Workbench;
  page: Page;
}

/** Screenshots the UI tests take, to look at and for the README. */
export const SCREENSHOT_DIR = path.join(findRepoRoot(), '.vscode-test', 'screenshots');

/** What else a UI session's VS Code holds: extensions installed beside ours, and variables for the extension host. */
export interface UiSessionExtras {
  /** Folders of test-only extensions, packaged and installed beside the extension. */
  besideExtensions?: string[];
  env?: Record<string, string>;
  /** Changes the sandbox org before VS Code starts (hostile names, faults). */
  prepare?: (sandbox: Sandbox) => void;
}

/**
 * The packaged extension installed into a VS Code server (notifications on, as a person sees them), signed in to a
 * sandbox org through the gc CLI's variables, with a Chromium workbench open on an empty folder.
 */
async function startUiSession(sandboxOptions: SandboxOptions = {}, extras: UiSessionExtras = {}): Promise<UiSession> {
  const host = await ensureVsCodeHost();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'license-inspector-ui-'));
  const vsix = [packageExtension(runDir), ...(extras.besideExtensions ?? []).map((folder) => packageExtension(runDir, folder))];
  const sandbox = await startSandbox({ userCount: 400, ...sandboxOptions });
  extras.prepare?.(sandbox);
  const { clientId, clientSecret } = sandbox.clients.admin;
  const server = await startVsCodeServer({
    host,
    installVsix: vsix,
    enableSmokeTestDriver: false,
    env: { GENESYSCLOUD_REGION: sandbox.url, GENESYSCLOUD_OAUTHCLIENT_ID: clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: clientSecret, ...extras.env },
  });
  const folder = path.join(runDir, 'workspace');
  fs.mkdirSync(folder);
  const workbench = await openWorkbench(server, { folder });
  return { sandbox, server, workbench, page: workbench.page };
}

async function stopUiSession(session: UiSession | undefined): Promise<void> {
  await session?.workbench.close().catch(() => undefined);
  await session?.server.stop();
  await session?.sandbox.close();
}

/** A UI session for the enclosing `describe`: started before its tests (first run: minutes), stopped after. */
export function useUiSession(sandboxOptions: SandboxOptions = {}, extras: UiSessionExtras = {}): () => UiSession {
  let session: UiSession | undefined;
  before(async function () {
    this.timeout(240_000);
    session = await startUiSession(sandboxOptions, extras);
  });
  after(async () => {
    await stopUiSession(session);
  });
  return () => {
    if (!session) {
      throw new Error('the UI session did not start');
    }
    return session;
  };
}

/** Opens the extension's view container from the activity bar (a click on an open container would close it). */
export async function openExplorer(page: Page): Promise<void> {
  const icon = page.locator('.activitybar [aria-label^="Genesys Cloud Licenses"]').first();
  await icon.waitFor({ timeout: 60_000 });
  const title = page.locator('.part.sidebar .composite.title', { hasText: /Genesys Cloud Licenses/i });
  if (!(await title.isVisible())) {
    await icon.click();
  }
  await title.first().waitFor({ timeout: 30_000 });
}

/**
 * The sidebar's tree rows in screen order, as "label — description" (rows are virtualised and the DOM order is not
 * the screen order).
 */
export async function explorerRows(page: Page): Promise<string[]> {
  const rows = page.locator('.part.sidebar .monaco-list-row');
  const entries = await rows.evaluateAll((elements) =>
    elements.map((element) => {
      const label = element.querySelector('.label-name')?.textContent?.trim() ?? '';
      const description = element.querySelector('.label-description')?.textContent?.trim() ?? '';
      return { index: Number(element.getAttribute('data-index')), text: description ? `${label} — ${description}` : label };
    }),
  );
  return entries.sort((a, b) => a.index - b.index).map((entry) => entry.text);
}

/** The rendered Markdown preview (results open there), inside VS Code's webview iframes. */
export function markdownPreview(page: Page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('body');
}

/**
 * Closes every editor, as a person clears the desk before the next step: a result preview still loading would
 * otherwise take the focus from the next quick pick.
 */
export async function closeAllEditors(page: Page): Promise<void> {
  await runFromPalette(page, 'View: Close All Editors');
  await page
    .locator('.editor-group-container .tab')
    .first()
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(() => undefined);
}

/** Runs a command from the palette by its title, as a person types it. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget:visible input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget:visible .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
