/**
 * A table that shows its first rows and adds more on request, so a batch of 10 000 entries costs a few hundred DOM
 * rows until someone asks for the rest. Real `<table>` markup with `<th scope>`, read by screen readers as a table.
 */
import { count } from '../core/markdown';
import { button, h, replaceChildren, setText, show } from './dom';

export interface Column<T> {
  header: string;
  /** The cell's content. */
  cell: (item: T) => Node | string;
  /** Cells of this column are row headers (`<th scope="row">`). */
  rowHeader?: boolean;
  className?: string;
}

export interface TableOptions<T> {
  id: string;
  caption: string;
  columns: Column<T>[];
  rowClass?: (item: T) => string | undefined;
  /** Rows added per "Show more". */
  pageSize?: number;
}

export const PAGE_SIZE = 200;

export class PagedTable<T> {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly more: HTMLElement;
  private readonly moreButton: HTMLElement;
  private readonly allButton: HTMLElement;
  private readonly shownText: HTMLElement;
  private readonly captionText: HTMLElement;
  private items: readonly T[] = [];
  private shown = 0;

  constructor(private readonly options: TableOptions<T>) {
    this.captionText = h('span');
    this.body = h('tbody');
    this.table = h(
      'table',
      { id: options.id, class: 'data-table' },
      h('caption', { class: 'sr-only' }, this.captionText),
      h('thead', null, h('tr', null, ...options.columns.map((column) => h('th', { scope: 'col', class: column.className }, column.header)))),
      this.body,
    );
    this.shownText = h('span', { class: 'table-shown' });
    this.moreButton = button('Show more', { secondary: true, icon: 'chevron-down', action: 'show-more' });
    this.allButton = button('Show all', { secondary: true, icon: 'list-flat', action: 'show-all' });
    this.moreButton.addEventListener('click', () => this.showMore(this.options.pageSize ?? PAGE_SIZE));
    this.allButton.addEventListener('click', () => this.showMore(this.items.length));
    this.more = h('div', { class: 'table-more' }, this.shownText, this.moreButton, this.allButton);
    this.element = h('div', { class: 'table-wrap' }, h('div', { class: 'table-scroll' }, this.table), this.more);
  }

  /** Replaces the rows; shows the first page. */
  setItems(items: readonly T[], caption: string): void {
    this.items = items;
    setText(this.captionText, caption);
    replaceChildren(this.body);
    this.shown = 0;
    this.showMore(this.options.pageSize ?? PAGE_SIZE, false);
    show(this.table, items.length > 0);
  }

  get shownCount(): number {
    return this.shown;
  }

  private showMore(amount: number, moveFocus = true): void {
    const start = this.shown;
    const end = Math.min(this.items.length, start + amount);
    const fragment = document.createDocumentFragment();
    for (let index = start; index < end; index++) {
      fragment.appendChild(this.row(this.items[index]));
    }
    this.body.appendChild(fragment);
    this.shown = end;
    const rest = this.items.length - end;
    show(this.more, rest > 0);
    setText(this.shownText, `Showing ${count(end, 'entry', 'entries')} of ${this.items.length.toLocaleString('en-US')}.`);
    setText(this.moreButton, `Show ${Math.min(rest, this.options.pageSize ?? PAGE_SIZE).toLocaleString('en-US')} more`);
    setText(this.allButton, `Show all ${this.items.length.toLocaleString('en-US')}`);
    if (moveFocus && start < end) {
      // The button that was pressed may vanish: keep the keyboard where the new rows start.
      const first = this.body.rows[start]?.cells[0];
      if (first) {
        first.tabIndex = -1;
        first.focus();
      }
    }
  }

  private row(item: T): HTMLTableRowElement {
    return h(
      'tr',
      { class: this.options.rowClass?.(item) },
      ...this.options.columns.map((column) => h(column.rowHeader ? 'th' : 'td', { scope: column.rowHeader ? 'row' : undefined, class: column.className }, column.cell(item))),
    );
  }
}
