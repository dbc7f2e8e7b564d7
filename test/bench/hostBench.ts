// The in-host measurements: fresh VS Code extension hosts (VS Code server + Chromium, through runHostTests), each
// running host/index.js against one sandbox org served from this process.
import { isDeepStrictEqual } from 'util';
import * as fs from 'fs';
import * as path from 'path';
import type { Sandbox } from '../../src/sandbox';
import { runHostTests } from '../host/runHostTests';
import { formatCount, formatMs, type Table, type TargetCheck } from './report';
import { HOST_BENCH_ENV, type HostFigures, type HostPhase, type KeepFigures, type ReloadFigures, type ShownCounts } from './host/protocol';

/** One launch: server start, workbench, activation, sign-in and a 20 000-user scan take well under a minute. */
const LAUNCH_TIME_LIMIT_MS = 3 * 60_000;

export interface HostMeasurement extends HostFigures {
  /** 429 answers the sandbox gave during the launch. */
  status429: number;
}

/** A window reload: the window that kept the org's state, and the reloaded one. */
export interface ReloadMeasurement {
  keep: KeepFigures;
  reload: ReloadFigures;
  /** The reloaded window first showed the counts of the window before, which the org no longer had. */
  countsWereKept: boolean;
  /** And then the org's current counts, from its background scan. */
  liveMatchesOrg: boolean;
  /** 429 answers the sandbox gave during the reloaded window. */
  status429: number;
}

/** `launches` fresh hosts one after another, each loading the extension folder `extensionPath`. */
export async function measureInHost(sandbox: Sandbox, extensionPath: string, launches: number, workDir: string): Promise<HostMeasurement[]> {
  const measurements: HostMeasurement[] = [];
  for (let launch = 1; launch <= launches; launch++) {
    sandbox.stats.reset();
    const figures = await launchHost<HostFigures>(sandbox, extensionPath, path.join(workDir, `host-launch-${launch}.json`));
    measurements.push({ ...figures, status429: sandbox.stats.status429 });
  }
  return measurements;
}

/**
 * A window reload: a first host counts the holders and waits until the extension has kept the org's state; the org
 * then changes (one more holder) while no window is open; a new server and window on the same run folder (server
 * data, browser profile, address) then shows the counts, first the kept ones, then the org's current ones.
 */
