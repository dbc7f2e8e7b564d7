import * as vscode from 'vscode';
import { type LastKnownOrgState, parseKeptState, serializeKeptState } from '../core/keptState';
import type { ClientLogger } from '../api/http';

/** The org's state as kept between windows, without the org it belongs to (the keeper is bound to it). */
export type KeptOrgState = Omit<LastKnownOrgState, 'orgId'>;

/** Keeps the last known state of one session's org between windows (bound to its connection and org). */
export interface OrgStateKeeper {
  load(): Promise<KeptOrgState | undefined>;
  save(state: KeptOrgState): Promise<void>;
}

/**
 * The last known state per connection, one file each in the extension's global storage (never settings, never
 * SecretStorage: nothing in it is secret). Removed when the connection signs out; never given for another org than
 * the one it was read from.
 */
export class LastKnownStateStore {
  /** How many times each connection's state was removed by sign-out: a keeper from before a removal never writes again. */
  private readonly removals = new Map<string, number>();
  /** Each connection's writes and removals, one after another: a removal never runs under a write still in flight. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly folder: vscode.Uri,
    private readonly logger: Pick<ClientLogger, 'info'>,
  ) {}

  private async fileOf(connectionId: string): Promise<vscode.Uri> {
    // Loaded here, not at activation: Node's crypto module takes about 6 ms to load.
    const { createHash } = await import('node:crypto');
    // Hashed: a connection ID is ours, but a file name should not depend on what characters it holds.
    return vscode.Uri.joinPath(this.folder, 'last-known', `${createHash('sha256').update(connectionId).digest('hex').slice(0, 32)}.json`);
  }

  /** The state kept for this connection if it was read from `orgId`; anything else (another org, a damaged file) is removed. */
  async load(connectionId: string, orgId: string): Promise<LastKnownOrgState | undefined> {
    const file = await this.fileOf(connectionId);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(file);
    } catch {
      return undefined; // nothing kept yet
    }
    try {
      return parseKeptState(new TextDecoder().decode(bytes), orgId);
    } catch (error) {
      this.logger.info(`The last known state kept for this connection was not used (${(error as Error).message}); it is removed.`);
      await this.inTurn(connectionId, () => this.deleteFile(connectionId));
      return undefined;
    }
  }

  save(connectionId: string, state: LastKnownOrgState): Promise<void> {
    return this.inTurn(connectionId, () => this.write(connectionId, state));
  }

  /** The keeper of one connection's state, for the org it is signed in to; it stops writing once the connection signs out. */
  keeperFor(connectionId: string, orgId: string): OrgStateKeeper {
    const removalsBefore = this.removals.get(connectionId) ?? 0;
    const signedOutSince = () => (this.removals.get(connectionId) ?? 0) !== removalsBefore;
    return {
      load: () => this.load(connectionId, orgId),
      save: (state) => this.inTurn(connectionId, async () => (signedOutSince() ? undefined : this.write(connectionId, { orgId, ...state }))),
    };
  }

  /** Removes the connection's state for good (sign-out): after any write in flight, and no keeper made before writes it again. */
  remove(connectionId: string): Promise<void> {
    this.removals.set(connectionId, (this.removals.get(connectionId) ?? 0) + 1);
    return this.inTurn(connectionId, () => this.deleteFile(connectionId));
  }

  private inTurn(connectionId: string, work: () => Promise<void>): Promise<void> {
    const turn = (this.queues.get(connectionId) ?? Promise.resolve()).then(work);
    const settled = turn.catch(() => undefined);
    this.queues.set(connectionId, settled);
    void settled.then(() => this.queues.get(connectionId) === settled && this.queues.delete(connectionId));
    return turn;
  }

  private async write(connectionId: string, state: LastKnownOrgState): Promise<void> {
    const written = serializeKeptState(state);
    if ('tooLarge' in written) {
      this.logger.info(`The org's last known state is not kept (${written.tooLarge}): a reloaded window starts from a live scan.`);
      await this.deleteFile(connectionId);
      return;
    }
    const file = await this.fileOf(connectionId);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
    await this.replace(file, new TextEncoder().encode(written.json));
  }

  /**
   * Writes beside the file, then renames over it: a window that reads it meanwhile sees the old state or the new, never
   * a truncated one it would take for damaged and remove. Through Node's fs: VS Code's `rename` with `overwrite`
   * deletes the target first, which leaves a moment with no file at all. The global storage of a Node extension host
   * is on its own disk (a `file:` URI), locally and remotely alike.
   */
  private async replace(file: vscode.Uri, bytes: Uint8Array): Promise<void> {
    const [fs, { randomUUID }] = await Promise.all([import('node:fs/promises'), import('node:crypto')]);
    const partial = `${file.fsPath}.${randomUUID()}.partial`;
    try {
      await fs.writeFile(partial, bytes);
      await fs.rename(partial, file.fsPath);
    } catch (error) {
      await fs.rm(partial, { force: true });
      throw error;
    }
  }

  private async deleteFile(connectionId: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(await this.fileOf(connectionId));
    } catch {
      // nothing was kept
    }
  }
}
