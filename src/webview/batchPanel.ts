import * as vscode from 'vscode';
import { GenesysApiError, type LicenseBatchAssignmentRequest, type LicenseDefinition } from '../api';
import type { SessionManager } from '../auth/sessionManager';
import { type ApplyReport, applyChanges, changesOf, ENTRIES_PER_REQUEST, previewChanges, retryRequestOf, undoRequestOf } from '../batch/changes';
import { type BatchDraft, checkDraft, draftFromRequest, emptyRow } from '../batch/draft';
import { runWithProgress } from '../ui/progress';
import type { CommandRegistry } from '../ui/registry';
import type { Logger } from '../logging/logger';
import { batchFormHtml } from './html';
import { BATCH_VIEW_TYPE, type FromBatchWebview, type LicenseOption, parseDraft, parseFromBatchWebview, type ReportMessage, type ToBatchWebview, type UserField } from './protocol';

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
  /** Called after anything was applied, so views showing licenses reload. */
  onApplied: () => void;
}

/** What a tree row or a command pre-fills: a license, users to add to it; or whole assignments (a what-if's change). */
export interface BatchPrefill {
  licenseId?: string;
  userIdsAdd?: string[];
  assignments?: { licenseId: string; userIdsAdd: string[]; userIdsRemove: string[] }[];
}

/** Every render gets its own unguessable nonce; only scripts carrying it run. */
export function createNonce(): string {
  // base64url: valid in a CSP nonce, and free of characters that need escaping anywhere it is used.
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(18))).toString('base64url');
}

/** Web Crypto is global in every VS Code: no need to load node:crypto at activation for it. */
const randomUUID = () => globalThis.crypto.randomUUID();

