// A real VS Code server (from code-server's package, run on Node 24) and a Chromium workbench on it,
// for extension-host test runs, UI tests and demos on machines that cannot download a desktop VS Code.
// See shared/vscode-host-testing.md for why each flag is there.
import { spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, ensureVsCodeHost, type HostPaths } from './setup';

export interface StartVsCodeServerOptions {
  /**
   * The extension under development: every workbench opened on this server loads it (through the URL payload;
   * the server's own --extensionDevelopmentPath flag does not reach a browser workbench).
   */
  extensionDevelopmentPath?: string;
  /** Packaged extensions to install into the run's extensions folder before the server starts. */
  installVsix?: string | string[];
  /** Written to `<user-data>/User/settings.json`, over a few offline-friendly defaults. */
  userSettings?: Record<string, unknown>;
  /** Written to `<user-data>/Machine/settings.json`: where a remote window reads `"scope": "machine"` settings. */
  machineSettings?: Record<string, unknown>;
  /** Added to the server's environment, which the extension host inherits. */
  env?: Record<string, string>;
  /** Folder for the run's data, HOME, TMPDIR and server log; a fresh temporary one (removed by stop()) by default. */
  runDir?: string;
  /**
   * Default true: the workbench then honours the URL payload (extension under development, tests) and reports
   * through codeAutomationLog/Exit, but shows no notification toasts. UI tests that need toasts turn it off and
   * use installVsix.
   */
  enableSmokeTestDriver?: boolean;
  /** Installed host paths, if the caller already has them. */
  host?: HostPaths;
  /**
   * The port to listen on; a free one by default. A window's browser-side state (global state, layout) is kept per
   * address, so a restarted server on the same port and run folder is the same window to a kept browser profile.
   */
  port?: number;
}

export interface VsCodeServer {
  /** `http://127.0.0.1:<port>`: answers only `/version` without the connection token. */
  url: string;
  port: number;
  /**
   * Random per run: without it the server refuses every request, so no other local user can drive the workbench or
   * its terminal. It reaches the server in a file only this user can read (never on the command line, which `ps`
   * shows to everyone) and the browser in the workbench's address (`workbenchAddress`).
   */
  connectionToken: string;
  /** The server's process group. */
  pid: number;
  runDir: string;
  /** The default extension under development for workbenches opened on this server. */
  extensionDevelopmentPath?: string;
  /** The server's stdout and stderr. */
  logFile: string;
  /** Kills the server's whole process group and waits until it is gone. */
  stop(): Promise<void>;
}

export interface OpenWorkbenchOptions {
  /** Absolute path of a folder (on the server's machine) to open. */
  folder?: string;
  /** Absolute path of an extension folder to load as a development extension; the server's by default. */
  extensionDevelopmentPath?: string;
  /** Absolute path of a compiled suite entry exporting `run()`, without `.js`. */
  extensionTestsPath?: string;
  /** Environment variables for the extension host. */
  extensionEnvironment?: Record<string, string>;
  /** Receives the workbench's console output, the extension host's included (the mocha output in a test run). */
  onLog?: (type: string, args: unknown[]) => void;
  /** Called when an extension test run ends: 0 when the suite passed, 1 when it failed. */
  onExit?: (code: number) => void;
  /** Default true. */
  headless?: boolean;
  /**
   * A Chromium profile folder kept between workbenches, as a person's browser keeps its storage across a reload;
   * a fresh, temporary profile by default.
   */
  profileDir?: string;
}

export interface Workbench {
  /** null for a workbench on a kept profile (profileDir): its context is closed instead. */
  browser: Browser | null;
  page: Page;
  close(): Promise<void>;
}

const SERVER_START_TIMEOUT_MS = 30_000;

