import * as vscode from 'vscode';
import { fileStamp, type LicenseSnapshot, parseSnapshot, parseSnapshotHeader, type ParseOptions, SnapshotFormatError, snapshotText } from '../core/snapshot';

/** The workspace folder saved snapshots go to by default, and where the explorer looks for them. */
export const WORKSPACE_SNAPSHOT_FOLDER = 'license-snapshots';
/** Live snapshots kept per org for the diff editors still open on them; older ones go. */
const LIVE_KEPT = 3;
/** Enough for the header of any snapshot this extension writes (the org's name is the only long part). */
const HEADER_BYTES = 64 * 1024;
/** A snapshot bigger than this is refused before it is read: 1 000 000 users take about 150 MB. */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

export type ChangeKind = 'apply' | 'retry' | 'undo';

/** A snapshot file the explorer lists. */
export interface SavedSnapshotEntry {
  uri: vscode.Uri;
  takenAt: string;
  where: 'workspace' | 'storage';
}

/** A batch's automatic before/after pair. */
export interface ChangeRecordEntry {
  before: vscode.Uri;
  after: vscode.Uri;
  takenAt: string;
  kind: ChangeKind;
}

export function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

const CHANGE_FILE = /^(.+)-(apply|retry|undo)-(before|after)\.json$/;

/**
 * Where snapshots live: saved ones in the workspace's `license-snapshots` folder (or, without a workspace, the
 * extension's global storage), the automatic records of every batch and the live snapshots of comparisons in global
 * storage, one folder per org. Files only: no settings, no secrets.
 */
