import * as vscode from 'vscode';
import { AUTHENTICATION_PROVIDER_ID, GenesysAuthenticationProvider } from './auth/authenticationProvider';
import { ConnectionStore } from './auth/connections';
import { SessionManager } from './auth/sessionManager';
import { createConnectionStatusBar } from './auth/statusBar';
import { registerBatchCommands } from './commands/batchCommands';
import { registerExplorerCommands } from './commands/explorerCommands';
import { registerDefinitionCommands } from './commands/definitionCommands';
import { registerOrganizationCommands } from './commands/organizationCommands';
import { registerToggleCommands } from './commands/toggleCommands';
import { registerUserLicenseCommands } from './commands/userLicenseCommands';
import { pickUsers } from './ui/pickers';
import { CommandRegistry } from './ui/registry';
import type { Registry } from './commands/commandArguments';
import { promptOnExpiry, registerSessionCommands, signInFromEnvironmentIfUnset } from './commands/sessionCommands';
import { registerWhyCommands } from './commands/whyCommands';
import { registerHealthCommands } from './commands/healthCommands';
import { registerSnapshotCommands } from './commands/snapshotCommands';
import { SnapshotStore } from './state/snapshotStore';
import { ResultDocuments } from './ui/resultDocuments';
import { Logger } from './logging/logger';
import { LastKnownStateStore } from './state/lastKnownState';
import { ToggleHistory } from './state/toggleHistory';
import { EXPLORER_VIEW_ID, LicenseExplorerProvider } from './tree/explorerProvider';
import { CommandIds } from './core/commandIds';

/**
 * The live parts, for the extension-host tests only: `activate` returns them when VS Code runs the extension for its
 * tests (`ExtensionMode.Test`) and nothing otherwise, because any extension may call `getExtension(…).activate()` and
 * these hold the tokens and secrets. Other extensions use the commands and `vscode.authentication.getSession`, which
 * asks the user's consent.
 */
export interface LicenseInspectorApi {
  sessions: SessionManager;
  connections: ConnectionStore;
  explorer: LicenseExplorerProvider;
  logger: Logger;
  authentication: GenesysAuthenticationProvider;
  /** Feature toggles looked up per org: the palette offers them again, the explorer lists them. */
  toggleHistory: ToggleHistory;
  /** The snapshot files: saved ones and the automatic records of every batch change. */
  snapshots: SnapshotStore;
  /** Each org's last known state, kept between windows. */
  lastKnown: LastKnownStateStore;
  /** Where the log channel writes its file, and the global state: what a secret scan must read. */
  logUri: vscode.Uri;
  globalState: vscode.Memento;
}

export async function activate(context: vscode.ExtensionContext): Promise<LicenseInspectorApi | undefined> {
  const logger = new Logger(vscode.window.createOutputChannel('Genesys Cloud Licenses', { log: true }));
  const store = new ConnectionStore(context.globalState, context.secrets);
  const sessions = new SessionManager(store, logger);
  const toggleHistory = new ToggleHistory(context.globalState);
  const snapshots = new SnapshotStore(context.globalStorageUri);
  const lastKnown = new LastKnownStateStore(context.globalStorageUri, logger);
  const explorer = new LicenseExplorerProvider(sessions, toggleHistory, logger, snapshots, lastKnown);
  const treeView = vscode.window.createTreeView(EXPLORER_VIEW_ID, { treeDataProvider: explorer, showCollapseAll: true, canSelectMany: true });
  const registry: Registry = new CommandRegistry(context, logger);
  const authenticationProvider = new GenesysAuthenticationProvider(sessions, logger);
  context.subscriptions.push(
    logger.channel,
    sessions,
    explorer,
    treeView,
    createConnectionStatusBar(sessions),
    promptOnExpiry(sessions),
    authenticationProvider,
    toggleHistory,
    snapshots,
    sessions.onDidSignOut((connection) => void lastKnown.remove(connection.id)),
    vscode.authentication.registerAuthenticationProvider(AUTHENTICATION_PROVIDER_ID, 'Genesys Cloud', authenticationProvider),
  );

  explorer.bindView(treeView);

  registerSessionCommands(registry, sessions, context.globalState);
  registerExplorerCommands(registry, sessions, explorer, treeView);
  const resultDocuments = new ResultDocuments();
  context.subscriptions.push(resultDocuments);
  registerUserLicenseCommands(registry, sessions, resultDocuments);
  registerDefinitionCommands(registry, sessions, resultDocuments);
  registerToggleCommands(registry, sessions, toggleHistory);
  registerOrganizationCommands(registry, sessions, resultDocuments);
  registerWhyCommands(registry, sessions, resultDocuments);
  registerHealthCommands(registry, sessions, explorer, resultDocuments);
  const snapshotRecorder = registerSnapshotCommands(registry, sessions, snapshots, resultDocuments);
  context.subscriptions.push(
    registerBatchCommands(registry, {
      extensionUri: context.extensionUri,
      sessions,
      state: context.globalState,
      logger,
      registry,
      pickUsers: (title) => pickUsers(sessions.requireClient(), title),
      onApplied: (batch) => {
        void explorer.refreshAfterBatch(batch);
        void snapshotRecorder.record(batch);
      },
    }),
  );
  registry.register(CommandIds.showLogs, 'Show logs', () => logger.channel.show());

  await sessions.restore();
  void signInFromEnvironmentIfUnset(sessions, context.globalState, logger);
  if (context.extensionMode !== vscode.ExtensionMode.Test) {
    return undefined;
  }
  return {
    sessions,
    connections: store,
    explorer,
    logger,
    authentication: authenticationProvider,
    toggleHistory,
    snapshots,
    lastKnown,
    logUri: context.logUri,
    globalState: context.globalState,
  };
}

export function deactivate(): void {}
