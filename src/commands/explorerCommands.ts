import * as vscode from 'vscode';
import type { ExplorerNode } from '../tree/nodes';
import { ErrorNode } from '../tree/nodes';
import { EXPLORER_VIEW_ID, type LicenseExplorerProvider } from '../tree/explorerProvider';
import { LoadMoreNode } from '../tree/userNodes';
import type { CommandRegistry } from './registry';

export function registerExplorerCommands(registry: CommandRegistry, explorer: LicenseExplorerProvider, treeView: vscode.TreeView<ExplorerNode>): void {
  registry.register('genesysLicenses.refresh', 'Refresh', () => explorer.refresh());
  registry.register('genesysLicenses.retryNode', 'Retry', (node?: ErrorNode) => {
    explorer.refresh(node instanceof ErrorNode ? node.owner : undefined);
  });
  registry.register('genesysLicenses.loadMoreUsers', 'Load more users', async (node?: LoadMoreNode) => {
    if (!(node instanceof LoadMoreNode)) {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, () => node.owner.loadMore());
    explorer.redraw(node.owner);
  });
  registry.register('genesysLicenses.copyId', 'Copy ID', async (node?: ExplorerNode) => {
    const id = node?.copyableId ?? treeView.selection[0]?.copyableId;
    if (!id) {
      return;
    }
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(`Copied ${id}`, 3000);
  });
}
