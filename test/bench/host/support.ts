// What the in-host launches share: the extension, the sandbox's credentials, a settled host and timing.
import * as vscode from 'vscode';
import type { LicenseInspectorApi } from '../../../src/extension';
import { HOST_BENCH_ENV } from './protocol';

const EXTENSION_ID = 'genesys-license-inspector.genesys-license-inspector';
/** Settled: every timer of tickMs fired at most maxLagMs late, for quietMs in a row. */
const QUIET = { tickMs: 10, maxLagMs: 3, quietMs: 500, giveUpAfterMs: 20_000 };

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: this suite is started by the benchmark (out/test/bench/run.js)`);
  }
  return value;
}

export function ourExtension(): vscode.Extension<LicenseInspectorApi> {
  const extension = vscode.extensions.getExtension<LicenseInspectorApi>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not loaded in this host`);
  }
  return extension;
}

/** Waits for the host to settle, then activates the extension and times that. */
export async function settleAndActivate(): Promise<{
  api: LicenseInspectorApi;
  settledAfterMs: number;
  activatedHere: boolean;
  activationMs: number;
  ownActivationMs: number;
}> {
  const extension = ourExtension();
  const settledAfterMs = await waitUntilHostSettles();
  const activatedHere = !extension.isActive;
  const [api, activationMs] = await timed(() => extension.activate());
  return { api, settledAfterMs, activatedHere, activationMs, ownActivationMs: api.activatedInMs };
}

/** The sign-in command with the sandbox's admin client, as arguments (no prompts); fails if it did not sign in. */
export async function signInToSandbox(api: LicenseInspectorApi): Promise<void> {
  const sandboxUrl = requiredEnv(HOST_BENCH_ENV.sandboxUrl);
  const signedIn = await vscode.commands.executeCommand<string | undefined>('genesysLicenses.signIn', {
    method: 'clientCredentials',
    environment: sandboxUrl,
    clientId: requiredEnv(HOST_BENCH_ENV.clientId),
    clientSecret: requiredEnv(HOST_BENCH_ENV.clientSecret),
  });
  if (signedIn === undefined || !api.sessions.current) {
    throw new Error(`signing in to the sandbox at ${sandboxUrl} failed (see the extension's log above)`);
  }
}

/**
 * A fresh extension host is busy for a while with VS Code's own extensions (TypeScript, JSON, ...) activating on
 * the same thread; timed then, our figures would be mostly theirs. Our extension activates when its view or a
 * command is first used, not at start-up, so it is timed once the host has settled. Returns the wait in ms.
 */
export async function waitUntilHostSettles(): Promise<number> {
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

/** What `work` gives and how many ms it took. */
export async function timed<T>(work: () => PromiseLike<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}
