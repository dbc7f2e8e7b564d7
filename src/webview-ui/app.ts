/**
 * The batch-assignment form inside the webview. The host owns the draft and does everything that touches the org;
 * this page edits the draft, checks it with the same `checkDraft` the host uses, and shows what the host reports.
 *
 * The page is a function of one state (model.ts), changed only by `reduce` (reducer.ts) and rendered with lit
 * (view/page.ts). This class carries out the effects a change asks for: messages to the host, `setState`, the pause
 * after typing, focus and screen-reader announcements.
 */
import { render } from 'lit';
import type { ToBatchWebview } from '../webview/protocol';
import { type Action, type Effect, type Environment, type FocusTarget, type FormState, initialState, viewStateOf } from './model';
import { reduce } from './reducer';
import { restoreViewState, type VsCodeApi } from './viewState';
import { page } from './view/page';

/** How long typing must pause before the draft is checked and sent to the host. */
export const EDIT_DELAY_MS = 250;

export class BatchForm {
  private state: FormState;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;
  private keySequence = 0;
  private readonly env: Environment = {
    newKey: () => `row-${Date.now().toString(36)}-${(++this.keySequence).toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}`,
  };

  constructor(
    private readonly root: HTMLElement,
    private readonly vscode: VsCodeApi,
    private readonly window: Window,
  ) {
    this.state = initialState(restoreViewState(vscode.getState()));
  }

  /** Shows "loading", says `ready`, and waits for the host's `init`. */
  start(): void {
    this.render();
    this.window.addEventListener('message', (event: MessageEvent) => this.onMessage(event.data));
    this.window.addEventListener('scroll', () => this.onScroll(), { passive: true });
    // A reload or close in the middle of typing: keep the last keystrokes.
    this.window.addEventListener('pagehide', () => this.save());
    this.vscode.postMessage({ t: 'ready' });
  }

  onMessage(data: unknown): void {
    if (data && typeof data === 'object' && typeof (data as { t?: unknown }).t === 'string') {
      this.dispatch({ type: 'host', message: data as ToBatchWebview });
    }
  }

  readonly dispatch = (action: Action): void => {
    const { state, effects } = reduce(this.state, action, this.env);
    if (state !== this.state) {
      this.state = state;
      this.render();
    }
    effects.forEach((effect) => this.carryOut(effect));
  };

  private render(): void {
    render(page(this.state, this.dispatch), this.root);
    this.root.setAttribute('aria-busy', String(!this.state.initialized));
  }

  private carryOut(effect: Effect): void {
    switch (effect.kind) {
      case 'post':
        this.vscode.postMessage(effect.message);
        return;
      case 'save':
        this.save();
        return;
      case 'flushLater':
        clearTimeout(this.flushTimer);
        this.flushTimer = setTimeout(() => this.dispatch({ type: 'flush' }), EDIT_DELAY_MS);
        return;
      case 'focus':
        this.focus(effect.target);
        return;
      case 'announce':
        // Cleared first, so the same words are announced again.
        this.dispatch({ type: 'announce', text: '' });
        setTimeout(() => this.dispatch({ type: 'announce', text: effect.text }), 50);
        return;
      case 'scrollTo':
        this.window.requestAnimationFrame?.(() => this.window.scrollTo(0, effect.y));
        return;
    }
  }

  private focus(target: FocusTarget): void {
    const row = (key: string) => [...this.root.querySelectorAll<HTMLElement>('.assignment-row')].find((element) => element.dataset.key === key);
    switch (target.kind) {
      case 'license': {
        // A new row's picker has no inner input until it has rendered.
        const select = row(target.key)?.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>('vscode-single-select');
        void (select?.updateComplete ?? Promise.resolve()).then(() =>
          (select?.shadowRoot?.querySelector<HTMLElement>('input, [tabindex="0"]') ?? select)?.focus(),
        );
        return;
      }
      case 'field':
        row(target.key)?.querySelector<HTMLElement>(`vscode-textarea[data-field="${target.field}"]`)?.focus();
        return;
      case 'removeRow':
        row(target.key)?.querySelector<HTMLElement>('[data-action="remove-row"]')?.focus();
        return;
      case 'addRow':
        this.root.querySelector<HTMLElement>('#add-row')?.focus();
        return;
      case 'json':
        this.root.querySelector<HTMLElement>('#request-json')?.focus();
        return;
      case 'tableRow':
        // The button that was pressed may vanish: keep the keyboard where the new rows start.
        this.root.querySelector<HTMLTableElement>(`#${target.table}-table`)?.tBodies[0]?.rows[target.index]?.cells[0]?.focus();
        return;
      case 'dismissNotice':
        [...this.root.querySelectorAll<HTMLElement>('[data-notice]')]
          .find((notice) => notice.dataset.notice === String(target.id))
          ?.querySelector<HTMLElement>('[data-action="dismiss"]')
          ?.focus();
        return;
      case 'heading':
        this.root.querySelector<HTMLElement>('#form-title')?.focus();
        return;
    }
  }

  private onScroll(): void {
    clearTimeout(this.scrollTimer);
    this.scrollTimer = setTimeout(() => this.dispatch({ type: 'scrolled', y: Math.round(this.window.scrollY) }), 200);
  }

  private save(): void {
    this.vscode.setState(viewStateOf(this.state));
  }
}