export function batchPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  return batchFormHtml({ cspSource: webview.cspSource, nonce, asset: (...path) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...path)).toString() });
}

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
  private lastReport?: ReportMessage;
  private previewTimer?: NodeJS.Timeout;
  private previewAbort?: AbortController;
  private busy = false;
  /** The org's definitions, read once per session: every preview and apply needs them, and they rarely change. */
  private definitions?: Promise<LicenseDefinition[]>;
  private readonly disposables: vscode.Disposable[] = [];
  /** Resolves when the webview said it is ready: nothing is posted before, so nothing is lost. */
  private ready!: Promise<void>;
  private markReady!: () => void;

  static show(deps: BatchPanelDependencies, prefill?: BatchPrefill): BatchAssignmentPanel {
    const panel =
      BatchAssignmentPanel.current ??
      new BatchAssignmentPanel(vscode.window.createWebviewPanel(BATCH_VIEW_TYPE, 'Batch License Assignment', vscode.ViewColumn.Active, webviewOptions(deps.extensionUri)), deps);
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
        this.definitions = undefined;
        void this.sendInit();
      }),
    );
    this.render();
  }

  private resetReady(): void {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  private render(): void {
    this.resetReady();
    this.panel.webview.html = batchPanelHtml(this.panel.webview, this.deps.extensionUri, createNonce());
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
        await this.saveDraft(message.draft);
        this.schedulePreview(PREVIEW_DELAY_MS);
        return;
      case 'apply':
        return this.applyDraft();
      case 'retryFailed':
        return this.applyFollowUp('retry');
      case 'undo':
        return this.applyFollowUp('undo');
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

  private async sendInit(): Promise<void> {
    const session = this.deps.sessions.current;
    let licenses: LicenseOption[] = [];
    if (session) {
      try {
        const definitions = await this.orgDefinitions();
        licenses = definitions
          .filter((definition) => definition.id)
          .map((definition) => ({ id: definition.id as string, description: definition.description, prerequisites: (definition.prerequisites ?? []).flatMap((prerequisite) => (prerequisite.id ? [prerequisite.id] : [])) }))
          .sort((a, b) => a.id.localeCompare(b.id));
      } catch (error) {
        this.deps.logger.warn(`Batch form: the license list could not be read (${(error as Error).message}).`);
      }
    }
    await this.post({ t: 'init', draft: this.draft, licenses, org: session?.connection.orgName, entriesPerRequest: ENTRIES_PER_REQUEST, lastReport: this.lastReport });
    if (!session) {
      await this.post({ t: 'notice', level: 'error', message: 'Not signed in: sign in to Genesys Cloud to preview and apply. Your draft is kept.' });
    }
  }

  private async saveDraft(draft: BatchDraft): Promise<void> {
    this.draft = draft;
    await this.deps.state.update(DRAFT_KEY, draft);
  }

  /** Adds a prefilled row (or fills the row already naming that license) and shows the form. */
  private async prefill(prefill: BatchPrefill): Promise<void> {
    const rows = this.draft.rows.filter((row) => row.licenseId || row.usersToAdd.trim() || row.usersToRemove.trim());
    const join = (typed: string, ids: readonly string[]) => [typed.trim(), ids.join('\n')].filter(Boolean).join('\n');
    for (const { licenseId, userIdsAdd, userIdsRemove = [] } of prefill.assignments ?? [{ licenseId: prefill.licenseId ?? '', userIdsAdd: prefill.userIdsAdd ?? [] }]) {
      const existing = licenseId ? rows.find((row) => row.licenseId === licenseId) : undefined;
      if (existing) {
        existing.usersToAdd = join(existing.usersToAdd, userIdsAdd);
        existing.usersToRemove = join(existing.usersToRemove, userIdsRemove);
      } else {
        rows.push({ ...emptyRow(randomUUID()), licenseId, usersToAdd: userIdsAdd.join('\n'), usersToRemove: userIdsRemove.join('\n') });
      }
    }
    await this.saveDraft({ rows });
    await this.post({ t: 'draft', draft: this.draft, reason: 'prefilled' });
    this.schedulePreview(0);
  }

  private orgDefinitions(): Promise<LicenseDefinition[]> {
    const client = this.deps.sessions.requireClient();
    this.definitions ??= client.listDefinitions().catch((error: unknown) => {
      this.definitions = undefined; // not cached: the next use asks again
      throw error;
    });
    return this.definitions;
  }

  private knownLicenses(): Promise<Set<string> | undefined> {
    return this.orgDefinitions().then(
      (definitions) => new Set(definitions.flatMap((definition) => (definition.id ? [definition.id] : []))),
      () => undefined,
    );
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

  /** Reads the org's current state for the users in the draft; a newer edit cancels an older read. */
  private async refreshPreview(): Promise<void> {
    this.previewAbort?.abort();
    const session = this.deps.sessions.current;
    const request = checkDraft(this.draft).request;
    if (!session || !request || this.busy) {
      await this.post({ t: 'preview', state: 'none' });
      return;
    }
    const controller = (this.previewAbort = new AbortController());
    await this.post({ t: 'preview', state: 'loading' });
    try {
      const preview = await previewChanges(session.client, request, controller.signal, this.orgDefinitions());
      if (!controller.signal.aborted) {
        await this.post({ t: 'preview', state: 'ready', preview });
      }
    } catch (error) {
      if (!controller.signal.aborted) {
        await this.post({ t: 'preview', state: 'error', message: (error as Error).message });
      }
    }
  }

  private async applyDraft(): Promise<void> {
    const check = checkDraft(this.draft, await this.knownLicenses());
    if (!check.request) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: `Nothing was sent: ${check.problems.join(' ')}` });
    }
    await this.applyRequest(check.request, 'apply');
  }

  private async applyFollowUp(kind: 'retry' | 'undo'): Promise<void> {
    const entries = this.lastReport?.report.entries ?? [];
    const request = kind === 'retry' ? retryRequestOf(entries) : undoRequestOf(entries);
    if (!request) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: kind === 'retry' ? 'Nothing failed: there is nothing to retry.' : 'Nothing was changed: there is nothing to undo.' });
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
    this.busy = true;
    try {
      const preview = await runWithProgress(this.deps.sessions, 'Reading the current licenses of these users…', (task) => previewChanges(client, request, task.signal, this.orgDefinitions()));
      await this.post({ t: 'preview', state: 'ready', preview });
      const warnings = preview.entries.filter((entry) => entry.warnings.length > 0).length;
      const verb = kind === 'undo' ? 'Undo' : kind === 'retry' ? 'Retry' : 'Apply';
      const detail = [
        `${preview.gains} license assignment(s) will be given, ${preview.losses} taken away; ${preview.unchanged} entr${preview.unchanged === 1 ? 'y changes' : 'ies change'} nothing.`,
        warnings > 0 ? `${warnings} entr${warnings === 1 ? 'y has' : 'ies have'} warnings (see the preview).` : '',
        `Org: ${this.deps.sessions.current?.connection.orgName ?? 'the signed-in org'}. Sent in requests of at most ${ENTRIES_PER_REQUEST} users.`,
      ]
        .filter(Boolean)
        .join('\n');
      const confirmed = await vscode.window.showWarningMessage(`${verb} ${changesOf(request).length} license change(s)?`, { modal: true, detail }, verb);
      if (confirmed !== verb) {
        await this.post({ t: 'notice', level: 'info', message: 'Nothing was sent.' });
        return;
      }
      const report = await runWithProgress(this.deps.sessions, `${verb}ing license changes`, (task) =>
        applyChanges(client, preview.entries, {
          signal: task.signal,
          onProgress: (done, total) => {
            task.report(`${done} of ${total}`, done, total);
            void this.post({ t: 'applying', done, total });
          },
        }),
      );
      await this.finish(report, kind);
    } finally {
      this.busy = false;
    }
  }

  private async finish(report: ApplyReport, kind: ReportMessage['kind']): Promise<void> {
    this.lastReport = { t: 'report', kind, report, canUndo: undoRequestOf(report.entries) !== undefined, canRetry: retryRequestOf(report.entries) !== undefined };
    const applied = report.entries.filter((entry) => entry.outcome === 'applied').length;
    this.deps.logger.info(`Batch ${kind}: ${applied} of ${report.entries.length} change(s) applied in ${report.requestsSent} request(s).`);
    for (const entry of report.entries.filter((candidate) => candidate.outcome !== 'applied')) {
      this.deps.logger.warn(`Batch ${kind}: ${entry.action} ${entry.licenseId} for ${entry.userId}: ${entry.detail}`);
    }
    await this.post(this.lastReport);
    this.deps.onApplied();
    this.schedulePreview(0);
  }

  private async saveToFile(): Promise<void> {
    const request = this.requireRequest();
    const target = await vscode.window.showSaveDialog({ title: 'Save the batch assignment request', filters: { JSON: ['json'] }, defaultUri: vscode.Uri.file('license-assignments.json') });
    if (!target) {
      return;
    }
    await vscode.workspace.fs.writeFile(target, Buffer.from(`${JSON.stringify(request, null, 2)}\n`, 'utf8'));
    await this.post({ t: 'notice', level: 'info', message: `Saved to ${target.fsPath}.` });
  }

  private async loadFromFile(): Promise<void> {
    const [source] = (await vscode.window.showOpenDialog({ title: 'Load a batch assignment request', filters: { JSON: ['json'] }, canSelectMany: false })) ?? [];
    if (!source) {
      return;
    }
    const text = Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8');
    let draft: BatchDraft;
    try {
      draft = draftFromRequest(JSON.parse(text), randomUUID);
    } catch (error) {
      // Bad input changes nothing: the draft on screen stays as it was.
      throw new GenesysApiError({ kind: 'invalid-argument', message: `${source.fsPath} was not loaded: ${(error as Error).message}` });
    }
    await this.saveDraft(draft);
    await this.post({ t: 'draft', draft, reason: 'loaded' });
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
