import * as vscode from 'vscode';
import { type SignInArguments, signInFromEnvironment } from '../auth/environmentCredentials';
import { describeConnection, describeMethod, type SessionManager } from '../auth/sessionManager';
import { runSignIn } from '../auth/signInFlow';
import type { Logger } from '../logging/logger';
import { type Registry, runCommand } from './commandArguments';
import { showInformationMessage, showWarningMessage } from '../ui/messages';
import { literalLabel } from '../core/shownText';
import { CommandIds } from '../core/commandIds';

/** Set when the user signs out while gc CLI variables are present, so they are not used again behind their back. */
const DECLINED_ENVIRONMENT_KEY = 'genesysLicenses.declinedEnvironmentSignIn';

export function registerSessionCommands(registry: Registry, sessions: SessionManager, state: vscode.Memento): void {
  registry.register(CommandIds.signIn, 'Sign in', async (args?: SignInArguments) => {
    const description = await runSignIn(sessions, args);
    await state.update(DECLINED_ENVIRONMENT_KEY, undefined);
    return description;
  });

  registry.register(CommandIds.signOut, 'Sign out', async (connectionId?: string) => {
    const connection = await sessions.signOut(typeof connectionId === 'string' ? connectionId : undefined);
    if (!connection) {
      return false;
    }
    if (signInFromEnvironment(process.env)) {
      await state.update(DECLINED_ENVIRONMENT_KEY, true);
    }
    void showInformationMessage(`Signed out of ${describeConnection(connection)}; its secrets were removed from this machine.`);
    return true;
  });

  registry.register(CommandIds.switchOrganization, 'Switch organization', async (connectionId?: string) => {
    if (typeof connectionId === 'string') {
      return describeConnection((await sessions.switchTo(connectionId)).connection);
    }
    type Item = vscode.QuickPickItem & { connectionId?: string };
    const activeId = sessions.current?.connection.id;
    const items: Item[] = [
      ...sessions.savedConnections.map((connection) => ({
        label: `${connection.id === activeId ? '$(check) ' : ''}${literalLabel(describeConnection(connection))}`,
        description: describeMethod(connection.method),
        connectionId: connection.id,
      })),
      { label: '$(add) Sign in to another organization…' },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Genesys Cloud organization',
      placeHolder: 'Switch to a saved organization, or sign in to another',
    });
    if (!picked) {
      return undefined;
    }
    if (!picked.connectionId) {
      return runCommand(CommandIds.signIn);
    }
    return describeConnection((await sessions.switchTo(picked.connectionId)).connection);
  });
}

/** Tells the user once that the sign-in is over, instead of every view reporting its own 401. */
export function promptOnExpiry(sessions: SessionManager): vscode.Disposable {
  return sessions.onDidExpire(async (connection) => {
    const choice = await showWarningMessage(
      `Your sign-in to ${describeConnection(connection)} (${describeMethod(connection.method)}) has expired or was revoked. Sign in again to keep working with this org.`,
      'Sign In',
    );
    if (choice === 'Sign In') {
      await runCommand(CommandIds.signIn);
    }
  });
}

/**
 * When nothing is signed in and the `gc` CLI's GENESYSCLOUD_* variables are set, signs in with them, as the CLI
 * itself would (and how the demo starts signed in to the sandbox) — unless the user signed out of them. Runs after
 * activation, never blocking it.
 */
export async function signInFromEnvironmentIfUnset(sessions: SessionManager, state: vscode.Memento, logger: Logger): Promise<void> {
  const request = signInFromEnvironment(process.env);
  if (!request || sessions.current || state.get(DECLINED_ENVIRONMENT_KEY)) {
    return;
  }
  try {
    const session = await sessions.signIn(request);
    logger.info(`Signed in from the GENESYSCLOUD_* environment variables to ${describeConnection(session.connection)}.`);
  } catch (error) {
    logger.warn(`The GENESYSCLOUD_* environment variables did not sign in: ${(error as Error).message}`);
  }
}
