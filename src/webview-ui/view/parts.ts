/**
 * The small pieces the form's templates share: codicons, buttons, a user shown by name and ID, and a table that shows
 * its first rows and adds more on request. Text goes in through lit's text bindings only (never `unsafeHTML`), so
 * nothing the org or the person typed can become markup.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { count } from '../../core/markdown';
import type { Tone } from '../derive';
import { PAGE_SIZE } from '../model';
import { personLabel, type People } from '../people';

/** A codicon in the light DOM (the page loads codicon.css), hidden from screen readers: the text next to it says it. */
export function icon(name: string, extraClass = ''): TemplateResult {
  return html`<span class="codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}" aria-hidden="true"></span>`;
}

export const TONE_ICONS: Record<Tone, string> = { ok: 'pass', error: 'error', todo: 'edit', info: 'info' };

export interface ButtonOptions {
  id?: string;
  icon?: string;
  secondary?: boolean;
  /** The accessible name (and tooltip) when the text alone does not say enough, or for icon-only buttons. */
  label?: string;
  action?: string;
  field?: string;
  iconOnly?: boolean;
  disabled?: boolean;
}

/** A vscode-button; a disabled one says so to screen readers too. */
export function button(text: string, onClick: () => void, options: ButtonOptions = {}): TemplateResult {
  return html`<vscode-button
    id=${ifDefined(options.id)}
    icon=${ifDefined(options.icon)}
    ?secondary=${!!options.secondary}
    ?icon-only=${!!options.iconOnly}
    aria-label=${ifDefined(options.label)}
    title=${ifDefined(options.label)}
    data-action=${ifDefined(options.action)}
    data-field=${ifDefined(options.field)}
    ?disabled=${!!options.disabled}
    aria-disabled=${options.disabled ? 'true' : nothing}
    @click=${onClick}
    >${options.iconOnly ? '' : text}</vscode-button
  >`;
}

/** A user as the tables show one: the name (and what tells namesakes apart) above the ID, which stays selectable. */
export function userCell(people: People, id: string): TemplateResult {
  const label = personLabel(people, id);
  if (!label) {
    return html`<code class="user-id">${id}</code>`;
  }
  return html`<span class="person-name">${label.name}</span>${label.distinguisher ? html` <span class="person-distinguisher">${label.distinguisher}</span>` : nothing} <code class="user-id">${id}</code>`;
}

export interface Column<T> {
  header: string;
  cell: (item: T) => unknown;
  /** Cells of this column are row headers (`<th scope="row">`). */
  rowHeader?: boolean;
  className?: string;
}

export interface PagedTable<T> {
  id: string;
  caption: string;
  columns: Column<T>[];
  items: readonly T[];
  key: (item: T) => string;
  rowClass?: (item: T) => string | undefined;
  /** How many rows are shown. */
  shown: number;
  onMore: (all: boolean) => void;
}

/**
 * Real `<table>` markup with `<th scope>`, read by screen readers as a table; a batch of 10 000 entries costs a few
 * hundred DOM rows until someone asks for the rest.
 */
export function pagedTable<T>(table: PagedTable<T>): TemplateResult {
  const end = Math.min(table.items.length, table.shown);
  const rest = table.items.length - end;
  const cell = (column: Column<T>, item: T) =>
    column.rowHeader
      ? html`<th scope="row" tabindex="-1" class=${ifDefined(column.className)}>${column.cell(item)}</th>`
      : html`<td class=${ifDefined(column.className)}>${column.cell(item)}</td>`;
  return html`<div class="table-wrap">
    <div class="table-scroll">
      <table id=${table.id} class="data-table" ?hidden=${table.items.length === 0}>
        <caption class="sr-only">${table.caption}</caption>
        <thead>
          <tr>${table.columns.map((column) => html`<th scope="col" class=${ifDefined(column.className)}>${column.header}</th>`)}</tr>
        </thead>
        <tbody>${repeat(table.items.slice(0, end), table.key, (item) => html`<tr class=${ifDefined(table.rowClass?.(item))}>${table.columns.map((column) => cell(column, item))}</tr>`)}</tbody>
      </table>
    </div>
    <div class="table-more" ?hidden=${rest <= 0}>
      <span class="table-shown">Showing ${count(end, 'entry', 'entries')} of ${table.items.length.toLocaleString('en-US')}.</span>
      ${button(`Show ${Math.min(rest, PAGE_SIZE).toLocaleString('en-US')} more`, () => table.onMore(false), { secondary: true, icon: 'chevron-down', action: 'show-more' })}
      ${button(`Show all ${table.items.length.toLocaleString('en-US')}`, () => table.onMore(true), { secondary: true, icon: 'list-flat', action: 'show-all' })}
    </div>
  </div>`;
}
