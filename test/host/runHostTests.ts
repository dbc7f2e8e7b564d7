// `npm run test:vscode`: runs the extension's mocha suite (out/test/vscode/index.js) inside a real VS Code
// extension host, served by the offline VS Code server and driven through headless Chromium.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { format } from 'util';
import { ensureVsCodeHost, findRepoRoot } from './setup';
import { findFreePort, openWorkbench, startVsCodeServer, type VsCodeServer, type Workbench } from './vscodeServer';

export interface HostTestOptions {
  /** The extension to test; the repository root by default. */
  extensionDevelopmentPath?: string;
  /** The compiled suite entry, without `.js`; `<repo>/out/test/vscode/index` by default. */
  extensionTestsPath?: string;
  /** Time limit for the run after set-up; GENESYS_HOST_TIMEOUT_SECONDS or 10 min by default. */
  timeoutMs?: number;
  /**
   * A run folder of the caller's, kept after the run: a later run on it is a reloaded window, with the same server
   * data (global storage), browser profile (global state) and address. A fresh temporary one by default.
   */
  runDir?: string;
}

export interface HostTestResult {
  /** The suite's exit code as the workbench reports it: 0 when all passed. */
  exitCode: number;
  /** From the suite's closing `N passed, N failed` line; 0 when it never printed one. */
  passed: number;
  failed: number;
}

/** Variables passed on to the extension host: the test configuration, e.g. the sandbox org's address. */
const FORWARDED_ENV_PREFIX = 'GENESYS_TEST_';
const TIMEOUT_ENV = 'GENESYS_HOST_TIMEOUT_SECONDS';
const DEFAULT_TIMEOUT_SECONDS = 600;

