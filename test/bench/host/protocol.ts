// What the benchmark (run.ts, plain Node) and its in-host half (host/index.ts, inside VS Code) share. Kept apart
// from host/index.ts, which imports `vscode` and so cannot load outside the extension host.

/** Set by the benchmark; runHostTests forwards GENESYS_TEST_* variables to the extension host. */
export const HOST_BENCH_ENV = {
  sandboxUrl: 'GENESYS_TEST_BENCH_SANDBOX_URL',
  clientId: 'GENESYS_TEST_BENCH_CLIENT_ID',
  clientSecret: 'GENESYS_TEST_BENCH_CLIENT_SECRET',
  resultsFile: 'GENESYS_TEST_BENCH_RESULTS',
} as const;

/** What one fresh extension host measured, written as JSON to the results file. */
export interface HostFigures {
  /** How long the fresh host took to settle (VS Code's own start-up work) before anything was timed. */
  settledAfterMs: number;
  /** False when something activated the extension before the suite ran: activationMs then means nothing. */
  activatedHere: boolean;
  /** `extension.activate()` in a fresh host: loading the bundle and running `activate()`. */
  activationMs: number;
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
