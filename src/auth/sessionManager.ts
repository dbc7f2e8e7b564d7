import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { createLicenseClient, GenesysApiError, type LicenseClient, resolveEnvironment, type RetryNotice } from '../api';
import type { Logger } from '../logging/logger';
import { type ConnectionSecret, type ConnectionStore, type SavedConnection, type SignInMethod } from './connections';
import type { SignInArguments } from './environmentCredentials';

export interface ActiveSession {
  connection: SavedConnection;
  client: LicenseClient;
}

/** How an org is named to a person: its name when known, with the region. */
export function describeConnection(connection: SavedConnection): string {
  const where = resolveEnvironment(connection.environment);
  const region = where.region?.host ?? where.label;
  return connection.orgName ? `${connection.orgName} (${region})` : region;
}

function clientSettings() {
  const config = vscode.workspace.getConfiguration('genesysLicenses');
  return {
    maxConcurrency: config.get<number>('maxConcurrentRequests', 8),
    pageSize: config.get<number>('pageSize', 100),
    timeoutMs: config.get<number>('requestTimeoutSeconds', 30) * 1000,
  };
}

/**
 * Owns who we are signed in as: the active connection and its LicenseClient. Everything that talks to Genesys asks
 * it for the client and listens to `onDidChangeSession` to drop what it cached for another org.
 */
export class SessionManager implements vscode.Disposable {
  private session?: ActiveSession;
  /** The secret the session's client was built with, to tell our own saves from another window's. */
  private sessionSecret?: string;
  private readonly changeEmitter = new vscode.EventEmitter<ActiveSession | undefined>();
  private readonly retryEmitter = new vscode.EventEmitter<RetryNotice>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter, this.retryEmitter];

  readonly onDidChangeSession = this.changeEmitter.event;
  /** The client is waiting before sending again (rate limit, server error): views can say so. */
  readonly onDidRetry = this.retryEmitter.event;

  constructor(
    private readonly store: ConnectionStore,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('genesysLicenses') && this.session) {
          void this.reloadActive(true);
        }
      }),
      // Another window signed out (the secret is gone) or signed in again (a new secret): follow it.
      store.onDidChangeSecret((connectionId) => {
        if (connectionId === this.session?.connection.id) {
          void this.reloadActive();
        }
      }),
    );
  }

  get current(): ActiveSession | undefined {
    return this.session;
  }

  /** The signed-in org's client, or an error whose action is to sign in. */
  requireClient(): LicenseClient {
    if (!this.session) {
      throw new GenesysApiError({ kind: 'auth', code: 'not.signed.in', message: 'Not signed in to a Genesys Cloud organization.' });
    }
    return this.session.client;
  }

  /** Picks up the connection that was active when VS Code last closed. Sends nothing. */
  async restore(): Promise<void> {
    await this.reloadActive();
  }

  private async reloadActive(settingsChanged = false): Promise<void> {
    const activeId = this.store.activeId();
    const connection = this.store.list().find((saved) => saved.id === activeId);
    const secret = connection && (await this.store.readSecret(connection.id));
    if (!connection || !secret) {
      this.setSession(undefined);
      return;
    }
    if (this.session?.connection.id === connection.id && this.sessionSecret === JSON.stringify(secret) && !settingsChanged) {
      return; // our own save echoing back through SecretStorage's change event
    }
    try {
      this.setSession({ connection, client: this.createClient(connection, secret) }, secret);
    } catch (error) {
      this.logger.error(`The saved connection ${describeConnection(connection)} cannot be used: ${(error as Error).message}`);
      this.setSession(undefined);
    }
  }

  /**
   * Signs in and proves it: the org is identified with `GET /api/v2/tokens/me` before anything is saved, so bad
   * credentials are reported and nothing changes.
   */
  async signIn(args: SignInArguments, signal?: AbortSignal): Promise<ActiveSession> {
    const method = args.method ?? (args.accessToken ? 'accessToken' : 'clientCredentials');
    if (method === 'browser') {
      throw new GenesysApiError({ kind: 'invalid-argument', message: 'Browser sign-in is not available in this version; use client credentials or an access token.' });
    }
    const environment = resolveEnvironment(args.environment ?? vscode.workspace.getConfiguration('genesysLicenses').get<string>('environment'));
    const secret: ConnectionSecret = method === 'accessToken' ? { accessToken: args.accessToken ?? '' } : { clientSecret: args.clientSecret ?? '' };
    this.logger.redactor.registerSecret(secret.accessToken ?? secret.clientSecret);
    const draft: SavedConnection = {
      id: this.findExisting(method, environment.apiBaseUrl, args.clientId)?.id ?? randomUUID(),
      method,
      environment: environment.region?.host ?? environment.apiBaseUrl,
      clientId: method === 'clientCredentials' ? args.clientId?.trim() : undefined,
    };
    const client = this.createClient(draft, secret);
    const tokenInfo = await client.getTokenInfo({ signal });
    const connection: SavedConnection = { ...draft, orgId: tokenInfo.organization?.id, orgName: tokenInfo.organization?.name };
    await this.store.save(connection, secret);
    await this.store.setActive(connection.id);
    this.logger.info(`Signed in to ${describeConnection(connection)} with ${method === 'accessToken' ? 'an access token' : `OAuth client ${connection.clientId}`}.`);
    this.setSession({ connection, client }, secret);
    return { connection, client };
  }

  /** Revokes the token where there is one to revoke, and forgets the connection with all its secrets. */
  async signOut(): Promise<SavedConnection | undefined> {
    const session = this.session;
    if (!session) {
      return undefined;
    }
    try {
      await session.client.revokeToken({ signal: AbortSignal.timeout(5000) });
    } catch (error) {
      // Signing out must work offline or with an already dead token; the secret is deleted either way.
      this.logger.warn(`The token could not be revoked (${(error as Error).message}); forgetting it anyway.`);
    }
    await this.store.remove(session.connection.id);
    this.logger.info(`Signed out of ${describeConnection(session.connection)}.`);
    this.setSession(undefined);
    return session.connection;
  }

  private findExisting(method: SignInMethod, apiBaseUrl: string, clientId: string | undefined): SavedConnection | undefined {
    return this.store
      .list()
      .find((saved) => saved.method === method && resolveEnvironment(saved.environment).apiBaseUrl === apiBaseUrl && saved.clientId === clientId?.trim());
  }

  private createClient(connection: SavedConnection, secret: ConnectionSecret): LicenseClient {
    this.logger.redactor.registerSecret(secret.accessToken ?? secret.clientSecret);
    const credentials =
      connection.method === 'accessToken'
        ? { accessToken: secret.accessToken ?? '' }
        : { clientId: connection.clientId ?? '', clientSecret: secret.clientSecret ?? '' };
    return createLicenseClient({
      environment: connection.environment,
      credentials,
      ...clientSettings(),
      logger: this.logger,
      onRetry: (notice) => this.retryEmitter.fire(notice),
    });
  }

  private setSession(session: ActiveSession | undefined, secret?: ConnectionSecret): void {
    this.session = session;
    this.sessionSecret = secret && JSON.stringify(secret);
    void vscode.commands.executeCommand('setContext', 'genesysLicenses.signedIn', session !== undefined);
    this.changeEmitter.fire(session);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
