import * as vscode from 'vscode';
import type { SessionManager } from '../auth/sessionManager';
import type { AppliedBatch } from '../batch/changes';
import { presentError } from '../core/errorPresentation';
import type { Logger } from '../logging/logger';
import type { LastKnownStateStore } from '../state/lastKnownState';
import type { ToggleHistory } from '../state/toggleHistory';
import { AssignmentsRootNode } from './assignmentNodes';
import { HealthRootNode } from './healthNodes';
import { DefinitionsRootNode } from './licenseNodes';
import { displayText } from '../core/displayText';
import { ErrorNode, ExplorerNode } from './nodes';
import { OrgData } from './orgData';
import type { SnapshotStore } from '../state/snapshotStore';
import { SnapshotsRootNode } from './snapshotNodes';
import { TogglesRootNode } from './toggleNodes';
import { type FilterOutcome, UsersRootNode } from './userNodes';

export const EXPLORER_VIEW_ID = 'genesysLicenses.explorer';

interface Roots {
  data: OrgData;
  definitions: DefinitionsRootNode;
  users: UsersRootNode;
  assignments: AssignmentsRootNode;
  toggles: TogglesRootNode;
  health: HealthRootNode;
  snapshots: SnapshotsRootNode;
}

/**
 * The "License Explorer" view: its roots belong to the signed-in org and are rebuilt whenever the session changes.
 * The users filter belongs to the view, not the org data, so it survives refreshes.
 */
