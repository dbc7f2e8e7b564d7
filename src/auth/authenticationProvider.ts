import * as vscode from 'vscode';
import type { Logger } from '../logging/logger';
import { describeConnection, type SessionManager } from './sessionManager';
import { runSignIn } from './signInFlow';

export const AUTHENTICATION_PROVIDER_ID = 'genesyscloud';

/**
 * Genesys Cloud as a VS Code authentication provider: the active org appears in the Accounts menu (sign-out from
 * there too), and other extensions can ask `vscode.authentication.getSession('genesyscloud', [])` for its token,
 * with VS Code asking the user's consent.
 */
export class GenesysAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changeEmitter.event;
  private reported: vscode.AuthenticationSession[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly sessions: SessionManager,
    private readonly logger: Logger,
  ) {
    this.subscription = sessions.onDidChangeSession(() => void this.reportChange());
  }

  private async reportChange(): Promise<void> {
    const previous = this.reported;
    const next = await this.getSessions();
    const removed = previous.filter((session) => !next.some((candidate) => candidate.id === session.id));
    const added = next.filter((session) => !previous.some((candidate) => candidate.id === session.id));
    const changed = next.filter((session) => previous.some((candidate) => candidate.id === session.id && candidate.accessToken !== session.accessToken));
    if (removed.length + added.length + changed.length > 0) {
      this.changeEmitter.fire({ added, removed, changed });
    }
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const active = this.sessions.current;
    if (!active) {
      this.reported = [];
      return [];
    }
    try {
      const accessToken = await active.client.getAccessToken({ signal: AbortSignal.timeout(15_000) });
      const { connection } = active;
      this.reported = [
        { id: connection.id, accessToken, account: { id: connection.orgId ?? connection.id, label: describeConnection(connection) }, scopes: [] },
      ];
    } catch (error) {
      // No usable token (expired, offline): no session to offer; the extension's own prompt handles sign-in.
      this.logger.warn(`No Genesys Cloud session to offer to the Accounts menu: ${(error as Error).message}`);
      this.reported = [];
    }
    return this.reported;
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    await runSignIn(this.sessions);
    const [session] = await this.getSessions();
    if (!session) {
      throw new Error('Signing in to Genesys Cloud did not produce a session.');
    }
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.sessions.signOut(sessionId);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
