/**
 * The batch-assignment form inside the webview. The host owns the draft and does everything that touches the org;
 * this page edits the draft, checks it with the same `checkDraft` the host uses, and shows what the host reports.
 *
 * Typing only stores text: the check, the JSON preview and the `draftChanged` message follow after a short pause
 * (`EDIT_DELAY_MS`), and any action that makes the host use the draft sends the pending edit first.
 */
import type { AppliedEntry, ChangePreview, Outcome, PreviewEntry } from '../batch/changes';
import { checkDraft, emptyRow, type BatchDraft, type DraftCheck, type DraftRow } from '../batch/draft';
import { count } from '../core/markdown';
import { MAX_DRAFT_LENGTH, MAX_DRAFT_ROWS, MAX_FIELD_LENGTH, type LicenseOption, type ReportMessage, type ToBatchWebview, type UserField } from '../webview/protocol';
import { append, button, h, icon, replaceChildren, setAttribute, setDisabled, setText, show } from './dom';
import { brief, rowProblemText, RowView } from './rowView';
import { restoreViewState, type SectionId, type ViewState, type VsCodeApi } from './state';
import { PagedTable } from './table';

/** How long typing must pause before the draft is checked and sent to the host. */
export const EDIT_DELAY_MS = 250;
/** Drafts up to this size are saved with `setState` on every keystroke; larger ones when the pause ends. */
const EAGER_STATE_CHARS = 20_000;
/** Lines of request JSON shown before "Show the whole request". */
const JSON_PREVIEW_LINES = 400;
const MAX_NOTICES = 5;

type PreviewState = { state: 'none' } | { state: 'loading' } | { state: 'ready'; preview: ChangePreview } | { state: 'error'; message: string };

const OUTCOMES: { outcome: Outcome; label: string; icon: string }[] = [
  { outcome: 'applied', label: 'applied', icon: 'pass' },
  { outcome: 'failed', label: 'failed', icon: 'error' },
  { outcome: 'not-applied', label: 'not applied', icon: 'circle-slash' },
  { outcome: 'unknown', label: 'unknown', icon: 'question' },
];
const OUTCOME_TEXT: Record<Outcome, string> = { applied: 'Applied', failed: 'Failed', 'not-applied': 'Not applied', unknown: 'Unknown' };
const KIND_TEXT: Record<ReportMessage['kind'], string> = { apply: 'Apply', retry: 'Retry', undo: 'Undo' };

function actionCell(entry: PreviewEntry): Node {
  return h('span', { class: `action action-${entry.action}` }, icon(entry.action === 'add' ? 'add' : 'remove'), entry.action === 'add' ? ' Add' : ' Remove');
}

function effectCell(entry: PreviewEntry): Node {
  const text = { gains: 'Gains it', loses: 'Loses it', unchanged: 'No change' }[entry.effect];
  const name = { gains: 'arrow-up', loses: 'arrow-down', unchanged: 'dash' }[entry.effect];
  return h('span', { class: `effect effect-${entry.effect}` }, icon(name), ` ${text}`);
}

function warningsCell(entry: PreviewEntry): Node {
  if (entry.warnings.length === 0) {
    return h('span', { class: 'muted' }, 'None');
  }
  return h('ul', { class: 'warnings' }, ...entry.warnings.map((warning) => h('li', null, icon('warning', 'warning-icon'), ' ', h('span', { class: 'sr-only' }, 'Warning: '), warning)));
}

function codeCell(text: string): Node {
  return h('code', null, text);
}

export class BatchForm {
  private readonly state: ViewState;
  private draft: BatchDraft = { rows: [] };
  private licenses: LicenseOption[] = [];
  private knownLicenses: ReadonlySet<string> | undefined;
  private entriesPerRequest = 100;
  private org: string | undefined;
  private check: DraftCheck | undefined;
  private initialized = false;
  /** Edits not yet checked and sent to the host. */
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;
  private previewState: PreviewState = { state: 'none' };
  /** The request JSON last sent to the host, and the one it was when the last preview came. */
  private sentRequest: string | undefined;
  private previewedRequest: string | undefined;
  private applying: { done: number; total: number } | undefined;
  private report: ReportMessage | undefined;
  private jsonShowAll = false;
  private rowViews = new Map<string, RowView>();
  private keySequence = 0;
  private ui!: ReturnType<BatchForm['buildSkeleton']>;
  private previewTable!: PagedTable<PreviewEntry>;
  private resultsTable!: PagedTable<AppliedEntry>;

  constructor(
    private readonly root: HTMLElement,
    private readonly vscode: VsCodeApi,
    private readonly window: Window,
  ) {
    this.state = restoreViewState(vscode.getState());
  }

