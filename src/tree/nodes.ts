import * as vscode from 'vscode';
import { displayText, MAX_DESCRIPTION_LENGTH } from '../core/displayText';
import { CommandIds } from '../core/commandIds';

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

  /** The TreeItem's id, unique in the view, which keeps a row's expansion and selection across refreshes; a row that
   * has none (a message, a leaf) is told apart by its position. Children build theirs from it. */
  get id(): string | undefined {
    return undefined;
  }

  /** What "Copy as JSON" copies, when the node stands for data the org answered. */
  get json(): unknown {
    return undefined;
  }

  /** The Genesys ID "Copy ID" copies, when the node stands for something that has one. */
  get copyableId(): string | undefined {
    return undefined;
  }

  /** A row without children: its label, id and icon; the node adds the rest. */
  protected leafItem(label: string, icon: string): vscode.TreeItem {
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(icon);
    return item;
  }

  /** The compound contextValue menus match (`hasId`, `error`, …): flags separated by spaces. */
  protected contextValue(...flags: string[]): string {
    return [...flags, ...(this.copyableId ? ['hasId'] : [])].join(' ');
  }
}

/** A row that stands for one thing the org answered: "Copy ID" copies its Genesys ID, "Copy as JSON" the answer. */
export abstract class AnsweredNode<Answer> extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    private readonly answer: Answer,
    private readonly rowId: string,
    private readonly genesysId: string | undefined,
  ) {
    super(parent);
  }

  override get id(): string {
    return this.rowId;
  }

  override get copyableId(): string | undefined {
    return this.genesysId;
  }

  override get json(): unknown {
    return this.answer;
  }
}

/** A top-level part of the explorer: a fixed id (which keeps its expansion across refreshes), a label and an icon. */
export abstract class RootNode extends ExplorerNode {
  constructor(
    private readonly rootId: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly expanded = false,
  ) {
    super(undefined);
  }

  override get id(): string {
    return this.rootId;
  }

  /** The row as every part starts it; each adds its description, tooltip and menu flags. */
  protected rootItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    return item;
  }
}

/**
 * A line of text: why a list is empty or where it came from (a message), or a single value such as a permission
 * (a leaf, which "Copy ID" copies).
 */
export class TextNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode | undefined,
    private readonly text: string,
    private readonly icon = 'info',
    private readonly value?: string,
  ) {
    super(parent);
  }

  override get copyableId(): string | undefined {
    return this.value;
  }

  getTreeItem(): vscode.TreeItem {
    // A message is ours and shown whole; a value is the org's, cleaned for a row.
    const label = this.value === undefined ? this.text : displayText(this.text) || this.text;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.tooltip = this.text;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = this.contextValue(this.value === undefined ? 'message' : 'leaf');
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
    item.description = displayText(this.reason, MAX_DESCRIPTION_LENGTH);
    // Plain text, never Markdown: the reason holds the server's own message.
    item.tooltip = `Could not load ${this.what}.\n\n${this.reason}\n\nClick to try again; details are in the log (Genesys Cloud Licenses: Show Logs).`;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = this.contextValue('error');
    item.command = { command: CommandIds.retryNode, title: 'Retry', arguments: [this] };
    item.accessibilityInformation = { label: `Could not load ${this.what}: ${this.reason}. Press Enter to retry.` };
    return item;
  }
}

/** Something that can show more of its children ("Load more…"). */
export interface Pager extends ExplorerNode {
  loadMore(): Promise<void>;
}

/** The last row while more exists; clicking it (or Enter) appends the next part. */
export class LoadMoreNode extends ExplorerNode {
  constructor(
    readonly owner: Pager,
    private readonly path: string,
    private readonly remaining: number | undefined,
  ) {
    super(owner);
  }

  override get id(): string {
    return `${this.path}/#load-more`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.remaining === undefined ? undefined : `${this.remaining.toLocaleString('en-US')} more`;
    item.iconPath = new vscode.ThemeIcon('sync');
    item.contextValue = this.contextValue('loadMore');
    item.command = { command: CommandIds.loadMore, title: 'Load More', arguments: [this] };
    item.accessibilityInformation = { label: `Load more${item.description ? `, ${item.description}` : ''}` };
    return item;
  }
}

/** Formats counts the same way everywhere: 20 000 reads better than 20000. */
export function count(value: number, noun: string, plural = `${noun}s`): string {
  return `${value.toLocaleString('en-US')} ${value === 1 ? noun : plural}`;
}
