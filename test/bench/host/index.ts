// The in-host half of the benchmark: loaded by the VS Code extension host as the "tests" entry (run.ts starts it
// through runHostTests with the production bundle as the extension under development). It times what a person waits
// for and writes the figures, as JSON, to the file the benchmark names; the benchmark judges them against the targets.
import * as fs from 'fs';
import * as http from 'http';
import * as vscode from 'vscode';
import type { LicenseInspectorApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/tree/nodes';
import { median } from '../report';
import { HOST_BENCH_ENV, type HostFigures } from './protocol';

const EXTENSION_ID = 'genesys-license-inspector.genesys-license-inspector';
/** Bare requests of page 1 whose median is "one round trip". */
const ROUND_TRIP_SAMPLES = 5;
/** Settled: every timer of tickMs fired at most maxLagMs late, for quietMs in a row. */
const QUIET = { tickMs: 10, maxLagMs: 3, quietMs: 500, giveUpAfterMs: 20_000 };

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: this suite is started by the benchmark (out/test/bench/run.js)`);
  }
  return value;
}

export async function run(): Promise<void> {
  const sandboxUrl = requiredEnv(HOST_BENCH_ENV.sandboxUrl);
  const extension = vscode.extensions.getExtension<LicenseInspectorApi>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not loaded in this host`);
  }

  const settledAfterMs = await waitUntilHostSettles();
  const activatedHere = !extension.isActive;
  const [api, activationMs] = await timed(() => extension.activate());

  const [signedIn, signInMs] = await timed(() =>
    vscode.commands.executeCommand<string | undefined>('genesysLicenses.signIn', {
      method: 'clientCredentials',
      environment: sandboxUrl,
      clientId: requiredEnv(HOST_BENCH_ENV.clientId),
      clientSecret: requiredEnv(HOST_BENCH_ENV.clientSecret),
    }),
  );
  const client = api.sessions.current?.client;
  if (signedIn === undefined || !client) {
    throw new Error(`signing in to the sandbox at ${sandboxUrl} failed (see the extension's log above)`);
  }

  const usersRoot = (await api.explorer.getChildren()).find((node) => node.getTreeItem().label === 'Users');
  if (!usersRoot) {
    throw new Error('the explorer shows no "Users" root after sign-in');
  }
  const [rows, firstRowsMs] = await timed(async () => {
    const children = await api.explorer.getChildren(usersRoot);
    children.forEach((row) => row.getTreeItem());
    return children;
  });
  assertUserRows(rows);

  const token = await client.getAccessToken();
  const pageUrl = `${sandboxUrl}/api/v2/license/users?pageSize=${client.pageSize}&pageNumber=1`;
  const roundTrips: number[] = [];
  for (let sample = 0; sample < ROUND_TRIP_SAMPLES; sample++) {
    roundTrips.push((await timed(() => bareGet(pageUrl, token)))[1]);
  }

  // What a person does for the whole list: the Load All Users command, then the Users node's rows.
  const [users, completeListMs] = await timed(async () => {
    await vscode.commands.executeCommand('genesysLicenses.loadAllUsers');
    return (await api.explorer.getChildren(usersRoot)).filter((row) => row.getTreeItem().contextValue?.startsWith('user'));
  });

  const figures: HostFigures = {
    settledAfterMs,
    activatedHere,
    activationMs,
    signInMs,
    firstRowsMs,
    firstRowsCount: rows.length,
    roundTripMs: median(roundTrips),
    completeListMs,
    completeListUsers: users.length,
  };
  fs.writeFileSync(requiredEnv(HOST_BENCH_ENV.resultsFile), JSON.stringify(figures));
  console.log(`host figures: ${JSON.stringify(figures)}`);
  // The closing line the runner reads to stop echoing the workbench's output.
  console.log('1 passed, 0 failed');
}

/**
 * A fresh extension host is busy for a while with VS Code's own extensions (TypeScript, JSON, ...) activating on
 * the same thread; timed then, our figures would be mostly theirs. Our extension activates when its view or a
 * command is first used, not at start-up, so it is timed once the host has settled. Returns the wait in ms.
 */
async function waitUntilHostSettles(): Promise<number> {
  const started = performance.now();
  let quietSince = started;
  while (performance.now() - quietSince < QUIET.quietMs && performance.now() - started < QUIET.giveUpAfterMs) {
    const tickStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, QUIET.tickMs));
    if (performance.now() - tickStarted - QUIET.tickMs > QUIET.maxLagMs) {
      quietSince = performance.now();
    }
  }
  return performance.now() - started;
}

/** The first page's rows must be users (an error row also "loads fast"); contextValue, as instanceof cannot work here. */
function assertUserRows(rows: ExplorerNode[]): void {
  const kind = rows[0]?.getTreeItem().contextValue?.split(' ')[0];
  if (kind !== 'user') {
    const first = rows[0]?.getTreeItem();
    throw new Error(`the Users root shows no users: first row is ${kind ?? 'missing'} (${String(first?.label ?? '')} ${String(first?.description ?? '')})`);
  }
}

/** What `work` gives and how many ms it took. */
async function timed<T>(work: () => PromiseLike<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

/** One GET with its body read to the end. */
function bareGet(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`GET ${url} answered ${response.statusCode}`))));
    });
    request.on('error', reject);
  });
}
