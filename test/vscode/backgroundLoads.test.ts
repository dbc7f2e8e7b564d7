import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Sandbox, startSandbox } from '../../src/sandbox';
import { recordingMessages } from './commandSupport';
import type { LicenseInspectorApi } from '../../src/extension';
import { activeExtension, childrenOf, eventually, rememberSecrets, root, signOutEverywhere } from './support';

/**
 * The explorer's background loads (holder counts, names, users) against a server that never answers: Refresh, signing
 * in to another org and signing out each end them at once, instead of leaving them to hold the token's budget until
 * their time limit (30 s here, minutes on a slow scan).
 */
describe('Background loads of the explorer end with what they were for', () => {
  let sandbox: Sandbox;
  let other: Sandbox;
  const USERS = '/api/v2/license/users';

  const signIn = (org: Sandbox) => {
    const { clientId, clientSecret } = org.clients.admin;
    return vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'clientCredentials', environment: org.url, clientId, clientSecret });
  };

  before(async () => {
    [sandbox, other] = await Promise.all([startSandbox({ userCount: 300, seed: 41 }), startSandbox({ userCount: 30, seed: 42 })]);
    rememberSecrets(sandbox.clients.admin.clientSecret, other.clients.admin.clientSecret);
    await signIn(sandbox);
  });
  afterEach(() => {
    sandbox.faults.clear();
  });
  after(async () => {
    await signOutEverywhere();
    await vscode.workspace.getConfiguration('genesysLicenses').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all([sandbox.close(), other.close()]);
  });

  /** Starts the holder count behind the definitions and waits until its first users page hangs on the server. */
  const holderCountHanging = async (api: LicenseInspectorApi) => {
    api.explorer.refresh();
    await eventually(
      async () => sandbox.stats.inFlight,
      (inFlight) => inFlight === 0,
      'a quiet server',
    );
    sandbox.faults.add({ method: 'GET', path: USERS, times: 1, fault: { kind: 'hang' } });
    await childrenOf(api, await root(api, 'License definitions'));
    await eventually(
      async () => sandbox.stats.inFlight,
      (inFlight) => inFlight >= 1,
      'the holder count to be in flight',
    );
  };
  const hangingRequestEnded = () =>
    eventually(
      async () => sandbox.stats.inFlight,
      (inFlight) => inFlight === 0,
      'the hanging request to be cancelled',
      10_000,
    );

  it('a page count of a billion does not start a billion-page holder count', async () => {
    const { api } = await activeExtension();
    api.explorer.refresh();
    sandbox.faults.add({ method: 'GET', path: USERS, fault: { kind: 'transform', transform: (json) => ({ ...(json as object), pageCount: 1_000_000_000 }) } });
    sandbox.stats.reset();
    const rows = await childrenOf(api, await root(api, 'Organization assignments'));
    assert.ok(rows.length > 1, 'the assignments are listed');
    assert.equal(sandbox.stats.byRoute[`GET ${USERS}`], Math.ceil(sandbox.org.users.length / 100));
  });

  it('Refresh cancels the holder count in flight', async () => {
    const { api } = await activeExtension();
    await holderCountHanging(api);
    await vscode.commands.executeCommand('genesysLicenses.refresh');
    await hangingRequestEnded();
  });

  it('signing in to another org cancels the loads of the first', async () => {
    const { api } = await activeExtension();
    await holderCountHanging(api);
    await signIn(other);
    await hangingRequestEnded();
    await signIn(sandbox);
  });

  it('signing out cancels them', async () => {
    const { api } = await activeExtension();
    await holderCountHanging(api);
    await vscode.commands.executeCommand('genesysLicenses.signOut');
    await hangingRequestEnded();
    await signIn(sandbox);
  });

  it('a page size the org refuses falls back to 100 and says so', async () => {
    const { api } = await activeExtension();
    const settingChanged = new Promise<void>((resolve) => {
      const listener = api.sessions.onDidChangeSession(() => {
        listener.dispose();
        resolve();
      });
    });
    const { result: rows, messages } = await recordingMessages(async () => {
      await vscode.workspace.getConfiguration('genesysLicenses').update('pageSize', 500, vscode.ConfigurationTarget.Global);
      await settingChanged; // the session's client is rebuilt with the new setting
      return childrenOf(api, await root(api, 'Users'));
    });
    assert.deepEqual(
      rows.slice(0, 100).map((row) => row.copyableId),
      sandbox.org.users.slice(0, 100).map((user) => user.id),
    );
    assert.equal(rows.filter((row) => row.copyableId).length, 100, 'pages of 100');
    assert.deepEqual(
      messages.map((message) => [message.severity, message.message]),
      [
        [
          'warning',
          'Genesys Cloud refused pages of 500 users (the setting genesysLicenses.pageSize); the users are listed 100 at a time instead. Set it to 100 or less.',
        ],
      ],
    );
  });
});
