import * as vscode from 'vscode';
import type { SessionManager } from '../auth/sessionManager';
import { presentError } from '../commands/errorPolicy';
import type { Logger } from '../logging/logger';
import { DefinitionsRootNode } from './licenseNodes';
import { ErrorNode, ExplorerNode } from './nodes';
import { OrgData } from './orgData';
import { UsersRootNode } from './userNodes';

export const EXPLORER_VIEW_ID = 'genesysLicenses.explorer';

/** The "License Explorer" view: roots per signed-in org, rebuilt whenever the session changes. */
export class LicenseExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private roots: ExplorerNode[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly sessions: SessionManager,
    private readonly logger: Logger,
  ) {
    this.subscription = sessions.onDidChangeSession(() => this.rebuild());
    this.rebuild();
  }

  private rebuild(): void {
    const session = this.sessions.current;
    if (session) {
      const data = new OrgData(session.client);
      this.roots = [new DefinitionsRootNode(data), new UsersRootNode(data)];
    } else {
      this.roots = []; // the welcome view with its sign-in button shows instead
    }
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  /** A node whose load fails shows one error node with the reason and a retry, never an empty list. */
  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) {
      return this.roots;
    }
    try {
      return await node.getChildren();
    } catch (error) {
      const label = node.getTreeItem().label;
      const what = typeof label === 'string' ? label.toLowerCase() : 'this item';
      const presentation = presentError(error, `Loading ${what}`);
      this.logger.error(presentation.logDetail);
      return [new ErrorNode(node, what, presentation.message)];
    }
  }

  /** Reloads one node (after forgetting its data), or everything. */
  refresh(node?: ExplorerNode): void {
    for (const target of node ? [node] : this.roots) {
      target.invalidate();
    }
    this.changeEmitter.fire(node);
  }

  /** Shows new children of a node without forgetting what it already loaded ("Load more…"). */
  redraw(node: ExplorerNode): void {
    this.changeEmitter.fire(node);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
