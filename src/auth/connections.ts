import * as vscode from 'vscode';

import type { BrowserTokens } from '../api';

export type SignInMethod = 'clientCredentials' | 'accessToken' | 'browser';

/** A saved way into one org. Holds no secret: those live in SecretStorage under `secretKey(id)`. */
export interface SavedConnection {
  id: string;
  method: SignInMethod;
  environment: string;
  /** An OAuth client ID identifies, it does not authenticate; the secret is stored apart. */
  clientId?: string;
  orgId?: string;
  orgName?: string;
}

/** What SecretStorage holds for one connection. */
export interface ConnectionSecret {
  clientSecret?: string;
  accessToken?: string;
  /** A browser sign-in's tokens; the refresh token rotates, so this is rewritten on every renewal. */
  browser?: BrowserTokens;
}

const CONNECTIONS_KEY = 'genesysLicenses.connections';
const ACTIVE_KEY = 'genesysLicenses.activeConnectionId';

function secretKey(connectionId: string): string {
  return `genesysLicenses.connection.${connectionId}`;
}

/** Saved connections in global state, their secrets in SecretStorage (synced by VS Code across its windows). */
export class ConnectionStore {
  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  list(): SavedConnection[] {
    return this.state.get<SavedConnection[]>(CONNECTIONS_KEY, []);
  }

  activeId(): string | undefined {
    return this.state.get<string>(ACTIVE_KEY);
  }

  /** Saves the connection, then its secret: the secret's change event makes other windows reload, and they must find the connection by then. */
  async save(connection: SavedConnection, secret: ConnectionSecret): Promise<void> {
    const others = this.list().filter((saved) => saved.id !== connection.id);
    await this.state.update(CONNECTIONS_KEY, [...others, connection]);
    await this.storeSecret(connection.id, secret);
  }

  async storeSecret(connectionId: string, secret: ConnectionSecret): Promise<void> {
    await this.secrets.store(secretKey(connectionId), JSON.stringify(secret));
  }

  async setActive(connectionId: string | undefined): Promise<void> {
    await this.state.update(ACTIVE_KEY, connectionId);
  }

  async readSecret(connectionId: string): Promise<ConnectionSecret | undefined> {
    const stored = await this.secrets.get(secretKey(connectionId));
    if (!stored) {
      return undefined;
    }
    try {
      return JSON.parse(stored) as ConnectionSecret;
    } catch {
      return undefined;
    }
  }

  /** Forgets the connection and every secret of it. */
  async remove(connectionId: string): Promise<void> {
    await this.secrets.delete(secretKey(connectionId));
    await this.state.update(
      CONNECTIONS_KEY,
      this.list().filter((saved) => saved.id !== connectionId),
    );
    if (this.activeId() === connectionId) {
      await this.setActive(undefined);
    }
  }

  /** Fires when another window (or this one) changes a connection's secret. */
  onDidChangeSecret(listener: (connectionId: string) => void): vscode.Disposable {
    return this.secrets.onDidChange((event) => {
      const prefix = secretKey('');
      if (event.key.startsWith(prefix)) {
        listener(event.key.slice(prefix.length));
      }
    });
  }
}
