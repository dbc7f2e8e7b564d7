import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandRegistry } from '../../src/ui/registry';
import type { Sandbox } from '../../src/sandbox';
import { BatchAssignmentPanel, type BatchPanelDependencies } from '../../src/webview/batchPanel';
import { waitUntil } from '../waitUntil';
import { asRead, exportCommandLink, NOTIFICATION_LINK } from '../hostileText';
import { recordingMessages } from './commandSupport';
import { activeExtension, startSandbox, signInAsAdmin } from './support';
import { edited, FakeWebviewPanel } from './fakeWebviewPanel';

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

describe('Batch form, host side, with a fake webview', () => {
  let sandbox: Sandbox;
  let state: MemoryMemento;
  let applied = 0;
  const originalWarning = vscode.window.showWarningMessage;
  /** Whether the fake modal confirmation presses its button (whatever it is labelled: Apply, Undo, Retry). */
  let confirm = true;

  const deps = async (): Promise<BatchPanelDependencies> => {
    const { api } = await activeExtension();
    return {
      extensionUri: vscode.Uri.file('/ext'),
      sessions: api.sessions,
      state,
      logger: api.logger,
      registry: new CommandRegistry({ subscriptions: [] } as unknown as vscode.ExtensionContext, api.logger),
      pickUsers: () => Promise.resolve([sandbox.org.users[5].id]),
      onApplied: () => applied++,
    };
  };
  const open = async () => {
    const fake = new FakeWebviewPanel();
    BatchAssignmentPanel.revive(fake as unknown as vscode.WebviewPanel, await deps());
    return fake;
  };
  /** A panel whose webview said it is ready and got its `init`. */
  const openReady = async (): Promise<FakeWebviewPanel> => {
    const fake = await open();
    fake.send({ t: 'ready' });
    await fake.waitFor('init');
    return fake;
  };
  const license = () => sandbox.org.definitions.find((definition) => !definition.prerequisites?.length)?.id as string;
  const newcomers = (count: number) =>
    sandbox.org.users
      .filter((user) => !user.licenses.includes(license()))
      .slice(0, count)
      .map((user) => user.id);

  before(async () => {
    sandbox = await startSandbox({ userCount: 200, seed: 31 });
    await signInAsAdmin(sandbox);
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (_message: string, options?: { modal?: boolean }, button?: string) =>
      Promise.resolve(options?.modal && confirm ? button : undefined);
  });
  beforeEach(() => {
    state = new MemoryMemento();
    confirm = true;
    BatchAssignmentPanel.current?.dispose();
  });
  after(async () => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = originalWarning;
    BatchAssignmentPanel.current?.dispose();
    await vscode.commands.executeCommand('genesysLicenses.signOut');
    await sandbox.close();
  });

  it('serves HTML with a strict CSP and a fresh nonce on every render, scripts only through asWebviewUri', async () => {
    const first = await open();
    const second = await open();
    const html = first.htmlHistory[0];
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.match(nonce ?? '', /^[A-Za-z0-9_-]+$/, 'base64url: nothing to escape');
    assert.ok(nonce && nonce.length >= 16, 'a nonce in the CSP');
    assert.match(html, /default-src 'none'/);
    assert.doesNotMatch(html, /unsafe-(inline|eval)/);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((match) => match[1]);
    assert.deepEqual(scripts.length, 1);
    assert.ok(scripts[0].includes(`nonce="${nonce}"`), scripts[0]);
    assert.match(scripts[0], /src="https:\/\/fake\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
    assert.notEqual(/nonce-([^']+)/.exec(second.htmlHistory[0])?.[1], nonce);
  });

  it('posts nothing before the ready handshake, then everything the form needs', async () => {
    const fake = await open();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(fake.posted, []);
    fake.send({ t: 'ready' });
    const init = await fake.waitFor('init');
    assert.deepEqual(
      init.licenses.map((option) => option.id),
      sandbox.org.definitions.map((definition) => definition.id).sort((a, b) => (a as string).localeCompare(b as string)),
    );
    assert.equal(init.org, sandbox.org.name);
    assert.equal(init.entriesPerRequest, 100);
    assert.equal(init.draft.rows.length, 1);
  });

  it('ignores and logs malformed or hostile messages, changing nothing', async () => {
    const fake = await openReady();
    const before = JSON.stringify(state.get('genesysLicenses.batchDraft'));
    for (const hostile of [
      null,
      'apply',
      42,
      { t: 'evil' },
      { t: 'draftChanged', draft: { rows: 'x' } },
      { t: 'draftChanged', draft: { rows: Array.from({ length: 500 }, (_, i) => ({ key: `${i}`, licenseId: '', usersToAdd: '', usersToRemove: '' })) } },
      { t: 'pickUsers', rowKey: 'r', field: 'constructor' },
      { t: 'draftChanged', draft: { rows: [{ key: 'k', licenseId: 'x', usersToAdd: 'a'.repeat(1_000_001), usersToRemove: '' }] } },
    ]) {
      fake.send(hostile);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(JSON.stringify(state.get('genesysLicenses.batchDraft')), before);
    assert.deepEqual(
      fake.posted.map((message) => message.t),
      ['init', 'preview'],
    );
  });

  it('keeps every draft edit, previews it against the org, and restores it in a revived panel', async () => {
    const fake = await openReady();
    const [user] = newcomers(1);
    const draft = { rows: [{ key: 'k1', licenseId: license(), usersToAdd: user, usersToRemove: '' }] };
    fake.send(edited(draft));
    const preview = await fake.waitFor('preview', (message) => message.state === 'ready');
    assert.equal(preview.state === 'ready' && preview.preview.gains, 1);
    assert.deepEqual(state.get('genesysLicenses.batchDraft'), draft);
    fake.dispose();
    const revived = await open();
    revived.send({ t: 'ready' });
    assert.deepEqual((await revived.waitFor('init')).draft, draft);
  });

  it('applies after the modal confirmation, reports per user, refreshes views, and undoes', async () => {
    const fake = await openReady();
    const users = newcomers(3);
    fake.send(edited({ rows: [{ key: 'k1', licenseId: license(), usersToAdd: users.join(', '), usersToRemove: '' }] }));
    const appliedBefore = applied;
    fake.send({ t: 'apply' });
    const report = await fake.waitFor('report', (message) => message.kind === 'apply');
    assert.deepEqual(
      report.report.entries.map((entry) => [entry.userId, entry.outcome]),
      users.map((id) => [id, 'applied']),
    );
    assert.ok(users.every((id) => sandbox.org.userById(id)?.licenses.includes(license())));
    assert.equal(applied, appliedBefore + 1);
    assert.equal(report.canUndo, true);
    fake.send({ t: 'undo' });
    await fake.waitFor('report', (message) => message.kind === 'undo');
    assert.ok(users.every((id) => !sandbox.org.userById(id)?.licenses.includes(license())));
  });

  it('sends nothing when the confirmation is declined, or when the draft has problems', async () => {
    const fake = await openReady();
    const [user] = newcomers(1);
    fake.send(edited({ rows: [{ key: 'k1', licenseId: license(), usersToAdd: user, usersToRemove: '' }] }));
    confirm = false;
    sandbox.stats.reset();
    fake.send({ t: 'apply' });
    await fake.waitFor('notice', (message) => message.message === 'Nothing was sent.');
    fake.send(edited({ rows: [{ key: 'k1', licenseId: license(), usersToAdd: `${user} not-an-id`, usersToRemove: user }] }));
    fake.send({ t: 'apply' });
    const refused = await fake.waitFor('notice', (message) => message.level === 'error');
    assert.match(refused.message, /Nothing was sent: .*not user IDs: not-an-id.*both added and removed/);
    assert.equal(sandbox.stats.byRoute['POST /api/v2/license/organization'] ?? 0, 0);
  });

  it('saves the request to a file and loads it back; a malformed file changes nothing', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-'));
    const file = path.join(folder, 'request.json');
    const original = { save: vscode.window.showSaveDialog, open: vscode.window.showOpenDialog };
    (vscode.window as { showSaveDialog: unknown }).showSaveDialog = () => Promise.resolve(vscode.Uri.file(file));
    try {
      const fake = await openReady();
      const users = newcomers(2);
      fake.send(edited({ rows: [{ key: 'k1', licenseId: license(), usersToAdd: users.join(' '), usersToRemove: '' }] }));
      fake.send({ t: 'save' });
      await fake.waitFor('notice', (message) => message.message.startsWith('Saved to'));
      assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { assignments: [{ licenseId: license(), userIdsAdd: users, userIdsRemove: [] }] });

      const broken = path.join(folder, 'broken.json');
      fs.writeFileSync(broken, '{"assignments": [{"licenseId": 7}]}');
      (vscode.window as { showOpenDialog: unknown }).showOpenDialog = () => Promise.resolve([vscode.Uri.file(broken)]);
      const draftBefore = JSON.stringify(state.get('genesysLicenses.batchDraft'));
      fake.send({ t: 'load' });
      await fake.waitFor('notice', (message) => /was not loaded/.test(message.message));
      assert.equal(JSON.stringify(state.get('genesysLicenses.batchDraft')), draftBefore);

      (vscode.window as { showOpenDialog: unknown }).showOpenDialog = () => Promise.resolve([vscode.Uri.file(file)]);
      fake.send({ t: 'load' });
      const loaded = await fake.waitFor('draft', (message) => message.reason === 'loaded');
      assert.equal(loaded.draft.rows[0].licenseId, license());
      assert.deepEqual(loaded.draft.rows[0].usersToAdd.split('\n'), users);
    } finally {
      (vscode.window as { showSaveDialog: unknown }).showSaveDialog = original.save;
      (vscode.window as { showOpenDialog: unknown }).showOpenDialog = original.open;
    }
  });

  it('answers a pick by name with the picked users for that row', async () => {
    const fake = await openReady();
    fake.send({ t: 'pickUsers', rowKey: 'k9', field: 'usersToRemove' });
    const picked = await fake.waitFor('usersPicked');
    assert.deepEqual(picked, { t: 'usersPicked', rowKey: 'k9', field: 'usersToRemove', ids: [sandbox.org.users[5].id] });
  });

  it('posts each preview with the revision of the draft it was read for: a newer draft aborts the older read', async () => {
    const fake = await openReady();
    const [first, second] = newcomers(2);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const removeHold = sandbox.faults.add({ method: 'POST', path: '/api/v2/license/users', times: 1, fault: { kind: 'hold', until: held } });
    try {
      const reads = () => sandbox.stats.byRoute['POST /api/v2/license/users'] ?? 0;
      const before = reads();
      const older = edited({ rows: [{ key: 'k1', licenseId: license(), usersToAdd: first, usersToRemove: '' }] });
      fake.send(older);
      await fake.waitFor('preview', (message) => message.revision === older.revision && message.state === 'loading');
      await waitUntil(() => reads() > before, 'the read for the older draft');
      const newer = edited({ rows: [{ key: 'k1', licenseId: license(), usersToAdd: `${first}\n${second}`, usersToRemove: '' }] });
      fake.send(newer);
      // The org answers the older read only now, after the newer draft reached the host.
      release();
      const ready = await fake.waitFor('preview', (message) => message.state === 'ready' && message.revision === newer.revision);
      assert.deepEqual(ready.state === 'ready' && ready.preview.entries.map((entry) => entry.userId), [first, second]);
      const readies = fake.posted.filter((message) => message.t === 'preview' && message.state === 'ready');
      assert.deepEqual(
        readies.map((message) => message.t === 'preview' && message.revision),
        [newer.revision],
        'no preview of the older draft',
      );
    } finally {
      removeHold();
      release();
    }
  });

  it('does not undo an undo: after an undo there is nothing to undo, and a second one changes nothing', async () => {
    const fake = await openReady();
    const users = newcomers(2);
    fake.send(edited({ rows: [{ key: 'k1', licenseId: license(), usersToAdd: users.join(' '), usersToRemove: '' }] }));
    fake.send({ t: 'apply' });
    assert.equal((await fake.waitFor('report', (message) => message.kind === 'apply')).canUndo, true);
    fake.send({ t: 'undo' });
    const undone = await fake.waitFor('report', (message) => message.kind === 'undo');
    assert.equal(undone.canUndo, false);
    await fake.waitFor('settled', (message) => message.action === 'undo');
    sandbox.stats.reset();
    fake.send({ t: 'undo' });
    await fake.waitFor('notice', (message) => message.level === 'error' && /nothing to undo/.test(message.message));
    assert.equal(sandbox.stats.byRoute['POST /api/v2/license/organization'] ?? 0, 0);
    assert.ok(
      users.every((id) => !sandbox.org.userById(id)?.licenses.includes(license())),
      'the undo stands',
    );
  });

  it('names the users of the draft, reading each user once, in batches of 100', async () => {
    const fake = await openReady();
    const ids = sandbox.org.users.slice(0, 151).map((user) => user.id);
    const named = () => new Map(fake.posted.flatMap((message) => (message.t === 'people' ? message.people.map((person) => [person.id, person] as const) : [])));
    sandbox.stats.reset();
    fake.send(edited({ rows: [{ key: 'k1', licenseId: license(), usersToAdd: ids.slice(0, 150).join('\n'), usersToRemove: '' }] }));
    await waitUntil(() => named().size === 150, '150 names');
    assert.equal(sandbox.stats.byRoute['GET /api/v2/users'], 2);
    for (const id of ids.slice(0, 150)) {
      const user = sandbox.org.userById(id);
      assert.deepEqual(named().get(id), { id, name: user?.name, email: user?.email });
    }
    const messages = fake.posted.length;
    fake.send(edited({ rows: [{ key: 'k1', licenseId: license(), usersToAdd: ids.join('\n'), usersToRemove: '' }] }));
    await waitUntil(() => named().has(ids[150]), 'the added user’s name');
    assert.equal(sandbox.stats.byRoute['GET /api/v2/users'], 3, 'only the added user is read');
    const later = fake.posted.slice(messages).flatMap((message) => (message.t === 'people' ? message.people.map((person) => person.id) : []));
    assert.deepEqual(later, [ids[150]], 'and only that one is sent');
  });

  it('names a hostile org in the modal confirmation as inert text: its token redacted, its link broken, the lines kept', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.secret-looking-token.0123456789abcdef';
    const signInTo = async (orgName: string) => {
      sandbox.org.name = orgName;
      const { clientId, clientSecret } = sandbox.clients.admin;
      await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'clientCredentials', environment: sandbox.url, clientId, clientSecret });
    };
    const ownName = sandbox.org.name;
    await signInTo(`Acme Bearer ${token} ${exportCommandLink('/tmp/modal-export.csv')}`);
    try {
      const fake = await openReady();
      fake.send(edited({ rows: [{ key: 'k1', licenseId: license(), usersToAdd: newcomers(1).join(' '), usersToRemove: '' }] }));
      const { messages } = await recordingMessages(
        () => {
          fake.send({ t: 'apply' });
          return fake.waitFor('report', (message) => message.kind === 'apply');
        },
        (shown) => (shown.options?.modal ? shown.items[0] : undefined),
      );
      const modal = messages.find((shown) => shown.options?.modal);
      assert.ok(modal, 'the apply was confirmed in a modal dialog');
      const detail = modal.options?.detail ?? '';
      assert.ok(!detail.includes(token) && !modal.message.includes(token), `the token was shown: ${detail}`);
      assert.equal(detail.match(NOTIFICATION_LINK), null, `a link VS Code would render: ${detail}`);
      const lines = detail.split('\n');
      assert.ok(lines.length >= 2, 'the detail keeps its lines');
      assert.equal(
        asRead(lines[lines.length - 1]).split('. Sent in')[0],
        `Org: Acme Bearer [redacted] ${exportCommandLink('/tmp/modal-export.csv')}`,
        'the org is named, as text',
      );
    } finally {
      await signInTo(ownName);
    }
  });
});
