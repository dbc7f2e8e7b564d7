import * as vscode from 'vscode';
import type { ConnectionStore } from '../auth/connections';
import { type SignInArguments, signInFromEnvironment } from '../auth/environmentCredentials';
import { describeConnection, type SessionManager } from '../auth/sessionManager';
import { runSignIn } from '../auth/signInFlow';
import type { Logger } from '../logging/logger';
import type { CommandRegistry } from './registry';

/** Set when the user signs out while gc CLI variables are present, so they are not used again behind their back. */
const DECLINED_ENVIRONMENT_KEY = 'genesysLicenses.declinedEnvironmentSignIn';

export function registerSessionCommands(registry: CommandRegistry, sessions: SessionManager, state: vscode.Memento): void {
  registry.register('genesysLicenses.signIn', 'Sign in', async (args?: SignInArguments) => {
    const description = await runSignIn(sessions, args);
    await state.update(DECLINED_ENVIRONMENT_KEY, undefined);
    return description;
  });
  registry.register('genesysLicenses.signOut', 'Sign out', async () => {
    const connection = await sessions.signOut();
    if (!connection) {
      return false;
    }
    if (signInFromEnvironment(process.env)) {
      await state.update(DECLINED_ENVIRONMENT_KEY, true);
    }
    void vscode.window.showInformationMessage(`Signed out of ${describeConnection(connection)}; its secrets were removed from this machine.`);
    return true;
  });
}

/**
 * With no saved connection and the `gc` CLI's GENESYSCLOUD_* variables set, signs in with them, as the CLI itself
 * would (and how the demo starts signed in to the sandbox). Runs after activation, never blocking it.
 */
export async function signInFromEnvironmentIfUnset(sessions: SessionManager, store: ConnectionStore, state: vscode.Memento, logger: Logger): Promise<void> {
  const request = signInFromEnvironment(process.env);
  if (!request || sessions.current || store.activeId() || state.get(DECLINED_ENVIRONMENT_KEY)) {
    return;
  }
  try {
    const session = await sessions.signIn(request);
    logger.info(`Signed in from the GENESYSCLOUD_* environment variables to ${describeConnection(session.connection)}.`);
  } catch (error) {
    logger.warn(`The GENESYSCLOUD_* environment variables did not sign in: ${(error as Error).message}`);
  }
}
