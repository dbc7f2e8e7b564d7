import * as vscode from 'vscode';

/**
 * A node of the explorer. Each node builds its own TreeItem and owns its children; a parent that caches data
 * implements `invalidate` so a retry or a refresh loads it again.
 */
export abstract class ExplorerNode {
  constructor(readonly parent: ExplorerNode | undefined) {}

  abstract getTreeItem(): vscode.TreeItem;

  getChildren(): Promise<ExplorerNode[]> | ExplorerNode[] {
    return [];
  }

  /** Forget cached data so the next expansion loads it again. */
  invalidate(): void {}

  /** The Genesys ID "Copy ID" copies, when the node stands for something that has one. */
  get copyableId(): string | undefined {
    return undefined;
  }

  /** The compound contextValue menus match (`hasId`, `error`, …): flags separated by spaces. */
  protected contextValue(...flags: string[]): string {
    return [...flags, ...(this.copyableId ? ['hasId'] : [])].join(' ');
  }
}

/** A line that says why a list is empty, instead of an empty list. */
export class MessageNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode | undefined,
    private readonly message: string,
    private readonly icon = 'info',
  ) {
    super(parent);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = this.contextValue('message');
    return item;
  }
}

/** What a failed load shows in place of the children: the reason, and a click (or inline button) to retry. */
export class ErrorNode extends ExplorerNode {
  constructor(
    readonly owner: ExplorerNode,
    private readonly what: string,
    private readonly reason: string,
  ) {
    super(owner);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Could not load ${this.what}`, vscode.TreeItemCollapsibleState.None);
    item.description = this.reason;
    item.tooltip = new vscode.MarkdownString(`**Could not load ${this.what}.**\n\n${this.reason}\n\nClick to try again; details are in the log (Genesys Cloud Licenses: Show Logs).`);
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = this.contextValue('error');
    item.command = { command: 'genesysLicenses.retryNode', title: 'Retry', arguments: [this] };
    item.accessibilityInformation = { label: `Could not load ${this.what}: ${this.reason}. Press Enter to retry.` };
    return item;
  }
}
