import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LicenseDefinition } from '../../src/api';
import type { Sandbox } from '../../src/sandbox';
import { MAX_DISPLAY_LENGTH } from '../../src/core/displayText';
import type { ExplorerNode } from '../../src/tree/nodes';
import {
  asRead,
  exportCommandLink,
  HOSTILE_LICENSE_ID,
  HOSTILE_LONG_NAME,
  HOSTILE_ORG_NAME,
  hostileDescription,
  hostileErrorMessage,
  NOTIFICATION_LINK,
} from '../hostileText';
import {
  answeringQuickInput,
  drivingCreatedQuickPicks,
  movingTo,
  recordingMessages,
  recordingProgress,
  type ShownMessage,
  shownResult,
} from './commandSupport';
import { activeExtension, childrenOf, eventually, rememberSecrets, root, startSandbox, signOutEverywhere } from './support';

/** Nothing VS Code would render as a link (a command or a URL) in a notification or a progress line. */
function assertInert(texts: readonly string[]): void {
  assert.ok(texts.length > 0, 'something was shown');
  for (const text of texts) {
    assert.equal(text.match(NOTIFICATION_LINK), null, `a link VS Code would render: ${JSON.stringify(text)}`);
  }
}

const texts = (messages: readonly ShownMessage[]) => messages.flatMap((shown) => [shown.message, shown.options?.detail ?? '']);

/** The tooltip as VS Code gets it: a plain string is shown as text; a MarkdownString would be rendered. */
function tooltipOf(node: ExplorerNode): string {
  const { tooltip } = node.getTreeItem();
  assert.equal(
    typeof tooltip,
    'string',
    `the tooltip of "${String(node.getTreeItem().label)}" is ${tooltip instanceof vscode.MarkdownString ? 'Markdown' : typeof tooltip}, not plain text`,
  );
  return tooltip as string;
}

