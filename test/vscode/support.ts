import * as vscode from 'vscode';
import type { LicenseInspectorApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/nodes';

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

/** Every secret the suite hands the extension; the last test scans logs, state and settings for them. */
export const secretsUsed = new Set<string>();

export function rememberSecrets(...values: (string | undefined)[]): void {
  for (const value of values) {
    if (value) {
      secretsUsed.add(value);
    }
  }
}
