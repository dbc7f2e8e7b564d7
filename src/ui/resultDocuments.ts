import * as vscode from 'vscode';
import { redactor } from '../core/redact';

export const RESULT_SCHEME = 'genesys-licenses';

/** The user a result document is about, from its URI (set by `showRendered`). */
export function resultUserId(uri: vscode.Uri): string | undefined {
  return uri.scheme === RESULT_SCHEME ? (new URLSearchParams(uri.query).get('user') ?? undefined) : undefined;
}

/**
 * The commands' results as read-only Markdown documents on our own scheme. Read-only, so closing one never asks to
 * save; Markdown, so the source reads as text (searchable, copyable, screen-reader friendly) and the editor's
 * preview renders it (its "Open Source" button shows the text).
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

  /** Opens the document named `title` (the tab's name), rendered in VS Code's Markdown preview; its "Open Source" button shows the Markdown. `userId` names the user it is about. */
  async showRendered(title: string, markdown: string, userId?: string): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(this.hold(title, markdown, userId));
    try {
      await vscode.commands.executeCommand('markdown.showPreview', document.uri);
    } catch {
      // The built-in Markdown extension is disabled: the source still reads as text.
      await vscode.window.showTextDocument(document, { preview: true });
    }
    return document;
  }

  private hold(title: string, markdown: string, userId: string | undefined): vscode.Uri {
    const query = `result=${++this.shown}${userId ? `&user=${encodeURIComponent(userId)}` : ''}`;
    // Redacted like everything shown to a person.
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${redactor.redact(title).replace(/[/\\]/g, '-')}.md`, query });
    this.contents.set(uri.toString(), redactor.redact(markdown));
    return uri;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
