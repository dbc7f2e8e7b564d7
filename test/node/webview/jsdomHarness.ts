/**
 * The built dist/webview.js in a jsdom window with the panel's HTML and a fake `acquireVsCodeApi` that records what
 * the form posts and saves. The vscode-elements components really run (Lit renders their shadow DOM); jsdom lacks
 * the form-control half of ElementInternals (setFormValue, setValidity…), `innerText` and ResizeObserver, which are
 * filled in here. Layout, focus rings, the CSP and the look are checked in Chromium instead (chromium.test.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { BatchDraft } from '../../../src/batch/draft';
import type { FromBatchWebview, ToBatchWebview } from '../../../src/webview/protocol';
import { DIST, panelHtml } from './fixtures';

let bundle: string | undefined;

function webviewBundle(): string {
  const file = path.join(DIST, 'webview.js');
  assert.ok(fs.existsSync(file), `${file} is missing: run \`node esbuild.js\` first`);
  bundle ??= fs.readFileSync(file, 'utf8');
  return bundle;
}

type Win = JSDOM['window'];

/** What jsdom 26 does not have and the components call: form values and validity of form-associated elements. */
function fillInJsdomGaps(window: Win): void {
  const internals = window.ElementInternals.prototype as unknown as Record<string, unknown>;
  internals.setFormValue ??= () => undefined;
  internals.setValidity ??= () => undefined;
  internals.checkValidity ??= () => true;
  internals.reportValidity ??= () => true;
  for (const name of ['form', 'validity', 'validationMessage', 'willValidate']) {
    if (!(name in internals)) {
      Object.defineProperty(internals, name, {
        get: () => (name === 'validity' ? { valid: true } : name === 'willValidate' ? false : name === 'form' ? null : ''),
      });
    }
  }
  // The select components read their options' labels with innerText, which jsdom does not implement.
  if (!('innerText' in window.HTMLElement.prototype)) {
    Object.defineProperty(window.HTMLElement.prototype, 'innerText', {
      get(this: HTMLElement) {
        return this.textContent ?? '';
      },
      set(this: HTMLElement, value: string) {
        this.textContent = value;
      },
    });
  }
  const w = window as unknown as Record<string, unknown>;
  w.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
  if (!('scrollIntoView' in window.HTMLElement.prototype)) {
    Object.defineProperty(window.HTMLElement.prototype, 'scrollIntoView', { value: () => undefined });
  }
  window.scrollTo = () => undefined;
}

export interface ValueElement extends HTMLElement {
  value: string;
  invalid?: boolean;
  disabled?: boolean;
  label?: string;
  checked?: boolean;
}

export class FormWindow {
  readonly posted: FromBatchWebview[] = [];
  /** What the form last saved with setState (a copy, as VS Code keeps it). */
  state: unknown;
  readonly errors: string[] = [];
  readonly dom: JSDOM;

  private constructor(savedState: unknown) {
    this.state = savedState;
    const virtualConsole = new VirtualConsole();
    virtualConsole.on('jsdomError', (error) => this.errors.push(String(error.stack ?? error)));
    virtualConsole.on('error', (...args: unknown[]) => this.errors.push(args.map(String).join(' ')));
    const html = panelHtml({ cspSource: 'https://webview.test', nonce: 'test-nonce', extensionUri: 'https://webview.test/extension' });
    // Scripts run only when this harness says so (the bundle, below); the <script src> and stylesheets are not fetched.
    this.dom = new JSDOM(html, { runScripts: 'outside-only', pretendToBeVisual: true, url: 'https://webview.test/index.html', virtualConsole });
    const window = this.dom.window;
    fillInJsdomGaps(window);
    let acquired = 0;
    (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => {
      acquired++;
      assert.equal(acquired, 1, 'acquireVsCodeApi may be called only once');
      return {
        postMessage: (message: FromBatchWebview) => this.posted.push(JSON.parse(JSON.stringify(message)) as FromBatchWebview),
        getState: () => (this.state === undefined ? undefined : JSON.parse(JSON.stringify(this.state))),
        setState: <T>(state: T): T => {
          this.state = JSON.parse(JSON.stringify(state));
          return state;
        },
      };
    };
    window.eval(webviewBundle());
  }

  /** Loads the form, as a webview (re)load does, with what `setState` kept from before. */
  static async open(savedState?: unknown): Promise<FormWindow> {
    const form = new FormWindow(savedState);
    await form.settle();
    return form;
  }

  get window(): Win {
    return this.dom.window;
  }

  get document(): Document {
    return this.dom.window.document;
  }

  /** A message from the host, as VS Code delivers it. */
  async receive(message: ToBatchWebview): Promise<void> {
    this.window.dispatchEvent(new this.window.MessageEvent('message', { data: JSON.parse(JSON.stringify(message)) }));
    await this.settle();
  }

  /** Lets Lit finish its (microtask) updates. */
  async settle(ms = 0): Promise<void> {
    await new Promise((resolve) => this.window.setTimeout(resolve, ms));
    await new Promise((resolve) => this.window.setTimeout(resolve, 0));
  }

  $(selector: string): ValueElement {
    const element = this.document.querySelector(selector);
    assert.ok(element, `no element matches ${selector}`);
    return element as ValueElement;
  }

  $$(selector: string): ValueElement[] {
    return [...this.document.querySelectorAll(selector)] as ValueElement[];
  }

  /** The text a person reads in an element, whitespace collapsed. */
  text(selector: string): string {
    return (this.$(selector).textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  /** Types or pastes into a vscode-textarea the way its inner textarea reports it: the value, then an `input` event. */
  typeInto(element: ValueElement, value: string): void {
    const inner = element.shadowRoot?.querySelector('textarea');
    if (inner) {
      inner.value = value;
      inner.dispatchEvent(new this.window.InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
    } else {
      element.value = value;
      element.dispatchEvent(new this.window.InputEvent('input', { bubbles: true, composed: true }));
    }
  }

  /** Chooses a license in a row's picker: the value, then the `change` the component sends on a choice. */
  choose(select: ValueElement, value: string): void {
    select.value = value;
    select.dispatchEvent(new this.window.Event('change', { bubbles: true }));
  }

  /** A click, as the mouse or Enter/Space on a focused vscode-button produces it. */
  click(element: Element): void {
    element.dispatchEvent(new this.window.MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
  }

  /** Presses a key on a focused vscode-button (it turns Enter and Space into a click). */
  press(element: Element, key: string): void {
    element.dispatchEvent(new this.window.KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
  }

  postedOf<T extends FromBatchWebview['t']>(t: T): Extract<FromBatchWebview, { t: T }>[] {
    return this.posted.filter((message): message is Extract<FromBatchWebview, { t: T }> => message.t === t);
  }

  lastDraft(): BatchDraft | undefined {
    return this.postedOf('draftChanged').at(-1)?.draft;
  }

  /** Waits until `predicate` holds (the form debounces edits by 250 ms). */
  async waitFor(predicate: () => boolean, what: string, timeout = 2000): Promise<void> {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > timeout) {
        assert.fail(`timed out waiting for ${what}`);
      }
      await this.settle(10);
    }
  }

  close(): void {
    this.window.close();
  }
}
