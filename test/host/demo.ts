// `npm start`: the extension, packaged as users install it, in a real VS Code (the offline VS Code server) signed in
// to the built-in sandbox org. Prints the address to open in a browser; Ctrl+C stops everything.
//   node out/test/host/demo.js [--users N] [--latency MS] [--screenshot FILE]
import * as fs from 'fs';
import * as path from 'path';
import { type Sandbox, startSandbox } from '../../src/sandbox';
import { packageExtension } from './packageExtension';
import { ensureVsCodeHost, findRepoRoot } from './setup';
import { openWorkbench, startVsCodeServer, type VsCodeServer, workbenchAddress } from './vscodeServer';

interface DemoOptions {
  users: number;
  latencyMs: number;
  screenshot?: string;
}

function parseArguments(argv: string[]): DemoOptions {
  const options: DemoOptions = { users: 5000, latencyMs: 40 };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    const whole = (name: string) => {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 0) {
        throw new Error(`${name} takes a whole number (got "${value ?? ''}")`);
      }
      index++;
      return number;
    };
    if (flag === '--users') {
      options.users = whole(flag);
    } else if (flag === '--latency') {
      options.latencyMs = whole(flag);
    } else if (flag === '--screenshot' && value) {
      options.screenshot = path.resolve(value);
      index++;
    } else {
      throw new Error(`unknown argument "${flag}"; use --users N, --latency MS, --screenshot FILE`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const repoRoot = findRepoRoot();
  const host = await ensureVsCodeHost();
  const demoDir = path.join(host.root, 'demo');
  fs.rmSync(demoDir, { recursive: true, force: true });
  fs.mkdirSync(demoDir, { recursive: true });

  console.log('Packaging the extension ...');
  const vsix = packageExtension(demoDir);
  // Filled in as each part starts, so Ctrl+C during the start-up stops what is already running.
  const running: { sandbox?: Sandbox; server?: VsCodeServer } = {};
  const stop = async () => {
    await running.server?.stop();
    await running.sandbox?.close();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));

  const sandbox = (running.sandbox = await startSandbox({ userCount: options.users, latencyMs: options.latencyMs }));
  const { clientId, clientSecret } = sandbox.clients.admin;
  const server = (running.server = await startVsCodeServer({
    host,
    installVsix: vsix,
    runDir: path.join(demoDir, 'vscode'),
    // Without the smoke-test driver VS Code shows its notifications, as it does for a person.
    enableSmokeTestDriver: false,
    // The gc CLI's variables: the extension signs in with them when nothing else is saved.
    env: { GENESYSCLOUD_REGION: sandbox.url, GENESYSCLOUD_OAUTHCLIENT_ID: clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: clientSecret },
    userSettings: { 'genesysLicenses.environment': sandbox.url },
  }));
  // The address carries the server's connection token: printed here for the person who started the demo only.
  const workbenchUrl = workbenchAddress(server, { folder: repoRoot });
  console.log(`
Genesys Cloud License Inspector — demo
  VS Code (open in a browser):  ${workbenchUrl}
  Sandbox org:                  ${sandbox.org.name}, ${sandbox.org.users.length} users, ${options.latencyMs} ms per answer, at ${sandbox.url}
  Admin OAuth client:           ${clientId} / ${clientSecret}
  Read-only OAuth client:       ${sandbox.clients.readOnly.clientId} / ${sandbox.clients.readOnly.clientSecret}
The extension is signed in to the sandbox; open "Genesys Cloud Licenses" in the activity bar. Ctrl+C stops the demo.
`);
  if (options.screenshot) {
    const workbench = await openWorkbench(server, { folder: repoRoot });
    try {
      await workbench.page.locator('.activitybar [aria-label^="Genesys Cloud Licenses"]').first().click({ timeout: 60_000 });
      await workbench.page.locator('.monaco-list-row', { hasText: 'License definitions' }).first().waitFor({ timeout: 30_000 });
      await workbench.page.waitForTimeout(1500);
      await workbench.page.screenshot({ path: options.screenshot });
      console.log(`Screenshot written to ${options.screenshot}`);
    } finally {
      await workbench.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
