import * as assert from 'node:assert/strict';
import fetch from 'node-fetch';
import * as vscode from 'vscode';
import type { Sandbox } from '../../src/sandbox';
import { answeringQuickInput, drivingCreatedQuickPicks, movingTo } from './commandSupport';
import { activeExtension, childrenOf, rememberSecrets, root, shownToPerson, startSandbox } from './support';

/** What a browser does with the authorize URL: load it, follow the redirect to the extension's loopback listener. */
async function followInBrowser(authorizeUrl: string): Promise<void> {
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (!location) {
    throw new Error(`the authorize endpoint answered ${consent.status} without a redirect`);
  }
  await fetch(location);
}

describe('Sign-in methods, renewal, expiry and several orgs', () => {
  let first: Sandbox;
  let second: Sandbox;

  before(async () => {
    first = await startSandbox({ userCount: 120, seed: 11 });
    second = await startSandbox({ userCount: 80, seed: 12 });
    second.org.name = 'Second Sandbox Org';
    for (const sandbox of [first, second]) {
      rememberSecrets(sandbox.clients.admin.clientSecret, sandbox.clients.readOnly.clientSecret);
    }
    const { api } = await activeExtension();
    api.sessions.setBrowserOpener(followInBrowser);
  });
  after(async () => {
    const { api } = await activeExtension();
    api.sessions.setBrowserOpener(undefined);
    for (const connection of api.connections.list()) {
      await vscode.commands.executeCommand('genesysLicenses.signOut', connection.id);
    }
    await first.close();
    await second.close();
  });

  const firstUserRow = async () => {
    const { api } = await activeExtension();
    const users = await root(api, 'Users');
    api.explorer.refresh(users);
    return (await childrenOf(api, users))[0].copyableId;
  };

  it('numbers the steps of a sign-in so that they add up, with the custom URL above the regions', async () => {
    const { api } = await activeExtension();
    const methodTitles: (string | undefined)[] = [];
    const choosingClientCredentials = async (quickPick: vscode.QuickPick<vscode.QuickPickItem>) => {
      methodTitles.push(quickPick.title);
      await movingTo(quickPick, (item) => (item as { method?: string } | undefined)?.method === 'clientCredentials');
      methodTitles.push(quickPick.title);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    };
    const answers: Record<string, string> = {
      'custom URL': first.url,
      'client ID': first.clients.admin.clientId,
      'client secret': first.clients.admin.clientSecret,
    };
    const { offered: inputs, result: regions } = await answeringQuickInput(
      'showInputBox',
      ({ options }) => answers[options?.title?.split(': ')[1] ?? ''],
      () =>
        answeringQuickInput(
          'showQuickPick',
          ({ items }) => items?.find((item) => item.label.includes('Custom URL')),
          () => drivingCreatedQuickPicks(choosingClientCredentials, () => vscode.commands.executeCommand('genesysLicenses.signIn')),
        ),
    );
    assert.equal(api.sessions.current?.connection.orgName, first.org.name, 'signed in through the custom URL');
    const regionList = regions.offered[0];
    assert.deepEqual(
      [methodTitles[0], methodTitles[1], regionList.options?.title, ...inputs.map((input) => input.options?.title)],
      [
        'Sign in to Genesys Cloud (1/3): method', // the browser, first in the list, takes three steps
        'Sign in to Genesys Cloud (1/4): method',
        'Sign in to Genesys Cloud (2/4): region',
        'Sign in to Genesys Cloud (2/4): custom URL',
        'Sign in to Genesys Cloud (3/4): client ID',
        'Sign in to Genesys Cloud (4/4): client secret',
      ],
    );
    const customAt = (regionList.items ?? []).findIndex((item) => item.label.includes('Custom URL'));
    assert.ok(customAt >= 0 && customAt <= 2, `the custom URL is item ${customAt + 1} of the region list`);
  });

  it('signs in with the browser (PKCE): tokens in SecretStorage, the refresh token included', async () => {
    const { api } = await activeExtension();
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'browser', environment: first.url, clientId: first.clients.browser.clientId });
    const connection = api.sessions.current?.connection;
    assert.equal(connection?.method, 'browser');
    assert.equal(connection?.orgName, first.org.name);
    const secret = await api.connections.readSecret(connection.id);
    assert.ok(secret?.browser?.accessToken && secret.browser.refreshToken);
    rememberSecrets(secret.browser.accessToken, secret.browser.refreshToken);
  });

  it('renews a browser sign-in silently with the refresh token after the access token expires', async () => {
    const { api } = await activeExtension();
    const connectionId = api.sessions.current?.connection.id as string;
    const before = await api.connections.readSecret(connectionId);
    let expiries = 0;
    const watch = api.sessions.onDidExpire(() => expiries++);
    try {
      first.expireAllTokens();
      assert.equal(await firstUserRow(), first.org.users[0].id);
      const after = await api.connections.readSecret(connectionId);
      assert.notEqual(after?.browser?.refreshToken, before?.browser?.refreshToken, 'the rotated refresh token was stored');
      rememberSecrets(after?.browser?.accessToken, after?.browser?.refreshToken);
      assert.equal(expiries, 0);
    } finally {
      watch.dispose();
    }
  });

  it('renews a client-credentials token silently after it expires', async () => {
    const { api } = await activeExtension();
    const { clientId, clientSecret } = first.clients.admin;
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'clientCredentials', environment: first.url, clientId, clientSecret });
    let expiries = 0;
    const watch = api.sessions.onDidExpire(() => expiries++);
    try {
      first.stats.reset();
      first.expireAllTokens();
      assert.equal(await firstUserRow(), first.org.users[0].id);
      assert.equal(first.stats.byRoute['POST /oauth/token'], 1);
      assert.equal(expiries, 0);
    } finally {
      watch.dispose();
    }
  });

  it('tells the user once, not per request, when a pasted token expires', async () => {
    const { api } = await activeExtension();
    const token = first.issueToken();
    rememberSecrets(token);
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'accessToken', environment: first.url, accessToken: token });
    const warnings: string[] = [];
    const original = vscode.window.showWarningMessage;
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string) => {
      warnings.push(message);
      shownToPerson.push(message);
      return Promise.resolve(undefined);
    };
    let expiries = 0;
    const watch = api.sessions.onDidExpire(() => expiries++);
    try {
      first.expireToken(token);
      const definitions = await root(api, 'License definitions');
      for (let attempt = 0; attempt < 3; attempt++) {
        api.explorer.refresh(definitions);
        const rows = await childrenOf(api, definitions);
        assert.match(String(rows[0].getTreeItem().label), /Could not load/);
      }
      assert.equal(expiries, 1);
      assert.equal(warnings.filter((message) => /has expired or was revoked/.test(message)).length, 1);
    } finally {
      watch.dispose();
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
    }
  });

  it('switches between saved orgs, each with its own secret, showing the chosen org’s data', async () => {
    const { api } = await activeExtension();
    await vscode.commands.executeCommand('genesysLicenses.signIn', {
      method: 'clientCredentials',
      environment: first.url,
      clientId: first.clients.admin.clientId,
      clientSecret: first.clients.admin.clientSecret,
    });
    const firstId = api.sessions.current?.connection.id as string;
    await vscode.commands.executeCommand('genesysLicenses.signIn', {
      method: 'clientCredentials',
      environment: second.url,
      clientId: second.clients.admin.clientId,
      clientSecret: second.clients.admin.clientSecret,
    });
    assert.equal(api.sessions.current?.connection.orgName, 'Second Sandbox Org');
    assert.equal(await firstUserRow(), second.org.users[0].id);
    assert.equal(await vscode.commands.executeCommand('genesysLicenses.switchOrganization', firstId), `${first.org.name} (${first.url})`);
    assert.equal(await firstUserRow(), first.org.users[0].id);
    assert.deepEqual(await api.connections.readSecret(firstId), { clientSecret: first.clients.admin.clientSecret });
    const secondId = api.connections.list().find((connection) => connection.orgName === 'Second Sandbox Org')?.id as string;
    assert.deepEqual(await api.connections.readSecret(secondId), { clientSecret: second.clients.admin.clientSecret });
  });

  it('offers the active org as an authentication session, with a token that works, and announces changes', async () => {
    const { api } = await activeExtension();
    const [session] = await api.authentication.getSessions();
    assert.ok(session, 'a session is offered');
    assert.equal(session.id, api.sessions.current?.connection.id);
    assert.match(session.account.label, new RegExp(first.org.name));
    const info = await fetch(`${first.url}/api/v2/tokens/me`, { headers: { Authorization: `Bearer ${session.accessToken}` } });
    assert.equal(info.status, 200, 'the offered token works');
    const announced = new Promise<string[]>((resolve) => {
      const subscription = api.authentication.onDidChangeSessions((change) => {
        subscription.dispose();
        resolve([...(change.added ?? []), ...(change.removed ?? [])].map((changed) => changed.account.label));
      });
    });
    const secondId = api.connections.list().find((connection) => connection.orgName === 'Second Sandbox Org')?.id as string;
    await vscode.commands.executeCommand('genesysLicenses.switchOrganization', secondId);
    const labels = await announced;
    assert.ok(
      labels.some((label) => label.startsWith('Second Sandbox Org')),
      `announced: ${labels.join(', ')}`,
    );
    assert.ok(
      labels.some((label) => label.startsWith(first.org.name)),
      `announced: ${labels.join(', ')}`,
    );
  });

  it('follows another window signing out: the secret disappears, so does the session', async () => {
    const { api } = await activeExtension();
    const active = api.sessions.current?.connection.id as string;
    const changed = new Promise<void>((resolve) => {
      const subscription = api.sessions.onDidChangeSession((session) => {
        if (!session) {
          subscription.dispose();
          resolve();
        }
      });
    });
    await api.connections.remove(active); // what the other window's sign-out does to the shared stores
    await changed;
    assert.equal(api.sessions.current, undefined);
  });
});
