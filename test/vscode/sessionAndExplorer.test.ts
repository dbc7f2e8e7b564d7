import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Sandbox } from '../../src/sandbox';
import { activeExtension, childrenOf, kindOf, rememberSecrets, root, rowText, startSandbox } from './support';

describe('Signing in and the explorer, against the sandbox org', function () {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ userCount: 250, seed: 7 });
    rememberSecrets(sandbox.clients.admin.clientSecret);
  });
  after(async () => {
    await vscode.commands.executeCommand('genesysLicenses.signOut');
    await sandbox.close();
  });
  afterEach(() => sandbox.faults.clear());

  const signIn = () => {
    const { clientId, clientSecret } = sandbox.clients.admin;
    return vscode.commands.executeCommand<string | undefined>('genesysLicenses.signIn', {
      method: 'clientCredentials',
      environment: sandbox.url,
      clientId,
      clientSecret,
    });
  };

  it('signs in with client credentials given as arguments and names the org', async () => {
    const { api } = await activeExtension();
    const description = await signIn();
    assert.match(description ?? '', new RegExp(sandbox.org.name));
    assert.equal(api.sessions.current?.connection.orgName, sandbox.org.name);
  });

  it('keeps the client secret in SecretStorage and nowhere in saved state', async () => {
    const { api } = await activeExtension();
    const connection = api.sessions.current?.connection;
    assert.ok(connection);
    assert.deepEqual(await api.connections.readSecret(connection.id), { clientSecret: sandbox.clients.admin.clientSecret });
    assert.ok(!JSON.stringify(api.connections.list()).includes(sandbox.clients.admin.clientSecret));
    const settings = JSON.stringify(vscode.workspace.getConfiguration('genesysLicenses'));
    assert.ok(!settings.includes(sandbox.clients.admin.clientSecret));
  });

  it('shows every license definition of the org, sorted, with nested contents', async () => {
    const { api } = await activeExtension();
    const definitions = await childrenOf(api, await root(api, 'License definitions'));
    const expected = sandbox.org.definitions.map((definition) => definition.id as string).sort((a, b) => a.localeCompare(b));
    assert.deepEqual(
      definitions.map((node) => node.getTreeItem().label),
      expected,
    );
    const withParts = definitions.find((node) =>
      rowText(node).startsWith(sandbox.org.definitions.find((definition) => definition.comprises?.length)?.id as string),
    );
    assert.ok(withParts);
    const groups = (await childrenOf(api, withParts)).map((node) => node.getTreeItem().label);
    assert.ok(groups.includes('Comprises'), `groups: ${groups.join(', ')}`);
  });

  it('pages users with "Load more…" until the org is exhausted', async () => {
    const { api } = await activeExtension();
    const users = await root(api, 'Users');
    let rows = await childrenOf(api, users);
    assert.equal(rows.length, 101);
    assert.deepEqual(
      rows.slice(0, 3).map((node) => node.copyableId),
      sandbox.org.users.slice(0, 3).map((user) => user.id),
    );
    assert.equal(rowText(rows[100]), 'Load more… — 150 more');
    assert.equal(kindOf(rows[100]), 'loadMore');
    await vscode.commands.executeCommand('genesysLicenses.loadMore', rows[100]);
    rows = await childrenOf(api, users);
    assert.equal(rows.length, 201);
    await vscode.commands.executeCommand('genesysLicenses.loadMore', rows[200]);
    rows = await childrenOf(api, users);
    assert.equal(rows.length, 250);
    assert.deepEqual(
      rows.filter((node) => kindOf(node) === 'loadMore'),
      [],
    );
    assert.equal(kindOf(rows[249]), 'user');
    const withLicenses = rows.find((node) => sandbox.org.users.find((user) => user.id === node.copyableId)?.licenses.length);
    assert.ok(withLicenses);
    const held = sandbox.org.users.find((user) => user.id === withLicenses.copyableId)?.licenses ?? [];
    assert.deepEqual(
      (await childrenOf(api, withLicenses)).map((node) => node.getTreeItem().label),
      [...held].sort(),
    );
  });

  it('shows an error node with the reason when a load fails, and Retry recovers', async () => {
    const { api } = await activeExtension();
    const definitionsRoot = await root(api, 'License definitions');
    api.explorer.refresh(definitionsRoot);
    sandbox.faults.add({ path: '/api/v2/license/definitions', times: 1, fault: { kind: 'status', status: 500, message: 'Internal failure in the sandbox' } });
    const failed = await childrenOf(api, definitionsRoot);
    assert.equal(failed.length, 1);
    assert.equal(kindOf(failed[0]), 'error');
    assert.match(rowText(failed[0]), /Could not load license definitions — .*Internal failure in the sandbox/);
    await vscode.commands.executeCommand('genesysLicenses.retryNode', failed[0]);
    const recovered = await childrenOf(api, definitionsRoot);
    assert.equal(recovered.length, sandbox.org.definitions.length);
  });

  it('refuses wrong credentials and keeps the current sign-in', async () => {
    const { api } = await activeExtension();
    const before = api.sessions.current?.connection.id;
    const result = await vscode.commands.executeCommand('genesysLicenses.signIn', {
      method: 'clientCredentials',
      environment: sandbox.url,
      clientId: sandbox.clients.admin.clientId,
      clientSecret: 'not-the-secret',
    });
    assert.equal(result, undefined);
    assert.equal(api.sessions.current?.connection.id, before);
    assert.deepEqual(await api.connections.readSecret(before as string), { clientSecret: sandbox.clients.admin.clientSecret });
  });

  it('refuses plain http to a remote host without sending anything', async () => {
    const { api } = await activeExtension();
    const before = api.sessions.current?.connection.id;
    await vscode.commands.executeCommand('genesysLicenses.signIn', {
      method: 'accessToken',
      environment: 'http://api.mypurecloud.ie',
      accessToken: 'should-never-travel',
    });
    assert.equal(api.sessions.current?.connection.id, before);
  });

  it('signs out: the token is revoked, the secret removed, the tree emptied', async () => {
    const { api } = await activeExtension();
    const connection = api.sessions.current?.connection;
    assert.ok(connection);
    assert.equal(await vscode.commands.executeCommand('genesysLicenses.signOut'), true);
    assert.equal(api.sessions.current, undefined);
    assert.equal(await api.connections.readSecret(connection.id), undefined);
    assert.deepEqual(api.connections.list(), []);
    assert.deepEqual(await childrenOf(api), []);
    assert.equal(sandbox.stats.byRoute['DELETE /api/v2/tokens/me'], 1);
  });

  it('signs in with a pasted access token too', async () => {
    const { api } = await activeExtension();
    const token = sandbox.issueToken();
    rememberSecrets(token);
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'accessToken', environment: sandbox.url, accessToken: token });
    assert.equal(api.sessions.current?.connection.method, 'accessToken');
    assert.deepEqual(await api.connections.readSecret(api.sessions.current?.connection.id), { accessToken: token });
  });
});
