// What the benchmark (run.ts, plain Node) and its in-host half (host/index.ts, inside VS Code) share. Kept apart
// from host/index.ts, which imports `vscode` and so cannot load outside the extension host.

/** Set by the benchmark; runHostTests forwards GENESYS_TEST_* variables to the extension host. */
export const HOST_BENCH_ENV = {
  sandboxUrl: 'GENESYS_TEST_BENCH_SANDBOX_URL',
  clientId: 'GENESYS_TEST_BENCH_CLIENT_ID',
  clientSecret: 'GENESYS_TEST_BENCH_CLIENT_SECRET',
  resultsFile: 'GENESYS_TEST_BENCH_RESULTS',
  /** What the launch does (a HostPhase); a fresh launch's measurements when unset. */
  phase: 'GENESYS_TEST_BENCH_PHASE',
} as const;

/**
 * `keep`: the first window of a reload, which counts the holders and waits until the extension has kept the org's
 * state; `reload`: the window after it, on the same run folder. Unset: a fresh launch (HostFigures).
 */
export type HostPhase = 'keep' | 'reload';

/** Holders per license ID, as the definitions rows show them. */
export type ShownCounts = Record<string, number>;

/** The window before the reload (phase `keep`). */
export interface KeepFigures {
  /** Sign-in, then the definitions rows until every one shows its count: today's cold path, in the host. */
  coldCountsMs: number;
  counts: ShownCounts;
  /** Users in the state the extension kept under its global storage. */
  keptUsers: number;
}

/** The reloaded window (phase `reload`): a new server and window on the same run folder. */
export interface ReloadFigures {
  settledAfterMs: number;
  activatedHere: boolean;
  activationMs: number;
  ownActivationMs: number;
  /** Whether the reloaded window still had the saved connection (global state, in the browser's storage)... */
  savedConnectionKept: boolean;
  /** ...and came back signed in with it (its secret, from SecretStorage). */
  restoredSession: boolean;
  /** When it did not: the sign-in command again, with the same client credentials (the saved connection is found). */
  signInAgainMs?: number;
  /** From `explorer.getChildren()` (the roots) until the definitions rows all show a holder count. */
  countsMs: number;
  /** How many times the rows were asked for until they had counts: 1 when they came with the first answer. */
  countsReads: number;
  /** The definitions root's description at that moment: "as of …" when the counts are the kept ones. */
  countsDescription?: string;
  counts: ShownCounts;
  /** From the roots asked until the definitions root no longer says "as of" (the background scan replaced the kept state). */
  liveMs: number;
  liveCounts: ShownCounts;
  /** Afterwards, in a quiet host: one read of the kept state (file, JSON, checks), the part of countsMs that is the store's. */
  keptReadMs: number;
}

/** What one fresh extension host measured, written as JSON to the results file. */
export interface HostFigures {
  /** How long the fresh host took to settle (VS Code's own start-up work) before anything was timed. */
  settledAfterMs: number;
  /** False when something activated the extension before the suite ran: activationMs then means nothing. */
  activatedHere: boolean;
  /**
   * `extension.activate()` in a fresh host: VS Code loads the bundle while it makes the extension's context (its
   * storage, asked of the workbench), then runs `activate()`.
   */
  activationMs: number;
  /** `activate()` itself, as it timed itself: the part of activation after VS Code's. */
  ownActivationMs: number;
  /** The sign-in command with client credentials as arguments: token, `GET /tokens/me`, saving the connection. */
  signInMs: number;
  /** `explorer.getChildren(Users)` after sign-in, with a tree item made for each row as the view would. */
  firstRowsMs: number;
  firstRowsCount: number;
  /** Median of bare GETs of the same page (Node's http, same token) from the extension host. */
  roundTripMs: number;
  /** The Load All Users command until the Users node lists every user. */
  completeListMs: number;
  completeListUsers: number;
}
