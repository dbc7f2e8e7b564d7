import * as path from 'node:path';
import * as vscode from 'vscode';
import { GenesysApiError, type OrganizationAssignments } from '../api';
import { describeConnection, type SessionManager } from '../auth/sessionManager';
import { organizationReport } from '../core/licenseReports';
import { count } from '../core/markdown';
import { licenseColumns, usersCsv, usersJson } from '../core/usersExport';
import { type ExportFormat, parseExportRequest } from '../core/input';
import { readCatalog, readUsersAndPeople } from '../core/orgLookups';
import { withNames } from '../core/people';
import { redactor } from '../core/redact';
import { askExportTarget, pickExportFormat } from '../ui/pickers';
import { exportUri } from '../ui/exportTarget';
import { runWithProgress } from '../ui/progress';
import type { Registry } from './commandArguments';
import type { ResultDocuments } from '../ui/resultDocuments';
import { showInformationMessage } from '../ui/messages';
import { CommandIds } from '../core/commandIds';
import { SignedInCommands } from './signedInCommands';

export interface ExportOutcome {
  uri: vscode.Uri;
  format: ExportFormat;
  users: number;
  licenseIds: string[];
  namesIncluded: boolean;
}

/** The whole org at once: who holds which license, as a document or as a CSV or JSON file. */
class OrganizationCommands extends SignedInCommands {
  async showOrganizationAssignments(): Promise<OrganizationAssignments> {
    const session = this.sessions.requireSession();
    const { client } = session;
    return runWithProgress(this.sessions, 'Reading the organization’s license assignments', async (task) => {
      let usersScanned: number | undefined;
      const [assignments, catalog] = await Promise.all([
        client.getOrganizationAssignments({
          signal: task.signal,
          onProgress: (scan) => {
            usersScanned = scan.usersLoaded;
            task.report(`Users listing: ${scan.usersLoaded.toLocaleString('en-US')} of ${count(scan.total, 'user')}`, scan.pagesLoaded, scan.pageCount);
          },
        }),
        readCatalog(client, task.signal),
      ]);
      const markdown = organizationReport({ assignments, usersScanned, catalog: catalog.value ?? new Map(), provenance: this.provenance(session) });
      await this.results.showRendered(`License assignments of ${session.connection.orgName ?? 'the organization'}`, markdown);
      return assignments;
    });
  }

  /** Every user and their licenses to a CSV or JSON file; the file is written only once everything was read. */
  async exportUsers(argument?: unknown): Promise<ExportOutcome | undefined> {
    const session = this.sessions.requireSession();
    const { client } = session;
    const request = parseExportRequest(argument);
    const format = request.format ?? (await pickExportFormat());
    if (format === undefined) {
      return undefined;
    }
    const uri = request.target !== undefined ? exportUri(request.target) : await askExportTarget(format, session.connection.orgName ?? 'org');
    if (uri === undefined) {
      return undefined;
    }
    const outcome = await runWithProgress(this.sessions, `Exporting users and licenses to ${path.basename(uri.path)}`, async (task) => {
      const { users: listed, people } = await readUsersAndPeople(client, task.signal, (message, done, total) => task.report(message, done, total));
      const users = withNames(listed, people.value);
      const text = format === 'csv' ? usersCsv(users, people.value !== undefined) : usersJson(users, describeConnection(session.connection), new Date());
      if (task.signal.aborted) {
        throw new GenesysApiError({ kind: 'cancelled', message: 'The export was cancelled.' }); // after the last request: still no file
      }
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(redactor.redact(text)));
      const result: ExportOutcome = { uri, format, users: users.length, licenseIds: licenseColumns(users), namesIncluded: people.value !== undefined };
      return { result, namesMissing: people.missing };
    });
    const names = outcome.namesMissing ? ` without names (${outcome.namesMissing})` : '';
    void showInformationMessage(`Exported ${count(outcome.result.users, 'user')}${names} to ${path.basename(uri.path)}.`, 'Open').then((choice) => {
      if (choice === 'Open') {
        void vscode.window.showTextDocument(uri);
      }
    });
    return outcome.result;
  }
}

export function registerOrganizationCommands(registry: Registry, sessions: SessionManager, results: ResultDocuments): void {
  const commands = new OrganizationCommands(sessions, results);
  registry.register(CommandIds.showOrganizationAssignments, 'Show organization license assignments', () => commands.showOrganizationAssignments());
  registry.register(CommandIds.exportUsers, 'Export users and licenses', (argument?: unknown) => commands.exportUsers(argument));
}
