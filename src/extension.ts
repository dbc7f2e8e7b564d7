import * as path from 'path';
import * as vscode from 'vscode';
import { AUTHENTICATION_PROVIDER_ID, GenesysAuthenticationProvider } from './auth/authenticationProvider';
import { ConnectionStore } from './auth/connections';
import { SessionManager } from './auth/sessionManager';
import { createConnectionStatusBar } from './auth/statusBar';
import { registerExplorerCommands } from './commands/explorerCommands';
import { pickUsers } from './ui/pickers';
import { CommandRegistry } from './ui/registry';
import type { CommandArguments, Registry } from './commands/commandArguments';
import { promptOnExpiry, registerSessionCommands, signInFromEnvironmentIfUnset } from './commands/sessionCommands';
import { SnapshotStore } from './state/snapshotStore';
import { ResultDocuments } from './ui/resultDocuments';
import { Logger } from './logging/logger';
import { LastKnownStateStore } from './state/lastKnownState';
import { ToggleHistory } from './state/toggleHistory';
import { EXPLORER_VIEW_ID, LicenseExplorerProvider } from './tree/explorerProvider';
import { CommandIds, type LazyCommandFamily, LazyCommandFamilies } from './core/commandIds';
import { BATCH_VIEW_TYPE } from './webview/protocol';

/** What each lazily loaded family's bundle exports: its command file (types only, so none of it is bundled here). */
interface LazyFamilyModules {
  userLicenses: typeof import('./commands/userLicenseCommands');
  definitions: typeof import('./commands/definitionCommands');
  toggles: typeof import('./commands/toggleCommands');
  organization: typeof import('./commands/organizationCommands');
  why: typeof import('./commands/whyCommands');
  health: typeof import('./commands/healthCommands');
  snapshots: typeof import('./commands/snapshotCommands');
  batch: typeof import('./commands/batchCommands');
}

/**
 * A family's bundle, dist/families/<name>.js beside this one (esbuild.js builds it; what it shares with this bundle
 * it takes from this bundle's exports, so each class exists once). A path Node resolves when the command first runs.
 */
function loadFamily<Family extends LazyCommandFamily>(family: Family): LazyFamilyModules[Family] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, outside the bundle by design
  return require(path.join(__dirname, 'families', `${family}.js`)) as LazyFamilyModules[Family];
}

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
  /** How long `activate()` itself ran: the part of activation that is ours once VS Code has made the context. */
  activatedInMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<LicenseInspectorApi | undefined> {
  const started = performance.now();
  const logger = new Logger(vscode.window.createOutputChannel('Genesys Cloud Licenses', { log: true }));
  const store = new ConnectionStore(context.globalState, context.secrets);
  const sessions = new SessionManager(store, logger);
  const toggleHistory = new ToggleHistory(context.globalState);
  const snapshots = new SnapshotStore(context.globalStorageUri);
  const lastKnown = new LastKnownStateStore(context.globalStorageUri, logger);
  const explorer = new LicenseExplorerProvider(sessions, toggleHistory, logger, snapshots, lastKnown);
  const treeView = vscode.window.createTreeView(EXPLORER_VIEW_ID, { treeDataProvider: explorer, showCollapseAll: true, canSelectMany: true });
  const registry = new CommandRegistry<CommandArguments>(context, logger);
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
  const lazily = <Family extends LazyCommandFamily, Loaded>(family: Family, register: (module: LazyFamilyModules[Family], registrar: Registry) => Loaded) =>
    registry.registerFamily(family, LazyCommandFamilies[family], (registrar) => register(loadFamily(family), registrar));
  lazily('userLicenses', (family, registrar) => family.registerUserLicenseCommands(registrar, sessions, resultDocuments));
  lazily('definitions', (family, registrar) => family.registerDefinitionCommands(registrar, sessions, resultDocuments));
  lazily('toggles', (family, registrar) => family.registerToggleCommands(registrar, sessions, toggleHistory));
  lazily('organization', (family, registrar) => family.registerOrganizationCommands(registrar, sessions, resultDocuments));
  lazily('why', (family, registrar) => family.registerWhyCommands(registrar, sessions, resultDocuments));
  lazily('health', (family, registrar) => family.registerHealthCommands(registrar, sessions, explorer, resultDocuments));
  const snapshotRecorder = lazily('snapshots', (family, registrar) => family.registerSnapshotCommands(registrar, sessions, snapshots, resultDocuments));
  const batchForms = lazily('batch', (family, registrar) =>
    family.registerBatchCommands(registrar, {
      extensionUri: context.extensionUri,
      sessions,
      state: context.globalState,
      logger,
      registry,
      pickUsers: (title) => pickUsers(sessions.requireClient(), title),
      onApplied: (batch) => {
        void explorer.refreshAfterBatch(batch);
        void snapshotRecorder().record(batch);
      },
    }),
  );
  context.subscriptions.push(
    // After a window reload VS Code hands an open form back: the batch family loads to take it.
    vscode.window.registerWebviewPanelSerializer(BATCH_VIEW_TYPE, {
      deserializeWebviewPanel: (panel) => {
        batchForms().revive(panel);
        return Promise.resolve();
      },
    }),
  );
  registry.register(CommandIds.showLogs, 'Show logs', () => logger.channel.show());

  await sessions.restore();
  void signInFromEnvironmentIfUnset(sessions, context.globalState, logger);
  const activatedInMs = performance.now() - started;
  logger.info(`Activated in ${activatedInMs.toFixed(1)} ms.`);
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
    activatedInMs,
  };
}

export function deactivate(): void {}
