/**
 * The built form in real Chromium, without VS Code: a loopback server serves dist/ and the panel's HTML (same CSP,
 * fresh nonce), plus a fake `acquireVsCodeApi` (its own nonce'd script) that answers `ready` with a scenario's
 * messages, and theme variables as VS Code sets them. Used to look at the form and to check the CSP holds.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ToBatchWebview } from '../../../src/webview/protocol';
import { init, panelHtml, PEOPLE, PREVIEW, REPO_ROOT, reportMessage, USERS, VALID_DRAFT } from './fixtures';

export type Theme = 'dark' | 'light' | 'high-contrast';

const FONT = `-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif`;

/** A few of the variables VS Code puts on a webview's `<html>`, from the Dark Modern, Light Modern and Dark High Contrast themes. */
const THEMES: Record<Theme, { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f',
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      focusBorder: '#0078d4',
      'panel-border': '#2b2b2b',
      'sideBar-background': '#181818',
      errorForeground: '#f85149',
      'editorWarning-foreground': '#cca700',
      'editorInfo-foreground': '#3794ff',
      'testing-iconPassed': '#73c991',
      'textCodeBlock-background': '#2b2b2b',
      'list-hoverBackground': '#2a2d2e',
      'inputValidation-errorBackground': '#5a1d1d',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-infoBackground': '#063b49',
      'inputValidation-infoBorder': '#007acc',
      'inputValidation-warningBackground': '#352a05',
      'inputValidation-warningBorder': '#b89500',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#026ec1',
      'button-border': '#ffffff12',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'button-secondaryHoverBackground': '#3c3c3c',
      'settings-textInputBackground': '#313131',
      'settings-textInputBorder': '#3c3c3c',
      'settings-textInputForeground': '#cccccc',
      'settings-dropdownBackground': '#313131',
      'settings-dropdownBorder': '#3c3c3c',
      'settings-dropdownForeground': '#cccccc',
      'settings-dropdownListBorder': '#454545',
      'settings-checkboxBackground': '#313131',
      'settings-checkboxBorder': '#3c3c3c',
      'settings-checkboxForeground': '#cccccc',
      'list-activeSelectionBackground': '#04395e',
      'list-activeSelectionForeground': '#ffffff',
      'list-focusOutline': '#0078d4',
      'list-highlightForeground': '#2aaaff',
      'progressBar-background': '#0078d4',
      'input-placeholderForeground': '#989898',
      'badge-background': '#616161',
      'badge-foreground': '#f8f8f8',
      'icon-foreground': '#cccccc',
      'scrollbarSlider-background': '#79797966',
      'editor-foreground': '#cccccc',
      'checkbox-background': '#313131',
      'checkbox-border': '#3c3c3c',
      'checkbox-foreground': '#cccccc',
      'list-hoverForeground': '#cccccc',
      'widget-shadow': '#0000005c',
      'scrollbar-shadow': '#000000',
      'toolbar-hoverOutline': '#00000000',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'editor-background': '#ffffff',
      foreground: '#3b3b3b',
      descriptionForeground: '#717171',
      focusBorder: '#005fb8',
      'panel-border': '#e5e5e5',
      'sideBar-background': '#f8f8f8',
      errorForeground: '#e51400',
      'editorWarning-foreground': '#bf8803',
      'editorInfo-foreground': '#1a85ff',
      'testing-iconPassed': '#388a34',
      'textCodeBlock-background': '#f0f0f0',
      'list-hoverBackground': '#f2f2f2',
      'inputValidation-errorBackground': '#f2dede',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-infoBackground': '#d6ecf2',
      'inputValidation-infoBorder': '#007acc',
      'inputValidation-warningBackground': '#f6f5d2',
      'inputValidation-warningBorder': '#b89500',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#0258a8',
      'button-border': '#0000001a',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'button-secondaryHoverBackground': '#cccccc',
      'settings-textInputBackground': '#ffffff',
      'settings-textInputBorder': '#cecece',
      'settings-textInputForeground': '#3b3b3b',
      'settings-dropdownBackground': '#ffffff',
      'settings-dropdownBorder': '#cecece',
      'settings-dropdownForeground': '#3b3b3b',
      'settings-dropdownListBorder': '#c8c8c8',
      'settings-checkboxBackground': '#f8f8f8',
      'settings-checkboxBorder': '#cecece',
      'settings-checkboxForeground': '#3b3b3b',
      'list-activeSelectionBackground': '#e8e8e8',
      'list-activeSelectionForeground': '#000000',
      'list-focusOutline': '#005fb8',
      'list-highlightForeground': '#0066bf',
      'progressBar-background': '#005fb8',
      'input-placeholderForeground': '#767676',
      'badge-background': '#cccccc',
      'badge-foreground': '#3b3b3b',
      'icon-foreground': '#3b3b3b',
      'scrollbarSlider-background': '#64646466',
      'editor-foreground': '#3b3b3b',
      'checkbox-background': '#f8f8f8',
      'checkbox-border': '#cecece',
      'checkbox-foreground': '#3b3b3b',
      'list-hoverForeground': '#3b3b3b',
      'widget-shadow': '#00000029',
      'scrollbar-shadow': '#dddddd',
      'toolbar-hoverOutline': '#00000000',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'editor-background': '#000000',
      foreground: '#ffffff',
      descriptionForeground: '#ffffffb3',
      focusBorder: '#f38518',
      contrastBorder: '#6fc3df',
      contrastActiveBorder: '#f38518',
      'panel-border': '#6fc3df',
      'sideBar-background': '#000000',
      errorForeground: '#f48771',
      'editorWarning-foreground': '#ffd370',
      'editorInfo-foreground': '#3794ff',
      'testing-iconPassed': '#73c991',
      'textCodeBlock-background': '#000000',
      'list-hoverBackground': '#000000',
      'inputValidation-errorBackground': '#000000',
      'inputValidation-errorBorder': '#f14c4c',
      'inputValidation-infoBackground': '#000000',
      'inputValidation-infoBorder': '#6fc3df',
      'inputValidation-warningBackground': '#000000',
      'inputValidation-warningBorder': '#ffd370',
      'button-background': '#000000',
      'button-foreground': '#ffffff',
      'button-border': '#6fc3df',
      'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff',
      'settings-textInputBackground': '#000000',
      'settings-textInputBorder': '#6fc3df',
      'settings-textInputForeground': '#ffffff',
      'settings-dropdownBackground': '#000000',
      'settings-dropdownBorder': '#6fc3df',
      'settings-dropdownForeground': '#ffffff',
      'settings-dropdownListBorder': '#6fc3df',
      'settings-checkboxBackground': '#000000',
      'settings-checkboxBorder': '#6fc3df',
      'list-focusOutline': '#f38518',
      'progressBar-background': '#6fc3df',
      'icon-foreground': '#ffffff',
      'editor-foreground': '#ffffff',
      'checkbox-background': '#000000',
      'checkbox-border': '#6fc3df',
      'checkbox-foreground': '#ffffff',
      'list-activeSelectionForeground': '#ffffff',
      'list-highlightForeground': '#f38518',
      'toolbar-hoverOutline': '#f38518',
    },
  },
};