describe('A hostile org: what it writes is shown as text, never as a link, command, image or markup', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let hostileDefinition: LicenseDefinition;
  const exportTarget = path.join(process.env.TMPDIR ?? '/tmp', 'hostile-export.csv');

  before(async () => {
    sandbox = await startSandbox({ userCount: 40, seed: 41 });
    rememberSecrets(sandbox.clients.admin.clientSecret);
    sandbox.org.name = HOSTILE_ORG_NAME;
    hostileDefinition = {
      id: HOSTILE_LICENSE_ID,
      description: hostileDescription(`${sandbox.url}/pixel.png`),
      permissions: { ids: ['directory:`user`\n# heading:view'] },
      selfUri: '/api/v2/license/definitions/hostile',
    };
    sandbox.org.definitions.push(hostileDefinition);
    sandbox.org.users[0].name = HOSTILE_LONG_NAME;
    sandbox.org.users[0].licenses = [HOSTILE_LICENSE_ID];
  });
  afterEach(() => {
    sandbox.faults.clear();
  });
  after(async () => {
    await signOutEverywhere();
    await sandbox.close();
  });

  async function signIn(): Promise<ShownMessage[]> {
    const { clientId, clientSecret } = sandbox.clients.admin;
    const { messages } = await recordingMessages(() =>
      vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'clientCredentials', environment: sandbox.url, clientId, clientSecret }),
    );
    return messages;
  }

  it('names an org whose name holds a command link as text when signing in and out', async () => {
    const signedIn = await signIn();
    assertInert(texts(signedIn));
    assert.ok(asRead(signedIn[0].message).includes(HOSTILE_ORG_NAME), signedIn[0].message);
    const { api } = await activeExtension();
    const { messages: signedOut } = await recordingMessages(() =>
      vscode.commands.executeCommand('genesysLicenses.signOut', api.sessions.current?.connection.id),
    );
    assertInert(texts(signedOut));
    assert.match(asRead(signedOut[0].message), /^Signed out of Acme \$\(verified\) \[Open the incident report\]\(command:/);
    await signIn();
  });

  it('shows a server error holding a command link and an echoed secret as inert, redacted text', async () => {
    const { clientSecret } = sandbox.clients.admin;
    const issued = sandbox.issuedSecrets();
    const token = issued[issued.length - 1];
    sandbox.faults.add({
      path: '/api/v2/license/definitions/*',
      fault: {
        kind: 'status',
        status: 500,
        message: `${hostileErrorMessage(exportTarget)} client_secret=${clientSecret} echoed ${token} {"access_token":"${token}"}`,
      },
    });
    const { messages } = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.showDefinition', 'cloudCX1'));
    assert.deepEqual(
      messages.map((shown) => shown.severity),
      ['error'],
    );
    assertInert(texts(messages));
    assert.ok(asRead(messages[0].message).includes(exportCommandLink(exportTarget)), `the message reads as the server wrote it: ${messages[0].message}`);
    for (const secret of [clientSecret, token, encodeURIComponent(token)]) {
      assert.ok(!messages[0].message.includes(secret), `a secret (${secret.slice(0, 4)}…) was shown`);
    }
    assert.ok(!fs.existsSync(exportTarget), 'nothing was exported');
  });

  it('keeps a hostile argument inert in the warning that refuses it', async () => {
    const { messages } = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.getUserLicenses', exportCommandLink(exportTarget)));
    assert.deepEqual(
      messages.map((shown) => shown.severity),
      ['warning'],
    );
    assertInert(texts(messages));
  });

  it('keeps a feature name with a link inert in progress titles, messages and the modal confirmation', async () => {
    const featureName = '[Open a terminal](command:workbench.action.terminal.new)';
    const { result: recorded, progress } = await recordingProgress(() =>
      recordingMessages(
        () => vscode.commands.executeCommand('genesysLicenses.flipToggle', featureName),
        (shown) => (shown.options?.modal ? 'Flip' : undefined),
      ),
    );
    assertInert([...progress.titles, ...progress.messages]);
    assertInert(texts(recorded.messages));
    assert.deepEqual(
      recorded.messages.map((shown) => shown.severity),
      ['warning', 'information'],
      'asked, then told the outcome',
    );
    assert.ok(asRead(progress.titles[0]).endsWith(featureName), progress.titles[0]);
  });

  it('warns once about an expired sign-in, naming the org as text', async () => {
    const accessToken = sandbox.issueToken();
    rememberSecrets(accessToken);
    await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'accessToken', environment: sandbox.url, accessToken }));
    sandbox.expireToken(accessToken);
    const { messages } = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.showDefinition', 'cloudCX1'));
    const expiry = messages.find((shown) => /has expired or was revoked/.test(shown.message));
    assert.ok(expiry, messages.map((shown) => shown.message).join(' | '));
    assert.ok(asRead(expiry.message).includes(HOSTILE_ORG_NAME), `the org is named: ${expiry.message}`);
    assertInert(texts(messages));
    await signIn();
  });

  it('gives every explorer row a plain-text tooltip; the hostile definition hovers as the words the org wrote', async () => {
    const { api } = await activeExtension();
    const definitions = await childrenOf(api, await root(api, 'License definitions'));
    const hostileRow = definitions.find((row) => row.copyableId === HOSTILE_LICENSE_ID);
    assert.ok(hostileRow, 'the hostile definition is listed');
    assert.ok(tooltipOf(hostileRow).includes(hostileDefinition.description as string), 'the description shows literally, image syntax and all');
    assert.ok(!String(hostileRow.getTreeItem().label).includes('\n'), 'the row is one line');
    for (const row of definitions) {
      tooltipOf(row);
    }
  });

  it('shows a user with a long, mostly invisible name as a row with a visible name and its count', async () => {
    const { api } = await activeExtension();
    const usersRoot = await root(api, 'Users');
    const hostileRow = (rows: ExplorerNode[]) => rows.find((candidate) => candidate.copyableId === sandbox.org.users[0].id);
    // Names arrive after the listing: wait until the row shows one.
    const row = hostileRow(
      await eventually(
        () => childrenOf(api, usersRoot),
        (rows) => hostileRow(rows)?.getTreeItem().label !== sandbox.org.users[0].id,
        'the names',
      ),
    );
    assert.ok(row, 'the hostile user is listed');
    const item = row.getTreeItem();
    const label = String(item.label);
    assert.match(label, /^Mallory \[x\]\(command:workbench\.action.*…$/, `the name starts with what can be seen: ${JSON.stringify(label)}`);
    assert.ok([...label].length <= MAX_DISPLAY_LENGTH, `a ${[...label].length}-character label pushes the count out of sight`);
    assert.equal(item.description, '1 license');
    assert.ok(tooltipOf(row).includes('Mallory'));
  });

  it('shows a failed load’s server message in the error row and its tooltip as plain text', async () => {
    const { api } = await activeExtension();
    const usersRoot = await root(api, 'Users');
    sandbox.faults.add({ path: '/api/v2/license/users', fault: { kind: 'status', status: 500, message: hostileErrorMessage(exportTarget) } });
    api.explorer.refresh(usersRoot);
    const [errorRow] = await childrenOf(api, usersRoot);
    assert.match(String(errorRow.getTreeItem().label), /^Could not load users/);
    assert.ok(tooltipOf(errorRow).includes(exportCommandLink(exportTarget)), 'the server message shows as it was written');
    sandbox.faults.clear();
    api.explorer.refresh(usersRoot);
  });

  it('writes a definition document where the hostile ID stays in its code span and no org text becomes markup', async () => {
    await answeringQuickInput(
      'showQuickPick',
      ({ items }) => items?.find((item) => (item as { definition?: LicenseDefinition }).definition?.id === HOSTILE_LICENSE_ID),
      () => vscode.commands.executeCommand('genesysLicenses.showDefinition'),
    );
    const lines = shownResult().getText().split('\n');
    assert.match(lines[0], /^# License `+ ?hostile`\) \[x\]\(https:\/\/evil\.example\/\) # Broke out\| ?`+$/, 'the title holds the whole ID in one code span');
    const injected = lines.filter((line) => /^(# Broke out|# Injected heading|- injected item|# heading:view)/.test(line));
    assert.deepEqual(injected, [], 'no org text starts a line of its own');
    const description = lines.find((line) => line.startsWith('Hover me'));
    assert.ok(description?.startsWith('Hover me !\\[pixel\\]('), description);
    assert.ok(description?.includes('\\<img src='), description);
  });

  it('reads the sign-in target from the user’s settings only, never from the workspace’s', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the host tests run with a workspace folder open');
    const workspaceSettings = JSON.parse(fs.readFileSync(path.join(folder.uri.fsPath, '.vscode', 'settings.json'), 'utf8'));
    const chosenByWorkspace: string = workspaceSettings['genesysLicenses.environment'];
    assert.match(chosenByWorkspace, /^https:\/\//, 'the workspace tries to choose where credentials go');
    assert.notEqual(vscode.workspace.getConfiguration('genesysLicenses').get('environment'), chosenByWorkspace);
    const choosingClientCredentials = async (quickPick: vscode.QuickPick<vscode.QuickPickItem>) => {
      await movingTo(quickPick, (item) => (item as { method?: string } | undefined)?.method === 'clientCredentials');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    };
    const { offered } = await answeringQuickInput(
      'showQuickPick',
      () => undefined,
      () => drivingCreatedQuickPicks(choosingClientCredentials, () => vscode.commands.executeCommand('genesysLicenses.signIn')),
    );
    const regions = offered[0]?.items ?? [];
    assert.ok(regions.length > 10, 'the region list was offered');
    const offeredText = JSON.stringify(regions);
    assert.ok(!offeredText.includes(chosenByWorkspace.replace(/^https:\/\//, '')), `the workspace's target is offered: ${JSON.stringify(regions[0])}`);
  });
});