export class SnapshotStore implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when a snapshot was written or deleted. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly storageUri: vscode.Uri) {}

  /** The org's folder in global storage; an org ID is a UUID, anything else in it is replaced. */
  orgFolder(orgId: string | undefined): vscode.Uri {
    return vscode.Uri.joinPath(this.storageUri, 'snapshots', orgId ? orgId.replace(/[^A-Za-z0-9-]/g, '_') : 'unidentified-org');
  }

  private workspaceFolder(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return folder && vscode.Uri.joinPath(folder, WORKSPACE_SNAPSHOT_FOLDER);
  }

  /** Where "Save License Snapshot" offers to write: the workspace's snapshot folder, else the org's storage folder. */
  defaultSaveUri(orgId: string | undefined, fileName: string): vscode.Uri {
    return vscode.Uri.joinPath(this.workspaceFolder() ?? vscode.Uri.joinPath(this.orgFolder(orgId), 'saved'), fileName);
  }

  async write(uri: vscode.Uri, snapshot: LicenseSnapshot): Promise<void> {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(snapshotText(snapshot)));
    this.changeEmitter.fire();
  }

  /** Reads and checks a snapshot file; throws SnapshotFormatError (or the file system's error) saying what is wrong. */
  async read(uri: vscode.Uri, options: ParseOptions = {}): Promise<LicenseSnapshot> {
    const { size } = await vscode.workspace.fs.stat(uri);
    if (size > MAX_SNAPSHOT_BYTES) {
      throw new SnapshotFormatError(
        `${fileName(uri)} is ${Math.round(size / 1024 / 1024)} MB: more than any license snapshot (at most ${MAX_SNAPSHOT_BYTES / 1024 / 1024} MB).`,
      );
    }
    try {
      return parseSnapshot(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), options);
    } catch (error) {
      throw error instanceof SnapshotFormatError ? new SnapshotFormatError(`${fileName(uri)}: ${error.message}`) : error;
    }
  }

  /** Writes a batch's before and after as two snapshots of the affected users, in the org's folder. */
  async recordChange(kind: ChangeKind, before: LicenseSnapshot, after: LicenseSnapshot): Promise<ChangeRecordEntry> {
    const folder = vscode.Uri.joinPath(this.orgFolder(before.org.id), 'changes');
    const stamp = fileStamp(new Date(after.takenAt));
    // Two batches in the same second get their own names.
    const existing = new Set(await this.names(folder));
    let name = stamp;
    for (let n = 2; existing.has(`${name}-${kind}-before.json`); n++) {
      name = `${stamp}-${n}`;
    }
    const entry: ChangeRecordEntry = {
      before: vscode.Uri.joinPath(folder, `${name}-${kind}-before.json`),
      after: vscode.Uri.joinPath(folder, `${name}-${kind}-after.json`),
      takenAt: after.takenAt,
      kind,
    };
    await this.write(entry.before, before);
    await this.write(entry.after, after);
    return entry;
  }

  /** Writes the live org's snapshot for a comparison (the diff editor needs a file), keeping the last few. */
  async writeLive(snapshot: LicenseSnapshot): Promise<vscode.Uri> {
    const folder = vscode.Uri.joinPath(this.orgFolder(snapshot.org.id), 'live');
    const uri = vscode.Uri.joinPath(folder, `${fileStamp(new Date(snapshot.takenAt))}-live.json`);
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(snapshotText(snapshot)));
    const old = (await this.names(folder)).sort().reverse().slice(LIVE_KEPT);
    await Promise.all(old.map((name) => vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, name))));
    return uri;
  }

  /** The org's saved snapshots (workspace and storage) and change records, newest first. */
  async list(orgId: string | undefined): Promise<{ saved: SavedSnapshotEntry[]; changes: ChangeRecordEntry[] }> {
    const saved: SavedSnapshotEntry[] = [];
    const places: [vscode.Uri | undefined, SavedSnapshotEntry['where']][] = [
      [this.workspaceFolder(), 'workspace'],
      [vscode.Uri.joinPath(this.orgFolder(orgId), 'saved'), 'storage'],
    ];
    for (const [folder, where] of places) {
      if (!folder) {
        continue;
      }
      for (const name of (await this.names(folder)).filter((file) => file.endsWith('.json'))) {
        const uri = vscode.Uri.joinPath(folder, name);
        const header = parseSnapshotHeader(await this.start(uri));
        // A workspace folder is shared by every org a person works with: only this org's are listed.
        if (header && (header.org.id === orgId || header.org.id === undefined)) {
          saved.push({ uri, takenAt: header.takenAt, where });
        }
      }
    }
    const changesFolder = vscode.Uri.joinPath(this.orgFolder(orgId), 'changes');
    const changes: ChangeRecordEntry[] = [];
    for (const name of await this.names(changesFolder)) {
      const match = CHANGE_FILE.exec(name);
      if (match?.[3] === 'before') {
        const after = vscode.Uri.joinPath(changesFolder, `${match[1]}-${match[2]}-after.json`);
        const header = parseSnapshotHeader(await this.start(after));
        if (header) {
          changes.push({ before: vscode.Uri.joinPath(changesFolder, name), after, takenAt: header.takenAt, kind: match[2] as ChangeKind });
        }
      }
    }
    const newestFirst = (a: { takenAt: string }, b: { takenAt: string }) => Date.parse(b.takenAt) - Date.parse(a.takenAt);
    return { saved: saved.sort(newestFirst), changes: changes.sort(newestFirst) };
  }

  async delete(uris: readonly vscode.Uri[]): Promise<void> {
    try {
      await Promise.all(uris.map((uri) => vscode.workspace.fs.delete(uri)));
    } finally {
      this.changeEmitter.fire();
    }
  }

  /** The file names in a folder; none when it does not exist yet. */
  private async names(folder: vscode.Uri): Promise<string[]> {
    try {
      return (await vscode.workspace.fs.readDirectory(folder)).filter(([, type]) => type === vscode.FileType.File).map(([name]) => name);
    } catch {
      return [];
    }
  }

  /** The first bytes of a file (a snapshot's header), without reading a big file whole when it is on disk. */
  private async start(uri: vscode.Uri): Promise<string> {
    try {
      if (uri.scheme !== 'file') {
        return new TextDecoder().decode((await vscode.workspace.fs.readFile(uri)).subarray(0, HEADER_BYTES));
      }
      // Loaded here, not at activation, which it would cost about 2 ms.
      const fs = await import('node:fs/promises');
      const file = await fs.open(uri.fsPath, 'r');
      try {
        const { buffer, bytesRead } = await file.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
        return new TextDecoder().decode(buffer.subarray(0, bytesRead));
      } finally {
        await file.close();
      }
    } catch {
      return '';
    }
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