export async function measureReloadInHost(sandbox: Sandbox, extensionPath: string, workDir: string): Promise<ReloadMeasurement> {
  const runDir = path.join(workDir, 'host-reload');
  try {
    const keep = await launchHost<KeepFigures>(sandbox, extensionPath, path.join(workDir, 'host-keep.json'), { phase: 'keep', runDir });
    const license = Object.keys(keep.counts).find((id) => sandbox.org.users.some((user) => !user.licenses.includes(id)));
    const newHolder = license && sandbox.org.users.find((user) => !user.licenses.includes(license));
    if (!license || !newHolder) {
      throw new Error('no license the org could give one more user');
    }
    newHolder.licenses.push(license);
    sandbox.stats.reset();
    const reload = await launchHost<ReloadFigures>(sandbox, extensionPath, path.join(workDir, 'host-reload.json'), { phase: 'reload', runDir });
    const orgCounts: ShownCounts = Object.fromEntries(Object.keys(reload.liveCounts).map((id) => [id, sandbox.org.holders(id).length]));
    return {
      keep,
      reload,
      countsWereKept: isDeepStrictEqual(reload.counts, keep.counts) && !isDeepStrictEqual(reload.counts, orgCounts),
      liveMatchesOrg: isDeepStrictEqual(reload.liveCounts, orgCounts),
      status429: sandbox.stats.status429,
    };
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/** One host running host/index.js; what it measured, from the results file. */
async function launchHost<T>(sandbox: Sandbox, extensionPath: string, resultsFile: string, reload?: { phase: HostPhase; runDir: string }): Promise<T> {
  const environment: Record<string, string> = {
    [HOST_BENCH_ENV.sandboxUrl]: sandbox.url,
    [HOST_BENCH_ENV.clientId]: sandbox.clients.admin.clientId,
    [HOST_BENCH_ENV.clientSecret]: sandbox.clients.admin.clientSecret,
    [HOST_BENCH_ENV.resultsFile]: resultsFile,
    ...(reload && { [HOST_BENCH_ENV.phase]: reload.phase }),
  };
  // runHostTests hands this process's GENESYS_TEST_* variables to the extension host.
  Object.assign(process.env, environment);
  try {
    const outcome = await runHostTests({
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: path.join(__dirname, 'host', 'index'),
      timeoutMs: LAUNCH_TIME_LIMIT_MS,
      runDir: reload?.runDir,
    });
    if (outcome.exitCode !== 0 || !fs.existsSync(resultsFile)) {
      const what = reload ? `the ${reload.phase} window` : path.basename(resultsFile, '.json');
      throw new Error(`${what} ended with exit code ${outcome.exitCode} and ${fs.existsSync(resultsFile) ? 'figures' : 'no figures'}`);
    }
  } finally {
    for (const name of Object.keys(environment)) {
      delete process.env[name];
    }
  }
  return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as T;
}

export function reloadTable(measurement: ReloadMeasurement, userCount: number, latencyMs: number, nodeCountsMs?: number): Table {
  const { keep, reload } = measurement;
  const yesNo = (value: boolean) => (value ? 'yes' : 'NO');
  return {
    title: `Counts after a window reload, inside VS Code: ${formatCount(userCount)} users, ${latencyMs} ms per response`,
    headers: ['Measure', 'Value'],
    rows: [
      ['Window before: sign-in, then every definition counted (the cold path)', formatMs(keep.coldCountsMs)],
      ['  users in the state it kept', formatCount(keep.keptUsers)],
      ['Reloaded window: activation', formatMs(reload.activationMs)],
      ['  came back signed in', reload.restoredSession ? 'yes' : 'no: its secret did not survive the reload'],
      ...(reload.signInAgainMs === undefined ? [] : [['  sign-in again, same client (finds the saved connection)', formatMs(reload.signInAgainMs)]]),
      ['Counts shown: explorer roots asked → every definition counted', formatMs(reload.countsMs)],
      ['  rows asked until counted (1: with the first answer)', String(reload.countsReads)],
      ['  the store’s read of the kept state alone (file, JSON, checks; timed afterwards)', formatMs(reload.keptReadMs)],
      ['  definitions root said', reload.countsDescription ?? '(nothing: live counts)'],
      ['  the kept counts (the org had changed since)', yesNo(measurement.countsWereKept)],
      ['Live counts: roots asked → the background scan replaced them', formatMs(reload.liveMs)],
      ['  equal to the org’s', yesNo(measurement.liveMatchesOrg)],
      ['429s in the reloaded window', formatCount(measurement.status429)],
      ...(nodeCountsMs === undefined ? [] : [['For comparison, in Node: the kept file read, checked and counted', formatMs(nodeCountsMs)]]),
    ],
    notes: [
      'Two hosts on one run folder: the first signs in, counts and waits until the extension has kept the org’s state (global storage); the org then gains one holder; a new VS Code server and Chromium window on the same server data, browser profile and address is the reloaded window.',
      'In this web workbench (VS Code server + browser) SecretStorage is held in the page’s memory, so the reloaded window comes back signed out; the person signs in again (same client), and the explorer’s counts are timed from then: from `explorer.getChildren()` for the roots until every definition row shows a holder count, re-asking on each change the explorer announces, as its view does. A desktop window keeps its secret and starts at the counts.',
    ],
  };
}

/** The reload target, judged on the figure inside VS Code. */
export function reloadCheck(measurement: ReloadMeasurement, userCount: number, limitMs: number): TargetCheck {
  const { reload } = measurement;
  const signedOut = reload.signInAgainMs === undefined ? '' : `; came back signed out, signed in again first (${formatMs(reload.signInAgainMs)})`;
  return {
    target: `Counts visible ≤ ${formatMs(limitMs)} after the explorer opens in a reloaded window (${formatCount(userCount)} users, in VS Code)`,
    measured: `${formatMs(reload.countsMs)}${measurement.countsWereKept ? ', the kept counts' : ', NOT THE KEPT COUNTS'}${signedOut}`,
    pass: measurement.countsWereKept && reload.countsMs <= limitMs,
  };
}
