import * as vscode from 'vscode';
import { GenesysApiError } from '../api';
import { EXPLORER_VIEW_ID, type LicenseExplorerProvider } from '../tree/explorerProvider';
import { ErrorNode, type ExplorerNode, LoadMoreNode } from '../tree/nodes';
import { isUuid } from '../core/input';
import { UserNode } from '../tree/userNodes';
import type { SessionManager } from '../auth/sessionManager';
import { runWithProgress } from '../ui/progress';
import { type Registry, runCommand } from './commandArguments';
import { CommandIds } from '../core/commandIds';

/** The node a tree command acts on: the one it was invoked on, else the selection (keyboard use). */
function target(node: unknown, treeView: vscode.TreeView<ExplorerNode>): ExplorerNode | undefined {
  return (node as ExplorerNode | undefined)?.getTreeItem ? (node as ExplorerNode) : treeView.selection[0];
}

export function registerExplorerCommands(
  registry: Registry,
  sessions: SessionManager,
  explorer: LicenseExplorerProvider,
  treeView: vscode.TreeView<ExplorerNode>,
): void {
  registry.register(CommandIds.refresh, 'Refresh', () => explorer.refresh());
  registry.register(CommandIds.refreshNode, 'Refresh', (node?: ExplorerNode) => explorer.refresh(target(node, treeView)));
  registry.register(CommandIds.retryNode, 'Retry', (node?: ErrorNode) => {
    explorer.refresh(node instanceof ErrorNode ? node.owner : undefined);
  });

  registry.register(CommandIds.loadMore, 'Load more', async (node?: LoadMoreNode) => {
    if (!(node instanceof LoadMoreNode)) {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, () => node.owner.loadMore());
    explorer.redraw(node.owner);
  });

  registry.register(CommandIds.loadAllUsers, 'Load all users', async () => {
    const users = explorer.usersRoot;
    if (!users) {
      throw new GenesysApiError({ kind: 'auth', code: 'not.signed.in', message: 'Not signed in to a Genesys Cloud organization.' });
    }
    // runWithProgress also says so while the client waits out a rate limit or a failed attempt.
    await runWithProgress(sessions, 'Loading every user', (task) =>
      users.loadAll(
        (step) => task.report(`${step.usersLoaded.toLocaleString('en-US')} of ${step.total.toLocaleString('en-US')} users`, step.pagesLoaded, step.pageCount),
        task.signal,
      ),
    );
    explorer.redraw(users);
  });

  registry.register(CommandIds.filterUsers, 'Filter users', async (text?: string) => {
    const filter =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: 'Filter users',
            prompt: 'Part of a name or email (every word must match), or a full user ID. Empty clears the filter.',
            value: explorer.filter ?? '',
            validateInput: (value) => (value.length > 200 ? 'At most 200 characters.' : undefined),
          });
    if (filter === undefined) {
      return explorer.filter;
    }
    explorer.setFilter(filter);
    if (explorer.usersRoot && filter.trim()) {
      await treeView.reveal(explorer.usersRoot, { expand: true, focus: false, select: false });
    }
    return explorer.filter;
  });
  registry.register(CommandIds.clearUserFilter, 'Clear the users filter', () => explorer.setFilter(undefined));

  registry.register(CommandIds.copyId, 'Copy ID', async (node?: ExplorerNode) => {
    const id = target(node, treeView)?.copyableId;
    if (!id) {
      return undefined;
    }
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(`$(copy) Copied ${id}`, 3000);
    return id;
  });

  registry.register(CommandIds.copyAsJson, 'Copy as JSON', async (node?: ExplorerNode) => {
    const json = target(node, treeView)?.json;
    if (json === undefined) {
      return undefined;
    }
    const text = JSON.stringify(json, null, 2);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage('$(copy) Copied as JSON', 3000);
    return text;
  });

  registry.register(CommandIds.showDetails, 'Show details', async (node?: ExplorerNode) => {
    const chosen = target(node, treeView);
    const id = chosen?.copyableId;
    if (!chosen || !id) {
      return undefined;
    }
    // A user's details are their licenses; anything else with details stands for a license.
    const command = chosen instanceof UserNode || isUuid(id) ? CommandIds.getUserLicenses : CommandIds.showDefinition;
    return runCommand(command, id);
  });
}
