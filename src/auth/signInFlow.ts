import * as vscode from 'vscode';
import { GenesysApiError, REGIONS, resolveEnvironment } from '../api';
import { withCancellableProgress } from '../ui/registry';
import { showInformationMessage } from '../ui/messages';
import { type SignInArguments, signInFromEnvironment } from './environmentCredentials';
import { describeConnection, type SessionManager } from './sessionManager';

type SignInMethod = 'environment' | 'browser' | 'clientCredentials' | 'accessToken';

/**
 * Steps of each path: the method, where (a region, or a custom URL in its place), then the credentials. One numbering
 * for the whole path, so "(n/N)" adds up whichever way is taken.
 */
const STEPS: Record<SignInMethod, number> = { environment: 1, browser: 3, accessToken: 3, clientCredentials: 4 };

function stepTitle(step: number, method: SignInMethod, what: string): string {
  return `Sign in to Genesys Cloud (${step}/${STEPS[method]}): ${what}`;
}

function cancelled(): GenesysApiError {
  return new GenesysApiError({ kind: 'cancelled', message: 'Sign-in was cancelled.' });
}

async function askEnvironment(method: SignInMethod): Promise<string> {
  const configured = vscode.workspace.getConfiguration('genesysLicenses').get<string>('environment', 'mypurecloud.com');
  type RegionItem = vscode.QuickPickItem & { environment?: string };
  const items: RegionItem[] = REGIONS.map((region) => ({ label: region.label, description: region.host, detail: region.cliKey, environment: region.host }));
  const configuredRegion = (() => {
    try {
      return resolveEnvironment(configured);
    } catch {
      return undefined;
    }
  })();
  const preferred = items.find((item) => item.environment === configuredRegion?.region?.host);
  // The custom URL comes right after what the settings name, above the regions: reachable without scrolling or typing.
  const ordered: RegionItem[] = [
    ...(preferred ? [{ ...preferred, description: `${preferred.description} · from settings` }] : []),
    ...(configuredRegion && !configuredRegion.region ? [{ label: configuredRegion.label, description: 'from settings', environment: configured }] : []),
    { label: '$(globe) Custom URL…', description: 'a gateway, a proxy, or a local sandbox such as http://127.0.0.1:PORT' },
    { label: 'Regions', kind: vscode.QuickPickItemKind.Separator },
    ...items.filter((item) => item !== preferred),
  ];
  const picked = await vscode.window.showQuickPick(ordered, {
    title: stepTitle(2, method, 'region'),
    placeHolder: 'Where your organization lives',
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked) {
    throw cancelled();
  }
  if (picked.environment) {
    return picked.environment;
  }
  const url = await vscode.window.showInputBox({
    title: stepTitle(2, method, 'custom URL'),
    prompt: 'The API base URL: https://…, or http:// only for a loopback address',
    placeHolder: 'https://api.mypurecloud.ie',
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        resolveEnvironment(value);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (url === undefined) {
    throw cancelled();
  }
  return url;
}

async function askText(title: string, prompt: string, options: { password?: boolean; value?: string; placeHolder?: string } = {}): Promise<string> {
  const value = await vscode.window.showInputBox({
    title,
    prompt,
    ignoreFocusOut: true,
    ...options,
    validateInput: (text) => (text.trim() ? undefined : 'This is required.'),
  });
  if (value === undefined) {
    throw cancelled();
  }
  return value.trim();
}

/** The method, in a pick whose title counts the steps of the method under the cursor ("(1/4)" for client credentials). */
function pickMethod<T extends vscode.QuickPickItem & { method: SignInMethod }>(methods: T[]): Promise<T | undefined> {
  const quickPick = vscode.window.createQuickPick<T>();
  quickPick.items = methods;
  quickPick.ignoreFocusOut = true;
  const retitle = (active: readonly T[]) => {
    quickPick.title = stepTitle(1, (active[0] ?? methods[0]).method, 'method');
  };
  retitle([]);
  quickPick.onDidChangeActive(retitle);
  return new Promise((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}

/** Asks for whatever the sign-in still lacks: method, region, then the credentials themselves. */
async function askSignIn(sessions: SessionManager): Promise<SignInArguments> {
  const fromEnvironment = signInFromEnvironment(process.env);
  type MethodItem = vscode.QuickPickItem & { method: SignInMethod };
  const methods: MethodItem[] = [
    ...(fromEnvironment
      ? [
          {
            method: 'environment' as const,
            label: '$(terminal) Use the gc CLI environment variables',
            description: fromEnvironment.environment ?? 'mypurecloud.com',
            detail: 'GENESYSCLOUD_REGION with GENESYSCLOUD_OAUTHCLIENT_ID/SECRET or GENESYSCLOUD_ACCESS_TOKEN',
          },
        ]
      : []),
    {
      method: 'browser',
      label: '$(globe) Sign in with the browser',
      detail:
        'Log in on the Genesys Cloud page as yourself (an OAuth client with the Code Authorization grant, PKCE); renewed without asking while the org allows.',
    },
    {
      method: 'clientCredentials',
      label: '$(key) OAuth client credentials',
      detail: 'A client ID and secret of an OAuth client with the Client Credentials grant; tokens are renewed for you.',
    },
    { method: 'accessToken', label: '$(pass) Access token', detail: 'Paste a token (e.g. from the API explorer or `gc`); you are told once when it expires.' },
  ];
  const method = await pickMethod(methods);
  if (!method) {
    throw cancelled();
  }
  if (method.method === 'environment' && fromEnvironment) {
    return fromEnvironment;
  }
  const environment = await askEnvironment(method.method);
  if (method.method === 'accessToken') {
    const accessToken = await askText(stepTitle(3, 'accessToken', 'access token'), "Paste the access token. It is kept in VS Code's secret storage only.", {
      password: true,
    });
    return { method: 'accessToken', environment, accessToken };
  }
  const earlier = sessions.savedConnections.find((saved) => saved.method === method.method && saved.clientId)?.clientId;
  if (method.method === 'browser') {
    const clientId = await askText(
      stepTitle(3, 'browser', 'OAuth client ID'),
      'The client ID of an OAuth client with the Code Authorization grant (PKCE) and the redirect URI http://localhost.',
      { value: earlier },
    );
    return { method: 'browser', environment, clientId };
  }
  const clientId = await askText(stepTitle(3, 'clientCredentials', 'client ID'), 'The OAuth client ID (Admin → Integrations → OAuth).', {
    value: earlier,
    placeHolder: 'e.g. 7de3af06-c0b3-4f9b-af45-72f4a1403797',
  });
  const clientSecret = await askText(stepTitle(4, 'clientCredentials', 'client secret'), "The client secret. It is kept in VS Code's secret storage only.", {
    password: true,
  });
  return { method: 'clientCredentials', environment, clientId, clientSecret };
}

/**
 * `genesysLicenses.signIn`: with an argument object it asks nothing (automation, keybindings, tests); without one it
 * asks for what it needs. The org is verified before anything is saved.
 */
export async function runSignIn(sessions: SessionManager, args?: SignInArguments): Promise<string | undefined> {
  const request = args && typeof args === 'object' && (args.accessToken || args.clientId || args.method) ? args : await askSignIn(sessions);
  const title = request.method === 'browser' ? 'Waiting for the sign-in in the browser…' : 'Signing in to Genesys Cloud…';
  const session = await withCancellableProgress(title, (signal) => sessions.signIn(request, signal));
  const description = describeConnection(session.connection);
  void showInformationMessage(`Signed in to ${description}.`);
  return description;
}