function themeCss(theme: Theme): string {
  const vars = Object.entries(THEMES[theme].vars).map(([name, value]) => `  --vscode-${name}: ${value};`);
  vars.push(`  --vscode-font-family: ${FONT};`, '  --vscode-font-size: 13px;', '  --vscode-font-weight: normal;');
  vars.push(`  --vscode-editor-font-family: "Droid Sans Mono", "monospace", monospace;`, '  --vscode-editor-font-size: 13px;');
  return `html {\n${vars.join('\n')}\n}\n`;
}

export type Scenario = 'full' | 'problems' | 'applying' | 'empty';

/** What the fake host answers `ready` with. */
export function scenarioMessages(scenario: Scenario): ToBatchWebview[] {
  switch (scenario) {
    case 'full':
      return [
        init(VALID_DRAFT),
        { t: 'preview', revision: 1, state: 'ready', preview: PREVIEW },
        reportMessage(),
        PEOPLE,
        { t: 'notice', level: 'error', message: '1 change failed: User not found (404). Retry failed sends only the failed and unknown ones.' },
      ];
    case 'problems':
      return [
        init({
          rows: [
            { key: 'row-a', licenseId: 'cloudCX2', usersToAdd: `${USERS[0]}, not-an-id, ${USERS[1]} ${USERS[0]}\nbob@example.com`, usersToRemove: USERS[1] },
            { key: 'row-b', licenseId: '', usersToAdd: USERS[2], usersToRemove: '' },
          ],
        }),
        { t: 'preview', revision: 1, state: 'none' },
        { t: 'notice', level: 'info', message: 'Loaded request.json.' },
      ];
    case 'applying':
      return [init(VALID_DRAFT), { t: 'preview', revision: 1, state: 'ready', preview: PREVIEW }, { t: 'applying', done: 120, total: 400 }];
    case 'empty':
      return [init()];
  }
}

