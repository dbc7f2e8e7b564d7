// `npm run test:electron`: the same suite (out/test/vscode/index.js) in a desktop VS Code downloaded by
// @vscode/test-electron, for machines that can reach Microsoft's update server (a laptop, a public CI runner).
// Machines that reach only package registries use `npm run test:vscode` instead.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { findRepoRoot } from './setup';

/** The VS Code version of the offline host (code-server 4.139.1), so both hosts test the same VS Code. */
const VSCODE_VERSION = '1.139.1';
const FORWARDED_ENV_PREFIX = 'GENESYS_TEST_';

async function main(): Promise<number> {
  const repoRoot = findRepoRoot();
  const extensionTestsPath = path.join(repoRoot, 'out', 'test', 'vscode', 'index');
  if (!fs.existsSync(`${extensionTestsPath}.js`)) {
    throw new Error(`${extensionTestsPath}.js not found: compile the tests first (npx tsc -p .)`);
  }
  // VS Code's IPC socket lives in the user-data dir; a short path keeps it under the socket path limit.
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsc-'));
  const extensionTestsEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith(FORWARDED_ENV_PREFIX) && value !== undefined) {
      extensionTestsEnv[name] = value;
    }
  }
  try {
    return await runTests({
      version: VSCODE_VERSION,
      cachePath: path.join(repoRoot, '.vscode-test'),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      extensionTestsEnv,
      launchArgs: ['--disable-extensions', `--user-data-dir=${userDataDir}`],
    });
  } catch (error) {
    if (error instanceof TestRunFailedError) {
      return error.code ?? 1;
    }
    throw new Error(
      `could not download or start VS Code ${VSCODE_VERSION} (${(error as Error).message}). ` +
        "This needs access to Microsoft's VS Code download server; without it, use `npm run test:vscode`.",
    );
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: Error) => {
    console.error(`VS Code (Electron) tests failed to run: ${error.message}`);
    process.exit(1);
  },
);
