// The in-host half of the benchmark: loaded by the VS Code extension host as the "tests" entry (run.ts starts it
// through runHostTests with the production bundle as the extension under development). It times what a person waits
// for and writes the figures, as JSON, to the file the benchmark names; the benchmark judges them against the targets.
import * as fs from 'fs';
import * as http from 'http';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../../src/tree/nodes';
import { median } from '../report';
import { HOST_BENCH_ENV, type HostFigures, type HostPhase } from './protocol';
import { keepState, reloadWindow } from './reload';
import { requiredEnv, settleAndActivate, signInToSandbox, timed } from './support';

/** Bare requests of page 1 whose median is "one round trip". */
const ROUND_TRIP_SAMPLES = 5;

export async function run(): Promise<void> {
  const phase = process.env[HOST_BENCH_ENV.phase] as HostPhase | undefined;
  const figures = phase === 'keep' ? await keepState() : phase === 'reload' ? await reloadWindow() : await freshLaunch();
  fs.writeFileSync(requiredEnv(HOST_BENCH_ENV.resultsFile), JSON.stringify(figures));
  console.log(`host figures (${phase ?? 'fresh'}): ${JSON.stringify(figures)}`);
  // The closing line the runner reads to stop echoing the workbench's output.
  console.log('1 passed, 0 failed');
}

/** A fresh host: activation, sign-in, the first users rows, a round trip, the whole list. */
async function freshLaunch(): Promise<HostFigures> {
  const sandboxUrl = requiredEnv(HOST_BENCH_ENV.sandboxUrl);
  const { api, settledAfterMs, activatedHere, activationMs, ownActivationMs } = await settleAndActivate();
  const [, signInMs] = await timed(() => signInToSandbox(api));
  const client = api.sessions.current?.client;
  if (!client) {
    throw new Error('no client after sign-in');
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

  return {
    settledAfterMs,
    activatedHere,
    activationMs,
    ownActivationMs,
    signInMs,
    firstRowsMs,
    firstRowsCount: rows.length,
    roundTripMs: median(roundTrips),
    completeListMs,
    completeListUsers: users.length,
  };
}

/** The first page's rows must be users (an error row also "loads fast"); contextValue, as instanceof cannot work here. */
function assertUserRows(rows: ExplorerNode[]): void {
  const kind = rows[0]?.getTreeItem().contextValue?.split(' ')[0];
  if (kind !== 'user') {
    const first = rows[0]?.getTreeItem();
    throw new Error(`the Users root shows no users: first row is ${kind ?? 'missing'} (${String(first?.label ?? '')} ${String(first?.description ?? '')})`);
  }
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
