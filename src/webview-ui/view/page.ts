/** The whole page as a function of the form's state: the loading state before `init`, then the form. */
import { html, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Action, FormState, Notice } from '../model';
import { button, icon } from './parts';
import { assignmentsSection } from './rows';
import { applySection, previewSection, requestSection, resultsSection } from './sections';

type Dispatch = (action: Action) => void;

function noticeTemplate(notice: Notice, dispatch: Dispatch): TemplateResult {
  const error = notice.level === 'error';
  return html`<div class="notice notice-${error ? 'error' : 'info'}" role=${error ? 'alert' : 'status'} data-notice=${notice.id}
    >${icon(error ? 'error' : 'info')}<span class="notice-text">${notice.message}</span>${button(
      'Dismiss',
      () => dispatch({ type: 'dismissNotice', id: notice.id }),
      {
        icon: 'close',
        iconOnly: true,
        label: 'Dismiss this message',
        secondary: true,
        action: 'dismiss',
      },
    )}</div
  >`;
}

export function page(state: FormState, dispatch: Dispatch): TemplateResult {
  if (!state.initialized) {
    return html`<div class="loading" role="status"><vscode-progress-ring aria-label="Loading"></vscode-progress-ring><span>Loading the batch assignment form…</span></div>`;
  }
  return html`<div class="page">
    <header class="page-header">
      <div class="title-block">
        <h1 tabindex="-1" id="form-title">Batch License Assignment</h1>
        <p class="org" id="org" ?hidden=${!state.org}>${state.org ? `Organization: ${state.org}` : ''}</p>
      </div>
      <div class="toolbar" role="group" aria-label="Request">
        ${button('Save request…', () => dispatch({ type: 'send', message: 'save' }), { id: 'save', icon: 'save', secondary: true })}
        ${button('Load request…', () => dispatch({ type: 'send', message: 'load' }), { id: 'load', icon: 'folder-opened', secondary: true })}
        ${button('Copy request JSON', () => dispatch({ type: 'send', message: 'copy' }), { id: 'copy', icon: 'copy', secondary: true })}
      </div>
    </header>
    <div class="notices" id="notices">${repeat(
      state.notices,
      (notice) => notice.id,
      (notice) => noticeTemplate(notice, dispatch),
    )}</div>
    <div class="sr-only" id="announcer" role="status" aria-live="polite">${state.announcement}</div>
    ${assignmentsSection(state, dispatch)} ${requestSection(state, dispatch)} ${previewSection(state, dispatch)} ${applySection(state, dispatch)}
    ${resultsSection(state, dispatch)}
  </div>`;
}
