import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandRegistry } from '../../src/commands/registry';
import type { Sandbox } from '../../src/sandbox';
import { BatchAssignmentPanel, type BatchPanelDependencies } from '../../src/webview/batchPanel';
import type { ToBatchWebview } from '../../src/webview/protocol';
import { activeExtension, rememberSecrets, startSandbox } from './support';

/** A webview panel as the host sees it, recording what is posted and letting the test speak as the webview. */
class FakeWebviewPanel {
  readonly posted: ToBatchWebview[] = [];
  readonly htmlHistory: string[] = [];
  private readonly receive = new vscode.EventEmitter<unknown>();
  private readonly disposed = new vscode.EventEmitter<void>();
  private readonly viewState = new vscode.EventEmitter<unknown>();
  visible = true;
  iconPath: unknown;
  readonly webview = {
    options: {} as vscode.WebviewOptions,
    cspSource: 'https://fake.vscode-cdn.net',
    asWebviewUri: (uri: vscode.Uri) => vscode.Uri.parse(`https://fake.vscode-cdn.net${uri.path}`),
    postMessage: async (message: ToBatchWebview) => {
      this.posted.push(message);
      return true;
    },
    onDidReceiveMessage: this.receive.event,
    set html(value: string) {
      panel.htmlHistory.push(value);
    },
  };
  readonly onDidDispose = this.disposed.event;
  readonly onDidChangeViewState = this.viewState.event;
  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    panel = this;
  }
  reveal(): void {}
  dispose(): void {
    this.disposed.fire();
  }
  /** The webview sends a message. */
  send(message: unknown): void {
    this.receive.fire(message);
  }
  async waitFor<T extends ToBatchWebview['t']>(t: T, where: (message: Extract<ToBatchWebview, { t: T }>) => boolean = () => true, timeoutMs = 10_000): Promise<Extract<ToBatchWebview, { t: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.posted.find((message): message is Extract<ToBatchWebview, { t: T }> => message.t === t && where(message as Extract<ToBatchWebview, { t: T }>));
      if (found) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(`no "${t}" message posted; posted: ${this.posted.map((message) => message.t).join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
let panel: FakeWebviewPanel;

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
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
      pickUsers: async () => [sandbox.org.users[5].id],
      onApplied: () => applied++,
    };
  };
  const open = async () => {
    const fake = new FakeWebviewPanel();
    BatchAssignmentPanel.revive(fake as unknown as vscode.WebviewPanel, await deps());
    return fake;
  };
  const license = () => sandbox.org.definitions.find((definition) => !definition.prerequisites?.length)?.id as string;
  const newcomers = (count: number) => sandbox.org.users.filter((user) => !user.licenses.includes(license())).slice(0, count).map((user) => user.id);

  before(async () => {
    sandbox = await startSandbox({ userCount: 200, seed: 31 });
    rememberSecrets(sandbox.clients.admin.clientSecret);
    const { clientId, clientSecret } = sandbox.clients.admin;
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'clientCredentials', environment: sandbox.url, clientId, clientSecret });
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (_message: string, options?: { modal?: boolean }, button?: string) => (options?.modal && confirm ? button : undefined);
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
    assert.deepEqual(init.licenses.map((option) => option.id), sandbox.org.definitions.map((definition) => definition.id).sort((a, b) => (a as string).localeCompare(b as string)));
    assert.equal(init.org, sandbox.org.name);
    assert.equal(init.entriesPerRequest, 100);
    assert.equal(init.draft.rows.length, 1);
  });

  it('ignores and logs malformed or hostile messages, changing nothing', async () => {
    const fake = await open();
    fake.send({ t: 'ready' });
    await fake.waitFor('init');
    const before = JSON.stringify(state.get('genesysLicenses.batchDraft'));
    for (const hostile of [null, 'apply', 42, { t: 'evil' }, { t: 'draftChanged', draft: { rows: 'x' } }, { t: 'draftChanged', draft: { rows: Array.from({ length: 500 }, (_, i) => ({ key: `${i}`, licenseId: '', usersToAdd: '', usersToRemove: '' })) } }, { t: 'pickUsers', rowKey: 'r', field: 'constructor' }, { t: 'draftChanged', draft: { rows: [{ key: 'k', licenseId: 'x', usersToAdd: 'a'.repeat(1_000_001), usersToRemove: '' }] } }]) {
      fake.send(hostile);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(JSON.stringify(state.get('genesysLicenses.batchDraft')), before);
    assert.deepEqual(fake.posted.map((message) => message.t), ['init', 'preview']);
  });

  it('keeps every draft edit, previews it against the org, and restores it in a revived panel', async () => {
    const fake = await open();
    fake.send({ t: 'ready' });
    await fake.waitFor('init');
    const [user] = newcomers(1);
    const draft = { rows: [{ key: 'k1', licenseId: license(), usersToAdd: user, usersToRemove: '' }] };
    fake.send({ t: 'draftChanged', draft });
    const preview = await fake.waitFor('preview', (message) => message.state === 'ready');
    assert.equal(preview.state === 'ready' && preview.preview.gains, 1);
    assert.deepEqual(state.get('genesysLicenses.batchDraft'), draft);
    fake.dispose();
    const revived = await open();
    revived.send({ t: 'ready' });
    assert.deepEqual((await revived.waitFor('init')).draft, draft);
  });

  it('applies after the modal confirmation, reports per user, refreshes views, and undoes', async () => {
    const fake = await open();
    fake.send({ t: 'ready' });
    await fake.waitFor('init');
    const users = newcomers(3);
    fake.send({ t: 'draftChanged', draft: { rows: [{ key: 'k1', licenseId: license(), usersToAdd: users.join(', '), usersToRemove: '' }] } });
    const appliedBefore = applied;
    fake.send({ t: 'apply' });
    const report = await fake.waitFor('report', (message) => message.kind === 'apply');
    assert.deepEqual(report.report.entries.map((entry) => [entry.userId, entry.outcome]), users.map((id) => [id, 'applied']));
    assert.ok(users.every((id) => sandbox.org.userById(id)?.licenses.includes(license())));
    assert.equal(applied, appliedBefore + 1);
    assert.equal(report.canUndo, true);
    fake.send({ t: 'undo' });
    await fake.waitFor('report', (message) => message.kind === 'undo');
    assert.ok(users.every((id) => !sandbox.org.userById(id)?.licenses.includes(license())));
  });

  it('sends nothing when the confirmation is declined, or when the draft has problems', async () => {
    const fake = await open();
    fake.send({ t: 'ready' });
    await fake.waitFor('init');
    const [user] = newcomers(1);
    fake.send({ t: 'draftChanged', draft: { rows: [{ key: 'k1', licenseId: license(), usersToAdd: user, usersToRemove: '' }] } });
    confirm = false;
    sandbox.stats.reset();
    fake.send({ t: 'apply' });
    await fake.waitFor('notice', (message) => message.message === 'Nothing was sent.');
    fake.send({ t: 'draftChanged', draft: { rows: [{ key: 'k1', licenseId: license(), usersToAdd: `${user} not-an-id`, usersToRemove: user }] } });
    fake.send({ t: 'apply' });
    const refused = await fake.waitFor('notice', (message) => message.level === 'error');
    assert.match(refused.message, /Nothing was sent: .*not user IDs: not-an-id.*both added and removed/);
    assert.equal(sandbox.stats.byRoute['POST /api/v2/license/organization'] ?? 0, 0);
  });

  it('saves the request to a file and loads it back; a malformed file changes nothing', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-'));
    const file = path.join(folder, 'request.json');
    const original = { save: vscode.window.showSaveDialog, open: vscode.window.showOpenDialog };
    (vscode.window as { showSaveDialog: unknown }).showSaveDialog = async () => vscode.Uri.file(file);
    try {
      const fake = await open();
      fake.send({ t: 'ready' });
      await fake.waitFor('init');
      const users = newcomers(2);
      fake.send({ t: 'draftChanged', draft: { rows: [{ key: 'k1', licenseId: license(), usersToAdd: users.join(' '), usersToRemove: '' }] } });
      fake.send({ t: 'save' });
      await fake.waitFor('notice', (message) => message.message.startsWith('Saved to'));
      assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { assignments: [{ licenseId: license(), userIdsAdd: users, userIdsRemove: [] }] });

      const broken = path.join(folder, 'broken.json');
      fs.writeFileSync(broken, '{"assignments": [{"licenseId": 7}]}');
      (vscode.window as { showOpenDialog: unknown }).showOpenDialog = async () => [vscode.Uri.file(broken)];
      const draftBefore = JSON.stringify(state.get('genesysLicenses.batchDraft'));
      fake.send({ t: 'load' });
      await fake.waitFor('notice', (message) => /was not loaded/.test(message.message));
      assert.equal(JSON.stringify(state.get('genesysLicenses.batchDraft')), draftBefore);

      (vscode.window as { showOpenDialog: unknown }).showOpenDialog = async () => [vscode.Uri.file(file)];
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
    const fake = await open();
    fake.send({ t: 'ready' });
    await fake.waitFor('init');
    fake.send({ t: 'pickUsers', rowKey: 'k9', field: 'usersToRemove' });
    const picked = await fake.waitFor('usersPicked');
    assert.deepEqual(picked, { t: 'usersPicked', rowKey: 'k9', field: 'usersToRemove', ids: [sandbox.org.users[5].id] });
  });
});
