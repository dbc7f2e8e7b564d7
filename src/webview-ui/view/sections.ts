/**
 * The form's sections below the rows: the request JSON with what blocks it, the change preview, Apply with its
 * progress, and the results with Retry and Undo. Every line and button state comes from derive.ts.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import type { AppliedEntry, Outcome, PreviewEntry } from '../../batch/changes';
import { count } from '../../core/markdown';
import { applyHint, brief, canApply, canFollowUp, draftFindings, previewIsStale, previewStatus, requestJson, requestStatus, sendableRequest } from '../derive';
import { FOLLOW_UP_NAMES } from '../../webview/protocol';
import type { Action, FormState } from '../model';
import type { SectionId } from '../viewState';
import { button, icon, pagedTable, userCell } from './parts';
import { findingItem } from './rows';

type Dispatch = (action: Action) => void;

const OUTCOMES: { outcome: Outcome; label: string; icon: string; text: string }[] = [
  { outcome: 'applied', label: 'applied', icon: 'pass', text: 'Applied' },
  { outcome: 'failed', label: 'failed', icon: 'error', text: 'Failed' },
  { outcome: 'not-applied', label: 'not applied', icon: 'circle-slash', text: 'Not applied' },
  { outcome: 'unknown', label: 'unknown', icon: 'question', text: 'Unknown' },
];

const entryKey = (entry: PreviewEntry) => `${entry.userId}\u0000${entry.licenseId}\u0000${entry.action}`;

function section(state: FormState, id: SectionId, title: string, body: unknown, dispatch: Dispatch, hidden = false): TemplateResult {
  return html`<details
    id=${`${id}-section`}
    class="section"
    ?hidden=${hidden}
    .open=${live(state.open[id])}
    @toggle=${(event: Event) => dispatch({ type: 'toggleSection', section: id, open: (event.currentTarget as HTMLDetailsElement).open })}
  >
    <summary><h2>${title}</h2></summary>
    <div class="section-body">${body}</div>
  </details>`;
}

function countItem(className: string, iconName: string, amount: number, words: string): TemplateResult {
  return html`<li class="count ${className}">${icon(iconName)} <strong>${amount.toLocaleString('en-US')}</strong>${words}</li>`;
}

function actionCell(entry: PreviewEntry): TemplateResult {
  return html`<span class="action action-${entry.action}">${icon(entry.action === 'add' ? 'add' : 'remove')}${entry.action === 'add' ? ' Add' : ' Remove'}</span>`;
}

function effectCell(entry: PreviewEntry): TemplateResult {
  const text = { gains: 'Gains it', loses: 'Loses it', unchanged: 'No change' }[entry.effect];
  const name = { gains: 'arrow-up', loses: 'arrow-down', unchanged: 'dash' }[entry.effect];
  return html`<span class="effect effect-${entry.effect}">${icon(name)} ${text}</span>`;
}

function warningsCell(entry: PreviewEntry): TemplateResult {
  if (entry.warnings.length === 0) {
    return html`<span class="muted">None</span>`;
  }
  return html`<ul class="warnings">${entry.warnings.map((warning) => html`<li>${icon('warning', 'warning-icon')} <span class="sr-only">Warning: </span>${warning}</li>`)}</ul>`;
}

export function requestSection(state: FormState, dispatch: Dispatch): TemplateResult {
  const findings = draftFindings(state);
  const status = requestStatus(state, findings);
  const request = sendableRequest(state, findings);
  const json = request ? requestJson(request, state.jsonShowAll) : undefined;
  const body = html`<p id="request-status" class="status ${status.tone}" role="status" aria-live="polite">${status.text}</p>
    <ul id="problems" class="problems" ?hidden=${findings.length === 0}>${findings.map(findingItem)}</ul>
    <pre id="request-json" class="json" tabindex="0" aria-label="Request JSON" ?hidden=${!json}>${json?.text ?? ''}</pre>
    <p class="json-more" ?hidden=${!json || json.hiddenLines === 0}>
      <span id="json-more-text">${count(json?.hiddenLines ?? 0, 'more line')} not shown. Copy request JSON copies all of it. </span>
      ${button('Show the whole request', () => dispatch({ type: 'showWholeJson' }), { id: 'json-all', secondary: true, icon: 'unfold' })}
    </p>`;
  return section(state, 'json', 'Request JSON', body, dispatch);
}

function previewStatusLine(state: FormState): TemplateResult {
  const status = previewStatus(state);
  const lead =
    state.preview.state === 'loading'
      ? html`<vscode-progress-ring aria-hidden="true" class="inline-ring"></vscode-progress-ring> `
      : state.preview.state === 'error'
        ? html`${icon('error')} `
        : nothing;
  return html`<div id="preview-status" class="status${status.tone === 'error' ? ' error' : ''}" role="status" aria-live="polite">${lead}${status.text}</div>`;
}

export function previewSection(state: FormState, dispatch: Dispatch): TemplateResult {
  const shown = state.preview;
  const preview = shown.state === 'ready' ? shown.preview : undefined;
  const warned = preview?.entries.filter((entry) => entry.warnings.length > 0) ?? [];
  const entries = !preview ? [] : state.onlyWarnings ? warned : preview.entries;
  const summary = preview
    ? html`<ul class="counts" aria-label="Preview summary">
          ${countItem('gains', 'arrow-up', preview.gains, ' gain')} ${countItem('losses', 'arrow-down', preview.losses, ' lose')}
          ${countItem('unchanged', 'dash', preview.unchanged, ' unchanged')}
          ${countItem(`warnings${warned.length > 0 ? ' nonzero' : ''}`, 'warning', warned.length, warned.length === 1 ? ' with a warning' : ' with warnings')}
          ${countItem(`unknown${preview.unknownUsers.length > 0 ? ' nonzero' : ''}`, 'question', preview.unknownUsers.length, preview.unknownUsers.length === 1 ? ' unknown user' : ' unknown users')}
        </ul>
        ${preview.unknownUsers.length > 0 ? html`<p class="message warning">${icon('warning')} Not in the organization, so their entries will fail: ${brief(preview.unknownUsers)}.</p>` : nothing}
        ${entries.length === 0 ? html`<p class="muted">${state.onlyWarnings ? 'No entry has a warning.' : 'No entries.'}</p>` : nothing}`
    : nothing;
  const body = html`${previewStatusLine(state)}
    <p id="preview-stale" class="muted" ?hidden=${!previewIsStale(state)}>${icon('history')} The draft changed since this preview; the new one is on its way.</p>
    <div id="preview-summary">${summary}</div>
    <vscode-checkbox
      id="only-warnings"
      ?hidden=${!preview}
      .label=${`Show only entries with warnings (${warned.length.toLocaleString('en-US')})`}
      .checked=${live(state.onlyWarnings)}
      @change=${(event: Event) => dispatch({ type: 'filter', filter: 'onlyWarnings', on: (event.currentTarget as HTMLInputElement).checked })}
    ></vscode-checkbox>
    <div class="preview-table" ?hidden=${!preview}>
      ${pagedTable<PreviewEntry>({
        id: 'preview-table',
        caption: `Change preview: ${count(entries.length, 'entry', 'entries')}`,
        items: entries,
        key: entryKey,
        shown: state.shown.preview,
        onMore: (all) => dispatch({ type: 'showMore', table: 'preview', all }),
        rowClass: (entry) => (entry.warnings.length > 0 ? 'has-warnings' : undefined),
        columns: [
          { header: 'User', cell: (entry) => userCell(state.people, entry.userId), rowHeader: true, className: 'col-user' },
          { header: 'License', cell: (entry) => html`<code>${entry.licenseId}</code>`, className: 'col-license' },
          { header: 'Action', cell: actionCell, className: 'col-action' },
          { header: 'Effect', cell: effectCell, className: 'col-effect' },
          { header: 'Warnings', cell: warningsCell, className: 'col-warnings' },
        ],
      })}
    </div>`;
  return section(state, 'preview', 'Change preview', body, dispatch);
}

export function applySection(state: FormState, dispatch: Dispatch): TemplateResult {
  const applying = state.applying;
  return html`<section class="apply" aria-labelledby="apply-title">
    <h2 id="apply-title" class="sr-only">Apply</h2>
    <div class="button-row">
      ${button('Apply…', () => dispatch({ type: 'followUp', action: 'apply' }), { id: 'apply', icon: 'check', disabled: !canApply(state) })}
      <p id="apply-hint" class="muted">${applyHint(state)}</p>
    </div>
    <div id="progress" class="progress" ?hidden=${!applying}>
      <p class="progress-line">
        <vscode-progress-ring aria-hidden="true" class="inline-ring"></vscode-progress-ring><span role="status" aria-live="polite"
          ><span id="progress-text">${applying ? `Applying: ${applying.done.toLocaleString('en-US')} of ${count(applying.total, 'change')} done…` : ''}</span></span
        >
      </p>
      <vscode-progress-bar
        id="progress-bar"
        aria-label="Applying"
        aria-valuetext=${applying ? `${applying.done} of ${applying.total}` : nothing}
        .max=${Math.max(applying?.total ?? 1, 1)}
        .value=${applying ? Math.min(applying.done, applying.total) : 0}
      ></vscode-progress-bar>
    </div>
  </section>`;
}

function resultsBody(state: FormState, dispatch: Dispatch): TemplateResult | typeof nothing {
  const report = state.report;
  if (!report) {
    return nothing;
  }
  const entries = report.report.entries;
  const tally = new Map<Outcome, number>();
  for (const entry of entries) {
    tally.set(entry.outcome, (tally.get(entry.outcome) ?? 0) + 1);
  }
  const parts = OUTCOMES.filter((item) => (tally.get(item.outcome) ?? 0) > 0).map(
    (item) => `${(tally.get(item.outcome) ?? 0).toLocaleString('en-US')} ${item.label}`,
  );
  const kind = FOLLOW_UP_NAMES[report.kind] ?? 'Apply';
  const summary = `${kind} finished: ${parts.join(', ') || 'nothing to do'}${report.report.requestsSent >= 0 ? `, in ${count(report.report.requestsSent, 'request')}` : ''}.`;
  const troubled = entries.some((entry) => entry.outcome !== 'applied');
  const unsuccessful = entries.filter((entry) => entry.outcome !== 'applied');
  const shown = state.onlyUnsuccessful ? unsuccessful : entries;
  // A new text node for every report, so screen readers announce a second run with the same words too.
  return html`<p id="results-status" class="status ${troubled ? 'warning' : 'ok'}" role="status" aria-live="polite">${keyed(state.reportCount, html`${summary}`)}</p>
    <ul id="results-counts" class="counts">
      ${OUTCOMES.map((item) => countItem(`outcome-${item.outcome}${(tally.get(item.outcome) ?? 0) > 0 ? ' nonzero' : ''}`, item.icon, tally.get(item.outcome) ?? 0, ` ${item.label}`))}
    </ul>
    <div class="button-row" role="group" aria-label="Follow-up actions">
      ${button('Retry failed', () => dispatch({ type: 'followUp', action: 'retry' }), { id: 'retry', icon: 'refresh', secondary: true, disabled: !canFollowUp(state, 'retry') })}
      ${button('Undo', () => dispatch({ type: 'followUp', action: 'undo' }), { id: 'undo', icon: 'discard', secondary: true, disabled: !canFollowUp(state, 'undo') })}
    </div>
    <vscode-checkbox
      id="only-unsuccessful"
      .label=${`Show only entries not applied (${unsuccessful.length.toLocaleString('en-US')})`}
      .checked=${live(state.onlyUnsuccessful)}
      @change=${(event: Event) => dispatch({ type: 'filter', filter: 'onlyUnsuccessful', on: (event.currentTarget as HTMLInputElement).checked })}
    ></vscode-checkbox>
    <div class="results-table">
      ${pagedTable<AppliedEntry>({
        id: 'results-table',
        caption: `Results of the ${kind.toLowerCase()}: ${count(shown.length, 'entry', 'entries')}`,
        items: shown,
        key: entryKey,
        shown: state.shown.results,
        onMore: (all) => dispatch({ type: 'showMore', table: 'results', all }),
        rowClass: (entry) => `outcome-row-${entry.outcome}`,
        columns: [
          { header: 'User', cell: (entry) => userCell(state.people, entry.userId), rowHeader: true, className: 'col-user' },
          { header: 'License', cell: (entry) => html`<code>${entry.licenseId}</code>`, className: 'col-license' },
          { header: 'Action', cell: actionCell, className: 'col-action' },
          {
            header: 'Outcome',
            cell: (entry) => {
              const outcome = OUTCOMES.find((item) => item.outcome === entry.outcome);
              return html`<span class="outcome outcome-${entry.outcome}">${icon(outcome?.icon ?? 'question')} ${outcome?.text ?? entry.outcome}</span>`;
            },
            className: 'col-outcome',
          },
          { header: 'Detail', cell: (entry) => entry.detail || '', className: 'col-detail' },
        ],
      })}
    </div>`;
}

export function resultsSection(state: FormState, dispatch: Dispatch): TemplateResult {
  return section(state, 'results', 'Results', resultsBody(state, dispatch), dispatch, !state.report);
}