export class LicenseExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private roots?: Roots;
  private filterText?: string;
  private view?: vscode.TreeView<ExplorerNode>;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private dataSubscription?: vscode.Disposable;

  constructor(
    private readonly sessions: SessionManager,
    private readonly toggleHistory: ToggleHistory,
    private readonly logger: Logger,
    private readonly snapshots: SnapshotStore,
    /** Where each org's last known state is kept between windows; none keeps nothing. */
    private readonly lastKnown?: LastKnownStateStore,
  ) {
    this.disposables.push(
      snapshots.onDidChange(() => this.roots && this.changeEmitter.fire(this.roots.snapshots)),
      sessions.onDidChangeSession(() => this.rebuild()),
      toggleHistory.onDidChange((connectionId) => {
        if (this.roots && connectionId === sessions.current?.connection.id) {
          this.changeEmitter.fire(this.roots.toggles);
        }
      }),
    );
    this.rebuild();
  }

  /** The view shows the org's name and, while a filter is on, what it matched. */
  bindView(view: vscode.TreeView<ExplorerNode>): void {
    this.view = view;
    this.describeView(undefined);
  }

  private describeView(outcome: FilterOutcome | undefined): void {
    if (!this.view) {
      return;
    }
    const orgName = this.sessions.current?.connection.orgName;
    this.view.description = orgName && displayText(orgName);
    if (!outcome) {
      this.view.message = this.roots && freshnessMessage(this.roots.data);
      return;
    }
    const names = outcome.namesReadable ? '' : ' (this org does not let us read names: matching IDs only)';
    if (outcome.fallback) {
      this.logger.info(`Users filter “${outcome.filter}”: read every user's name because ${outcome.fallback}.`);
    }
    const found =
      outcome.searched === undefined
        ? `found by the directory's search${outcome.moreThanShown === undefined ? '' : ` (it matched ${outcome.moreThanShown.toLocaleString('en-US')}: type more to narrow)`}`
        : `of ${outcome.searched.toLocaleString('en-US')} match${names}`;
    this.view.message = `Users filtered by “${outcome.filter}”: ${outcome.matches.toLocaleString('en-US')} ${found}.`;
  }

  /** Says where the counts come from, unless a filter's outcome is shown. */
  private describeFreshness(data: OrgData): void {
    if (this.view && !this.filterText) {
      this.view.message = freshnessMessage(data);
    }
    if (!data.freshness.live && data.freshness.failure) {
      this.logger.warn(`The background refresh of the last known state failed: ${data.freshness.failure}`);
    } else if (data.freshness.live && data.freshness.since) {
      this.logger.info('The explorer switched from the last known state to live data.');
    }
  }

  private rebuild(): void {
    this.dataSubscription?.dispose();
    this.roots?.data.dispose();
    const session = this.sessions.current;
    if (session) {
      const { id, orgId } = session.connection;
      const data = new OrgData(session.client, orgId ? this.lastKnown?.keeperFor(id, orgId) : undefined);
      const roots: Roots = {
        data,
        definitions: new DefinitionsRootNode(data),
        users: new UsersRootNode(
          data,
          () => this.filterText,
          (outcome) => this.describeView(outcome),
        ),
        assignments: new AssignmentsRootNode(data),
        toggles: new TogglesRootNode(data, this.toggleHistory, session.connection.id),
        health: new HealthRootNode((node) => this.changeEmitter.fire(node)),
        snapshots: new SnapshotsRootNode(this.snapshots, session.connection.orgId),
      };
      this.roots = roots;
      this.dataSubscription = data.onDidChange((change) => {
        if (change === 'freshness') {
          this.describeFreshness(data);
          this.changeEmitter.fire(roots.definitions);
        } else if (change === 'assignments') {
          this.changeEmitter.fire(roots.definitions);
          this.changeEmitter.fire(roots.assignments);
        } else {
          this.changeEmitter.fire(roots.users);
        }
      });
    } else {
      this.roots = undefined; // the welcome view with its sign-in button shows instead
    }
    void vscode.commands.executeCommand('setContext', 'genesysLicenses.usersFiltered', this.filterText !== undefined);
    this.describeView(undefined);
    this.changeEmitter.fire(undefined);
  }

  get usersRoot(): UsersRootNode | undefined {
    return this.roots?.users;
  }

  /** The Health part of the signed-in org (none while signed out). */
  get healthRoot(): HealthRootNode | undefined {
    return this.roots?.health;
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  /** Filters users by name, email or ID (a full ID is looked up directly); an empty text clears the filter. */
  setFilter(text: string | undefined): void {
    this.filterText = text?.trim() || undefined;
    void vscode.commands.executeCommand('setContext', 'genesysLicenses.usersFiltered', this.filterText !== undefined);
    this.roots?.users.resetPaging();
    if (!this.filterText) {
      this.describeView(undefined);
    }
    if (this.roots) {
      this.changeEmitter.fire(this.roots.users);
    }
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
      const roots = this.roots;
      return roots ? [roots.definitions, roots.users, roots.assignments, roots.toggles, roots.health, roots.snapshots] : [];
    }
    try {
      return await node.getChildren();
    } catch (error) {
      const label = node.getTreeItem().label;
      const what = typeof label === 'string' ? label.toLowerCase() : 'this item';
      const presentation = presentError(error, `Loading ${what}`);
      if (presentation.silent) {
        return [];
      }
      this.logger.error(presentation.logDetail);
      return [new ErrorNode(node, what, presentation.message)];
    }
  }

  /** Reloads one node (after forgetting its data), or everything; the filter stays. */
  refresh(node?: ExplorerNode): void {
    if (!node && this.roots) {
      this.roots.data.cancelLoads(); // the loads in flight answer for what is being thrown away
      for (const root of [this.roots.definitions, this.roots.users, this.roots.assignments, this.roots.toggles]) {
        root.invalidate();
      }
    }
    node?.invalidate();
    this.changeEmitter.fire(node);
  }

  /**
   * After a batch apply, retry or undo: only the affected users are read again (when the write's read-back missed
   * them) and the view is updated in place. A change in another org is not this view's; a failed read falls back to
   * a full refresh.
   */
  async refreshAfterBatch(batch: AppliedBatch): Promise<void> {
    const roots = this.roots;
    const orgId = this.sessions.current?.connection.orgId;
    if (!roots || (batch.orgId && orgId && batch.orgId !== orgId)) {
      return;
    }
    const affected = [...batch.before.map((user) => user.id), ...batch.report.entries.map((entry) => entry.userId)].filter((id): id is string => !!id);
    try {
      await roots.data.applyUserChanges(affected, batch.report.usersAfter);
      this.logger.info(`Explorer updated in place for the ${new Set(affected).size} user(s) the batch touched; no rescan.`);
    } catch (error) {
      this.logger.warn(`Reading the changed users again failed (${presentError(error, 'Reading the changed users').message}); refreshing everything.`);
      if (this.roots === roots) {
        this.refresh();
      }
    }
  }

  /** Shows new children of a node without forgetting what it already loaded ("Load more…"). */
  redraw(node: ExplorerNode): void {
    this.changeEmitter.fire(node);
  }

  dispose(): void {
    this.dataSubscription?.dispose();
    this.roots?.data.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** "Last known state as of …", while it stands in for live data; then that live data replaced it. */
function freshnessMessage(data: OrgData): string | undefined {
  const freshness = data.freshness;
  if (freshness.live) {
    return freshness.since && `Live data: the background refresh replaced the last known state at ${freshness.since.toLocaleTimeString()}.`;
  }
  const asOf = `Last known state as of ${freshness.asOf.toLocaleString()}`;
  return freshness.failure ? `${asOf}: the refresh failed (${freshness.failure}). Refresh to try again.` : `${asOf}: refreshing in the background…`;
}
