import * as path from 'node:path';
import * as vscode from 'vscode';
import { GenesysApiError } from '../api';
import { type ActiveSession, describeConnection, type SessionManager } from '../auth/sessionManager';
import type { SavedConnection } from '../auth/connections';
import type { AppliedBatch } from '../batch/changes';
import type { BatchPrefill } from '../batch/draft';
import { CommandIds } from '../core/commandIds';
import { count } from '../core/markdown';
import { readCatalog, readUsersAndPeople } from '../core/orgLookups';
import { createSnapshot, fileSafeName, fileStamp, type LicenseSnapshot, type SnapshotOrg } from '../core/snapshot';
import { compareSnapshots, type SnapshotComparison } from '../core/snapshotCompare';
import { comparisonReport } from '../core/snapshotReport';
import { type ChangeRecordEntry, fileName, type SnapshotStore } from '../state/snapshotStore';
import { ChangeRecordNode, SnapshotFileNode } from '../tree/snapshotNodes';
import { showInformationMessage, showWarningMessage } from '../ui/messages';
import { runWithProgress, type TaskProgress } from '../ui/progress';
import { type Registry, runCommand } from './commandArguments';
import type { ResultDocuments } from '../ui/resultDocuments';

const LIVE = 'live';
const LIVE_LABEL = 'the live org';

export interface SaveSnapshotOutcome {
  uri: vscode.Uri;
  snapshot: LicenseSnapshot;
}

export interface CompareSnapshotsOutcome {
  earlier: vscode.Uri;
  later: vscode.Uri;
  comparison: SnapshotComparison;
  /** What "Restore These Licenses" opens the batch form with. */
  restore: BatchPrefill;
  markdown: string;
}

/** A side of a comparison as a command is given it: a file, a tree row, or "live". */
type Side = vscode.Uri | typeof LIVE;

function orgOf(connection: SavedConnection): SnapshotOrg {
  return { id: connection.orgId, name: connection.orgName, region: connection.environment };
}

/** A snapshot file given as an argument: a URI (or anything shaped like one), a snapshot row, an absolute path. */
function sideOf(argument: unknown): Side | undefined {
  if (argument === LIVE) {
    return LIVE;
  }
  if (argument instanceof SnapshotFileNode) {
    return argument.entry.uri;
  }
  if (typeof argument === 'object' && argument !== null && typeof (argument as vscode.Uri).scheme === 'string') {
    return vscode.Uri.from(argument as vscode.Uri);
  }
  if (typeof argument === 'string' && path.isAbsolute(argument)) {
    return vscode.Uri.file(argument);
  }
  if (argument !== undefined && !(argument instanceof ChangeRecordNode)) {
    throw new GenesysApiError({
      kind: 'invalid-argument',
      message: `A snapshot to compare is a file (a URI or an absolute path) or "live" (got ${JSON.stringify(argument)}). Nothing was compared.`,
    });
  }
  return undefined;
}

/**
 * Snapshots of the org's licenses: saved to files, compared (two files, or a file and the live org) in a summary and
 * VS Code's diff editor, put back through the batch form, and written by themselves for every batch change.
 */
class SnapshotCommands {
  /** The last comparison's reverse change, and the org it belongs to. */
  private lastRestore?: { prefill: BatchPrefill; orgId: string | undefined };

  constructor(
    private readonly sessions: SessionManager,
    private readonly store: SnapshotStore,
    private readonly results: ResultDocuments,
    private readonly registry: Registry,
  ) {}

  /** Reads the whole org: every user (the users scan), their names (the directory), the definitions. */
  private async take(session: ActiveSession, task: TaskProgress): Promise<LicenseSnapshot> {
    const { client } = session;
    const [{ users, people }, catalog] = await Promise.all([
      readUsersAndPeople(client, task.signal, (message, done, total) => task.report(message, done, total)),
      readCatalog(client, task.signal),
    ]);
    if (task.signal.aborted) {
      throw new GenesysApiError({ kind: 'cancelled', message: 'The snapshot was cancelled.' }); // after the last request: still no file
    }
    const note = [people.missing && `names and emails left out: ${people.missing}`, catalog.missing && `license definitions left out: ${catalog.missing}`]
      .filter(Boolean)
      .join('; ');
    return createSnapshot({
      org: orgOf(session.connection),
      takenAt: new Date().toISOString(),
      scope: 'organization',
      note: note || undefined,
      definitions: [...(catalog.value?.values() ?? [])].flatMap((definition) => (definition.id ? [{ id: definition.id, name: definition.description }] : [])),
      users: users.map((user) => {
        const person = people.value?.get(user.id);
        return { id: user.id, name: person?.name, email: person?.email, licenses: user.licenses };
      }),
    });
  }

