// A window reload, in two launches on one run folder: `keep` counts the holders and waits until the extension has
// kept the org's state under its global storage; `reload`, in the new window, times the counts the explorer shows.
import type { LastKnownOrgState } from '../../../src/core/keptState';
import type { LicenseInspectorApi } from '../../../src/extension';
import type { KeepFigures, ReloadFigures, ShownCounts } from './protocol';
import { settleAndActivate, signInToSandbox, timed, waitUntilHostSettles } from './support';

/** Longer than a paced 20 000-user scan after the launches before it spent the token's budget. */
const WAIT_LIMIT_MS = 150_000;
/** A redraw the explorer did not announce is still seen this late at most. */
const RECHECK_MS = 100;

interface ShownDefinitions {
  counts: ShownCounts;
  /** The definitions root's description: "as of …" while the kept state stands in for live data. */
  description?: string;
}

export async function keepState(): Promise<KeepFigures> {
  const { api } = await settleAndActivate();
  const [shown, coldCountsMs] = await timed(async () => {
    await signInToSandbox(api);
    return untilShown(api, () => shownDefinitions(api), 'the holder counts');
  });
  // Kept when the count ends (OrgData.keep), written a moment after the rows show it. Read once the host is quiet:
  // a read in the middle of the write would find a damaged file, which the store removes.
  await waitUntilHostSettles();
  const kept = await untilShown(api, () => keptState(api), 'the kept state');
  return { coldCountsMs, counts: shown.counts, keptUsers: kept.users.length };
}

export async function reloadWindow(): Promise<ReloadFigures> {
  const { api, settledAfterMs, activatedHere, activationMs, ownActivationMs } = await settleAndActivate();
  const restoredSession = api.sessions.current !== undefined;
  const savedConnectionKept = api.sessions.savedConnections.length > 0;
  // Without its secret the saved connection is not restored: a person signs in again, and the same connection
  // (found by environment and client ID) finds its kept state.
  const signInAgainMs = restoredSession ? undefined : (await timed(() => signInToSandbox(api)))[1];
  const started = performance.now();
  let countsReads = 0;
  const shown = await untilShown(api, () => (countsReads++, shownDefinitions(api)), 'the holder counts');
  const countsMs = performance.now() - started;
  const live = await untilShown(
    api,
    async () => {
      const now = await shownDefinitions(api);
      return now && !now.description?.startsWith('as of') ? now : undefined;
    },
    'the live counts',
  );
  const liveMs = performance.now() - started;
  // The live state is kept again for the next window; read once the write is over (a half-written file would be
  // removed), then once more, timed.
  await waitUntilHostSettles();
  await untilShown(
    api,
    async () => {
      const kept = await keptState(api);
      const keptCounts = kept && countsOf(kept);
      return keptCounts && Object.entries(live.counts).every(([id, holders]) => (keptCounts[id] ?? 0) === holders) ? kept : undefined;
    },
    'the live state kept',
  );
  const [, keptReadMs] = await timed(() => keptState(api));
  return {
    settledAfterMs,
    activatedHere,
    activationMs,
    ownActivationMs,
    savedConnectionKept,
    restoredSession,
    signInAgainMs,
    countsMs,
    countsReads,
    countsDescription: shown.description,
    counts: shown.counts,
    liveMs,
    liveCounts: live.counts,
    keptReadMs,
  };
}

/** The state kept for the signed-in connection and org. */
function keptState(api: LicenseInspectorApi): Promise<LastKnownOrgState | undefined> {
  const connection = api.sessions.current?.connection;
  if (!connection?.orgId) {
    throw new Error('no org for the signed-in connection');
  }
  return api.lastKnown.load(connection.id, connection.orgId);
}

/** Holders per license in a kept state. */
function countsOf(kept: LastKnownOrgState): ShownCounts {
  const counts: ShownCounts = {};
  for (const user of kept.users) {
    for (const license of user.licenses) {
      counts[license] = (counts[license] ?? 0) + 1;
    }
  }
  return counts;
}

/** The definitions rows' holder counts, as a person reads them, once every row has one. */
async function shownDefinitions(api: LicenseInspectorApi): Promise<ShownDefinitions | undefined> {
  const [root] = await api.explorer.getChildren();
  if (!root) {
    return undefined; // signed out: the welcome view
  }
  const rows = await api.explorer.getChildren(root);
  const counts: ShownCounts = {};
  for (const row of rows) {
    const holders = /^([\d,]+) users?\b/.exec(String(row.getTreeItem().description ?? ''))?.[1];
    if (holders === undefined || !row.copyableId) {
      return undefined; // not counted yet (or an error row)
    }
    counts[row.copyableId] = Number(holders.replace(/,/g, ''));
  }
  const description = root.getTreeItem().description;
  return rows.length > 0 ? { counts, description: typeof description === 'string' ? description : undefined } : undefined;
}

/** Reads again on every change the explorer announces (as its view would) until `read` gives something. */
async function untilShown<T>(api: LicenseInspectorApi, read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = performance.now() + WAIT_LIMIT_MS;
  for (;;) {
    let subscription = { dispose: () => undefined as void };
    // Listening before reading: a change during the read is not missed.
    const changed = new Promise<void>((resolve) => {
      subscription = api.explorer.onDidChangeTreeData(() => resolve());
      setTimeout(resolve, RECHECK_MS);
    });
    const value = await read();
    if (value !== undefined) {
      subscription.dispose();
      return value;
    }
    if (performance.now() > deadline) {
      subscription.dispose();
      throw new Error(`${what} not shown within ${WAIT_LIMIT_MS / 1000} s`);
    }
    await changed;
    subscription.dispose();
  }
}
