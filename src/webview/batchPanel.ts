import * as vscode from 'vscode';
import { GenesysApiError, type LicenseBatchAssignmentRequest } from '../api';
import type { SessionManager } from '../auth/sessionManager';
import { type AppliedBatch, applyChanges, ENTRIES_PER_REQUEST, previewChanges, retryRequestOf, undoRequestOf } from '../batch/changes';
import { type BatchDraft, type BatchPrefill, checkDraft, emptyRow, withPrefill } from '../batch/draft';
import { runWithProgress } from '../ui/progress';
import type { CommandRegistry } from '../ui/registry';
import type { Logger } from '../logging/logger';
import { confirmChanges, reportOf } from './batchApply';
import { loadDraftFile, saveRequestFile } from './batchFiles';
import { BatchOrgReads } from './batchOrgReads';
import { userIdsInForm } from './batchPeople';
import { batchFormHtml, createNonce } from './html';
import {
  BATCH_VIEW_TYPE,
  FOLLOW_UP_NAMES,
  type FollowUp,
  type FromBatchWebview,
  type LicenseOption,
  licenseOptionsOf,
  parseDraft,
  parseFromBatchWebview,
  type PreviewState,
  type ReportMessage,
  type ToBatchWebview,
  type UserField,
} from './protocol';

const DRAFT_KEY = 'genesysLicenses.batchDraft';
/** How long the form must be still before the change preview is read from the org again. */
const PREVIEW_DELAY_MS = 700;

export interface BatchPanelDependencies {
  extensionUri: vscode.Uri;
  sessions: SessionManager;
  /** Where the draft lives, so it survives hiding, closing the panel and reloading the window. */
  state: vscode.Memento;
  logger: Logger;
  registry: CommandRegistry;
  /** Users picked by name (several at once), or undefined when dismissed. */
  pickUsers: (title: string) => Promise<string[] | undefined>;
  /** Called after anything was applied, with what the affected users held before and after, so views update and the change is recorded. */
  onApplied: (batch: AppliedBatch) => void;
}

/** Web Crypto is global in every VS Code: no need to load node:crypto at activation for it. */
const randomUUID = () => globalThis.crypto.randomUUID();

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/**
 * The "Batch License Assignment" panel's host side: one panel at a time, restored after a reload. The host keeps the
 * draft (the webview only mirrors it), checks every message, previews against the org, and applies in chunks after a
 * modal confirmation, reporting per user.
 */
export class BatchAssignmentPanel implements vscode.Disposable {
  static current?: BatchAssignmentPanel;

  private draft: BatchDraft;
  /** Which draft `draft` is: every preview says the revision it was read for, and the form shows it only for that one. */
  private revision = 0;
  private lastReport?: ReportMessage;
  private previewTimer?: NodeJS.Timeout;
  private previewAbort?: AbortController;
  private busy = false;
  /** The org's definitions (every preview and apply needs them) and the names of the users in the form. */
  private readonly orgReads: BatchOrgReads;
  private readonly disposables: vscode.Disposable[] = [];
  /** Resolves when the webview said it is ready: nothing is posted before, so nothing is lost. */
  private ready!: Promise<void>;
  private markReady!: () => void;

  static show(deps: BatchPanelDependencies, prefill?: BatchPrefill): BatchAssignmentPanel {
    const panel =
      BatchAssignmentPanel.current ??
      new BatchAssignmentPanel(
        vscode.window.createWebviewPanel(BATCH_VIEW_TYPE, 'Batch License Assignment', vscode.ViewColumn.Active, webviewOptions(deps.extensionUri)),
        deps,
      );
    panel.panel.reveal();
    if (prefill) {
      void panel.prefill(prefill);
    }
    return panel;
  }

