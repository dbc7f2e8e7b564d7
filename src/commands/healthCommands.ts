/**
 * License Health: check the org (progress with cancel), show the report, export it, and open the batch form
 * prefilled with a finding's fix. Nothing here changes the org: the form's preview, confirmation and undo do.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { GenesysApiError } from '../api';
import { describeConnection, type SessionManager } from '../auth/sessionManager';
import { CommandIds } from '../core/commandIds';
import { readHealthInput } from '../core/healthLookups';
import { findingSubject, fixSummary, type HealthFinding, type HealthReport, licenseHealth } from '../core/licenseHealth';
import { healthCsv, healthJson, healthMarkdown } from '../core/licenseHealthReport';
import { count } from '../core/markdown';
import { textFromArgument, parseExportRequest } from '../core/input';
import { redactor } from '../core/redact';
import type { BatchPrefill } from '../batch/draft';
import { HealthFindingNode } from '../tree/healthNodes';
import type { LicenseExplorerProvider } from '../tree/explorerProvider';
import { showInformationMessage } from '../ui/messages';
import { askExportTarget, type ExportKind, pickExportFormat } from '../ui/pickers';
import { runWithProgress } from '../ui/progress';
import { type Registry, runCommand } from './commandArguments';
import type { ResultDocuments } from '../ui/resultDocuments';
import { exportUri } from '../ui/exportTarget';
import { literalLabel } from '../core/shownText';

const HEALTH_EXPORT: ExportKind = {
  title: 'Export License Health',
  fileStem: 'license-health',
  csvDetail: 'For spreadsheets: one row per user of each finding, with the fix',
  jsonDetail: 'For scripts: the findings, their users and fixes, and the summary per license',
};

export interface HealthReportOutcome {
  report: HealthReport;
  uri: vscode.Uri;
}

export interface HealthFixOutcome {
  findingId: string;
  prefill: BatchPrefill;
}

class HealthCommands {
  constructor(
    private readonly sessions: SessionManager,
    private readonly explorer: LicenseExplorerProvider,
    private readonly results: ResultDocuments,
  ) {}

  /** Reads and compares the whole org; only a complete report reaches the tree (a cancel throws before). */
  async check(): Promise<HealthReport> {
    const { client } = this.sessions.requireSession();
    const idleDays = vscode.workspace.getConfiguration('genesysLicenses').get<number>('health.idleDays', 90);
    const input = await runWithProgress(this.sessions, 'Checking license health', (task) =>
      readHealthInput(client, { idleDays, signal: task.signal, onProgress: (message, done, total) => task.report(message, done, total) }),
    );
    const report = licenseHealth(input);
    this.explorer.healthRoot?.show(report);
    return report;
  }

  async showReport(): Promise<HealthReportOutcome> {
    const session = this.sessions.requireSession();
    const report = await this.check();
    const document = await this.results.showRendered(
      'License Health',
      healthMarkdown(report, { org: describeConnection(session.connection), readAt: report.checkedAt }),
    );
    return { report, uri: document.uri };
  }

  /** The last complete report of this session, or a new check. */
  private async latest(): Promise<HealthReport> {
    return this.explorer.healthRoot?.report ?? (await this.check());
  }

  async export(argument?: unknown): Promise<{ uri: vscode.Uri; findings: number } | undefined> {
    const session = this.sessions.requireSession();
    const request = parseExportRequest(argument);
    const format = request.format ?? (await pickExportFormat(HEALTH_EXPORT));
    if (format === undefined) {
      return undefined;
    }
    const uri = request.target !== undefined ? exportUri(request.target) : await askExportTarget(format, session.connection.orgName ?? 'org', HEALTH_EXPORT);
    if (uri === undefined) {
      return undefined;
    }
    const report = await this.latest();
    const text = format === 'csv' ? healthCsv(report) : healthJson(report, describeConnection(session.connection));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(redactor.redact(text)));
    void showInformationMessage(`Exported ${count(report.findings.length, 'License Health finding')} to ${path.basename(uri.path)}.`);
    return { uri, findings: report.findings.length };
  }

  /** The finding a tree row, an ID (the report names each) or a pick gives; then the batch form, prefilled with its fix. */
  async fix(argument?: unknown): Promise<HealthFixOutcome | undefined> {
    this.sessions.requireSession();
    const finding = argument instanceof HealthFindingNode ? argument.finding : await this.findingFrom(textFromArgument(argument));
    if (!finding) {
      return undefined;
    }
    const prefill: BatchPrefill = {
      assignments: [{ licenseId: finding.fix.licenseId, userIdsAdd: [...finding.fix.userIdsAdd], userIdsRemove: [...finding.fix.userIdsRemove] }],
    };
    await runCommand(CommandIds.openBatchAssignment, prefill);
    return { findingId: finding.id, prefill };
  }

  private async findingFrom(id: string | undefined): Promise<HealthFinding | undefined> {
    const report = await this.latest();
    if (id !== undefined) {
      const finding = report.findings.find((candidate) => candidate.id === id.trim());
      if (!finding) {
        throw new GenesysApiError({
          kind: 'invalid-argument',
          message: `The last License Health check has no finding ${JSON.stringify(id)}; check again and pick one.`,
        });
      }
      return finding;
    }
    const items = report.findings.map((finding) => ({
      label: literalLabel(finding.id),
      description: literalLabel(findingSubject(finding)),
      detail: literalLabel(`Fix: ${fixSummary(finding)}`),
      finding,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Fix a License Health Finding',
      placeHolder: items.length > 0 ? 'The batch form opens with the fix, for preview; nothing changes yet' : 'No findings: nothing to fix',
      matchOnDescription: true,
    });
    return picked?.finding;
  }
}

/** Registers the License Health commands; the manifest offers them on the palette and the explorer's Health part. */
export function registerHealthCommands(registry: Registry, sessions: SessionManager, explorer: LicenseExplorerProvider, results: ResultDocuments): void {
  const commands = new HealthCommands(sessions, explorer, results);
  registry.register(CommandIds.checkLicenseHealth, 'Check license health', async () => (await commands.check(), undefined));
  registry.register(CommandIds.showLicenseHealthReport, 'Show the License Health report', () => commands.showReport());
  registry.register(CommandIds.exportLicenseHealth, 'Export License Health', (argument?: unknown) => commands.export(argument));
  registry.register(CommandIds.fixHealthFinding, 'Fix a License Health finding', (argument?: unknown) => commands.fix(argument));
}