export async function runHostTests(options: HostTestOptions = {}): Promise<HostTestResult> {
  const repoRoot = findRepoRoot();
  const extensionDevelopmentPath = options.extensionDevelopmentPath ?? repoRoot;
  const extensionTestsPath = options.extensionTestsPath ?? path.join(repoRoot, 'out', 'test', 'vscode', 'index');
  if (!fs.existsSync(`${extensionTestsPath}.js`)) {
    throw new Error(`${extensionTestsPath}.js not found: compile the tests first (npx tsc -p .)`);
  }
  const timeoutMs = options.timeoutMs ?? timeoutFromEnvironment();

  const host = await ensureVsCodeHost();
  const started = Date.now();
  const runDir = options.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-host-tests-'));
  const kept = options.runDir ? await keptWindow(runDir) : undefined;
  const output = new SuiteOutput();
  // The suite's last test writes here every secret it handed the extension; the run's output is searched for them.
  const secretsFile = path.join(runDir, 'secrets-used.json');
  const folder = untrustedWorkspace(runDir);
  let exitCode = 1;
  let server: VsCodeServer | undefined;
  let workbench: Workbench | undefined;
  // Ctrl+C or a kill must still end the server and the browser (their 'exit' hooks do that).
  const exitOnSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the VS Code host`);
    process.exit(1);
  };
  process.once('SIGINT', exitOnSignal);
  process.once('SIGTERM', exitOnSignal);
  try {
    const suiteRun = (async () => {
      server = await startVsCodeServer({ host, extensionDevelopmentPath, runDir, port: kept?.port });
      console.log(`VS Code server up at ${server.url} (${elapsed(started)}), opening the workbench ...`);
      let reportExit: (code: number) => void = () => undefined;
      const exited = new Promise<number>((resolve) => (reportExit = resolve));
      workbench = await openWorkbench(server, {
        folder,
        extensionTestsPath,
        profileDir: kept?.profileDir,
        extensionEnvironment: { ...forwardedEnvironment(), [SECRETS_FILE_ENV]: secretsFile },
        onLog: (_type, args) => output.write(args),
        onExit: (code) => reportExit(code),
      });
      return exited;
    })();
    exitCode = await withTimeout(suiteRun, timeoutMs, `the VS Code host tests did not finish within ${timeoutMs / 1000} s (set ${TIMEOUT_ENV} to change)`);
    console.log(`VS Code host tests ended with exit code ${exitCode} (${elapsed(started)})`);
  } finally {
    await workbench?.close().catch(() => undefined);
    await server?.stop();
    if (leakedSecrets(secretsFile, [output.transcript, readIfPresent(path.join(runDir, 'server.log'))]) > 0) {
      exitCode = 1;
      output.failed++;
    }
    process.removeListener('SIGINT', exitOnSignal);
    process.removeListener('SIGTERM', exitOnSignal);
    if (exitCode === 0 && !options.runDir) {
      fs.rmSync(runDir, { recursive: true, force: true }); // the secrets file goes with it
    } else {
      console.log(`VS Code server log kept: ${path.join(runDir, 'server.log')}`);
    }
  }
  return { exitCode, passed: output.passed, failed: output.failed };
}

/**
 * The extension host's console output (the workbench's own log lines come mixed in), printed as it arrives
 * until the suite's closing `N passed, N failed` line; after it only the workbench's shutdown noise follows.
 */
class SuiteOutput {
  private static readonly CLOSING_LINE = /^(\d+) passed, (\d+) failed(?:, \d+ skipped)?$/;
  passed = 0;
  failed = 0;
  private closed = false;
  /** Everything the host printed, shown or not: searched for secrets after the run. */
  transcript = '';

  write(args: unknown[]): void {
    // The arguments of one console call, format string first (mocha's reporters use them).
    const text = format(...args);
    this.transcript += `${text}\n`;
    if (this.closed) {
      return;
    }
    process.stdout.write(`${text}\n`);
    for (const line of text.split('\n')) {
      const counts = SuiteOutput.CLOSING_LINE.exec(line.trim());
      if (counts) {
        this.passed = Number(counts[1]);
        this.failed = Number(counts[2]);
        this.closed = true;
      }
    }
  }
}

const SECRETS_FILE_ENV = 'GENESYS_TEST_SECRETS_FILE';

/** A run folder's window as the next run on it finds it again: its browser profile and port (chosen on the first run). */
async function keptWindow(runDir: string): Promise<{ port: number; profileDir: string }> {
  fs.mkdirSync(runDir, { recursive: true });
  const portFile = path.join(runDir, 'port');
  const port = fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, 'utf8')) : await findFreePort();
  fs.writeFileSync(portFile, String(port));
  return { port, profileDir: path.join(runDir, 'browser-profile') };
}

/**
 * The folder the suite runs in: a repository a person cloned, whose `.vscode/settings.json` tries to send the
 * sign-in to a server of its own. The extension must not follow it.
 */
function untrustedWorkspace(runDir: string): string {
  const folder = path.join(runDir, 'workspace');
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'genesysLicenses.environment': 'https://api.workspace-chosen.example' }, null, 4)}\n`,
  );
  return folder;
}

function readIfPresent(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/**
 * How many of the secrets the suite used appear in what the run printed or logged. Reports the count and a
 * four-character hint only, so the check itself leaks nothing. A suite that wrote no list (it crashed first) is
 * already failing.
 */
function leakedSecrets(secretsFile: string, texts: string[]): number {
  const secrets: string[] = fs.existsSync(secretsFile) ? JSON.parse(fs.readFileSync(secretsFile, 'utf8')) : [];
  const leaked = secrets.filter((secret) => texts.some((text) => text.includes(secret)));
  for (const secret of leaked) {
    console.error(`A secret the suite used (${secret.slice(0, 4)}…) appears in the test output or the server log.`);
  }
  if (secrets.length > 0 && leaked.length === 0) {
    console.log(`None of the ${secrets.length} secrets the suite used appears in its output or the server log.`);
  }
  return leaked.length;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function forwardedEnvironment(): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith(FORWARDED_ENV_PREFIX) && value !== undefined) {
      forwarded[name] = value;
    }
  }
  return forwarded;
}

function timeoutFromEnvironment(): number {
  const configured = process.env[TIMEOUT_ENV];
  if (configured === undefined || configured === '') {
    return DEFAULT_TIMEOUT_SECONDS * 1000;
  }
  const seconds = Number(configured);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`${TIMEOUT_ENV} must be a positive number of seconds, not "${configured}"`);
  }
  return seconds * 1000;
}

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

if (require.main === module) {
  runHostTests().then(
    (result) => process.exit(result.exitCode),
    (error: Error) => {
      console.error(`VS Code host tests failed to run: ${error.message}`);
      process.exit(1);
    },
  );
}
