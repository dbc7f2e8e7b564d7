import * as vscode from 'vscode';
import { shownText } from '../core/shownText';

/**
 * The one way the extension tells a person something in a notification: every message (and a modal's detail) passes
 * through `shownText`, so text from the org or the server can neither leak a secret nor become a link or command.
 */
type MessageArgument = string | vscode.MessageOptions;
type Show = (message: string, ...rest: MessageArgument[]) => Thenable<string | undefined>;

function inert(message: string, rest: MessageArgument[]): [string, ...MessageArgument[]] {
  return [
    shownText(message),
    ...rest.map((item) => (typeof item === 'string' || item.detail === undefined ? item : { ...item, detail: shownText(item.detail) })),
  ];
}

/** `vscode.window` as read on each call: the host tests observe what is shown there. */
const window = () => vscode.window as unknown as Record<'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage', Show>;

export function showErrorMessage(message: string, ...rest: MessageArgument[]): Thenable<string | undefined> {
  return window().showErrorMessage(...inert(message, rest));
}

export function showWarningMessage(message: string, ...rest: MessageArgument[]): Thenable<string | undefined> {
  return window().showWarningMessage(...inert(message, rest));
}

export function showInformationMessage(message: string, ...rest: MessageArgument[]): Thenable<string | undefined> {
  return window().showInformationMessage(...inert(message, rest));
}

/**
 * Asks in a modal dialog whether to go on; true when the person pressed `button`. The detail is shown as the given
 * lines: each is made inert on its own, so org text in one can neither add a line of its own nor become a link.
 */
export async function confirmInModal(message: string, detailLines: readonly string[], button: string): Promise<boolean> {
  const detail = detailLines.map(shownText).join('\n');
  return (await window().showWarningMessage(shownText(message), { modal: true, detail }, button)) === button;
}
