import * as vscode from 'vscode';
import type { BatchDraft } from '../../src/batch/draft';
import type { ToBatchWebview } from '../../src/webview/protocol';

/** A webview panel as the host sees it, recording what is posted and letting the test speak as the webview. */
export class FakeWebviewPanel {
  readonly posted: ToBatchWebview[] = [];
  readonly htmlHistory: string[] = [];
  private readonly receive = new vscode.EventEmitter<unknown>();
  private readonly disposed = new vscode.EventEmitter<void>();
  private readonly viewState = new vscode.EventEmitter<unknown>();
  visible = true;
  iconPath: unknown;
  readonly webview = this.fakeWebview(this.htmlHistory);
  readonly onDidDispose = this.disposed.event;
  readonly onDidChangeViewState = this.viewState.event;

  private fakeWebview(htmlHistory: string[]) {
    return {
      options: {} as vscode.WebviewOptions,
      cspSource: 'https://fake.vscode-cdn.net',
      asWebviewUri: (uri: vscode.Uri) => vscode.Uri.parse(`https://fake.vscode-cdn.net${uri.path}`),
      postMessage: (message: ToBatchWebview) => {
        this.posted.push(message);
        return Promise.resolve(true);
      },
      onDidReceiveMessage: this.receive.event,
      set html(value: string) {
        htmlHistory.push(value);
      },
    };
  }
  reveal(): void {}
  dispose(): void {
    this.disposed.fire();
  }
  /** The webview sends a message. */
  send(message: unknown): void {
    this.receive.fire(message);
  }
  async waitFor<T extends ToBatchWebview['t']>(
    t: T,
    where: (message: Extract<ToBatchWebview, { t: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<ToBatchWebview, { t: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.posted.find(
        (message): message is Extract<ToBatchWebview, { t: T }> => message.t === t && where(message as Extract<ToBatchWebview, { t: T }>),
      );
      if (found) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(`no "${t}" message posted; posted: ${this.posted.map((message) => message.t).join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

let revision = 0;
/** The form's `draftChanged` for a draft, with a revision higher than any before (as the form numbers its edits). */
export function edited(draft: BatchDraft): { t: 'draftChanged'; draft: BatchDraft; revision: number } {
  return { t: 'draftChanged', draft, revision: ++revision };
}
