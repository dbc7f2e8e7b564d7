import * as vscode from 'vscode';
import type { UserLicenseIds } from '../api';
import { LeafNode } from './licenseNodes';
import { ExplorerNode, MessageNode } from './nodes';
import type { OrgData } from './orgData';

/** "Users": the paged users listing, one page at a time with "Load more…" at the end. */
export class UsersRootNode extends ExplorerNode {
  constructor(private readonly data: OrgData) {
    super(undefined);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Users', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = 'users';
    item.iconPath = new vscode.ThemeIcon('person');
    if (this.data.usersTotal !== undefined) {
      item.description = `${this.data.users.length} of ${this.data.usersTotal}`;
    }
    item.contextValue = this.contextValue('usersRoot');
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    if (this.data.usersPagesLoaded === 0) {
      await this.data.loadNextUsersPage();
    }
    if (this.data.users.length === 0) {
      return [new MessageNode(this, 'This organization has no users.')];
    }
    const rows: ExplorerNode[] = this.data.users.map((user) => new UserNode(this, user));
    if (this.data.hasMoreUsers) {
      rows.push(new LoadMoreNode(this, this.data.usersTotal === undefined ? undefined : this.data.usersTotal - this.data.users.length));
    }
    return rows;
  }

  loadMore(): Promise<void> {
    return this.data.loadNextUsersPage();
  }

  override invalidate(): void {
    this.data.forgetUsers();
  }
}

/** One user and, below, the IDs of the licenses they hold. */
export class UserNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly user: UserLicenseIds,
  ) {
    super(parent);
  }

  override get copyableId(): string {
    return this.user.id;
  }

  getTreeItem(): vscode.TreeItem {
    const count = this.user.licenses.length;
    const item = new vscode.TreeItem(this.user.id, count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `users/${this.user.id}`;
    item.description = count === 1 ? '1 license' : `${count} licenses`;
    item.iconPath = new vscode.ThemeIcon(count > 0 ? 'person' : 'circle-slash');
    item.contextValue = this.contextValue('user');
    return item;
  }

  override getChildren(): ExplorerNode[] {
    return [...this.user.licenses].sort().map((licenseId) => new LeafNode(this, licenseId, 'law', licenseId));
  }
}

/** The last row while more pages exist; clicking it appends the next page. */
export class LoadMoreNode extends ExplorerNode {
  constructor(
    readonly owner: UsersRootNode,
    private readonly remaining: number | undefined,
  ) {
    super(owner);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.id = 'users/#load-more';
    item.description = this.remaining === undefined ? undefined : `${this.remaining} more`;
    item.iconPath = new vscode.ThemeIcon('sync');
    item.contextValue = this.contextValue('loadMore');
    item.command = { command: 'genesysLicenses.loadMoreUsers', title: 'Load More Users', arguments: [this] };
    return item;
  }
}
