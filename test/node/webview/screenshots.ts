/**
 * Takes screenshots of the built form in Chromium (dark, light and high-contrast themes; a full run and a draft with
 * problems) to look at: `node out/test/node/webview/screenshots.js [outDir]`. Prints CSP violations and console errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium, openForm, startHarnessServer, type Scenario, type Theme } from './browserHarness';
import { REPO_ROOT } from './fixtures';

async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, '.vscode-test', 'screenshots', 'webview'));
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startHarnessServer();
  const browser = await launchChromium();
  let failed = false;
  try {
    const shots: { theme: Theme; scenario: Scenario }[] = [
      { theme: 'dark', scenario: 'full' },
      { theme: 'light', scenario: 'full' },
      { theme: 'high-contrast', scenario: 'full' },
      { theme: 'dark', scenario: 'problems' },
      { theme: 'light', scenario: 'problems' },
      { theme: 'dark', scenario: 'applying' },
    ];
    for (const { theme, scenario } of shots) {
      const { page, consoleErrors } = await openForm(browser, server, { theme, scenario });
      const file = path.join(outDir, `batch-${scenario}-${theme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
      console.log(
        `${file}${violations.length ? `\n  CSP: ${violations.join('\n  CSP: ')}` : ''}${consoleErrors.length ? `\n  ${consoleErrors.join('\n  ')}` : ''}`,
      );
      failed ||= violations.length > 0;
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