  /** Restores the view state, says `ready`, and shows "loading" until the host's `init`. */
  start(): void {
    this.renderLoading();
    this.window.addEventListener('message', (event: MessageEvent) => this.onMessage(event.data));
    this.window.addEventListener('scroll', () => this.onScroll(), { passive: true });
    // A reload or close in the middle of typing: keep the last keystrokes.
    this.window.addEventListener('pagehide', () => this.saveState());
    this.vscode.postMessage({ t: 'ready' });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Messages from the host

  onMessage(data: unknown): void {
    if (!data || typeof data !== 'object' || typeof (data as { t?: unknown }).t !== 'string') {
      return;
    }
    const message = data as ToBatchWebview;
    if (message.t === 'init') {
      this.onInit(message);
      return;
    }
    if (!this.initialized) {
      // Nothing but `init` makes sense before the form exists; the host sends everything again with it.
      return;
    }
    switch (message.t) {
      case 'draft':
        this.replaceDraft(message.draft);
        this.announce(message.reason === 'loaded' ? 'Request loaded into the form.' : 'The form was filled in from the License Explorer.');
        break;
      case 'preview':
        this.previewState = message;
        this.previewedRequest = this.sentRequest;
        this.renderPreview();
        break;
      case 'applying':
        this.applying = { done: message.done, total: message.total };
        this.renderApplying();
        break;
      case 'report':
        this.applying = undefined;
        this.report = message;
        this.state.open.results = true;
        this.renderApplying();
        this.renderReport(true);
        this.saveState();
        break;
      case 'usersPicked':
        this.onUsersPicked(message.rowKey, message.field, message.ids);
        break;
      case 'notice':
        if (message.level === 'error' && this.applying) {
          // An apply that ends in an error without a report: do not leave the form saying "applying" forever.
          this.applying = undefined;
          this.renderApplying();
        }
        this.addNotice(message.level, message.message);
        break;
    }
  }

  private onInit(message: Extract<ToBatchWebview, { t: 'init' }>): void {
    this.licenses = message.licenses ?? [];
    this.knownLicenses = this.licenses.length > 0 ? new Set(this.licenses.map((license) => license.id)) : undefined;
    this.entriesPerRequest = message.entriesPerRequest > 0 ? message.entriesPerRequest : 100;
    this.org = message.org;
    this.report = message.lastReport;
    this.applying = undefined;
    const first = !this.initialized;
    if (first) {
      this.initialized = true;
      this.buildForm();
    }
    setText(this.ui.org, this.org ? `Organization: ${this.org}` : '');
    show(this.ui.org, !!this.org);

    // Edits the host has not seen (typed just before a reload, or still waiting for the pause) win over its copy.
    const local = first ? this.state.draft : this.draft;
    const localUnsent = first ? this.state.unsent : this.dirty || this.state.unsent;
    if (local && localUnsent && JSON.stringify(local) !== JSON.stringify(message.draft)) {
      this.draft = structuredCloneDraft(local);
      if (this.draft.rows.length === 0) {
        this.draft.rows.push(emptyRow(this.newKey()));
      }
      this.syncRows();
      this.dirty = true;
      this.flush();
    } else {
      this.replaceDraft(message.draft);
    }
    for (const view of this.rowViews.values()) {
      view.setLicenses(this.licenses);
    }
    this.renderPreview();
    this.renderApplying();
    this.renderReport(false);
    if (first) {
      this.root.setAttribute('aria-busy', 'false');
      const scrollY = this.state.scrollY;
      if (scrollY > 0) {
        this.window.requestAnimationFrame?.(() => this.window.scrollTo(0, scrollY));
      }
    }
  }

  /** Takes a draft from the host as it is: the host already has it, so nothing is sent back. */
  private replaceDraft(draft: BatchDraft): void {
    this.cancelTimer();
    this.dirty = false;
    this.draft = structuredCloneDraft(draft);
    if (this.draft.rows.length === 0) {
      // A fresh form shows one empty row to fill in; an empty row is ignored by the check, so the host loses nothing.
      this.draft.rows.push(emptyRow(this.newKey()));
    }
    this.syncRows();
    this.recheck();
    this.sentRequest = this.requestJson();
    this.state.unsent = false;
    this.saveState();
  }

  private onUsersPicked(rowKey: string, field: UserField, ids: string[]): void {
    const view = this.rowViews.get(rowKey);
    const row = this.draft.rows.find((candidate) => candidate.key === rowKey);
    if (!view || !row || (field !== 'usersToAdd' && field !== 'usersToRemove') || !Array.isArray(ids) || ids.length === 0) {
      return;
    }
    row[field] = view.appendUsers(field, ids.map(String));
    this.dirty = true;
    this.flush();
    this.announce(`${count(ids.length, 'user')} added to ${field === 'usersToAdd' ? 'users to add' : 'users to remove'} in row ${view.position + 1}.`);
    view.fields[field].focus();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Editing

  private onEdit(key: string, field: keyof Omit<DraftRow, 'key'>, value: string): void {
    const row = this.draft.rows.find((candidate) => candidate.key === key);
    if (!row) {
      return;
    }
    row[field] = value;
    this.dirty = true;
    this.state.unsent = true;
    if (draftSize(this.draft) <= EAGER_STATE_CHARS) {
      this.saveState();
    }
    if (field === 'licenseId') {
      // A choice from a list is one deliberate step, not typing: show its effect at once.
      this.flush();
      return;
    }
    this.cancelTimer();
    this.timer = setTimeout(() => this.flush(), EDIT_DELAY_MS);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Checks the draft and sends it to the host now, if anything changed since the last time. */
  flush(): void {
    this.cancelTimer();
    if (!this.dirty) {
      return;
    }
    this.dirty = false;
    this.recheck();
    if (this.fieldsTooLong()) {
      // The host would refuse the whole message; keep the draft here (and in the state) until it is shorter.
      this.state.unsent = true;
      this.saveState();
      return;
    }
    this.vscode.postMessage({ t: 'draftChanged', draft: structuredCloneDraft(this.draft) });
    this.sentRequest = this.requestJson();
    this.state.unsent = false;
    this.saveState();
    this.renderPreview();
  }

  /** The host refuses a draft over these limits whole; the form says so instead of letting an edit vanish. */
  private fieldsTooLong(): boolean {
    return this.draftLength() > MAX_DRAFT_LENGTH || this.draft.rows.some((row) => row.usersToAdd.length > MAX_FIELD_LENGTH || row.usersToRemove.length > MAX_FIELD_LENGTH);
  }

  private draftLength(): number {
    return this.draft.rows.reduce((sum, row) => sum + row.usersToAdd.length + row.usersToRemove.length, 0);
  }

  private requestJson(): string | undefined {
    return this.check?.request ? JSON.stringify(this.check.request) : undefined;
  }

  private newKey(): string {
    const taken = new Set(this.draft.rows.map((row) => row.key));
    let key: string;
    do {
      key = `row-${Date.now().toString(36)}-${(++this.keySequence).toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
    } while (taken.has(key));
    return key;
  }

  private addRow(): void {
    if (this.draft.rows.length >= MAX_DRAFT_ROWS) {
      return;
    }
    const row = emptyRow(this.newKey());
    this.draft.rows.push(row);
    this.syncRows();
    this.dirty = true;
    this.flush();
    this.rowViews.get(row.key)?.focusLicense();
    this.announce(`Row ${this.draft.rows.length} added.`);
  }

  private removeRow(key: string): void {
    const index = this.draft.rows.findIndex((row) => row.key === key);
    if (index < 0) {
      return;
    }
    this.draft.rows.splice(index, 1);
    if (this.draft.rows.length === 0) {
      this.draft.rows.push(emptyRow(this.newKey()));
    }
    this.syncRows();
    this.dirty = true;
    this.flush();
    // Keep the keyboard nearby: the row that took its place, or the one before.
    const next = this.draft.rows[Math.min(index, this.draft.rows.length - 1)];
    (next ? this.rowViews.get(next.key)?.removeButton : this.ui.addRow)?.focus();
    this.announce(`Row ${index + 1} removed.`);
  }

  /** Makes the row controls match `this.draft.rows`, reusing the controls of rows that stay. */
  private syncRows(): void {
    const keep = new Set(this.draft.rows.map((row) => row.key));
    for (const [key, view] of this.rowViews) {
      if (!keep.has(key)) {
        view.element.remove();
        this.rowViews.delete(key);
      }
    }
    this.draft.rows.forEach((row, index) => {
      let view = this.rowViews.get(row.key);
      if (!view) {
        view = new RowView(row, {
          edit: (key, field, value) => this.onEdit(key, field, value),
          remove: (key) => this.removeRow(key),
          pick: (key, field) => this.send({ t: 'pickUsers', rowKey: key, field }),
        });
        this.rowViews.set(row.key, view);
      }
      view.setRow(row, this.licenses);
      view.setIndex(index);
      if (this.ui.rows.children[index] !== view.element) {
        this.ui.rows.insertBefore(view.element, this.ui.rows.children[index] ?? null);
      }
    });
    setDisabled(this.ui.addRow, this.draft.rows.length >= MAX_DRAFT_ROWS);
    setText(this.ui.rowLimit, this.draft.rows.length >= MAX_DRAFT_ROWS ? `A draft holds at most ${MAX_DRAFT_ROWS} rows.` : '');
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Actions

  /** Sends a message that makes the host use the draft, after the pending edit. */
  private send(message: Parameters<VsCodeApi['postMessage']>[0]): void {
    this.flush();
    this.vscode.postMessage(message);
  }

  private apply(): void {
    this.flush();
    if (!this.check?.request || this.applying || this.fieldsTooLong()) {
      return;
    }
    this.vscode.postMessage({ t: 'apply' });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Rendering

  private renderLoading(): void {
    this.root.setAttribute('aria-busy', 'true');
    replaceChildren(
      this.root,
      h('div', { class: 'loading', role: 'status' }, h('vscode-progress-ring', { 'aria-label': 'Loading' }), h('span', null, 'Loading the batch assignment form…')),
    );
  }

  private buildForm(): void {
    this.ui = this.buildSkeleton();
    this.previewTable = new PagedTable<PreviewEntry>({
      id: 'preview-table',
      caption: 'Change preview',
      columns: [
        { header: 'User', cell: (entry) => codeCell(entry.userId), rowHeader: true, className: 'col-user' },
        { header: 'License', cell: (entry) => codeCell(entry.licenseId), className: 'col-license' },
        { header: 'Action', cell: actionCell, className: 'col-action' },
        { header: 'Effect', cell: effectCell, className: 'col-effect' },
        { header: 'Warnings', cell: warningsCell, className: 'col-warnings' },
      ],
      rowClass: (entry) => (entry.warnings.length > 0 ? 'has-warnings' : undefined),
    });
    this.resultsTable = new PagedTable<AppliedEntry>({
      id: 'results-table',
      caption: 'Results',
      columns: [
        { header: 'User', cell: (entry) => codeCell(entry.userId), rowHeader: true, className: 'col-user' },
        { header: 'License', cell: (entry) => codeCell(entry.licenseId), className: 'col-license' },
        { header: 'Action', cell: actionCell, className: 'col-action' },
        {
          header: 'Outcome',
          cell: (entry) => h('span', { class: `outcome outcome-${entry.outcome}` }, icon(OUTCOMES.find((item) => item.outcome === entry.outcome)?.icon ?? 'question'), ` ${OUTCOME_TEXT[entry.outcome] ?? entry.outcome}`),
          className: 'col-outcome',
        },
        { header: 'Detail', cell: (entry) => entry.detail || '', className: 'col-detail' },
      ],
      rowClass: (entry) => `outcome-row-${entry.outcome}`,
    });
    append(this.ui.previewTableSlot, this.previewTable.element);
    append(this.ui.resultsTableSlot, this.resultsTable.element);
    replaceChildren(this.root, this.ui.page);
  }

  private buildSkeleton() {
    const section = (id: SectionId, title: string, ...children: Node[]) => {
      const element = h('details', { id: `${id}-section`, class: 'section', open: this.state.open[id] }, h('summary', null, h('h2', null, title)), h('div', { class: 'section-body' }, ...children));
      element.addEventListener('toggle', () => {
        this.state.open[id] = (element as HTMLDetailsElement).open;
        this.saveState();
      });
      return element as HTMLDetailsElement;
    };

    const heading = h('h1', { tabindex: '-1', id: 'form-title' }, 'Batch License Assignment');
    const org = h('p', { class: 'org', id: 'org' });
    const saveButton = button('Save request…', { id: 'save', icon: 'save', secondary: true });
    const loadButton = button('Load request…', { id: 'load', icon: 'folder-opened', secondary: true });
    const copyButton = button('Copy request JSON', { id: 'copy', icon: 'copy', secondary: true });
    saveButton.addEventListener('click', () => this.send({ t: 'save' }));
    loadButton.addEventListener('click', () => this.send({ t: 'load' }));
    copyButton.addEventListener('click', () => this.send({ t: 'copy' }));

    const notices = h('div', { class: 'notices', id: 'notices' });
    const announcer = h('div', { class: 'sr-only', id: 'announcer', role: 'status', 'aria-live': 'polite' });

    const rows = h('div', { class: 'rows', id: 'rows' });
    const addRow = button('Add row', { id: 'add-row', icon: 'add', secondary: true });
    addRow.addEventListener('click', () => this.addRow());
    const rowLimit = h('span', { class: 'muted', id: 'row-limit' });

    const requestStatus = h('p', { id: 'request-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    const problems = h('ul', { id: 'problems', class: 'problems' });
    const json = h('pre', { id: 'request-json', class: 'json', tabindex: '0', 'aria-label': 'Request JSON' });
    const jsonMore = h('p', { class: 'json-more' });
    const jsonAll = button('Show the whole request', { id: 'json-all', secondary: true, icon: 'unfold' });
    jsonAll.addEventListener('click', () => {
      this.jsonShowAll = true;
      this.renderRequest();
      json.focus();
    });
    append(jsonMore, h('span', { id: 'json-more-text' }), jsonAll);

    const previewStatus = h('div', { id: 'preview-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    const previewStale = h('p', { id: 'preview-stale', class: 'muted', hidden: true }, icon('history'), ' The draft changed since this preview; the new one is on its way.');
    const previewSummary = h('div', { id: 'preview-summary' });
    const onlyWarnings = h('vscode-checkbox', { id: 'only-warnings', label: 'Show only entries with warnings' }) as HTMLElement & { checked: boolean; label: string };
    onlyWarnings.checked = this.state.onlyWarnings;
    onlyWarnings.addEventListener('change', () => {
      this.state.onlyWarnings = onlyWarnings.checked;
      this.saveState();
      this.renderPreview();
    });
    const previewTableSlot = h('div', { class: 'preview-table' });

    const applyButton = button('Apply…', { id: 'apply', icon: 'check' });
    applyButton.addEventListener('click', () => this.apply());
    const applyHint = h('p', { id: 'apply-hint', class: 'muted' });
    const progressBar = h('vscode-progress-bar', { id: 'progress-bar', 'aria-label': 'Applying' }) as HTMLElement & { value?: number; max: number };
    const progressText = h('span', { id: 'progress-text' });
    const progress = h(
      'div',
      { id: 'progress', class: 'progress', hidden: true },
      h('p', { class: 'progress-line' }, h('vscode-progress-ring', { 'aria-hidden': 'true', class: 'inline-ring' }), h('span', { role: 'status', 'aria-live': 'polite' }, progressText)),
      progressBar,
    );

    const resultsStatus = h('p', { id: 'results-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    const resultsCounts = h('ul', { id: 'results-counts', class: 'counts' });
    const retryButton = button('Retry failed', { id: 'retry', icon: 'refresh', secondary: true });
    const undoButton = button('Undo', { id: 'undo', icon: 'discard', secondary: true });
    retryButton.addEventListener('click', () => {
      if (this.report?.canRetry && !this.applying) {
        this.send({ t: 'retryFailed' });
      }
    });
    undoButton.addEventListener('click', () => {
      if (this.report?.canUndo && !this.applying) {
        this.send({ t: 'undo' });
      }
    });
    const onlyUnsuccessful = h('vscode-checkbox', { id: 'only-unsuccessful', label: 'Show only entries not applied' }) as HTMLElement & { checked: boolean; label: string };
    onlyUnsuccessful.checked = this.state.onlyUnsuccessful;
    onlyUnsuccessful.addEventListener('change', () => {
      this.state.onlyUnsuccessful = onlyUnsuccessful.checked;
      this.saveState();
      this.renderReport(false);
    });
    const resultsTableSlot = h('div', { class: 'results-table' });

    const jsonSection = section('json', 'Request JSON', requestStatus, problems, json, jsonMore);
    const previewSection = section('preview', 'Change preview', previewStatus, previewStale, previewSummary, onlyWarnings, previewTableSlot);
    const resultsSection = section(
      'results',
      'Results',
      resultsStatus,
      resultsCounts,
      h('div', { class: 'button-row', role: 'group', 'aria-label': 'Follow-up actions' }, retryButton, undoButton),
      onlyUnsuccessful,
      resultsTableSlot,
    );

    const page = h(
      'div',
      { class: 'page' },
      h(
        'header',
        { class: 'page-header' },
        h('div', { class: 'title-block' }, heading, org),
        h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Request' }, saveButton, loadButton, copyButton),
      ),
      notices,
      announcer,
      h(
        'section',
        { class: 'assignments', 'aria-labelledby': 'assignments-title' },
        h('h2', { id: 'assignments-title' }, 'Assignments'),
        h('p', { class: 'muted intro' }, 'One row per license. Paste user IDs in any form (lines, commas, spaces, a JSON list) or pick users by name. Each ID is checked; repeats are merged.'),
        rows,
        h('div', { class: 'button-row' }, addRow, rowLimit),
      ),
      jsonSection,
      previewSection,
      h('section', { class: 'apply', 'aria-labelledby': 'apply-title' }, h('h2', { id: 'apply-title', class: 'sr-only' }, 'Apply'), h('div', { class: 'button-row' }, applyButton, applyHint), progress),
      resultsSection,
    );
    return {
      page,
      heading,
      org,
      notices,
      announcer,
      rows,
      addRow,
      rowLimit,
      requestStatus,
      problems,
      json,
      jsonMore,
      jsonAll,
      previewSection,
      previewStatus,
      previewStale,
      previewSummary,
      onlyWarnings,
      previewTableSlot,
      applyButton,
      applyHint,
      progress,
      progressBar,
      progressText,
      resultsSection,
      resultsStatus,
      resultsCounts,
      retryButton,
      undoButton,
      onlyUnsuccessful,
      resultsTableSlot,
      saveButton,
      loadButton,
      copyButton,
    };
  }

  /** Runs the draft check and shows its findings: per row, the request JSON, the Apply button. */
  private recheck(): void {
    this.check = checkDraft(this.draft, this.knownLicenses);
    const byKey = new Map(this.check.rows.map((row) => [row.key, row]));
    const licenseRows = new Map<string, number>();
    for (const row of this.check.rows) {
      if (row.licenseId) {
        licenseRows.set(row.licenseId, (licenseRows.get(row.licenseId) ?? 0) + 1);
      }
    }
    for (const view of this.rowViews.values()) {
      const rowCheck = byKey.get(view.key);
      view.setCheck(rowCheck, !!rowCheck?.licenseId && (licenseRows.get(rowCheck.licenseId) ?? 0) > 1, this.knownLicenses);
    }
    this.renderRequest();
    this.renderApplyState();
  }

  /** The problems of the draft in words, numbered by the rows as the form shows them. */
  private problemTexts(check: DraftCheck): string[] {
    const position = new Map(this.draft.rows.map((row, index) => [row.key, index + 1]));
    const texts: string[] = [];
    let used = 0;
    for (const row of check.rows) {
      for (const problem of row.problems) {
        texts.push(`Row ${position.get(row.key) ?? '?'}: ${rowProblemText(problem, row)}`);
      }
      used += row.problems.length;
    }
    for (const problem of check.problems.slice(used)) {
      texts.push(problem.length > 400 ? `${problem.slice(0, 400)}…` : problem);
    }
    const tooLong = this.draft.rows.flatMap((row, index) =>
      (['usersToAdd', 'usersToRemove'] as const).filter((field) => row[field].length > MAX_FIELD_LENGTH).map((field) => `Row ${index + 1}: the list of ${field === 'usersToAdd' ? 'users to add' : 'users to remove'} is too long (at most ${MAX_FIELD_LENGTH.toLocaleString('en-US')} characters).`),
    );
    const totalTooLong = this.draftLength() > MAX_DRAFT_LENGTH ? [`The whole draft is too long (at most ${MAX_DRAFT_LENGTH.toLocaleString('en-US')} characters of user IDs): apply it in parts.`] : [];
    return [...totalTooLong, ...tooLong, ...texts];
  }

  private renderRequest(): void {
    const check = this.check;
    if (!check) {
      return;
    }
    const problems = this.problemTexts(check);
    const request = problems.length === 0 ? check.request : undefined;
    if (request) {
      const requests = Math.ceil(check.entryCount / this.entriesPerRequest);
      setText(
        this.ui.requestStatus,
        `Ready to send: ${count(check.entryCount, 'user/license change')} in ${count(requests, 'request')} of at most ${this.entriesPerRequest.toLocaleString('en-US')}.`,
      );
      this.ui.requestStatus.className = 'status ok';
    } else {
      setText(this.ui.requestStatus, `Not ready to send: ${count(problems.length, 'problem')} to fix.`);
      this.ui.requestStatus.className = 'status error';
    }
    replaceChildren(this.ui.problems, ...problems.map((problem) => h('li', { class: 'message error' }, icon('error'), ` ${problem}`)));
    show(this.ui.problems, problems.length > 0);

    if (!request) {
      show(this.ui.json, false);
      show(this.ui.jsonMore, false);
      return;
    }
    const text = JSON.stringify(request, null, 2);
    let shown = text;
    let hiddenLines = 0;
    if (!this.jsonShowAll) {
      let end = -1;
      for (let line = 0; line < JSON_PREVIEW_LINES; line++) {
        end = text.indexOf('\n', end + 1);
        if (end < 0) {
          break;
        }
      }
      if (end >= 0) {
        shown = `${text.slice(0, end)}\n…`;
        for (let index = end; index >= 0; index = text.indexOf('\n', index + 1)) {
          hiddenLines++;
        }
      }
    }
    show(this.ui.json, true);
    setText(this.ui.json, shown);
    show(this.ui.jsonMore, hiddenLines > 0);
    setText(this.ui.jsonMore.firstElementChild as HTMLElement, `${count(hiddenLines, 'more line')} not shown. Copy request JSON copies all of it. `);
  }

  private renderApplyState(): void {
    const problems = this.check ? this.problemTexts(this.check).length : 1;
    const ready = !!this.check?.request && problems === 0;
    setDisabled(this.ui.applyButton, !ready || !!this.applying);
    if (this.applying) {
      setText(this.ui.applyHint, '');
    } else if (!ready) {
      setText(this.ui.applyHint, `Apply is off until the request can be sent: ${count(problems, 'problem')} listed under Request JSON.`);
    } else {
      const entries = this.check?.entryCount ?? 0;
      setText(this.ui.applyHint, `Applies ${count(entries, 'change')} after you confirm them.`);
    }
  }

  private renderPreview(): void {
    if (!this.initialized) {
      return;
    }
    const ui = this.ui;
    const current = this.previewState;
    show(ui.previewStale, current.state === 'ready' && this.sentRequest !== this.previewedRequest);
    show(ui.onlyWarnings, current.state === 'ready');
    ui.previewStatus.className = `status${current.state === 'error' ? ' error' : ''}`;
    if (current.state !== 'ready') {
      replaceChildren(ui.previewSummary);
      this.previewTable.setItems([], 'Change preview');
      show(this.previewTable.element, false);
    }
    switch (current.state) {
      case 'none':
        replaceChildren(ui.previewStatus, 'The preview of who gains or loses what appears once the request can be sent.');
        return;
      case 'loading':
        replaceChildren(ui.previewStatus, h('vscode-progress-ring', { 'aria-hidden': 'true', class: 'inline-ring' }), ' Reading the organization’s current licenses…');
        return;
      case 'error':
        replaceChildren(ui.previewStatus, icon('error'), ` The preview failed: ${current.message}`);
        return;
      case 'ready':
        break;
    }
    const preview = current.preview;
    const warned = preview.entries.filter((entry) => entry.warnings.length > 0);
    replaceChildren(
      ui.previewStatus,
      `Preview: ${count(preview.gains, 'user/license gain', 'user/license gains')}, ${count(preview.losses, 'loss', 'losses')}, ${count(preview.unchanged, 'entry', 'entries')} unchanged, ${count(warned.length, 'warning')}.`,
    );
    const counts = h(
      'ul',
      { class: 'counts', 'aria-label': 'Preview summary' },
      h('li', { class: 'count gains' }, icon('arrow-up'), ' ', h('strong', null, preview.gains.toLocaleString('en-US')), ' gain'),
      h('li', { class: 'count losses' }, icon('arrow-down'), ' ', h('strong', null, preview.losses.toLocaleString('en-US')), ' lose'),
      h('li', { class: 'count unchanged' }, icon('dash'), ' ', h('strong', null, preview.unchanged.toLocaleString('en-US')), ' unchanged'),
      h('li', { class: `count warnings${warned.length > 0 ? ' nonzero' : ''}` }, icon('warning'), ' ', h('strong', null, warned.length.toLocaleString('en-US')), warned.length === 1 ? ' with a warning' : ' with warnings'),
      h('li', { class: `count unknown${preview.unknownUsers.length > 0 ? ' nonzero' : ''}` }, icon('question'), ' ', h('strong', null, preview.unknownUsers.length.toLocaleString('en-US')), preview.unknownUsers.length === 1 ? ' unknown user' : ' unknown users'),
    );
    replaceChildren(ui.previewSummary, counts);
    if (preview.unknownUsers.length > 0) {
      append(ui.previewSummary, h('p', { class: 'message warning' }, icon('warning'), ` Not in the organization, so their entries will fail: ${brief(preview.unknownUsers)}.`));
    }
    const entries = this.state.onlyWarnings ? warned : preview.entries;
    ui.onlyWarnings.label = `Show only entries with warnings (${warned.length.toLocaleString('en-US')})`;
    show(this.previewTable.element, true);
    this.previewTable.setItems(entries, `Change preview: ${count(entries.length, 'entry', 'entries')}`);
    if (entries.length === 0) {
      append(ui.previewSummary, h('p', { class: 'muted' }, this.state.onlyWarnings ? 'No entry has a warning.' : 'No entries.'));
    }
  }

  private renderApplying(): void {
    if (!this.initialized) {
      return;
    }
    const applying = this.applying;
    show(this.ui.progress, !!applying);
    if (applying) {
      this.ui.progressBar.max = Math.max(applying.total, 1);
      this.ui.progressBar.value = Math.min(applying.done, applying.total);
      setAttribute(this.ui.progressBar, 'aria-valuetext', `${applying.done} of ${applying.total}`);
      setText(this.ui.progressText, `Applying: ${applying.done.toLocaleString('en-US')} of ${count(applying.total, 'change')} done…`);
    }
    this.renderApplyState();
    this.renderFollowUps();
  }

  private renderFollowUps(): void {
    setDisabled(this.ui.retryButton, !this.report?.canRetry || !!this.applying);
    setDisabled(this.ui.undoButton, !this.report?.canUndo || !!this.applying);
  }

  private renderReport(announce: boolean): void {
    const report = this.report;
    show(this.ui.resultsSection, !!report);
    this.renderFollowUps();
    if (!report) {
      return;
    }
    this.ui.resultsSection.open = this.state.open.results;
    const entries = report.report.entries;
    const tally = new Map<Outcome, number>();
    for (const entry of entries) {
      tally.set(entry.outcome, (tally.get(entry.outcome) ?? 0) + 1);
    }
    const parts = OUTCOMES.filter((item) => (tally.get(item.outcome) ?? 0) > 0).map((item) => `${(tally.get(item.outcome) ?? 0).toLocaleString('en-US')} ${item.label}`);
    const summary = `${KIND_TEXT[report.kind] ?? 'Apply'} finished: ${parts.join(', ') || 'nothing to do'}${report.report.requestsSent >= 0 ? `, in ${count(report.report.requestsSent, 'request')}` : ''}.`;
    const statusClass = (tally.get('failed') ?? 0) + (tally.get('unknown') ?? 0) + (tally.get('not-applied') ?? 0) > 0 ? 'status warning' : 'status ok';
    this.ui.resultsStatus.className = statusClass;
    if (announce) {
      // Clear first so the same text is announced again after a second run.
      this.ui.resultsStatus.textContent = '';
    }
    setText(this.ui.resultsStatus, summary);
    replaceChildren(
      this.ui.resultsCounts,
      ...OUTCOMES.map((item) => h('li', { class: `count outcome-${item.outcome}${(tally.get(item.outcome) ?? 0) > 0 ? ' nonzero' : ''}` }, icon(item.icon), ' ', h('strong', null, (tally.get(item.outcome) ?? 0).toLocaleString('en-US')), ` ${item.label}`)),
    );
    const unsuccessful = entries.filter((entry) => entry.outcome !== 'applied');
    this.ui.onlyUnsuccessful.label = `Show only entries not applied (${unsuccessful.length.toLocaleString('en-US')})`;
    const shown = this.state.onlyUnsuccessful ? unsuccessful : entries;
    this.resultsTable.setItems(shown, `Results of the ${(KIND_TEXT[report.kind] ?? 'apply').toLowerCase()}: ${count(shown.length, 'entry', 'entries')}`);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Notices and announcements

  private addNotice(level: 'info' | 'error', message: string): void {
    const dismiss = button('Dismiss', { icon: 'close', iconOnly: true, label: 'Dismiss this message', secondary: true, action: 'dismiss' });
    const notice = h(
      'div',
      { class: `notice notice-${level === 'error' ? 'error' : 'info'}`, role: level === 'error' ? 'alert' : 'status' },
      icon(level === 'error' ? 'error' : 'info'),
      h('span', { class: 'notice-text' }, String(message)),
      dismiss,
    );
    dismiss.addEventListener('click', () => {
      const next = (notice.nextElementSibling ?? notice.previousElementSibling)?.querySelector<HTMLElement>('[data-action="dismiss"]');
      notice.remove();
      (next ?? this.ui.heading).focus();
    });
    this.ui.notices.appendChild(notice);
    while (this.ui.notices.children.length > MAX_NOTICES) {
      this.ui.notices.firstElementChild?.remove();
    }
  }

  private announce(text: string): void {
    this.ui.announcer.textContent = '';
    setTimeout(() => setText(this.ui.announcer, text), 50);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // View state

  private onScroll(): void {
    if (this.scrollTimer !== undefined) {
      clearTimeout(this.scrollTimer);
    }
    this.scrollTimer = setTimeout(() => {
      this.scrollTimer = undefined;
      this.state.scrollY = Math.round(this.window.scrollY);
      this.saveState();
    }, 200);
  }

  private saveState(): void {
    if (this.initialized || this.state.draft) {
      this.state.draft = this.initialized ? this.draft : this.state.draft;
    }
    this.vscode.setState(this.state);
  }
}

function structuredCloneDraft(draft: BatchDraft): BatchDraft {
  return { rows: draft.rows.map((row) => ({ key: row.key, licenseId: row.licenseId, usersToAdd: row.usersToAdd, usersToRemove: row.usersToRemove })) };
}

function draftSize(draft: BatchDraft): number {
  return draft.rows.reduce((sum, row) => sum + row.licenseId.length + row.usersToAdd.length + row.usersToRemove.length, 0);
}
