import * as vscode from 'vscode';
import {
  ClientCredentialsTokenProvider,
  createLicenseClient,
  defaultFetch,
  GenesysApiError,
  type LicenseClient,
  RefreshTokenProvider,
  resolveEnvironment,
  type RetryNotice,
  signInWithBrowser,
  StaticTokenProvider,
  type TokenProvider,
} from '../api';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../core/redact';
import { type ConnectionSecret, type ConnectionStore, type SavedConnection, type SignInMethod } from './connections';
import type { SignInArguments } from './environmentCredentials';
import { ExpiryWatchingTokenProvider } from './expiryWatch';
import { showWarningMessage } from '../ui/messages';

export interface ActiveSession {
  connection: SavedConnection;
  client: LicenseClient;
}

/** Opens the Genesys login page; `vscode.env.openExternal` unless automation supplies another. */
export type BrowserOpener = (authorizeUrl: string) => Promise<void>;

/** How an org is named to a person: its name when known, with the region. */
export function describeConnection(connection: SavedConnection): string {
  const where = resolveEnvironment(connection.environment);
  const region = where.region?.host ?? where.label;
  return connection.orgName ? `${connection.orgName} (${region})` : region;
}

export function describeMethod(method: SignInMethod): string {
  return method === 'accessToken' ? 'an access token' : method === 'browser' ? 'the browser' : 'OAuth client credentials';
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
 * Registers every token its provider hands out with the redactor before anyone can log or show it: the tokens of a
 * client-credentials grant and of each refresh are new, unlike the secrets the connection was saved with.
 */
class RedactedTokenProvider implements TokenProvider {
  constructor(
    private readonly inner: TokenProvider,
    private readonly redactor: Redactor,
  ) {}

  async getToken(signal?: AbortSignal): Promise<string> {
    const token = await this.inner.getToken(signal);
    this.redactor.registerSecret(token);
    return token;
  }

  invalidate(token: string): boolean {
    return this.inner.invalidate(token);
  }
}

const defaultBrowserOpener: BrowserOpener = async (url) => {
  if (!(await vscode.env.openExternal(vscode.Uri.parse(url)))) {
    throw new GenesysApiError({ kind: 'cancelled', message: 'Opening the browser was declined.' });
  }
};

/**
 * Owns who we are signed in as: the saved connections, the active one and its LicenseClient. Everything that talks
 * to Genesys asks it for the client and listens to `onDidChangeSession` to drop what it cached for another org.
 */
export class SessionManager implements vscode.Disposable {
  private session?: ActiveSession;
  /** The secret the session's client was built with, to tell our own saves from another window's. */
  private sessionSecret?: string;
  private readonly changeEmitter = new vscode.EventEmitter<ActiveSession | undefined>();
  private readonly retryEmitter = new vscode.EventEmitter<RetryNotice>();
  private readonly expiryEmitter = new vscode.EventEmitter<SavedConnection>();
  private readonly signOutEmitter = new vscode.EventEmitter<SavedConnection>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter, this.retryEmitter, this.expiryEmitter, this.signOutEmitter];
  private browserOpener: BrowserOpener = defaultBrowserOpener;

  readonly onDidChangeSession = this.changeEmitter.event;
  /** The client is waiting before sending again (rate limit, server error): views can say so. */
  readonly onDidRetry = this.retryEmitter.event;
  /** The active sign-in is over (a pasted token expired, a refresh was refused): fired once per session. */
  readonly onDidExpire = this.expiryEmitter.event;
  /** A connection was signed out (active or not): whatever was kept for it goes too. */
  readonly onDidSignOut = this.signOutEmitter.event;

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
      // Another window signed in, renewed or signed out: follow it.
      store.onDidChangeSecret((connectionId) => {
        if (connectionId === this.session?.connection.id || connectionId === this.store.activeId()) {
          void this.reloadActive();
        }
      }),
    );
  }

  get current(): ActiveSession | undefined {
    return this.session;
  }

  get savedConnections(): SavedConnection[] {
    return this.store.list();
  }

  /** For automation and tests: how the authorize URL of a browser sign-in is opened. */
  setBrowserOpener(opener: BrowserOpener | undefined): void {
    this.browserOpener = opener ?? defaultBrowserOpener;
  }

  /** The signed-in org's client, or an error whose action is to sign in. */
  requireClient(): LicenseClient {
    return this.requireSession().client;
  }

  /** The signed-in org (its connection and client), or an error whose action is to sign in. */
  requireSession(): ActiveSession {
    if (!this.session) {
      throw new GenesysApiError({ kind: 'auth', code: 'not.signed.in', message: 'Not signed in to a Genesys Cloud organization.' });
    }
    return this.session;
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
      if (connection) {
        // Its credentials are gone (signed out elsewhere, secret storage reset): it is no longer the active one, so
        // the welcome view, the saved list and the gc variables can take over instead of a dead end.
        this.logger.warn(`The saved sign-in to ${describeConnection(connection)} has no stored credentials any more; sign in again.`);
        await this.store.setActive(undefined);
      }
      if (this.session) {
        this.setSession(undefined);
      }
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
    const method: SignInMethod = args.method ?? (args.accessToken ? 'accessToken' : 'clientCredentials');
    const environment = resolveEnvironment(args.environment ?? vscode.workspace.getConfiguration('genesysLicenses').get<string>('environment'));
    const clientId = args.clientId?.trim();
    let secret: ConnectionSecret;
    if (method === 'browser') {
      if (!clientId) {
        throw new GenesysApiError({
          kind: 'invalid-argument',
          message: 'Browser sign-in needs the client ID of an OAuth client with the Code Authorization (PKCE) grant.',
        });
      }
      const browser = await signInWithBrowser({
        loginBaseUrl: environment.loginBaseUrl,
        clientId,
        openBrowser: this.browserOpener,
        fetch: defaultFetch,
        signal,
      });
      secret = { browser };
    } else {
      secret = method === 'accessToken' ? { accessToken: args.accessToken ?? '' } : { clientSecret: args.clientSecret ?? '' };
    }
    const draft: SavedConnection = {
      id: this.findExisting(method, environment.apiBaseUrl, clientId)?.id ?? globalThis.crypto.randomUUID(),
      method,
      environment: environment.region?.host ?? environment.apiBaseUrl,
      clientId: method === 'accessToken' ? undefined : clientId,
    };
    const client = this.createClient(draft, secret);
    const tokenInfo = await client.getTokenInfo({ signal });
    const connection: SavedConnection = { ...draft, orgId: tokenInfo.organization?.id, orgName: tokenInfo.organization?.name };
    await this.store.save(connection, secret);
    await this.store.setActive(connection.id);
    this.logger.info(
      `Signed in to ${describeConnection(connection)} with ${describeMethod(method)}${connection.clientId ? ` (OAuth client ${connection.clientId})` : ''}.`,
    );
    this.setSession({ connection, client }, secret);
    return { connection, client };
  }

  /** Makes a saved connection the active one, without asking for credentials again. */
  async switchTo(connectionId: string): Promise<ActiveSession> {
    const connection = this.store.list().find((saved) => saved.id === connectionId);
    const secret = connection && (await this.store.readSecret(connectionId));
    if (!connection || !secret) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: 'That saved organization is gone or has no stored credentials; sign in to it again.' });
    }
    const session = { connection, client: this.createClient(connection, secret) };
    await this.store.setActive(connectionId);
    this.logger.info(`Switched to ${describeConnection(connection)}.`);
    this.setSession(session, secret);
    return session;
  }

  /** Revokes the token where there is one to revoke, and forgets the connection with all its secrets. */
  async signOut(connectionId = this.session?.connection.id): Promise<SavedConnection | undefined> {
    const connection = this.store.list().find((saved) => saved.id === connectionId);
    if (!connection) {
      return undefined;
    }
    const client = this.session?.connection.id === connection.id ? this.session.client : await this.clientFor(connection);
    try {
      await client?.revokeToken({ signal: AbortSignal.timeout(5000) });
    } catch (error) {
      // Signing out must work offline or with an already dead token; the secret is deleted either way.
      this.logger.warn(`The token could not be revoked (${(error as Error).message}); forgetting it anyway.`);
    }
    await this.store.remove(connection.id);
    this.logger.info(`Signed out of ${describeConnection(connection)}; its secrets were deleted.`);
    this.signOutEmitter.fire(connection);
    if (this.session?.connection.id === connection.id) {
      this.setSession(undefined);
    }
    return connection;
  }

  private async clientFor(connection: SavedConnection): Promise<LicenseClient | undefined> {
    const secret = await this.store.readSecret(connection.id);
    return secret && this.createClient(connection, secret);
  }

  private findExisting(method: SignInMethod, apiBaseUrl: string, clientId: string | undefined): SavedConnection | undefined {
    return this.store
      .list()
      .find((saved) => saved.method === method && resolveEnvironment(saved.environment).apiBaseUrl === apiBaseUrl && saved.clientId === clientId);
  }

  private tokenProvider(connection: SavedConnection, secret: ConnectionSecret): TokenProvider {
    const endpoint = { loginBaseUrl: resolveEnvironment(connection.environment).loginBaseUrl, fetch: defaultFetch, timeoutMs: clientSettings().timeoutMs };
    switch (connection.method) {
      case 'accessToken':
        return new StaticTokenProvider(secret.accessToken ?? '');
      case 'clientCredentials':
        return new ClientCredentialsTokenProvider(endpoint, connection.clientId ?? '', secret.clientSecret ?? '');
      case 'browser':
        if (!secret.browser) {
          throw new GenesysApiError({ kind: 'auth', code: 'invalid_grant', message: 'The browser sign-in has no stored tokens; sign in again.' });
        }
        return new RefreshTokenProvider(endpoint, connection.clientId ?? '', secret.browser, async (browser) => {
          const renewed = JSON.stringify({ browser });
          if (this.session?.connection.id === connection.id) {
            this.sessionSecret = renewed; // so the change event of our own save is not taken for another window's
          }
          this.logger.redactor.registerSecret(browser.accessToken);
          this.logger.redactor.registerSecret(browser.refreshToken);
          await this.store.storeSecret(connection.id, { browser });
        });
    }
  }

  private createClient(connection: SavedConnection, secret: ConnectionSecret): LicenseClient {
    for (const value of [secret.accessToken, secret.clientSecret, secret.browser?.accessToken, secret.browser?.refreshToken]) {
      this.logger.redactor.registerSecret(value);
    }
    const tokens = new ExpiryWatchingTokenProvider(new RedactedTokenProvider(this.tokenProvider(connection, secret), this.logger.redactor), () => {
      if (this.session?.connection.id === connection.id) {
        // The session's connection, not this one: a client built during sign-in knew no org name yet.
        const active = this.session.connection;
        this.logger.warn(`The sign-in to ${describeConnection(active)} (${describeMethod(active.method)}) is no longer accepted.`);
        this.expiryEmitter.fire(active);
      }
    });
    return createLicenseClient({
      environment: connection.environment,
      credentials: { tokenProvider: tokens },
      ...clientSettings(),
      logger: this.logger,
      onRetry: (notice) => this.retryEmitter.fire(notice),
      onPageSizeRefused: (refusal) => {
        // The org's own words go to the log only: they are untrusted text.
        this.logger.warn(`${describeConnection(connection)} refused pages of ${refusal.requested} users (${refusal.reason}); using ${refusal.using}.`);
        void showWarningMessage(
          `Genesys Cloud refused pages of ${refusal.requested} users (the setting genesysLicenses.pageSize); the users are listed ${refusal.using} at a time instead. Set it to ${refusal.using} or less.`,
        );
      },
    });
  }

  private setSession(session: ActiveSession | undefined, secret?: ConnectionSecret): void {
    this.session = session;
    this.sessionSecret = secret && JSON.stringify(secret);
    void vscode.commands.executeCommand('setContext', 'genesysLicenses.signedIn', session !== undefined);
    void vscode.commands.executeCommand('setContext', 'genesysLicenses.hasSavedConnections', this.store.list().length > 0);
    this.changeEmitter.fire(session);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
