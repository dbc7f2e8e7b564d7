import * as vscode from 'vscode';
import { CommandIds } from '../core/commandIds';
import { type ChangeRecordEntry, fileName, type SavedSnapshotEntry, type SnapshotStore } from '../state/snapshotStore';
import { ExplorerNode, TextNode, RootNode } from './nodes';

/** "2026-12-02 03:04:05 UTC": snapshots of one day are told apart by the second. */
function shownTime(iso: string): string {
  return `${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC`;
}

/** "Snapshots": the saved snapshots of the signed-in org and the automatic records of its batches, newest first. */
export class SnapshotsRootNode extends RootNode {
  constructor(
    private readonly store: SnapshotStore,
    private readonly orgId: string | undefined,
  ) {
    super('snapshots', 'Snapshots', 'history');
  }

  getTreeItem(): vscode.TreeItem {
    const item = this.rootItem();
    item.tooltip =
      'License snapshots of this org: saved ones (in the workspace’s license-snapshots folder or the extension’s storage) and the records every batch change writes.';
    item.contextValue = this.contextValue('snapshotsRoot', 'refreshable');
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const { saved, changes } = await this.store.list(this.orgId);
    if (saved.length + changes.length === 0) {
      return [new TextNode(this, 'No snapshot of this org yet: run "Save License Snapshot" (a batch change records one by itself).')];
    }
    return [...saved.map((entry) => new SnapshotFileNode(this, entry)), ...changes.map((entry) => new ChangeRecordNode(this, entry))];
  }
}

/** A saved snapshot file: click to open it; compare or delete from its menu. */
export class SnapshotFileNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly entry: SavedSnapshotEntry,
  ) {
    super(parent);
  }

  override get id(): string {
    return `snapshots/${this.entry.uri.toString()}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = this.leafItem(shownTime(this.entry.takenAt), 'file-code');
    item.description = `${fileName(this.entry.uri)}${this.entry.where === 'storage' ? ' (extension storage)' : ''}`;
    item.tooltip = `License snapshot taken ${shownTime(this.entry.takenAt)}\n${this.entry.uri.scheme === 'file' ? this.entry.uri.fsPath : this.entry.uri.toString()}`;
    item.contextValue = this.contextValue('snapshot');
    item.command = { command: CommandIds.openSnapshot, title: 'Open', arguments: [this] };
    return item;
  }
}

const CHANGE_NAMES: Record<ChangeRecordEntry['kind'], string> = { apply: 'Batch applied', retry: 'Batch retried', undo: 'Batch undone' };

/** The before and after a batch change recorded: click to compare them. */
export class ChangeRecordNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly entry: ChangeRecordEntry,
  ) {
    super(parent);
  }

  override get id(): string {
    return `snapshots/${this.entry.before.toString()}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = this.leafItem(CHANGE_NAMES[this.entry.kind], 'diff');
    item.description = shownTime(this.entry.takenAt);
    item.tooltip = `${CHANGE_NAMES[this.entry.kind]} ${shownTime(this.entry.takenAt)}: the affected users’ licenses before and after. Click to compare them.`;
    item.contextValue = this.contextValue('snapshotChange');
    item.command = { command: CommandIds.compareSnapshots, title: 'Compare', arguments: [this] };
    return item;
  }
}