  /** After a window reload VS Code hands back the panel it had; the draft comes from the host's store. */
  static revive(webviewPanel: vscode.WebviewPanel, deps: BatchPanelDependencies): BatchAssignmentPanel {
    webviewPanel.webview.options = webviewOptions(deps.extensionUri);
    return new BatchAssignmentPanel(webviewPanel, deps);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: BatchPanelDependencies,
  ) {
    BatchAssignmentPanel.current = this;
    this.orgReads = new BatchOrgReads(deps.sessions, deps.logger);
    this.draft = parseDraft(deps.state.get(DRAFT_KEY)) ?? { rows: [emptyRow(randomUUID())] };
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    this.resetReady();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down (no retainContextWhenHidden: it costs memory); shown again, it starts over.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) {
          this.resetReady();
        }
      }),
      deps.sessions.onDidChangeSession(() => {
        this.orgReads.sessionChanged();
        void this.sendInit().then(() => this.schedulePreview(0));
      }),
    );
    this.render();
  }

  private resetReady(): void {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  private render(): void {
    this.resetReady();
    const { webview } = this.panel;
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'dist', ...path)).toString();
    webview.html = batchFormHtml({ cspSource: webview.cspSource, nonce: createNonce(), asset });
  }

  /** Waits for the webview's handshake. A hidden panel has no webview: its next `init` carries the draft and report. */
  private async post(message: ToBatchWebview): Promise<void> {
    await this.ready;
    if (this.panel.visible) {
      await this.panel.webview.postMessage(message);
    }
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseFromBatchWebview(raw);
    if (!message) {
      this.deps.logger.warn(`Batch form: ignored a malformed message (${JSON.stringify(raw)?.slice(0, 200)}).`);
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      if (error instanceof GenesysApiError && error.kind === 'cancelled') {
        return;
      }
      // Bad input is the form's business; anything else also goes through the one error policy (log, actions).
      if (!(error instanceof GenesysApiError && error.kind === 'invalid-argument')) {
        void this.deps.registry.report(error, 'Batch license assignment');
      }
      void this.post({ t: 'notice', level: 'error', message: (error as Error).message });
    }
  }

  private async handle(message: FromBatchWebview): Promise<void> {
    switch (message.t) {
      case 'ready':
        this.markReady();
        await this.sendInit();
        this.schedulePreview(0);
        return;
      case 'draftChanged':
        if (message.revision <= this.revision) {
          // An edit of a draft the host has replaced since (a file loaded meanwhile): the form takes the host's.
          this.deps.logger.info(`Batch form: ignored draft ${message.revision}, the form was sent draft ${this.revision}.`);
          return;
        }
        await this.saveDraft(message.draft, message.revision);
        this.schedulePreview(PREVIEW_DELAY_MS);
        return;
      case 'apply':
        return this.settling('apply', () => this.applyDraft());
      case 'retryFailed':
        return this.settling('retry', () => this.applyFollowUp('retry'));
      case 'undo':
        return this.settling('undo', () => this.applyFollowUp('undo'));
      case 'save':
        return this.saveToFile();
      case 'load':
        return this.loadFromFile();
      case 'copy':
        await vscode.env.clipboard.writeText(JSON.stringify(this.requireRequest(), null, 2));
        await this.post({ t: 'notice', level: 'info', message: 'The request JSON is on the clipboard.' });
        return;
      case 'pickUsers':
        return this.pickUsers(message.rowKey, message.field);
    }
  }

  /** Runs an Apply, Retry or Undo and tells the form when it has ended, however it ended. */
  private async settling(action: FollowUp, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } finally {
      void this.post({ t: 'settled', action });
    }
  }

  private async sendInit(): Promise<void> {
    const session = this.deps.sessions.current;
    let licenses: LicenseOption[] = [];
    if (session) {
      try {
        licenses = licenseOptionsOf(await this.orgReads.orgDefinitions());
      } catch (error) {
        this.deps.logger.warn(`Batch form: the license list could not be read (${(error as Error).message}).`);
      }
    }
    this.orgReads.pageLoaded();
    await this.post({
      t: 'init',
      draft: this.draft,
      revision: this.revision,
      licenses,
      org: session?.connection.orgName,
      entriesPerRequest: ENTRIES_PER_REQUEST,
      lastReport: this.lastReport,
    });
    if (!session) {
      await this.post({ t: 'notice', level: 'error', message: 'Not signed in: sign in to Genesys Cloud to preview and apply. Your draft is kept.' });
    }
  }

  /** Keeps a draft the form sent (with its revision) or one the host made (the next revision). */
  private async saveDraft(draft: BatchDraft, revision = this.revision + 1): Promise<void> {
    // The preview still being read is for the draft this one replaces.
    this.previewAbort?.abort();
    this.draft = draft;
    this.revision = revision;
    await this.deps.state.update(DRAFT_KEY, draft);
  }

  /** Sends the form the names of the users in the draft and the last results it has not been sent yet. */
  private async sendPeople(signal: AbortSignal): Promise<void> {
    const message = await this.orgReads.namesToTell(userIdsInForm(this.draft, this.lastReport), signal);
    if (message) {
      await this.post(message);
    }
  }

  /** Adds a prefilled row (or fills the row already naming that license) and shows the form. */
  private async prefill(prefill: BatchPrefill): Promise<void> {
    await this.saveDraft(withPrefill(this.draft, prefill, randomUUID));
    await this.post({ t: 'draft', draft: this.draft, revision: this.revision, reason: 'prefilled' });
    this.schedulePreview(0);
  }

  private requireRequest() {
    const check = checkDraft(this.draft);
    if (!check.request) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: `The request cannot be built yet: ${check.problems.join(' ')}` });
    }
    return check.request;
  }

  private schedulePreview(delayMs: number): void {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => void this.refreshPreview(), delayMs);
  }

  private postPreview(revision: number, preview: PreviewState): Promise<void> {
    return this.post({ t: 'preview', revision, ...preview });
  }

  /**
   * Reads the org's current state for the users in the draft, and their names. A newer draft aborts the read (see
   * `saveDraft`), and what a read finds is posted with the revision it was read for.
   */
  private async refreshPreview(): Promise<void> {
    this.previewAbort?.abort();
    const revision = this.revision;
    const session = this.deps.sessions.current;
    const request = checkDraft(this.draft).request;
    const controller = (this.previewAbort = new AbortController());
    void this.sendPeople(controller.signal);
    if (!session || !request || this.busy) {
      await this.postPreview(revision, { state: 'none' });
      return;
    }
    await this.postPreview(revision, { state: 'loading' });
    try {
      const preview = await previewChanges(session.client, request, controller.signal, this.orgReads.orgDefinitions());
      if (!controller.signal.aborted) {
        await this.postPreview(revision, { state: 'ready', preview });
      }
    } catch (error) {
      if (!controller.signal.aborted) {
        await this.postPreview(revision, { state: 'error', message: (error as Error).message });
      }
    }
  }

  private async applyDraft(): Promise<void> {
    const check = checkDraft(this.draft, await this.orgReads.knownLicenses());
    if (!check.request) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: `Nothing was sent: ${check.problems.join(' ')}` });
    }
    await this.applyRequest(check.request, 'apply');
  }

  private async applyFollowUp(kind: 'retry' | 'undo'): Promise<void> {
    const last = this.lastReport;
    const allowed = kind === 'retry' ? last?.canRetry : last?.canUndo;
    const request = allowed ? (kind === 'retry' ? retryRequestOf : undoRequestOf)(last?.report.entries ?? []) : undefined;
    if (!request) {
      throw new GenesysApiError({
        kind: 'invalid-argument',
        message: kind === 'retry' ? 'Nothing failed: there is nothing to retry.' : 'Nothing was changed: there is nothing to undo.',
      });
    }
    await this.applyRequest(request, kind);
  }

  /**
   * The one way anything is written: a fresh preview (the org may have changed since the form's), a modal
   * confirmation with the counts, then chunked application with progress, then the per-user report.
   */
  private async applyRequest(request: LicenseBatchAssignmentRequest, kind: ReportMessage['kind']): Promise<void> {
    if (this.busy) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: 'A batch is already being applied; wait for its results.' });
    }
    const client = this.deps.sessions.requireClient();
    const orgId = this.deps.sessions.current?.connection.orgId;
    const revision = this.revision;
    this.busy = true;
    try {
      const preview = await runWithProgress(this.deps.sessions, 'Reading the current licenses of these users…', (task) =>
        previewChanges(client, request, task.signal, this.orgReads.orgDefinitions()),
      );
      if (kind === 'apply') {
        // The draft's own preview, read afresh; a retry's or an undo's is not the draft's and stays in the dialog.
        await this.postPreview(revision, { state: 'ready', preview });
      }
      if (!(await confirmChanges(request, preview, kind, this.deps.sessions.current?.connection.orgName))) {
        await this.post({ t: 'notice', level: 'info', message: 'Nothing was sent.' });
        return;
      }
      const report = await runWithProgress(this.deps.sessions, `${FOLLOW_UP_NAMES[kind]}ing license changes`, (task) =>
        applyChanges(client, preview.entries, {
          signal: task.signal,
          onProgress: (done, total) => {
            task.report(`${done} of ${total}`, done, total);
            void this.post({ t: 'applying', done, total });
          },
        }),
      );
      this.lastReport = reportOf(report, kind, this.deps.logger);
      await this.post(this.lastReport);
      this.deps.onApplied({ kind, orgId, before: preview.usersBefore, report });
      this.schedulePreview(0);
    } finally {
      this.busy = false;
    }
  }

  private async saveToFile(): Promise<void> {
    const path = await saveRequestFile(this.requireRequest());
    if (path) {
      await this.post({ t: 'notice', level: 'info', message: `Saved to ${path}.` });
    }
  }

  private async loadFromFile(): Promise<void> {
    // Bad input changes nothing: the draft on screen stays as it was.
    const draft = await loadDraftFile(randomUUID);
    if (!draft) {
      return;
    }
    await this.saveDraft(draft);
    await this.post({ t: 'draft', draft, revision: this.revision, reason: 'loaded' });
    this.schedulePreview(0);
  }

  private async pickUsers(rowKey: string, field: UserField): Promise<void> {
    const ids = await this.deps.pickUsers(field === 'usersToAdd' ? 'Users to give the license to' : 'Users to take the license from');
    if (ids && ids.length > 0) {
      await this.post({ t: 'usersPicked', rowKey, field, ids });
    }
  }

  dispose(): void {
    if (BatchAssignmentPanel.current === this) {
      BatchAssignmentPanel.current = undefined;
    }
    clearTimeout(this.previewTimer);
    this.previewAbort?.abort();
    this.panel.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
