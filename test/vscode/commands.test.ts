import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LicenseDefinition } from '../../src/api';
import type { Sandbox } from '../../src/sandbox';
import { acceptingFirstRow, answeringQuickInput, parseCsv, recordingMessages, recordingProgress, shownResult } from './commandSupport';
import { activeExtension, rememberSecrets, startSandbox, signOutEverywhere } from './support';
import { waitUntil } from '../waitUntil';

/** What crosses the wire: the sandbox's live objects as the client receives them. */
const asReceived = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('License commands, called with arguments, against the sandbox org', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let exportDir: string;

  before(async () => {
    sandbox = await startSandbox({ userCount: 3000, seed: 21 });
    for (const client of [sandbox.clients.admin, sandbox.clients.readOnly, sandbox.clients.noPermissions]) {
      rememberSecrets(client.clientSecret);
    }
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'license-export-'));
    await signInAs('admin');
  });
  after(async () => {
    // Every sign-in of this file (admin, read-only, no permissions, a bare token) is a saved connection of its own.
    await signOutEverywhere();
    await sandbox.close();
    fs.rmSync(exportDir, { recursive: true, force: true });
  });
  afterEach(() => {
    sandbox.faults.clear();
    sandbox.setLatency(0);
  });

  /** Signs in with one of the sandbox's OAuth clients; a new sign-in also starts a fresh rate-limit window. */
  async function signInAs(client: 'admin' | 'readOnly' | 'noPermissions'): Promise<void> {
    const { clientId, clientSecret } = sandbox.clients[client];
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'clientCredentials', environment: sandbox.url, clientId, clientSecret });
    const { api } = await activeExtension();
    assert.equal(api.sessions.current?.connection.clientId, clientId, `signed in as ${client}`);
  }

  /** A token that may read licenses but not the directory: names cannot be shown. */
  async function signInWithoutNames(): Promise<void> {
    const accessToken = sandbox.issueToken({ permissions: ['authorization:license:view'] });
    rememberSecrets(accessToken);
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'accessToken', environment: sandbox.url, accessToken });
  }

  const requests = (route: string) => sandbox.stats.byRoute[route] ?? 0;
  const definition = (id: string) => sandbox.org.definitionById(id) as LicenseDefinition;
  const userWith = (test: (licenses: string[]) => boolean) => {
    const found = sandbox.org.users.find((user) => test(user.licenses));
    assert.ok(found, 'the sandbox has such a user');
    return found;
  };

  describe('Get User Licenses', () => {
    it("shows a user's licenses with their definitions, and returns what the org answered", async () => {
      const user = userWith((licenses) => licenses.length >= 2 && licenses.some((id) => definition(id).prerequisites?.length));
      const result = await vscode.commands.executeCommand<{ id: string; licenses: LicenseDefinition[] }>('genesysLicenses.getUserLicenses', user.id);
      assert.deepEqual(result, asReceived({ id: user.id, licenses: user.licenses.map(definition), selfUri: `/api/v2/license/users/${user.id}` }));
      const text = shownResult().getText();
      // The email is escaped so the preview does not turn it into a link: \@ and \. in the source.
      assert.match(text, new RegExp(`^# Licenses of ${user.name}\n\nUser ID \`${user.id}\` · ${user.email.replace(/[.@]/g, '\\\\\\$&')}`));
      assert.match(text, new RegExp(`${user.licenses.length} licenses? held directly:`));
      for (const licenseId of user.licenses) {
        assert.ok(text.includes(`## \`${licenseId}\`\n\n${definition(licenseId).description}\n`), licenseId);
      }
      const withPrerequisite = user.licenses.find((id) => definition(id).prerequisites?.length) as string;
      const prerequisite = definition(withPrerequisite).prerequisites?.[0].id as string;
      assert.ok(
        text.includes(`- \`${prerequisite}\` — ${definition(prerequisite).description?.split(':')[0]}`),
        'prerequisites are named with their description',
      );
    });

    it('opens the result rendered in the Markdown preview, with its source (our read-only document) behind it', async () => {
      const user = sandbox.org.users[1];
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('genesysLicenses.getUserLicenses', user.id);
      const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      const rendered = () => tabs().filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview'));
      // The preview's webview tab appears after the command returns: wait for it (by count, not by time).
      await waitUntil(() => rendered().length > 0, 'the rendered preview');
      assert.ok(
        rendered().some((tab) => tab.label.includes(`Licenses of ${user.name}`)),
        tabs()
          .map((tab) => tab.label)
          .join(', '),
      );
      assert.ok(
        !tabs().some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === 'genesys-licenses'),
        'no tab shows the Markdown source',
      );
      assert.match(shownResult().getText(), new RegExp(`^# Licenses of ${user.name}`));
    });

    it('takes a tree row and an upper-case ID as well', async () => {
      const user = sandbox.org.users[0];
      const fromRow = await vscode.commands.executeCommand<{ id: string }>('genesysLicenses.getUserLicenses', { copyableId: user.id, label: user.id });
      assert.equal(fromRow?.id, user.id);
      const fromUpperCase = await vscode.commands.executeCommand<{ id: string }>('genesysLicenses.getUserLicenses', user.id.toUpperCase());
      assert.equal(fromUpperCase?.id, user.id);
      assert.match(shownResult().getText(), /^# Licenses of Zoë Ångström/);
    });

    it("offers the org's users by name when given nothing", async () => {
      const result = await acceptingFirstRow<{ id: string }>('genesysLicenses.getUserLicenses');
      assert.equal(result?.id, sandbox.org.users[0].id);
      assert.match(shownResult().getText(), /^# Licenses of Zoë Ångström/);
    });

    it('refuses an ID that is not a UUID, saying why, and sends nothing', async () => {
      const before = requests('GET /api/v2/license/users/{userId}');
      const { result, messages } = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.getUserLicenses', 'alice@example.com'));
      assert.equal(result, undefined);
      assert.deepEqual(
        messages.map((shown) => shown.severity),
        ['warning'],
      );
      assert.match(messages[0].message, /"alice@example\.com" is not a user ID: Genesys Cloud user IDs are UUIDs/);
      assert.equal(requests('GET /api/v2/license/users/{userId}'), before);
    });

    it('says plainly when the user is not in the org', async () => {
      const unknown = randomUUID();
      const { result, messages } = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.getUserLicenses', unknown));
      assert.equal(result, undefined);
      assert.match(messages[0]?.message ?? '', new RegExp(`Get user licenses: not found — User ${unknown} not found`));
    });
  });

  describe('Show License Definition', () => {
    it('shows a definition: description, every permission, and what it comprises as a nested list', async () => {
      const cx4 = definition('cloudCX4');
      const result = await vscode.commands.executeCommand('genesysLicenses.showDefinition', 'cloudCX4');
      assert.deepEqual(result, asReceived(cx4));
      const text = shownResult().getText();
      assert.ok(shownResult().uri.path.endsWith('/License cloudCX4.md'));
      assert.match(
        text,
        /^# License `cloudCX4`\n\n_License Inspector Sandbox \(http\\:\\\/\\\/127\\\.0\\\.0\\\.1\\:\d+\) · read \d{4}-\d\d-\d\d \d\d:\d\d UTC_\n\nGenesys Cloud CX 4: CX 3 plus/,
      );
      for (const permission of cx4.permissions?.ids ?? []) {
        assert.ok(text.includes(`- \`${permission}\``), permission);
      }
      assert.match(
        text,
        /## Comprises \(4\)\n\nHolding it also gives:\n\n- `cloudCX3` — .*\n {2}- `cloudCX2` — .*\n {4}- `cloudCX1` — .*\n {6}- `communicate` — /,
      );
      assert.match(text, /With what it comprises it grants \d+ permissions in all\./);
    });

    it('opens from a tree row, with the prerequisites described', async () => {
      const result = await vscode.commands.executeCommand<LicenseDefinition>('genesysLicenses.showDefinition', { copyableId: 'wem1' });
      assert.equal(result?.id, 'wem1');
      assert.match(
        shownResult().getText(),
        /## Prerequisites \(1\)\n\nA user must hold these .*\n\n- `cloudCX1` — Genesys Cloud CX 1: inbound and outbound voice contact center/,
      );
    });

    it("offers the org's definitions to pick from when given nothing", async () => {
      const { result, offered } = await answeringQuickInput(
        'showQuickPick',
        ({ items }) => items?.find((item) => item.label === 'knowledge'),
        () => vscode.commands.executeCommand<LicenseDefinition>('genesysLicenses.showDefinition'),
      );
      assert.deepEqual(
        offered[0].items?.map((item) => item.label),
        sandbox.org.definitions.map((entry) => entry.id).sort((a, b) => (a ?? '').localeCompare(b ?? '')),
      );
      assert.equal(result?.id, 'knowledge');
      assert.match(shownResult().getText(), /^# License `knowledge`/);
    });

    it('says plainly when the license does not exist', async () => {
      const { result, messages } = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.showDefinition', 'noSuchLicense'));
      assert.equal(result, undefined);
      assert.match(messages[0]?.message ?? '', /Show license definition: not found — License definition noSuchLicense not found/);
    });
  });

  describe('Fetch Licenses for Users', () => {
    it('splits a pasted list, merges duplicates, sends the valid IDs and lists the rest', async () => {
      const [first, second, third] = sandbox.org.users.slice(0, 3);
      const unknown = randomUUID();
      const pasted = `${first.id}, ${second.id};bob\n${third.id.toUpperCase()}\t${unknown}\n${first.id}`;
      const before = requests('POST /api/v2/license/users');
      const result = await vscode.commands.executeCommand('genesysLicenses.fetchUsersLicenses', pasted);
      assert.deepEqual(result, {
        users: [first, second, third].map((user) => ({ id: user.id, name: user.name, licenses: user.licenses })),
        notFound: [unknown],
        invalid: ['bob'],
        duplicates: 1,
      });
      assert.equal(requests('POST /api/v2/license/users'), before + 1);
      const text = shownResult().getText();
      assert.match(text, /Asked for 4 user IDs \(1 duplicate merged\), 3 found, 1 not in this org, 1 entry not a UUID and not sent\./);
      assert.match(text, new RegExp(`\\| \`${first.id}\` \\| ${first.name} +\\| ${first.licenses.map((id) => `\`${id}\``).join(', ')}`));
      assert.match(text, new RegExp(`## Not found in this org \\(1\\)\n\n- \`${unknown}\``));
      assert.match(text, /## Not sent: not UUIDs \(1\)\n\n- `bob`/);
    });

    it('takes an array of IDs, or the rows selected in the tree', async () => {
      const [first, second] = sandbox.org.users.slice(5, 7);
      const fromArray = await vscode.commands.executeCommand<{ users: { id: string }[] }>('genesysLicenses.fetchUsersLicenses', [first.id, second.id]);
      assert.deepEqual(
        fromArray?.users.map((user) => user.id),
        [first.id, second.id],
      );
      const rows = [{ copyableId: second.id }, { copyableId: first.id }];
      const fromSelection = await vscode.commands.executeCommand<{ users: { id: string }[] }>('genesysLicenses.fetchUsersLicenses', rows[0], rows);
      assert.deepEqual(
        fromSelection?.users.map((user) => user.id),
        [second.id, first.id],
      );
    });

    it('refuses an empty list, and a list without one UUID, sending nothing', async () => {
      const before = requests('POST /api/v2/license/users');
      for (const [input, reason] of [
        ['', /No user IDs to look up\. The list is empty\./],
        [[], /The list is empty/],
        [' ;, \n', /The list is empty/],
        ['alice, bob', /None of the entries is a UUID: alice, bob/],
      ] as const) {
        const { result, messages } = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.fetchUsersLicenses', input));
        assert.equal(result, undefined);
        assert.equal(messages.length, 1, JSON.stringify(input));
        assert.equal(messages[0].severity, 'warning');
        assert.match(messages[0].message, reason);
      }
      assert.equal(requests('POST /api/v2/license/users'), before);
    });

    it('handles 10 000 IDs in batches of 100, with progress', async function () {
      this.timeout(180_000);
      await signInAs('admin'); // a fresh rate-limit window for the 130 requests
      const unknown = Array.from({ length: 10_000 - sandbox.org.users.length }, () => randomUUID());
      const ids = [...sandbox.org.users.map((user) => user.id), ...unknown];
      const before = requests('POST /api/v2/license/users');
      const { result, progress } = await recordingProgress(() =>
        vscode.commands.executeCommand<{ users: { id: string; name?: string; licenses: string[] }[]; notFound: string[] }>(
          'genesysLicenses.fetchUsersLicenses',
          ids.join('\n'),
        ),
      );
      assert.equal(requests('POST /api/v2/license/users') - before, 100);
      assert.deepEqual(
        result?.users,
        sandbox.org.users.map((user) => ({ id: user.id, name: user.name, licenses: user.licenses })),
      );
      assert.deepEqual(result?.notFound, unknown);
      assert.deepEqual(progress.titles, ['Fetching the licenses of 10,000 users']);
      assert.ok(progress.messages.includes('Licenses: 10,000 of 10,000 users'), progress.messages.slice(-3).join(' / '));
      assert.ok(progress.messages.includes('Names: 3,000 of 3,000 users'), progress.messages.slice(-3).join(' / '));
      assert.match(shownResult().getText(), /Asked for 10,000 user IDs, 3,000 found, 7,000 not in this org\./);
    });

    it('leaves names out, saying why, when the sign-in may not read the directory', async () => {
      await signInWithoutNames();
      try {
        const user = sandbox.org.users[1];
        const result = await vscode.commands.executeCommand<{ users: object[] }>('genesysLicenses.fetchUsersLicenses', [user.id]);
        assert.deepEqual(result?.users, [{ id: user.id, licenses: user.licenses }]);
        const text = shownResult().getText();
        assert.match(text, /_Names not shown: the sign-in lacks the permission directory:user:view\._/);
        assert.match(text, /\| User ID +\| Licenses +\|/);
      } finally {
        await signInAs('admin');
      }
    });

    it('names the missing permission when the sign-in may not read licenses', async () => {
      await signInAs('noPermissions');
      try {
        const { result, messages } = await recordingMessages(() =>
          vscode.commands.executeCommand('genesysLicenses.fetchUsersLicenses', [sandbox.org.users[0].id]),
        );
        assert.equal(result, undefined);
        assert.equal(messages[0]?.severity, 'error');
        assert.match(messages[0].message, /lacks the permission authorization:license:view or authorization:grant:add/);
        assert.deepEqual(messages[0].items, ['Sign In Again', 'Show Logs']);
      } finally {
        await signInAs('admin');
      }
    });
  });

  describe('License toggles (deprecated by Genesys)', () => {
    it('reads a toggle, says toggles are deprecated, and remembers the name for this org', async () => {
      const { api } = await activeExtension();
      const { result, messages } = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.getToggle', 'outboundDialer'));
      assert.deepEqual(result, { featureName: 'outboundDialer', enabled: true });
      assert.equal(messages[0]?.severity, 'information');
      assert.match(
        messages[0].message,
        /^License toggle "outboundDialer": enabled\. Genesys has deprecated license toggles: reading one always answers enabled, and flipping one changes nothing on real orgs\.$/,
      );
      assert.equal(api.toggleHistory.names(api.sessions.current?.connection.id as string)[0], 'outboundDialer');
    });

    it('flips only after a modal confirmation that shows the current value, then shows the new one', async () => {
      const { api } = await activeExtension();
      const before = requests('POST /api/v2/license/toggles/{featureName}');
      const declined = await recordingMessages(
        () => vscode.commands.executeCommand('genesysLicenses.flipToggle', 'webChat'),
        () => undefined,
      );
      assert.equal(declined.result, undefined);
      assert.equal(requests('POST /api/v2/license/toggles/{featureName}'), before, 'nothing sent without confirmation');
      const confirm = declined.messages[0];
      assert.equal(confirm.options?.modal, true);
      assert.equal(confirm.message, 'Flip the license toggle "webChat"? It reads enabled now.');
      assert.match(confirm.options?.detail ?? '', /Genesys has deprecated license toggles/);

      const flipped = await recordingMessages(
        () => vscode.commands.executeCommand('genesysLicenses.flipToggle', 'webChat'),
        (shown) => (shown.options?.modal ? 'Flip' : undefined),
      );
      assert.deepEqual(flipped.result, { featureName: 'webChat', enabledBefore: true, enabledAfter: true });
      assert.equal(requests('POST /api/v2/license/toggles/{featureName}'), before + 1);
      assert.equal(
        flipped.messages[1]?.message,
        'License toggle "webChat" now reads enabled (it read enabled): unchanged, as Genesys documents for its deprecated toggles.',
      );
      assert.deepEqual(api.toggleHistory.names(api.sessions.current?.connection.id as string).slice(0, 2), ['webChat', 'outboundDialer']);
    });

    it('offers the names used before in this org, newest first', async () => {
      const result = await acceptingFirstRow('genesysLicenses.getToggle');
      assert.deepEqual(result, { featureName: 'webChat', enabled: true });
    });

    it('shows the change where an org still keeps toggle state', async () => {
      const stateful = await startSandbox({ userCount: 5, seed: 22, toggles: 'stateful' });
      rememberSecrets(stateful.clients.admin.clientSecret);
      try {
        const { clientId, clientSecret } = stateful.clients.admin;
        await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'clientCredentials', environment: stateful.url, clientId, clientSecret });
        const flipped = await recordingMessages(
          () => vscode.commands.executeCommand('genesysLicenses.flipToggle', 'newFeature'),
          (shown) => (shown.options?.modal ? 'Flip' : undefined),
        );
        assert.deepEqual(flipped.result, { featureName: 'newFeature', enabledBefore: false, enabledAfter: true });
        assert.equal(flipped.messages[0].message, 'Flip the license toggle "newFeature"? It reads disabled now.');
        assert.equal(flipped.messages[1].message, 'License toggle "newFeature" now reads enabled (it read disabled).');
        assert.equal(stateful.org.toggles.newFeature, true);
      } finally {
        await vscode.commands.executeCommand('genesysLicenses.signOut');
        await stateful.close();
        await signInAs('admin');
      }
    });
  });

  describe('Infer Licenses from Roles', () => {
    /** What the org answers: the licenses whose own permissions the roles hold, in definition order. */
    const impliedBy = (roleIds: string[]) => {
      const permissions = new Set(roleIds.flatMap((id) => sandbox.org.roleById(id)?.permissions ?? []));
      return sandbox.org.definitions.filter((entry) => entry.permissions?.ids.some((id) => permissions.has(id))).map((entry) => entry.id);
    };
    const role = (name: string) => {
      const found = sandbox.org.roles.find((candidate) => candidate.name === name);
      assert.ok(found, name);
      return found;
    };

    it('infers from role IDs given as arguments, naming the roles and describing the licenses', async () => {
      const roles = [role('Workforce Manager'), role('Bot Designer')];
      const result = await vscode.commands.executeCommand(
        'genesysLicenses.inferLicenses',
        roles.map((entry) => entry.id),
      );
      const expected = impliedBy(roles.map((entry) => entry.id));
      assert.ok(expected.length >= 2);
      assert.deepEqual(result, { roles: roles.map((entry) => ({ id: entry.id, name: entry.name })), licenseIds: expected });
      const text = shownResult().getText();
      assert.match(text, /^# Licenses implied by 2 roles/);
      assert.ok(text.includes(`- **Workforce Manager** \`${roles[0].id}\``));
      assert.match(text, /\| `botFlows` +\| Genesys Dialog Engine Bot Flows: natural-language bots in Architect +\| 2 +\|/);
    });

    it("offers the org's roles by name when given nothing", async () => {
      const agent = role('Agent');
      const { result, offered } = await answeringQuickInput(
        'showQuickPick',
        ({ items }) => items?.filter((item) => item.label === 'Agent'),
        () => vscode.commands.executeCommand('genesysLicenses.inferLicenses'),
      );
      assert.equal(offered[0].options?.canPickMany, true);
      assert.deepEqual(offered[0].items?.map((item) => item.label).sort(), sandbox.org.roles.map((entry) => entry.name).sort());
      assert.deepEqual(result, { roles: [{ id: agent.id, name: 'Agent' }], licenseIds: impliedBy([agent.id]) });
    });

    it('falls back to pasted role IDs when roles may not be listed, saying why', async () => {
      await signInAs('noPermissions');
      try {
        const supervisor = role('Supervisor');
        const { result, offered } = await answeringQuickInput(
          'showInputBox',
          () => supervisor.id,
          () => vscode.commands.executeCommand('genesysLicenses.inferLicenses'),
        );
        assert.match(
          offered[0].options?.prompt ?? '',
          /^Roles cannot be listed by name: the sign-in lacks the permission authorization:role:view\. Paste role IDs instead/,
        );
        assert.deepEqual(result, { roles: [{ id: supervisor.id }], licenseIds: impliedBy([supervisor.id]) });
        assert.match(
          shownResult().getText(),
          /_Role names not shown: role names not shown: the sign-in lacks the permission authorization:role:view; license descriptions not shown: the sign-in lacks the permission authorization:license:view/,
        );
      } finally {
        await signInAs('admin');
      }
    });

    it('refuses role IDs that are not UUIDs, and an empty list, sending nothing', async () => {
      const before = requests('POST /api/v2/license/infer');
      const invalid = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.inferLicenses', [role('Agent').id, 'Agent']));
      assert.equal(invalid.result, undefined);
      assert.match(invalid.messages[0]?.message ?? '', /^Not role IDs: Agent\. Role IDs are UUIDs; nothing was sent\.$/);
      const empty = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.inferLicenses', []));
      assert.match(empty.messages[0]?.message ?? '', /No role IDs to look up\. The list is empty\./);
      assert.equal(requests('POST /api/v2/license/infer'), before);
    });
  });

  describe('Organization license assignments', () => {
    const holdersBySandbox = () =>
      Object.fromEntries(
        sandbox.org.definitions.flatMap((entry) =>
          sandbox.org.holders(entry.id as string).length ? [[entry.id as string, sandbox.org.holders(entry.id as string)]] : [],
        ),
      );

    it('rebuilds them from the users listing when the removed endpoint answers 404, and says so', async () => {
      await signInAs('admin');
      const { result, progress } = await recordingProgress(() =>
        vscode.commands.executeCommand<{ source: string; licenses: Record<string, { id: string }[]> }>('genesysLicenses.showOrganizationAssignments'),
      );
      assert.equal(result?.source, 'users-scan');
      const rebuilt = Object.fromEntries(Object.entries(result?.licenses ?? {}).map(([id, users]) => [id, users.map((user) => user.id)]));
      assert.deepEqual(rebuilt, holdersBySandbox());
      assert.ok(progress.messages.includes('Users listing: 3,000 of 3,000 users'), progress.messages.join(' / '));
      const text = shownResult().getText();
      assert.match(text, /Source: rebuilt from the paged users listing \(`GET \/api\/v2\/license\/users`, 3,000 users read\), because this org answers 404/);
      const cx1Holders = sandbox.org.holders('cloudCX1').length;
      assert.match(text, new RegExp(`\\| \`cloudCX1\` +\\| ${cx1Holders.toLocaleString('en-US')} +\\| Genesys Cloud CX 1`));
    });

    it('uses the legacy endpoint where the org still answers it, and says so', async () => {
      sandbox.setLegacyOrganizationEndpoint(true);
      try {
        const result = await vscode.commands.executeCommand<{ source: string; licenses: Record<string, { id: string }[]> }>(
          'genesysLicenses.showOrganizationAssignments',
        );
        assert.equal(result?.source, 'legacy-endpoint');
        assert.deepEqual(
          result?.licenses.cloudCX1.map((user) => user.id),
          sandbox.org.holders('cloudCX1'),
        );
        assert.match(
          shownResult().getText(),
          /Source: this org still answers `GET \/api\/v2\/license\/organization`, the operation Genesys removed from its public API in 2019/,
        );
      } finally {
        sandbox.setLegacyOrganizationEndpoint(false);
      }
    });

    it('says in the progress line when Genesys rate limits, and how long it waits', async () => {
      sandbox.faults.add({ method: 'GET', path: '/api/v2/license/users', times: 1, fault: { kind: 'rateLimit', retryAfterSeconds: 1 } });
      const { result, progress } = await recordingProgress(() =>
        vscode.commands.executeCommand<{ source: string }>('genesysLicenses.showOrganizationAssignments'),
      );
      assert.equal(result?.source, 'users-scan');
      assert.ok(progress.messages.includes('Rate limited by Genesys Cloud (token.rate.per.minute); waiting 1 s…'), progress.messages.join(' / '));
    });
  });

  describe('Export Users and Licenses', () => {
    it('writes a CSV a spreadsheet opens cleanly: BOM, one row a user, one column a license, names', async () => {
      await signInAs('admin');
      const file = path.join(exportDir, 'users.csv');
      const result = await recordingMessages(() =>
        vscode.commands.executeCommand<{ users: number; licenseIds: string[]; namesIncluded: boolean }>('genesysLicenses.exportUsers', {
          format: 'csv',
          path: file,
        }),
      );
      const licenseIds = [...new Set(sandbox.org.users.flatMap((user) => user.licenses))].sort((a, b) => a.localeCompare(b));
      assert.equal(result.result?.users, 3000);
      assert.deepEqual(result.result?.licenseIds, licenseIds);
      assert.match(result.messages[0]?.message ?? '', /^Exported 3,000 users to users\.csv\.$/);
      const bytes = fs.readFileSync(file);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
      const rows = parseCsv(bytes.toString('utf8').slice(1));
      assert.deepEqual(rows[0], ['id', 'name', ...licenseIds]);
      assert.equal(rows.length, 3001);
      const expected = sandbox.org.users.map((user) => [user.id, user.name, ...licenseIds.map((id) => (user.licenses.includes(id) ? '1' : ''))]);
      assert.deepEqual(rows.slice(1), expected);
      assert.deepEqual(rows[1].slice(0, 2), [sandbox.org.users[0].id, 'Zoë Ångström']);
    });

    it('writes JSON to a URI, with every user and their licenses', async () => {
      const uri = vscode.Uri.file(path.join(exportDir, 'users.json'));
      const result = await vscode.commands.executeCommand<{ format: string }>('genesysLicenses.exportUsers', { format: 'json', uri });
      assert.equal(result?.format, 'json');
      const written = JSON.parse(fs.readFileSync(uri.fsPath, 'utf8'));
      assert.match(written.organization, /^License Inspector Sandbox/);
      assert.deepEqual(
        written.users,
        sandbox.org.users.map((user) => ({ id: user.id, name: user.name, licenses: user.licenses })),
      );
    });

    it('leaves the name column out when names may not be read', async () => {
      await signInWithoutNames();
      try {
        const file = path.join(exportDir, 'no-names.csv');
        const result = await vscode.commands.executeCommand<{ namesIncluded: boolean }>('genesysLicenses.exportUsers', { format: 'csv', path: file });
        assert.equal(result?.namesIncluded, false);
        const header = parseCsv(fs.readFileSync(file, 'utf8').slice(1))[0];
        assert.equal(header[0], 'id');
        assert.ok(!header.includes('name'));
        assert.ok(header.includes('cloudCX1'));
      } finally {
        await signInAs('admin');
      }
    });

    it('writes no file at all when the user cancels mid-way, and says nothing', async () => {
      sandbox.setLatency(30);
      const file = path.join(exportDir, 'cancelled.csv');
      const before = requests('GET /api/v2/license/users');
      const { result: recorded, messages } = await recordingMessages(() =>
        recordingProgress(() => vscode.commands.executeCommand('genesysLicenses.exportUsers', { format: 'csv', path: file }), 2),
      );
      assert.equal(recorded.result, undefined);
      assert.deepEqual(messages, [], 'a cancel is silent');
      assert.equal(fs.existsSync(file), false);
      assert.ok(requests('GET /api/v2/license/users') - before < 30, 'the scan stopped early');
    });

    it('refuses an unknown format before reading anything', async () => {
      const before = requests('GET /api/v2/license/users');
      const { result, messages } = await recordingMessages(() =>
        vscode.commands.executeCommand('genesysLicenses.exportUsers', { format: 'xlsx', path: path.join(exportDir, 'x.xlsx') }),
      );
      assert.equal(result, undefined);
      assert.match(messages[0]?.message ?? '', /The export format must be "csv" or "json" \(got "xlsx"\)/);
      assert.equal(requests('GET /api/v2/license/users'), before);
    });
  });

  describe('Signed out', () => {
    it('asks to sign in instead of prompting for input', async () => {
      await vscode.commands.executeCommand('genesysLicenses.signOut');
      const { result, messages } = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.showDefinition'));
      assert.equal(result, undefined);
      assert.match(messages[0]?.message ?? '', /Not signed in to a Genesys Cloud organization/);
      assert.ok(messages[0].items.includes('Sign In Again'));
      await signInAs('admin');
    });
  });
});
