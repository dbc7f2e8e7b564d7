/**
 * The assignment rows: per row a license picker, users to add, users to remove, who those users are, and what the
 * draft check says. Rows are keyed by their draft key and the controls' values bound with `live`, so an update never
 * moves the keyboard focus or the caret of the field being typed in.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { classMap } from 'lit/directives/class-map.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DraftRow } from '../../batch/draft';
import { count } from '../../core/markdown';
import { MAX_DRAFT_ROWS, type LicenseOption, type UserField } from '../../webview/protocol';
import { FIELD_LABELS, rowFindings, type Finding, type RowFindings } from '../derive';
import type { Action, FormState } from '../model';
import { fieldPeople, type FieldPeople } from '../people';
import { button, icon, TONE_ICONS } from './parts';

type Dispatch = (action: Action) => void;

/** The properties of the vscode-elements controls the form reads. */
interface ValueElement extends HTMLElement {
  value: string;
}

/** Element IDs per row key (`r1`, `r2`…): labels point at them, and they stay the same while the row exists. */
const domIds = new Map<string, string>();

export function rowDomId(key: string): string {
  let id = domIds.get(key);
  if (!id) {
    id = `r${domIds.size + 1}`;
    domIds.set(key, id);
  }
  return id;
}

export function findingItem(finding: Finding): TemplateResult {
  return html`<li class="message ${finding.tone}">${icon(TONE_ICONS[finding.tone])} ${finding.text}</li>`;
}

/** Every license of the org, and the row's own license first when the org lacks it. */
function licenseOptions(licenses: readonly LicenseOption[], current: string): TemplateResult {
  const options = licenses.map((license) => ({
    id: license.id,
    description: license.description || undefined,
    text: license.description ? `${license.id} — ${license.description}` : license.id,
  }));
  if (current && !licenses.some((license) => license.id === current)) {
    options.unshift({ id: current, description: 'Not a license of this organization', text: `${current} (not in this org)` });
  }
  return html`${repeat(
    options,
    (option) => option.id,
    (option) =>
      html`<vscode-option value=${option.id} description=${ifDefined(option.description)} ?selected=${option.id === current}>${option.text}</vscode-option>`,
  )}`;
}

function peopleList(people: FieldPeople | undefined, label: string): TemplateResult | typeof nothing {
  if (!people) {
    return nothing;
  }
  return html`<ul class="people" aria-label=${`${label}, by name`}>${repeat(
    people.listed,
    (person) => person.id,
    ({ id, label: person }) =>
      html`<li class="person"><span class="person-name">${person.name}</span>${person.distinguisher ? html` <span class="person-distinguisher">${person.distinguisher}</span>` : nothing} <code class="user-id" title=${id}>${id}</code></li>`,
  )}${people.more > 0 ? html`<li class="muted">and ${people.more.toLocaleString('en-US')} more, all named in the change preview</li>` : nothing}${
    people.notFound > 0
      ? html`<li class="message warning">${icon('warning')} ${count(people.notFound, 'ID is', 'IDs are')} not in the organization’s directory</li>`
      : nothing
  }</ul>`;
}

function usersField(state: FormState, row: DraftRow, field: UserField, n: number, findings: RowFindings, dispatch: Dispatch): TemplateResult {
  const id = `${rowDomId(row.key)}-${field}`;
  const label = `${FIELD_LABELS[field]}, row ${n}`;
  const onInput = (event: Event) => dispatch({ type: 'edit', key: row.key, field, value: (event.currentTarget as ValueElement).value ?? '' });
  return html`<div class="field users-field ${field}">
    <label for=${id} class="field-label">${icon(field === 'usersToAdd' ? 'add' : 'remove')} ${FIELD_LABELS[field]}</label>
    <vscode-textarea
      id=${id}
      class="users-input"
      rows="5"
      resize="vertical"
      monospace
      placeholder="Paste user IDs: one per line, or separated by commas, spaces or semicolons"
      data-field=${field}
      .label=${label}
      .invalid=${findings.invalid[field]}
      .value=${live(row[field])}
      @input=${onInput}
      @change=${onInput}
    ></vscode-textarea>
    <div class="field-footer">
      <span class="field-count" id=${`${id}-count`}>${findings.counts[field]}</span>
      ${button('Pick users by name…', () => dispatch({ type: 'pick', key: row.key, field }), {
        icon: field === 'usersToAdd' ? 'person-add' : 'person',
        secondary: true,
        action: 'pick',
        field,
        label: `Pick ${FIELD_LABELS[field].toLowerCase()} by name, row ${n}`,
      })}
    </div>
    ${peopleList(fieldPeople(state, row.key, field), label)}
  </div>`;
}

function rowTemplate(state: FormState, row: DraftRow, index: number, dispatch: Dispatch): TemplateResult {
  const uid = rowDomId(row.key);
  const n = index + 1;
  const findings = rowFindings(state, row.key);
  const license = row.licenseId.trim();
  const onLicense = (event: Event) => dispatch({ type: 'edit', key: row.key, field: 'licenseId', value: (event.currentTarget as ValueElement).value ?? '' });
  return html`<section class=${classMap({ 'assignment-row': true, 'has-problems': findings.messages.some((finding) => finding.tone === 'error') })} aria-labelledby=${`${uid}-title`} data-key=${row.key}>
    <div class="row-header">
      <h3 id=${`${uid}-title`} class="row-title">Row ${n}</h3>
      <span class="row-summary">${findings.summary}</span>
      ${button('Remove row', () => dispatch({ type: 'removeRow', key: row.key }), { icon: 'trash', secondary: true, action: 'remove-row', label: `Remove row ${n}` })}
    </div>
    <div class="field license-field">
      <label for=${`${uid}-license`} class="field-label">${icon('law')} License</label>
      <vscode-single-select
        id=${`${uid}-license`}
        combobox
        filter="contains"
        class="license-select"
        data-field="licenseId"
        .label=${`License, row ${n}`}
        .invalid=${findings.licenseInvalid}
        .value=${live(license)}
        @change=${onLicense}
        >${licenseOptions(state.licenses, license)}</vscode-single-select
      >
    </div>
    <div class="users-fields">${usersField(state, row, 'usersToAdd', n, findings, dispatch)}${usersField(state, row, 'usersToRemove', n, findings, dispatch)}</div>
    <ul class="row-messages" id=${`${uid}-messages`}>${findings.messages.map(findingItem)}</ul>
  </section>`;
}

export function assignmentsSection(state: FormState, dispatch: Dispatch): TemplateResult {
  const full = state.draft.rows.length >= MAX_DRAFT_ROWS;
  return html`<section class="assignments" aria-labelledby="assignments-title">
    <h2 id="assignments-title">Assignments</h2>
    <p class="muted intro">
      One row per license. Paste user IDs in any form (lines, commas, spaces, a JSON list) or pick users by name. Each ID is checked; repeats are merged.
    </p>
    ${state.peopleUnavailable ? html`<p class="muted people-unavailable" id="people-unavailable">${icon('info')} Names are not shown, only IDs: ${state.peopleUnavailable}.</p>` : nothing}
    <div class="rows" id="rows">${repeat(
      state.draft.rows,
      (row) => row.key,
      (row, index) => rowTemplate(state, row, index, dispatch),
    )}</div>
    <div class="button-row">
      ${button('Add row', () => dispatch({ type: 'addRow' }), { id: 'add-row', icon: 'add', secondary: true, disabled: full })}
      <span class="muted" id="row-limit">${full ? `A draft holds at most ${MAX_DRAFT_ROWS} rows.` : ''}</span>
    </div>
  </section>`;
}
