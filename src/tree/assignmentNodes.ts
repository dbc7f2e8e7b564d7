import * as vscode from 'vscode';
import type { OrganizationAssignments } from '../api';
import { displayText } from '../core/displayText';
import { count, ExplorerNode, LoadMoreNode, TextNode, type Pager, RootNode } from './nodes';
import type { OrgData } from './orgData';
import { IN_MEMORY_PAGE, userRows } from './userNodes';
import { Pager as ListPager } from '../core/pager';

/**
 * "Organization assignments": license → the users holding it. What the removed `GET /license/organization` answered;
 * rebuilt from the users listing where the endpoint is gone, and the node says which.
 */
export class AssignmentsRootNode extends RootNode {
  private holders = new Map<string, LicenseHoldersNode>();

  constructor(private readonly data: OrgData) {
    super('assignments', 'Organization assignments', 'list-tree');
  }

  getTreeItem(): vscode.TreeItem {
    const item = this.rootItem();
    item.contextValue = this.contextValue('assignmentsRoot', 'refreshable');
    item.tooltip =
      'Who holds which license. Genesys removed GET /api/v2/license/organization in 2019; where an org no longer answers it, this is rebuilt from the paged users listing.';
    const { done, progress } = this.data.assignmentsProgress;
    if (!done && progress) {
      item.description = `scanning users… ${progress.pagesLoaded}/${progress.pageCount} pages`;
    }
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const assignments = await this.data.assignments();
    const source = new TextNode(
      this,
      assignments.source === 'legacy-endpoint'
        ? 'From GET /license/organization (removed by Genesys in 2019; this org still answers it)'
        : 'Rebuilt from the users listing (GET /license/organization was removed in 2019)',
      assignments.source === 'legacy-endpoint' ? 'warning' : 'info',
    );
    const licenseIds = Object.keys(assignments.licenses).sort((a, b) => a.localeCompare(b));
    if (licenseIds.length === 0) {
      return [source, new TextNode(this, 'No user holds any license.')];
    }
    const previous = this.holders;
    this.holders = new Map(
      licenseIds.map((licenseId) => [licenseId, previous.get(licenseId)?.with(assignments) ?? new LicenseHoldersNode(this, licenseId, assignments, this.data)]),
    );
    return [source, ...this.holders.values()];
  }

  override invalidate(): void {
    this.data.forgetAssignments();
    this.holders.clear();
  }
}

/** One license and, below, its holders, a page at a time. */
export class LicenseHoldersNode extends ExplorerNode implements Pager {
  private readonly shown = ListPager.overList(() => this.holderIds, IN_MEMORY_PAGE);

  constructor(
    parent: ExplorerNode,
    private readonly licenseId: string,
    private assignments: OrganizationAssignments,
    private readonly data: OrgData,
  ) {
    super(parent);
  }

  /** Keeps how many holders were shown when the data is rebuilt. */
  with(assignments: OrganizationAssignments): this {
    this.assignments = assignments;
    this.shown.refill();
    return this;
  }

  private get holderIds(): string[] {
    return (this.assignments.licenses[this.licenseId] ?? []).map((user) => user.id);
  }

  override get copyableId(): string {
    return this.licenseId;
  }

  override get json(): unknown {
    return { licenseId: this.licenseId, userIds: this.holderIds };
  }

  override get id(): string {
    return `assignments/${this.licenseId}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(displayText(this.licenseId) || '(no ID)', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = count(this.holderIds.length, 'user');
    item.iconPath = new vscode.ThemeIcon('law');
    item.contextValue = this.contextValue('licenseHolders', 'hasJson', 'hasDetails');
    item.tooltip = `${this.licenseId}: held by ${count(this.holderIds.length, 'user')}. Show details from the context menu.`;
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    await this.shown.ensureLoaded();
    const visible = this.shown.items;
    await this.data.loadNames([...visible]).catch(() => undefined); // names are a nicety; IDs show without them
    const licensesOf = new Map(this.data.users.items.map((user) => [user.id, user.licenses]));
    const rows: ExplorerNode[] = userRows(
      this,
      visible.map((id) => ({ id, licenses: licensesOf.get(id) ?? [this.licenseId] })),
      this.data,
    );
    if (this.shown.hasMore) {
      rows.push(new LoadMoreNode(this, `assignments/${this.licenseId}`, this.shown.remaining));
    }
    return rows;
  }

  loadMore(): Promise<void> {
    return this.shown.loadMore();
  }
}
