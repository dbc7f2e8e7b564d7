import * as vscode from 'vscode';
import { type Sandbox, type SandboxOptions, startSandbox as startSandboxServer } from '../../src/sandbox';
import type { LicenseInspectorApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/nodes';
export { eventually } from '../waitUntil';

export const EXTENSION_ID = 'genesys-license-inspector.genesys-license-inspector';

export async function activeExtension(): Promise<{ extension: vscode.Extension<LicenseInspectorApi | undefined>; api: LicenseInspectorApi }> {
  const extension = vscode.extensions.getExtension<LicenseInspectorApi | undefined>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not installed in this host`);
  }
  const api = await extension.activate();
  if (!api) {
    throw new Error(`${EXTENSION_ID} gave no test API: it hands its parts out only in ExtensionMode.Test`);
  }
  return { extension, api };
}

/** A row as a person reads it: label and description. */
export function rowText(node: ExplorerNode): string {
  const item = node.getTreeItem();
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  return item.description ? `${label} — ${item.description}` : label;
}

export async function childrenOf(api: LicenseInspectorApi, node?: ExplorerNode): Promise<ExplorerNode[]> {
  return api.explorer.getChildren(node);
}

/** The root row whose label is `label`. */
export async function root(api: LicenseInspectorApi, label: string): Promise<ExplorerNode> {
  const found = (await childrenOf(api)).find((node) => node.getTreeItem().label === label);
  if (!found) {
    throw new Error(`No root "${label}" in the explorer`);
  }
  return found;
}

/**
 * What kind of row a node is, from its contextValue (the first flag). The extension runs from its bundle, so its
 * node classes are not the ones a test imports: `instanceof` would always be false.
 */
export function kindOf(node: ExplorerNode): string | undefined {
  return node.getTreeItem().contextValue?.split(' ')[0];
}

/** Signs out of every saved connection, as a test's clean-up: the next test starts signed out. */
export async function signOutEverywhere(): Promise<void> {
  const { api } = await activeExtension();
  for (const connection of api.connections.list()) {
    await vscode.commands.executeCommand('genesysLicenses.signOut', connection.id);
  }
}

/** Every secret the suite hands the extension; the last test scans logs, state and settings for them. */
export const secretsUsed = new Set<string>();

export function rememberSecrets(...values: (string | undefined)[]): void {
  for (const value of values) {
    if (value) {
      secretsUsed.add(value);
    }
  }
}

/** Every sandbox org the suite started: the last test also scans for every token and code they issued. */
export const sandboxesStarted: Sandbox[] = [];

/** Starts a sandbox org whose issued tokens the suite's secret scan will look for. */
export async function startSandbox(options?: SandboxOptions): Promise<Sandbox> {
  const sandbox = await startSandboxServer(options);
  sandboxesStarted.push(sandbox);
  return sandbox;
}

/**
 * Everything the suite put on a person's screen through `vscode.window`: notifications (with their modal detail) and
 * progress titles and messages. Recorded from the moment this module loads, for the whole suite, so the last test
 * can scan it for secrets too; `recordingMessages` and `recordingProgress` add what they capture themselves.
 */
export const shownToPerson: string[] = [];

function recordEverythingShown(): void {
  const window = vscode.window as unknown as Record<string, (...args: any[]) => any>;
  for (const name of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage']) {
    const original = window[name];
    window[name] = (message: string, ...rest: unknown[]) => {
      shownToPerson.push(
        message,
        ...rest.map((item) => (typeof item === 'object' && item !== null && 'detail' in item ? String((item as { detail?: string }).detail) : '')),
      );
      return original(message, ...rest);
    };
  }
  const withProgress = window.withProgress;
  window.withProgress = (
    options: vscode.ProgressOptions,
    task: (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => unknown,
  ) => {
    shownToPerson.push(options.title ?? '');
    return withProgress(options, (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) =>
      task({ report: (value) => (shownToPerson.push(value.message ?? ''), progress.report(value)) }, token),
    );
  };
}
recordEverythingShown();

/** Signs in to the sandbox with its admin OAuth client, as the command's argument object allows; the secret is remembered for the final scan. */
export async function signInAsAdmin(sandbox: Sandbox): Promise<unknown> {
  const { clientId, clientSecret } = sandbox.clients.admin;
  rememberSecrets(clientSecret);
  return vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'clientCredentials', environment: sandbox.url, clientId, clientSecret });
}

/**
 * A suite's hooks for one sandbox org: before the suite it is started, handed to `prepare` (which keeps it and may
 * change its data) and signed in to as the admin; after the suite it is signed out of and closed.
 */
export function withSignedInSandbox(options: SandboxOptions, prepare: (sandbox: Sandbox) => void): void {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await startSandbox(options);
    prepare(sandbox);
    await signInAsAdmin(sandbox);
  });
  after(async () => {
    await signOutEverywhere();
    await sandbox?.close();
  });
}
