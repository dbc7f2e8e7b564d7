import * as vscode from 'vscode';
import type { SignInArguments } from '../auth/environmentCredentials';
import type { BatchPrefill } from '../batch/draft';
import type { CommandId } from '../core/commandIds';
import { CommandIds } from '../core/commandIds';
import type { ExportFormat, RowWithId } from '../core/input';
import type { HealthFindingNode } from '../tree/healthNodes';
import type { ErrorNode, ExplorerNode, LoadMoreNode } from '../tree/nodes';
import type { ChangeRecordNode, SnapshotFileNode } from '../tree/snapshotNodes';
import type { CommandRegistrar } from '../ui/registry';
import type { RoleChange } from './whyCommands';

/** A user: their ID, their row in the explorer, or a result document about them (its editor title button). */
type UserArgument = string | RowWithId | vscode.Uri;
/** Where and how to export: `{ format, uri | path }`; the user is asked for what is missing. */
type ExportRequestArgument = { format?: ExportFormat; uri?: vscode.Uri | string; path?: string };
/** A snapshot: its file (a URI or an absolute path), its row in the explorer, or "live" for the org as it is now. */
type SnapshotArgument = vscode.Uri | string | SnapshotFileNode;
/** Many IDs at once: pasted text, an array of IDs or rows, or one row. */
type IdListArgument = string | readonly (string | RowWithId)[] | RowWithId;

/**
 * What each command accepts, in the order VS Code passes it: what the palette (nothing), the explorer's menus (the
 * row, then the selection), automation and tests send. The compiler holds registrations and in-code calls to it;
 * VS Code hands a handler whatever a caller passed, so each handler still checks its arguments (core/input.ts).
 */
export interface CommandArguments {
  [CommandIds.signIn]: [sign?: SignInArguments];
  [CommandIds.signOut]: [connectionId?: string];
  [CommandIds.switchOrganization]: [connectionId?: string];
  [CommandIds.refresh]: [];
  [CommandIds.showLogs]: [];
  [CommandIds.copyId]: [row?: ExplorerNode];
  [CommandIds.retryNode]: [row?: ErrorNode];
  [CommandIds.getUserLicenses]: [user?: UserArgument];
  [CommandIds.fetchUsersLicenses]: [users?: IdListArgument, selection?: readonly RowWithId[]];
  [CommandIds.showDefinition]: [license?: string | RowWithId];
  [CommandIds.getToggle]: [featureName?: string | RowWithId];
  [CommandIds.flipToggle]: [featureName?: string | RowWithId];
  [CommandIds.inferLicenses]: [roleIds?: string | readonly string[]];
  [CommandIds.showOrganizationAssignments]: [];
  [CommandIds.exportUsers]: [request?: ExportRequestArgument];
  [CommandIds.refreshNode]: [row?: ExplorerNode];
  [CommandIds.loadMore]: [row?: LoadMoreNode];
  [CommandIds.loadAllUsers]: [];
  [CommandIds.filterUsers]: [text?: string];
  [CommandIds.clearUserFilter]: [];
  [CommandIds.copyAsJson]: [row?: ExplorerNode];
  [CommandIds.showDetails]: [row?: ExplorerNode];
  [CommandIds.openBatchAssignment]: [prefill?: BatchPrefill];
  [CommandIds.addToBatch]: [row?: ExplorerNode, selection?: readonly ExplorerNode[]];
  [CommandIds.explainUserLicenses]: [user?: UserArgument];
  [CommandIds.whatIfRoles]: [user?: UserArgument, change?: RoleChange];
  [CommandIds.checkLicenseHealth]: [];
  [CommandIds.showLicenseHealthReport]: [];
  [CommandIds.exportLicenseHealth]: [request?: ExportRequestArgument];
  [CommandIds.fixHealthFinding]: [finding?: string | HealthFindingNode];
  [CommandIds.saveSnapshot]: [target?: SnapshotArgument];
  [CommandIds.compareSnapshots]: [earlier?: SnapshotArgument | ChangeRecordNode, later?: SnapshotArgument];
  [CommandIds.restoreSnapshotLicenses]: [];
  [CommandIds.openSnapshot]: [snapshot?: SnapshotArgument];
  [CommandIds.compareSnapshotWithLive]: [snapshot?: SnapshotArgument | ChangeRecordNode];
  [CommandIds.compareSnapshotWithAnother]: [snapshot?: SnapshotArgument | ChangeRecordNode];
  [CommandIds.deleteSnapshot]: [snapshot?: SnapshotArgument | ChangeRecordNode];
}

/** The registry every command family registers with: handlers typed by `CommandArguments`. */
export type Registry = CommandRegistrar<CommandArguments>;

/** Runs one of this extension's commands from code, with the arguments it accepts. */
export function runCommand<Id extends CommandId>(id: Id, ...args: CommandArguments[Id]): Thenable<unknown> {
  return vscode.commands.executeCommand(id, ...args);
}
