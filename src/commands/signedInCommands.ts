import * as vscode from 'vscode';
import { type ActiveSession, describeConnection, type SessionManager } from '../auth/sessionManager';
import type { Provenance } from '../core/licenseReports';
import { requireUuid, textFromArgument } from '../core/input';
import { pickUser } from '../ui/pickers';
import { type ResultDocuments, resultUserId } from '../ui/resultDocuments';

/**
 * What every command family that reads the org starts from: the signed-in session (or the sign-in error, with its
 * "Sign In" action, before anything is asked), where result documents are shown, and how a user is named.
 */
export abstract class SignedInCommands {
  constructor(
    protected readonly sessions: SessionManager,
    protected readonly results: ResultDocuments,
  ) {}

  /** Which org a result document describes, and when it was read. */
  protected provenance(session: ActiveSession): Provenance {
    return { org: describeConnection(session.connection), readAt: new Date() };
  }

  /** The user a row, an ID, or a result document (its editor title button) names; else picked by name or ID. */
  protected async userFrom(session: ActiveSession, argument: unknown, title?: string): Promise<string | undefined> {
    const fromDocument = argument instanceof vscode.Uri ? resultUserId(argument) : undefined;
    const given = fromDocument ?? textFromArgument(argument) ?? (await pickUser(session.client, title));
    return given === undefined ? undefined : requireUuid(given, 'user ID');
  }
}