  async save(target?: unknown): Promise<SaveSnapshotOutcome | undefined> {
    const session = this.sessions.requireSession();
    const { orgId, orgName } = session.connection;
    const given = sideOf(target);
    let uri = given instanceof vscode.Uri ? given : undefined;
    if (!uri) {
      const defaultUri = this.store.defaultSaveUri(orgId, `${fileSafeName(orgName)}-${fileStamp(new Date())}.json`);
      // The dialog offers the folder only once it exists.
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(defaultUri, '..'));
      uri = await vscode.window.showSaveDialog({
        title: 'Save License Snapshot',
        defaultUri,
        filters: { 'License snapshot': ['json'] },
        saveLabel: 'Save Snapshot',
      });
    }
    if (uri === undefined) {
      return undefined;
    }
    const snapshot = await runWithProgress(this.sessions, `Taking a license snapshot of ${describeConnection(session.connection)}`, (task) =>
      this.take(session, task),
    );
    await this.store.write(uri, snapshot);
    void showInformationMessage(`Saved a license snapshot of ${count(snapshot.users.length, 'user')} to ${fileName(uri)}.`, 'Open').then((choice) => {
      if (choice === 'Open') {
        void vscode.window.showTextDocument(uri);
      }
    });
    return { uri, snapshot };
  }

  /** Offers the org's snapshots (and, for the later side, the live org) or any file. */
  private async pickSide(title: string, offerLive: boolean): Promise<Side | undefined> {
    type Item = vscode.QuickPickItem & { side?: Side };
    const { saved, changes } = await this.store.list(this.sessions.current?.connection.orgId);
    const items: Item[] = [
      ...(offerLive && this.sessions.current ? [{ label: '$(cloud) The live org now', description: 'reads every user', side: LIVE } as Item] : []),
      ...saved.map((entry): Item => ({ label: entry.takenAt, description: fileName(entry.uri), side: entry.uri })),
      ...changes.flatMap((entry): Item[] => [
        { label: entry.takenAt, description: `before the batch ${entry.kind}`, side: entry.before },
        { label: entry.takenAt, description: `after the batch ${entry.kind}`, side: entry.after },
      ]),
      { label: '$(folder-opened) Choose a snapshot file…' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'A snapshot of this org, or a file' });
    if (!picked || picked.side) {
      return picked?.side;
    }
    const files = await vscode.window.showOpenDialog({
      title,
      canSelectMany: false,
      filters: { 'License snapshot': ['json'] },
      defaultUri: this.store.defaultSaveUri(this.sessions.current?.connection.orgId, ''),
    });
    return files?.[0];
  }

  async compare(first?: unknown, second?: unknown): Promise<CompareSnapshotsOutcome | undefined> {
    const record = first instanceof ChangeRecordNode ? first.entry : undefined;
    const earlierSide = record?.before ?? sideOf(first) ?? (await this.pickSide('Compare License Snapshots: the earlier snapshot', false));
    if (earlierSide === undefined) {
      return undefined;
    }
    const laterSide = sideOf(second) ?? record?.after ?? (await this.pickSide('Compare License Snapshots: the later one', earlierSide !== LIVE));
    if (laterSide === undefined) {
      return undefined;
    }
    if (earlierSide === LIVE && laterSide === LIVE) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: 'Compare the live org with a snapshot file, not with itself.' });
    }
    const live = earlierSide === LIVE || laterSide === LIVE ? this.sessions.requireSession() : undefined;
    const expectedOrgId = live?.connection.orgId;
    // Both files are read (and checked) before the org is: a bad file costs no scan.
    const files = await Promise.all(
      [earlierSide, laterSide]
        .filter((side): side is vscode.Uri => side !== LIVE)
        .map(async (uri) => ({ uri, snapshot: await this.store.read(uri, { expectedOrgId }), label: fileName(uri) })),
    );
    if (files.length === 2 && files[0].snapshot.org.id && files[1].snapshot.org.id && files[0].snapshot.org.id !== files[1].snapshot.org.id) {
      throw new GenesysApiError({
        kind: 'invalid-argument',
        message: `${files[0].label} and ${files[1].label} are snapshots of two different orgs: nothing to compare.`,
      });
    }
    let sides = files;
    if (live) {
      const snapshot = await runWithProgress(this.sessions, `Reading ${describeConnection(live.connection)} to compare`, (task) => this.take(live, task));
      sides = [...files, { uri: await this.store.writeLive(snapshot), snapshot, label: LIVE_LABEL }];
    } else if (Date.parse(files[0].snapshot.takenAt) > Date.parse(files[1].snapshot.takenAt)) {
      sides = [files[1], files[0]]; // the earlier one first, whichever was given first
    }
    const [earlier, later] = sides;
    const comparison = compareSnapshots(earlier.snapshot, later.snapshot);
    const markdown = comparisonReport(earlier, later, comparison);
    const restore: BatchPrefill = { assignments: comparison.restore };
    this.lastRestore = { prefill: restore, orgId: later.snapshot.org.id ?? earlier.snapshot.org.id };
    await this.results.showRendered(`Snapshot comparison ${earlier.label} ↔ ${later.label}`, markdown);
    // Beside the summary: the summary says what changed, the diff shows every line.
    await vscode.commands.executeCommand('vscode.diff', earlier.uri, later.uri, `${earlier.label} ↔ ${later.label}`, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
    });
    if (comparison.restore.length > 0) {
      void showInformationMessage(`${count(comparison.usersChanged, 'user')} changed licenses between the two snapshots.`, 'Restore These Licenses').then(
        (choice) => {
          if (choice) {
            void runCommand(CommandIds.restoreSnapshotLicenses);
          }
        },
      );
    }
    return { earlier: earlier.uri, later: later.uri, comparison, restore, markdown };
  }

  /** Opens the batch form with the last comparison's reverse change; its preview and confirmation come before any write. */
  async restore(): Promise<BatchPrefill> {
    const last = this.lastRestore;
    if (!last) {
      throw new GenesysApiError({
        kind: 'invalid-argument',
        message: 'Compare two license snapshots first: "Restore These Licenses" puts back the earlier licenses of the last comparison.',
      });
    }
    if (!last.prefill.assignments?.length) {
      throw new GenesysApiError({
        kind: 'invalid-argument',
        message: 'The last comparison found no license to restore: the users in both snapshots hold the same licenses.',
      });
    }
    const orgId = this.sessions.requireSession().connection.orgId;
    if (last.orgId && orgId && last.orgId !== orgId) {
      throw new GenesysApiError({
        kind: 'invalid-argument',
        message: 'The last comparison is of another org than the one signed in: switch to that org to restore its licenses.',
      });
    }
    await runCommand(CommandIds.openBatchAssignment, last.prefill);
    return last.prefill;
  }

  async open(node?: unknown): Promise<vscode.TextEditor | undefined> {
    const uri = sideOf(node);
    return uri instanceof vscode.Uri ? vscode.window.showTextDocument(uri) : undefined;
  }

  /** Deletes a snapshot, or a change record's pair, after a modal confirmation. */
  async delete(node?: unknown): Promise<boolean> {
    const uris =
      node instanceof ChangeRecordNode ? [node.entry.before, node.entry.after] : [sideOf(node)].filter((uri): uri is vscode.Uri => uri instanceof vscode.Uri);
    if (uris.length === 0) {
      return false;
    }
    const what =
      node instanceof ChangeRecordNode
        ? `the record of the batch ${node.entry.kind} of ${node.entry.takenAt} (its before and after snapshots)`
        : `the snapshot ${fileName(uris[0])}`;
    const answer = await showWarningMessage(
      `Delete ${what}?`,
      { modal: true, detail: 'The file is deleted, not moved to the trash: a snapshot in a git repository can be checked out again.' },
      'Delete',
    );
    if (answer !== 'Delete') {
      return false;
    }
    await this.store.delete(uris);
    return true;
  }

  /** Writes a batch's before and after for its affected users; a failure to record is said, and the batch stands. */
  async record(batch: AppliedBatch): Promise<ChangeRecordEntry | undefined> {
    try {
      const connection = this.sessions.current?.connection;
      const org: SnapshotOrg = connection && connection.orgId === batch.orgId ? orgOf(connection) : { id: batch.orgId, region: 'unknown' };
      const takenAt = new Date().toISOString();
      const note = 'a change record: only the users the batch touched, as the preview read them before and the read-back after';
      const snapshotOf = (users: AppliedBatch['before']) => createSnapshot({ org, takenAt, scope: 'users', note, definitions: [], users });
      return await this.store.recordChange(batch.kind, snapshotOf(batch.before), snapshotOf(batch.report.usersAfter));
    } catch (error) {
      await this.registry.report(error, `Recording the batch ${batch.kind} as snapshots`);
      return undefined;
    }
  }
}

