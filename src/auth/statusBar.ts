import * as vscode from 'vscode';
import { describeConnection, type SessionManager } from './sessionManager';

/** Shows which org the extension talks to; a click signs in or switches org. */
export function createConnectionStatusBar(sessions: SessionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('genesysLicenses.connection', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Genesys Cloud organization';
  item.command = 'genesysLicenses.signIn';
  const update = () => {
    const session = sessions.current;
    if (session) {
      item.text = `$(organization) ${describeConnection(session.connection)}`;
      item.tooltip = `Genesys Cloud License Inspector: signed in to ${describeConnection(session.connection)}. Click to sign in to another org.`;
      item.accessibilityInformation = { label: `Genesys Cloud: signed in to ${describeConnection(session.connection)}` };
    } else {
      item.text = '$(organization) Genesys Cloud: sign in';
      item.tooltip = 'Genesys Cloud License Inspector: not signed in. Click to sign in.';
      item.accessibilityInformation = { label: 'Genesys Cloud: not signed in' };
    }
    item.show();
  };
  update();
  return vscode.Disposable.from(item, sessions.onDidChangeSession(update));
}
