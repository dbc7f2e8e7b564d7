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
      await this.remove(connectionId);
      return undefined;
    }
  }

  async save(connectionId: string, state: LastKnownOrgState): Promise<void> {
    const written = serializeKeptState(state);
    if ('tooLarge' in written) {
      this.logger.info(`The org's last known state is not kept (${written.tooLarge}): a reloaded window starts from a live scan.`);
      await this.remove(connectionId);
      return;
    }
    const file = await this.fileOf(connectionId);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(written.json));
  }

  /** The keeper of one connection's state, for the org it is signed in to. */
  keeperFor(connectionId: string, orgId: string): OrgStateKeeper {
    return { load: () => this.load(connectionId, orgId), save: (state) => this.save(connectionId, { orgId, ...state }) };
  }

  async remove(connectionId: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(await this.fileOf(connectionId));
    } catch {
      // nothing was kept
    }
  }
}