export interface SnapshotRecorder {
  /** Records an applied batch; resolves once both files are written (or the failure was reported). */
  record(batch: AppliedBatch): Promise<ChangeRecordEntry | undefined>;
}

export function registerSnapshotCommands(registry: Registry, sessions: SessionManager, store: SnapshotStore, results: ResultDocuments): SnapshotRecorder {
  const commands = new SnapshotCommands(sessions, store, results, registry);
  registry.register(CommandIds.saveSnapshot, 'Save license snapshot', (target?: unknown) => commands.save(target));
  registry.register(CommandIds.compareSnapshots, 'Compare license snapshots', (first?: unknown, second?: unknown) => commands.compare(first, second));
  registry.register(CommandIds.restoreSnapshotLicenses, 'Restore these licenses', () => commands.restore());
  registry.register(CommandIds.openSnapshot, 'Open snapshot', (node?: unknown) => commands.open(node));
  registry.register(CommandIds.compareSnapshotWithLive, 'Compare snapshot with the live org', (node?: unknown) =>
    commands.compare(node instanceof ChangeRecordNode ? node.entry.before : node, LIVE),
  );
  registry.register(CommandIds.compareSnapshotWithAnother, 'Compare snapshots', (node?: unknown) => commands.compare(node));
  registry.register(CommandIds.deleteSnapshot, 'Delete snapshot', (node?: unknown) => commands.delete(node));
  return commands;
}
