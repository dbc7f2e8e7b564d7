import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { LicenseDefinition, UserLicenseIds } from '../api';
import { licenseDefinitions } from '../api/answerShapes';
import { list, record, text } from '../api/shapes';
import type { ClientLogger } from '../api/http';

/**
 * What the explorer last read of an org: its definitions and every user's license IDs, so that a reloaded window
 * shows counts at once (marked "as of" the time it was saved) while the live scan runs. Not a secret, and not org
 * text the extension trusts: it is read back through the same shapes as an answer from the org.
 */
export interface LastKnownOrgState {
  orgId: string;
  /** ISO time the state was read from the org. */
  savedAt: string;
  definitions: LicenseDefinition[];
  users: UserLicenseIds[];
}

/** The org's state as kept between windows, without the org it belongs to (the keeper is bound to it). */
export type KeptOrgState = Omit<LastKnownOrgState, 'orgId'>;

/** Keeps the last known state of one session's org between windows (bound to its connection and org). */
export interface OrgStateKeeper {
  load(): Promise<KeptOrgState | undefined>;
  save(state: KeptOrgState): Promise<void>;
}

/**
 * The bound: 100 000 users, or 32 MB written. A larger org is not kept (its file is removed and the log says so):
 * its window starts from a live scan, as before.
 */
export const MAX_KEPT_USERS = 100_000;
export const MAX_KEPT_BYTES = 32 * 1024 * 1024;

const FORMAT = 1;
const stateShape = record({ format: text, orgId: text, savedAt: text, definitions: licenseDefinitions, users: list(record({ id: text, licenses: list(text) })) });

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

  private fileOf(connectionId: string): vscode.Uri {
    // Hashed: a connection ID is ours, but a file name should not depend on what characters it holds.
    return vscode.Uri.joinPath(this.folder, 'last-known', `${createHash('sha256').update(connectionId).digest('hex').slice(0, 32)}.json`);
  }

  /** The state kept for this connection if it was read from `orgId`; anything else (another org, a damaged file) is removed. */
  async load(connectionId: string, orgId: string): Promise<LastKnownOrgState | undefined> {
    const file = this.fileOf(connectionId);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(file);
    } catch {
      return undefined; // nothing kept yet
    }
    try {
      const state = stateShape(JSON.parse(new TextDecoder().decode(bytes)), '');
      if (state.format !== String(FORMAT) || state.orgId !== orgId || Number.isNaN(Date.parse(state.savedAt))) {
        throw new Error(state.orgId !== orgId ? 'it belongs to another org' : 'its format is not this version’s');
      }
      return state;
    } catch (error) {
      this.logger.info(`The last known state kept for this connection was not used (${(error as Error).message}); it is removed.`);
      await this.remove(connectionId);
      return undefined;
    }
  }

  async save(connectionId: string, state: LastKnownOrgState): Promise<void> {
    const why = state.users.length > MAX_KEPT_USERS ? `${state.users.length.toLocaleString('en-US')} users, more than ${MAX_KEPT_USERS.toLocaleString('en-US')}` : undefined;
    const json = why ? '' : JSON.stringify({ format: String(FORMAT), ...state });
    if (why || json.length > MAX_KEPT_BYTES) {
      this.logger.info(`The org's last known state is not kept (${why ?? `${Math.round(json.length / 1024 / 1024)} MB, more than ${MAX_KEPT_BYTES / 1024 / 1024} MB`}): a reloaded window starts from a live scan.`);
      await this.remove(connectionId);
      return;
    }
    const file = this.fileOf(connectionId);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(json));
  }

  /** The keeper of one connection's state, for the org it is signed in to. */
  keeperFor(connectionId: string, orgId: string): OrgStateKeeper {
    return { load: () => this.load(connectionId, orgId), save: (state) => this.save(connectionId, { orgId, ...state }) };
  }

  async remove(connectionId: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.fileOf(connectionId));
    } catch {
      // nothing was kept
    }
  }
}
