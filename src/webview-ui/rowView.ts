/**
 * One assignment row of the form: a license picker, users to add, users to remove, and what the draft check says
 * about them. Created once per row key and updated in place, so typing never loses focus or the caret.
 */
import type { DraftRow, RowCheck } from '../batch/draft';
import { count } from '../core/markdown';
import { MAX_FIELD_LENGTH, type LicenseOption, type UserField } from '../webview/protocol';
import { button, h, icon, replaceChildren, setAttribute, setText } from './dom';

/** The properties of the vscode-elements controls the form uses. */
export interface ValueElement extends HTMLElement {
  value: string;
  label: string;
  invalid: boolean;
}

export interface RowEvents {
  edit(key: string, field: keyof Omit<DraftRow, 'key'>, value: string): void;
  remove(key: string): void;
  pick(key: string, field: UserField): void;
}

/** Up to `limit` items, then how many more. */
export function brief(items: readonly string[], limit = 10): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} and ${(items.length - limit).toLocaleString('en-US')} more` : shown;
}

/**
 * A problem from the draft check, in words for this form: the row prefix dropped (the row's heading says it) and long
 * lists of entries cut short (a paste of 10 000 bad lines must not become a 400 KB message).
 */
export function rowProblemText(problem: string, row: RowCheck): string {
  const text = problem.replace(/^Row \d+: /, '');
  if (/^not user IDs/i.test(text)) {
    return `${count(row.invalid.length, 'entry is', 'entries are')} not a user ID (a UUID) and will not be sent: ${brief(row.invalid)}.`;
  }
  if (/^both added and removed/i.test(text)) {
    return `${count(row.conflicts.length, 'user is', 'users are')} both added and removed, which blocks sending: ${brief(row.conflicts)}.`;
  }
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return sentence.length > 400 ? `${sentence.slice(0, 400)}…` : sentence;
}

const FIELD_LABELS: Record<UserField, string> = { usersToAdd: 'Users to add', usersToRemove: 'Users to remove' };

let nextUid = 0;

export class RowView {
  readonly element: HTMLElement;
  readonly select: ValueElement;
  readonly fields: Record<UserField, ValueElement>;
  readonly removeButton: HTMLElement;
  private readonly title: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly counts: Record<UserField, HTMLElement>;
  private readonly pickButtons: Record<UserField, HTMLElement>;
  private readonly messages: HTMLElement;
  private readonly uid = `r${++nextUid}`;
  private row: DraftRow;
  private index = 0;
  private licenseKey = '';

  constructor(row: DraftRow, private readonly events: RowEvents) {
    this.row = { ...row };
    this.title = h('h3', { id: `${this.uid}-title`, class: 'row-title' });
    this.summary = h('span', { class: 'row-summary' });
    this.removeButton = button('Remove row', { icon: 'trash', secondary: true, action: 'remove-row' });
    this.removeButton.addEventListener('click', () => this.events.remove(this.row.key));

    this.select = h('vscode-single-select', { id: `${this.uid}-license`, combobox: true, filter: 'contains', class: 'license-select', 'data-field': 'licenseId' }) as unknown as ValueElement;
    this.select.addEventListener('change', () => {
      const value = this.select.value ?? '';
      if (value !== this.row.licenseId) {
        this.row.licenseId = value;
        this.events.edit(this.row.key, 'licenseId', value);
      }
    });

    const userField = (field: UserField) => {
      const element = h('vscode-textarea', {
        id: `${this.uid}-${field}`,
        class: 'users-input',
        rows: 5,
        resize: 'vertical',
        monospace: true,
        placeholder: 'Paste user IDs: one per line, or separated by commas, spaces or semicolons',
        'data-field': field,
      }) as unknown as ValueElement;
      element.value = this.row[field];
      element.addEventListener('input', () => this.onFieldInput(field));
      element.addEventListener('change', () => this.onFieldInput(field));
      const countElement = h('span', { class: 'field-count', id: `${this.uid}-${field}-count` });
      const pick = button('Pick users by name…', { icon: field === 'usersToAdd' ? 'person-add' : 'person', secondary: true, action: 'pick' });
      pick.dataset.field = field;
      pick.addEventListener('click', () => this.events.pick(this.row.key, field));
      const container = h(
        'div',
        { class: `field users-field ${field}` },
        h('label', { for: `${this.uid}-${field}`, class: 'field-label' }, icon(field === 'usersToAdd' ? 'add' : 'remove'), ` ${FIELD_LABELS[field]}`),
        element,
        h('div', { class: 'field-footer' }, countElement, pick),
      );
      return { element, countElement, pick, container };
    };
    const add = userField('usersToAdd');
    const remove = userField('usersToRemove');
    this.fields = { usersToAdd: add.element, usersToRemove: remove.element };
    this.counts = { usersToAdd: add.countElement, usersToRemove: remove.countElement };
    this.pickButtons = { usersToAdd: add.pick, usersToRemove: remove.pick };
    this.messages = h('ul', { class: 'row-messages', id: `${this.uid}-messages` });

    this.element = h(
      'section',
      { class: 'assignment-row', 'aria-labelledby': `${this.uid}-title`, 'data-key': row.key },
      h('div', { class: 'row-header' }, this.title, this.summary, this.removeButton),
      h('div', { class: 'field license-field' }, h('label', { for: `${this.uid}-license`, class: 'field-label' }, icon('law'), ' License'), this.select),
      h('div', { class: 'users-fields' }, add.container, remove.container),
      this.messages,
    );
  }

  get key(): string {
    return this.row.key;
  }

  private onFieldInput(field: UserField): void {
    const value = this.fields[field].value ?? '';
    if (value !== this.row[field]) {
      this.row[field] = value;
      this.events.edit(this.row.key, field, value);
    }
  }

  /** The row's position (from 0): its heading and the labels screen readers hear say it. */
  setIndex(index: number): void {
    this.index = index;
    const n = index + 1;
    setText(this.title, `Row ${n}`);
    setAttribute(this.removeButton, 'aria-label', `Remove row ${n}`);
    this.select.label = `License, row ${n}`;
    for (const field of ['usersToAdd', 'usersToRemove'] as const) {
      this.fields[field].label = `${FIELD_LABELS[field]}, row ${n}`;
      setAttribute(this.pickButtons[field], 'aria-label', `Pick ${FIELD_LABELS[field].toLowerCase()} by name, row ${n}`);
    }
  }

  /** Fills the license picker: every license of the org, and the row's own license when the org lacks it. */
  setLicenses(licenses: readonly LicenseOption[]): void {
    const current = this.row.licenseId.trim();
    const key = `${licenses.map((license) => `${license.id}\u0001${license.description ?? ''}`).join('\u0002')}\u0003${current}`;
    if (key === this.licenseKey) {
      return;
    }
    this.licenseKey = key;
    const options = licenses.map((license) =>
      h('vscode-option', { value: license.id, description: license.description || undefined }, license.description ? `${license.id} — ${license.description}` : license.id),
    );
    if (current && !licenses.some((license) => license.id === current)) {
      options.unshift(h('vscode-option', { value: current, description: 'Not a license of this organization' }, `${current} (not in this org)`));
    }
    replaceChildren(this.select, ...options);
    this.select.value = current;
  }

  /** Puts a row from outside (the host, a loaded file) in the controls, leaving alone what already shows it. */
  setRow(row: DraftRow, licenses: readonly LicenseOption[]): void {
    this.row = { ...row };
    this.element.dataset.key = row.key;
    this.setLicenses(licenses);
    if ((this.select.value ?? '') !== row.licenseId.trim()) {
      this.select.value = row.licenseId.trim();
    }
    for (const field of ['usersToAdd', 'usersToRemove'] as const) {
      if ((this.fields[field].value ?? '') !== row[field]) {
        this.fields[field].value = row[field];
      }
    }
  }

  /** Appends picked IDs to a field, each on its own line. */
  appendUsers(field: UserField, ids: readonly string[]): string {
    const before = this.row[field].replace(/\s+$/, '');
    const value = [before, ...ids].filter((part) => part !== '').join('\n');
    this.row[field] = value;
    this.fields[field].value = value;
    return value;
  }

  /** Shows what the draft check found for this row (`check` is undefined for an empty row, which is ignored). */
  setCheck(check: RowCheck | undefined, licenseRepeated: boolean, knownLicenses: ReadonlySet<string> | undefined): void {
    const items: HTMLElement[] = [];
    const tooLong = (['usersToAdd', 'usersToRemove'] as const).filter((field) => this.row[field].length > MAX_FIELD_LENGTH);
    for (const field of tooLong) {
      items.push(
        h(
          'li',
          { class: 'message error' },
          icon('error'),
          ` ${FIELD_LABELS[field]} is too long to keep: ${this.row[field].length.toLocaleString('en-US')} characters, at most ${MAX_FIELD_LENGTH.toLocaleString('en-US')} (about 27 000 IDs). Apply it in parts.`,
        ),
      );
    }
    for (const problem of check?.problems ?? []) {
      items.push(h('li', { class: 'message error' }, icon('error'), ` ${rowProblemText(problem, check as RowCheck)}`));
    }
    if (licenseRepeated) {
      items.push(h('li', { class: 'message error' }, icon('error'), ' Another row has the same license: merge the rows.'));
    }
    if (check && check.duplicatesMerged > 0) {
      items.push(h('li', { class: 'message info' }, icon('info'), ` ${count(check.duplicatesMerged, 'repeated ID was', 'repeated IDs were')} merged.`));
    }
    replaceChildren(this.messages, ...items);
    this.element.classList.toggle('has-problems', items.some((item) => item.classList.contains('error')));

    const invalid = check?.invalid.slice(0, 50) ?? [];
    const conflicts = new Set(check?.conflicts ?? []);
    for (const field of ['usersToAdd', 'usersToRemove'] as const) {
      const ids = field === 'usersToAdd' ? check?.add : check?.remove;
      const text = this.row[field];
      setText(this.counts[field], ids ? `${count(ids.length, 'user')}${field === 'usersToAdd' ? ' to add' : ' to remove'}` : '');
      this.fields[field].invalid = tooLong.includes(field) || conflicts.size > 0 || invalid.some((entry) => text.includes(entry));
    }
    const licenseId = this.row.licenseId.trim();
    this.select.invalid = !!check && (!licenseId || licenseRepeated || (!!knownLicenses && !knownLicenses.has(licenseId)));
    setText(
      this.summary,
      check
        ? [licenseId || 'no license chosen', check.add.length > 0 && `${check.add.length.toLocaleString('en-US')} to add`, check.remove.length > 0 && `${check.remove.length.toLocaleString('en-US')} to remove`].filter(Boolean).join(' · ')
        : 'empty, ignored',
    );
  }

  /** Focuses the license picker, once it has rendered (a new row's component has no inner input yet). */
  focusLicense(): void {
    const updated = (this.select as ValueElement & { updateComplete?: Promise<unknown> }).updateComplete;
    void (updated ?? Promise.resolve()).then(() => (this.select.shadowRoot?.querySelector<HTMLElement>('input, [tabindex="0"]') ?? this.select).focus());
  }

  get position(): number {
    return this.index;
  }
}