/** The fake `acquireVsCodeApi`: records what the form posts and saves, and answers `ready` with the scenario. */
function fakeVsCodeScript(scenario: Scenario, savedState: unknown): string {
  return `(() => {
  const messages = ${JSON.stringify(scenarioMessages(scenario))};
  window.__posted = [];
  window.__cspViolations = [];
  window.__state = ${JSON.stringify(savedState ?? null)};
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + (event.sourceFile || '') + ':' + event.lineNumber);
  });
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage(message) {
        window.__posted.push(JSON.parse(JSON.stringify(message)));
        if (message.t === 'ready') {
          setTimeout(() => messages.forEach((data) => window.postMessage(data, '*')), 50);
        }
      },
      getState() { return window.__state === null ? undefined : JSON.parse(JSON.stringify(window.__state)); },
      setState(state) { window.__state = JSON.parse(JSON.stringify(state)); return state; },
    };
  };
})();`;
}

export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `/form?theme=…&scenario=…` and dist/. */
export async function startHarnessServer(): Promise<HarnessServer> {
  const scripts = new Map<string, string>();
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const origin = `http://${request.headers.host}`;
    if (url.pathname === '/form') {
      const theme = (url.searchParams.get('theme') ?? 'dark') as Theme;
      const scenario = (url.searchParams.get('scenario') ?? 'full') as Scenario;
      const nonce = crypto.randomBytes(16).toString('base64');
      const id = crypto.randomUUID();
      const state = url.searchParams.get('state');
      scripts.set(id, fakeVsCodeScript(scenario, state ? JSON.parse(state) : undefined));
      const html = panelHtml({ cspSource: origin, nonce, extensionUri: origin })
        .replace('<title>', `<link rel="stylesheet" href="${origin}/theme/${theme}.css"><title>`)
        .replace('<body>', `<body class="${THEMES[theme].bodyClass}" data-vscode-theme-kind="${THEMES[theme].bodyClass}">`)
        .replace(`<script nonce="${nonce}" src=`, `<script nonce="${nonce}" src="${origin}/fake/${id}.js"></script><script nonce="${nonce}" src=`);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const theme = /^\/theme\/([a-z-]+)\.css$/.exec(url.pathname)?.[1] as Theme | undefined;
    if (theme && THEMES[theme]) {
      response.writeHead(200, { 'content-type': 'text/css' }).end(themeCss(theme));
      return;
    }
    const fake = /^\/fake\/([0-9a-f-]+)\.js$/.exec(url.pathname)?.[1];
    if (fake && scripts.has(fake)) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(scripts.get(fake));
      return;
    }
    if (url.pathname.startsWith('/dist/')) {
      const file = path.join(REPO_ROOT, path.normalize(url.pathname).replace(/^([/\\])+/, ''));
      if (file.startsWith(path.join(REPO_ROOT, 'dist')) && fs.existsSync(file)) {
        const type =
          { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' }[path.extname(file)] ?? 'application/octet-stream';
        response.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
        return;
      }
    }
    response.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export interface FormPage {
  page: Page;
  consoleErrors: string[];
}

/** Opens the form in a theme and scenario and waits until the host's messages are rendered. */
export async function openForm(
  browser: Browser,
  server: HarnessServer,
  options: { theme?: Theme; scenario?: Scenario; state?: unknown; width?: number; height?: number } = {},
): Promise<FormPage> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1000, height: options.height ?? 900 } });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      consoleErrors.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  const query = new URLSearchParams({ theme: options.theme ?? 'dark', scenario: options.scenario ?? 'full' });
  if (options.state !== undefined) {
    query.set('state', JSON.stringify(options.state));
  }
  await page.goto(`${server.url}/form?${query}`);
  await page.waitForSelector('main#app[aria-busy="false"]');
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  return { page, consoleErrors };
}
