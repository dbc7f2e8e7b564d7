import * as vscode from 'vscode';
import { CommandIds } from '../core/commandIds';
import { literalLabel } from '../core/shownText';
import { displayText, MAX_DESCRIPTION_LENGTH } from '../core/displayText';
import { describeConnection, type SessionManager } from './sessionManager';

/** Shows which org the extension talks to, and when its sign-in has expired; a click switches org or signs in. */
export function createConnectionStatusBar(sessions: SessionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('genesysLicenses.connection', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Genesys Cloud organization';
  let expired = false;
  const update = () => {
    const session = sessions.current;
    if (session) {
      const org = describeConnection(session.connection);
      item.text = `${expired ? '$(warning)' : '$(organization)'} ${literalLabel(displayText(org, MAX_DESCRIPTION_LENGTH))}`;
      item.tooltip = expired
        ? `Genesys Cloud License Inspector: the sign-in to ${org} has expired. Click to sign in again or switch org.`
        : `Genesys Cloud License Inspector: signed in to ${org}. Click to switch org or sign in to another.`;
      item.backgroundColor = expired ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      item.accessibilityInformation = { label: `Genesys Cloud: ${expired ? 'sign-in expired for' : 'signed in to'} ${org}` };
      item.command = CommandIds.switchOrganization;
    } else {
      item.text = '$(organization) Genesys Cloud: sign in';
      item.tooltip = 'Genesys Cloud License Inspector: not signed in. Click to sign in.';
      item.backgroundColor = undefined;
      item.accessibilityInformation = { label: 'Genesys Cloud: not signed in' };
      item.command = sessions.savedConnections.length > 0 ? CommandIds.switchOrganization : CommandIds.signIn;
    }
    item.show();
  };
  update();
  return vscode.Disposable.from(
    item,
    sessions.onDidChangeSession(() => {
      expired = false;
      update();
    }),
    sessions.onDidExpire(() => {
      expired = true;
      update();
    }),
  );
}
