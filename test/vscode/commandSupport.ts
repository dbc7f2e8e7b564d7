import * as vscode from 'vscode';
import { shownToPerson } from './support';
import { waitUntil } from '../waitUntil';

/**
 * Helpers for the license commands' host tests. The extension and the tests share the one `vscode.window` object,
 * so replacing one of its functions for the length of a call shows what the extension asked or told the user.
 */

export interface ShownMessage {
  severity: 'information' | 'warning' | 'error';
  message: string;
  /** The options object (modal, detail) when one was passed. */
  options?: vscode.MessageOptions;
  items: string[];
}

type Window = Record<string, unknown>;

/** Replaces `vscode.window[name]` with `replacement` until the returned function is called. */
function replaceWindowFunction(name: string, replacement: unknown): () => void {
  const window = vscode.window as unknown as Window;
  const original = window[name];
  window[name] = replacement;
  return () => {
    window[name] = original;
  };
}

/**
 * Runs `run` while recording every message shown; `answer` picks the button a person would press (the modal
 * confirmation of a flip, say). The error policy shows failures without awaiting, but calls `show…Message` before
 * the command settles, so every message is recorded by the time `run` resolves.
 */
export async function recordingMessages<T>(
  run: () => Thenable<T>,
  answer?: (message: ShownMessage) => string | undefined,
): Promise<{ result: T; messages: ShownMessage[] }> {
  const messages: ShownMessage[] = [];
  const recorder =
    (severity: ShownMessage['severity']) =>
    (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest.shift() as vscode.MessageOptions) : undefined;
      const shown: ShownMessage = {
        severity,
        message,
        options,
        items: rest.map((item) => (typeof item === 'string' ? item : (item as vscode.MessageItem).title)),
      };
      messages.push(shown);
      shownToPerson.push(message, options?.detail ?? '');
      return Promise.resolve(answer?.(shown));
    };
  const restore = [
    replaceWindowFunction('showInformationMessage', recorder('information')),
    replaceWindowFunction('showWarningMessage', recorder('warning')),
    replaceWindowFunction('showErrorMessage', recorder('error')),
  ];
  try {
    return { result: await run(), messages };
  } finally {
    restore.forEach((undo) => undo());
  }
}

export interface ProgressRecord {
  titles: string[];
  messages: string[];
}

/**
 * Runs `run` with `vscode.window.withProgress` recorded; with `cancelAfterReports`, the user presses Cancel on
 * the notification after that many progress reports.
 */
export async function recordingProgress<T>(run: () => Thenable<T>, cancelAfterReports?: number): Promise<{ result: T; progress: ProgressRecord }> {
  const progress: ProgressRecord = { titles: [], messages: [] };
  const restore = replaceWindowFunction(
    'withProgress',
    <R>(options: vscode.ProgressOptions, task: (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Thenable<R>) => {
      const cancellation = new vscode.CancellationTokenSource();
      progress.titles.push(options.title ?? '');
      shownToPerson.push(options.title ?? '');
      let reports = 0;
      const reporter = {
        report: (value: { message?: string }) => {
          if (value.message) {
            progress.messages.push(value.message);
            shownToPerson.push(value.message);
          }
          if (++reports === cancelAfterReports) {
            cancellation.cancel();
          }
        },
      };
      return Promise.resolve(task(reporter, cancellation.token)).finally(() => cancellation.dispose());
    },
  );
  try {
    return { result: await run(), progress };
  } finally {
    restore();
  }
}

/** Answers the next `showQuickPick` / `showInputBox` call as a person would, recording what was offered. */
export async function answeringQuickInput<T>(
  name: 'showQuickPick' | 'showInputBox',
  answer: (offered: { items?: readonly vscode.QuickPickItem[]; options?: vscode.QuickPickOptions & vscode.InputBoxOptions }) => unknown,
  run: () => Thenable<T>,
): Promise<{ result: T; offered: { items?: readonly vscode.QuickPickItem[]; options?: vscode.QuickPickOptions & vscode.InputBoxOptions }[] }> {
  const offered: { items?: readonly vscode.QuickPickItem[]; options?: vscode.QuickPickOptions & vscode.InputBoxOptions }[] = [];
  const restore = replaceWindowFunction(name, async (first: unknown, second: unknown) => {
    const call =
      name === 'showQuickPick'
        ? { items: await (first as Thenable<vscode.QuickPickItem[]>), options: second as vscode.QuickPickOptions }
        : { options: first as vscode.InputBoxOptions };
    offered.push(call);
    return answer(call);
  });
  try {
    return { result: await run(), offered };
  } finally {
    restore();
  }
}

/**
 * Runs `run` while every quick pick it creates (`createQuickPick`) is handed to `drive` once shown: the test moves the
 * cursor and accepts with the workbench's own commands, as keys would, and reads what the person sees (the title).
 */
export async function drivingCreatedQuickPicks<T>(
  drive: (quickPick: vscode.QuickPick<vscode.QuickPickItem>) => Promise<void>,
  run: () => Thenable<T>,
): Promise<T> {
  const create = vscode.window.createQuickPick;
  const restore = replaceWindowFunction('createQuickPick', () => {
    const quickPick = create();
    const show = quickPick.show.bind(quickPick);
    quickPick.show = () => {
      // The workbench is shared: an editor or view an earlier test's command focuses late must not close the picker
      // driven here (it then answers undefined, as if the person had pressed Escape).
      quickPick.ignoreFocusOut = true;
      show();
      void drive(quickPick);
    };
    return quickPick;
  });
  try {
    return await run();
  } finally {
    restore();
  }
}

/** Presses "down" in the open quick pick until `wanted` is the active item (each press waits for the cursor to move). */
export async function movingTo(quickPick: vscode.QuickPick<vscode.QuickPickItem>, wanted: (item: vscode.QuickPickItem | undefined) => boolean): Promise<void> {
  for (let presses = 0; presses < 10 && !wanted(quickPick.activeItems[0]); presses++) {
    const before = quickPick.activeItems[0];
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    // Waits for the move itself (a busy machine is slow): pressing again before it shows would overshoot the row.
    await waitUntil(() => quickPick.activeItems[0] !== before, 'the cursor to move');
  }
}

/** The result document the last command opened: ours, with the highest result number (the preview shows it rendered). */
export function shownResult(): vscode.TextDocument {
  const order = (document: vscode.TextDocument) => Number(new URLSearchParams(document.uri.query).get('result'));
  const results = vscode.workspace.textDocuments.filter((document) => document.uri.scheme === 'genesys-licenses').sort((a, b) => order(a) - order(b));
  const document = results[results.length - 1];
  if (!document) {
    throw new Error('no result document is open');
  }
  return document;
}

/** Fields and rows of a CSV text per RFC 4180 (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else {
      field += char;
    }
  }
  return rows;
}

/**
 * Runs a command that opens a quick pick of its own (`createQuickPick`, which a test cannot replace) and presses
 * Enter on its first row as soon as it has one: until the rows load, Enter on an empty pick keeps it open.
 */
export async function acceptingFirstRow<T>(command: string): Promise<T | undefined> {
  // An earlier result's Markdown preview still loading would take the focus, and so hide the quick pick.
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  let settled = false;
  const pending = Promise.resolve(vscode.commands.executeCommand<T>(command)).finally(() => (settled = true));
  // As long as `eventually` would wait: on a busy machine the rows can take a while.
  for (const deadline = Date.now() + 30_000; !settled && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return pending;
}
