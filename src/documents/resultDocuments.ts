import * as vscode from 'vscode';
import { redactor } from '../logging/redact';

export const RESULT_SCHEME = 'genesys-licenses';

/**
 * The commands' results as read-only Markdown documents on our own scheme. Read-only, so closing one never asks to
 * save; Markdown, so the source reads as text (searchable, copyable, screen-reader friendly) and the editor's
 * preview button renders it. Each result opens in the preview tab, so a run replaces the last one unless it was kept.
 */
export class ResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly disposables: vscode.Disposable[];
  /** Each result gets its own URI: a document's text never changes under an open tab, nor races a refresh. */
  private shown = 0;

  constructor() {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, this),
      // A closed result is not kept: a fetch of 10 000 users is megabytes of text.
      vscode.workspace.onDidCloseTextDocument((document) => this.contents.delete(document.uri.toString())),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '# Result no longer held\n\nRun the command again to see it.\n';
  }

  /** Opens a document named `title` (the tab's name) with the Markdown, redacted like everything shown, and shows it. */
  async show(title: string, markdown: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${redactor.redact(title).replace(/[/\\]/g, '-')}.md`, query: `result=${++this.shown}` });
    this.contents.set(uri.toString(), redactor.redact(markdown));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
    return document;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