// Quiet, offline-friendly defaults: no start page, no update checks, no chat features (their sign-in
// attempts fill the log).
const DEFAULT_USER_SETTINGS: Record<string, unknown> = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // The machine's closed network refuses Chromium's background connections; keep it from trying.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function startVsCodeServer(opts: StartVsCodeServerOptions = {}): Promise<VsCodeServer> {
  const host = opts.host ?? (await ensureVsCodeHost());
  const ownsRunDir = opts.runDir === undefined;
  const runDir = opts.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-host-'));
  // The run's folder holds the connection token and the server log (which prints it): this user's alone.
  fs.mkdirSync(runDir, { recursive: true });
  fs.chmodSync(runDir, 0o700);
  const connectionToken = randomBytes(32).toString('base64url');
  const connectionTokenFile = path.join(runDir, 'connection-token');
  fs.writeFileSync(connectionTokenFile, connectionToken, { mode: 0o600 });
  const dirs = {
    userData: path.join(runDir, 'user-data'),
    serverData: path.join(runDir, 'server-data'),
    extensions: path.join(runDir, 'extensions'),
    home: path.join(runDir, 'home'),
    tmp: path.join(runDir, 'tmp'),
  };
  for (const dir of Object.values(dirs)) {
    fs.mkdirSync(dir, { recursive: true });
  }
  writeJson(path.join(dirs.userData, 'User', 'settings.json'), { ...DEFAULT_USER_SETTINGS, ...opts.userSettings });
  if (opts.machineSettings) {
    writeJson(path.join(dirs.userData, 'Machine', 'settings.json'), opts.machineSettings);
  }

  const dataArgs = ['--user-data-dir', dirs.userData, '--server-data-dir', dirs.serverData, '--extensions-dir', dirs.extensions];
  const env = serverEnvironment({
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    // No extension gallery (code-server defaults to Open VSX): the machine may be offline, and tests must not
    // depend on one.
    EXTENSIONS_GALLERY: '{}',
    ...opts.env,
  });
  const logFile = path.join(runDir, 'server.log');

  for (const vsix of [opts.installVsix ?? []].flat()) {
    const install = spawnSync(host.node24, [host.serverMain, '--accept-server-license-terms', ...dataArgs, '--install-extension', path.resolve(vsix)], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    fs.appendFileSync(logFile, `${install.stdout ?? ''}${install.stderr ?? ''}`);
    if (install.status !== 0) {
      throw new Error(`installing ${vsix} into the VS Code server failed:\n${install.stdout}${install.stderr}`);
    }
  }

  const port = opts.port ?? (await findFreePort());
  const log = fs.openSync(logFile, 'a', 0o600);
  const server = spawn(
    host.node24,
    [
      host.serverMain,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--connection-token-file',
      connectionTokenFile,
      '--accept-server-license-terms',
      ...(opts.enableSmokeTestDriver === false ? [] : ['--enable-smoke-test-driver']),
      '--disable-telemetry',
      '--disable-workspace-trust',
      ...dataArgs,
    ],
    // Its own process group, so stop() can end the helpers it starts too.
    { detached: true, env, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const pid = server.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${host.node24} ${host.serverMain}`);
  }
  // A crashing or interrupted caller must not leave a server behind.
  const killOnExit = () => killGroup(pid, 'SIGKILL');
  process.on('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await stopGroup(pid);
      process.removeListener('exit', killOnExit);
      if (ownsRunDir) {
        fs.rmSync(runDir, { recursive: true, force: true });
      }
    })();
    return stopping;
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForVersion(url, server, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, connectionToken, pid, runDir, extensionDevelopmentPath: opts.extensionDevelopmentPath, logFile, stop };
}

export async function openWorkbench(server: VsCodeServer, opts: OpenWorkbenchOptions = {}): Promise<Workbench> {
  const launch = { executablePath: CHROMIUM_PATH, headless: opts.headless ?? true, args: CHROMIUM_ARGS };
  const viewport = { width: 1400, height: 900 };
  if (opts.profileDir) {
    const context = await chromium.launchPersistentContext(opts.profileDir, { ...launch, viewport });
    return showWorkbench(
      server,
      opts,
      context.browser(),
      () => context.newPage(),
      () => context.close(),
    );
  }
  const browser = await chromium.launch(launch);
  // A new context is a fresh, temporary Chromium profile.
  return showWorkbench(
    server,
    opts,
    browser,
    () => browser.newPage({ viewport }),
    () => browser.close(),
  );
}

async function showWorkbench(
  server: VsCodeServer,
  opts: OpenWorkbenchOptions,
  browser: Browser | null,
  newPage: () => Promise<Page>,
  close: () => Promise<void>,
): Promise<Workbench> {
  try {
    const page = await newPage();
    // The workbench looks these up when it starts: expose them before navigating.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => opts.onLog?.(type, args));
    await page.exposeFunction('codeAutomationExit', (code: number) => opts.onExit?.(code));
    await page.goto(workbenchAddress(server, opts));
    return { browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The workbench address, with the connection token (the server then sets it as a cookie for the page's other
 * requests); paths in the payload must be vscode-remote URIs of this server, plain paths are ignored.
 */
export function workbenchAddress(
  server: VsCodeServer,
  opts: Pick<OpenWorkbenchOptions, 'folder' | 'extensionDevelopmentPath' | 'extensionTestsPath' | 'extensionEnvironment'> = {},
): string {
  const remote = (absolutePath: string) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(absolutePath)}`;
  const payload: [string, string][] = [];
  const extensionDevelopmentPath = opts.extensionDevelopmentPath ?? server.extensionDevelopmentPath;
  if (extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  }
  if (opts.extensionTestsPath) {
    payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);
  }
  if (opts.extensionEnvironment && Object.keys(opts.extensionEnvironment).length > 0) {
    payload.push(['extensionEnvironment', JSON.stringify(opts.extensionEnvironment)]);
  }
  const query: string[] = [`tkn=${server.connectionToken}`];
  if (opts.folder) {
    query.push(`folder=${encodeURIComponent(path.resolve(opts.folder))}`);
  }
  if (payload.length > 0) {
    query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  }
  return `${server.url}/?${query.join('&')}`;
}

/** The caller's environment without what a surrounding VS Code or Electron would leak into the server. */
function serverEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VSCODE_') && !name.startsWith('ELECTRON_')) {
      env[name] = value;
    }
  }
  return { ...env, ...overrides };
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 4)}\n`);
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForVersion(url: string, server: ReturnType<typeof spawn>, logFile: string): Promise<void> {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`the VS Code server exited during start (${server.exitCode ?? server.signalCode}):\n${tail(logFile)}`);
    }
    if (await answers(`${url}/version`)) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`the VS Code server did not answer ${url}/version within ${SERVER_START_TIMEOUT_MS / 1000} s:\n${tail(logFile)}`);
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(1000, () => request.destroy());
  });
}

/** Sends a signal (0: only checks) to the process group led by pid; false when no process of it is left. */
function killGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the group, SIGKILL after 5 s, then wait until no process of the group is left. */
async function stopGroup(pid: number): Promise<void> {
  killGroup(pid, 'SIGTERM');
  for (let waited = 0; killGroup(pid, 0); waited += 100) {
    if (waited === 5_000) {
      killGroup(pid, 'SIGKILL');
    }
    if (waited >= 10_000) {
      throw new Error(`VS Code server process group ${pid} still alive 10 s after SIGKILL`);
    }
    await sleep(100);
  }
}

function tail(file: string): string {
  try {
    // The server prints its address with the connection token; an error message is no place for it.
    return fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(-20)
      .join('\n')
      .replace(/tkn=[\w-]+/g, 'tkn=[redacted]');
  } catch {
    return '(no server log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
