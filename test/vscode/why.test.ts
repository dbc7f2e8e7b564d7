import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplainOutcome, WhatIfOutcome } from '../../src/commands/whyCommands';
import { type CaseName, type Sandbox, startSandbox } from '../../src/sandbox';
import { acceptingFirstRow, recordingMessages, recordingProgress, shownResult } from './commandSupport';
import { activeExtension, childrenOf, rememberSecrets, root, signOutEverywhere } from './support';
import { waitUntil } from '../waitUntil';

const ALL = ['authorization:license:view', 'authorization:grant:view', 'authorization:role:view', 'directory:user:view'];
const CASES: CaseName[] = ['heldAndImplied', 'heldNotImplied', 'impliedNotHeld', 'prerequisiteMissing', 'comprised', 'addOnPrecedence'];
const DRAFT_KEY = 'genesysLicenses.batchDraft';

/** The license IDs listed (first code span of each top-level item) under a `## Title (n)` section of the document. */
function sectionLicenses(text: string, title: string): string[] | undefined {
  const start = text.indexOf(`\n## ${title} (`);
  if (start < 0) {
    return undefined;
  }
  const body = text.slice(start + 1).split('\n## ')[0];
  return body.split('\n').flatMap((line) => /^- `([^`]+)`/.exec(line)?.[1] ?? []);
}

describe('Why this user holds these licenses, and what a role change would do, against the sandbox org', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ userCount: 300, seed: 14 });
    await signInWith(ALL);
  });
  after(async () => {
    await signOutEverywhere();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sandbox.close();
  });

  /** Signs in with a pasted token carrying exactly these permissions. */
  async function signInWith(permissions: string[]): Promise<void> {
    const accessToken = sandbox.issueToken({ permissions });
    rememberSecrets(accessToken);
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'accessToken', environment: sandbox.url, accessToken });
    const { api } = await activeExtension();
    assert.ok(api.sessions.current, 'signed in');
  }

  const caseUser = (name: CaseName) =>
    sandbox.org.userById(sandbox.org.authorization.cases[name] as string) as NonNullable<ReturnType<Sandbox['org']['userById']>>;
  const roleId = (name: string) => (sandbox.org.roles.find((role) => role.name === name) as { id: string }).id;

  /** What the org's `infer` answers for these roles, asked over HTTP as anyone would. */
  async function infer(roleIds: string[]): Promise<string[]> {
    const answer = await fetch(`${sandbox.url}/api/v2/license/infer`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sandbox.issueToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(roleIds),
    });
    return (await answer.json()) as string[];
  }

  /** The categories the sandbox's own data implies for a user: its grants, holdings, definitions and infer. */
  async function expectedCategories(userId: string) {
    const { org } = sandbox;
    const user = caseUser(CASES.find((name) => org.authorization.cases[name] === userId) as CaseName);
    const roles = org.authorization.effectiveRoleIds(user);
    const together = await infer(roles);
    const alone = await Promise.all(roles.map((id) => infer([id])));
    const held = user.licenses;
    const effective = org.effectiveLicenseIds(held);
    return {
      implied: held.filter((id) => together.includes(id)),
      notImplied: held.filter((id) => !together.includes(id)),
      impliedNotHeld: together.filter((id) => !effective.has(id)),
      prerequisiteMissing: held.filter((id) => org.missingPrerequisites(id, held).length > 0),
      comprised: held.filter((id) => held.some((other) => other !== id && org.effectiveLicenseIds([other]).has(id))),
      aloneOnly: [...new Set(alone.flat())].filter((id) => !together.includes(id)),
    };
  }

  async function explain(argument: unknown): Promise<{ outcome: ExplainOutcome; text: string }> {
    const outcome = await vscode.commands.executeCommand<ExplainOutcome>('genesysLicenses.explainUserLicenses', argument);
    assert.ok(outcome, 'the command explained');
    const document = await vscode.workspace.openTextDocument(outcome.uri);
    return { outcome, text: document.getText() };
  }

  const previewTabs = () =>
    vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview'));

  describe('each seeded user, with every permission', () => {
    for (const name of CASES) {
      it(`${name}: states exactly the categories the org's data implies`, async () => {
        const user = caseUser(name);
        const expected = await expectedCategories(user.id);
        const { outcome, text } = await explain(user.id);
        assert.equal(outcome.userId, user.id);
        assert.deepEqual(outcome.notes, []);
        assert.ok(text.startsWith(`# Why ${user.name} holds these licenses`), text.slice(0, 80));
        const listed = (title: string) => sectionLicenses(text, title) ?? [];
        assert.deepEqual(listed('Held and implied by roles').sort(), expected.implied.sort());
        assert.deepEqual(listed('Held but implied by no role').sort(), expected.notImplied.sort());
        assert.deepEqual(listed('Implied but not held').sort(), expected.impliedNotHeld.sort());
        assert.deepEqual(listed('Prerequisites missing').sort(), expected.prerequisiteMissing.sort());
        assert.deepEqual(listed('Comprised by another held license').sort(), expected.comprised.sort());
        const precedence = text.split('\n## Add-on precedence')[1]?.split('\n## ')[0] ?? '';
        assert.deepEqual([...precedence.matchAll(/implies? `([^`]+)`/g)].map((match) => match[1]).sort(), expected.aloneOnly.sort());
        assert.match(text, /## What `infer` cannot know/);
      });
    }

    it('names roles, groups (escaped), divisions and triggering permissions, and opens the rendered preview', async () => {
      const user = caseUser('heldAndImplied');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const { result, messages } = await recordingMessages(() => explain(user.id));
      const { text } = result;
      assert.ok(text.includes('| **Agent**             | directly, in the division Home; directly, in the division EMEA Support'), text);
      assert.ok(
        text.includes('| **Quality Evaluator** | through the group “Tier 2 \\<Voice\\> \\*EMEA\\*”, in the division EMEA Support'),
        'the group name is escaped, never markup',
      );
      assert.ok(
        text.includes(
          '- Implied by **Quality Evaluator** (through the group “Tier 2 \\<Voice\\> \\*EMEA\\*”, in the division EMEA Support): its permissions `quality:calibration:view`',
        ),
      );
      // The preview names its tab once it has rendered: wait for that, not for a time.
      await waitUntil(() => previewTabs().some((tab) => tab.label.includes(`Why ${user.name}`)), 'the preview tab named after the user');
      const offer = messages.find((message) => message.items.includes('What If Roles Change…'));
      assert.ok(offer, 'the what-if is offered after the explanation');
      assert.ok(!offer.message.includes(user.name), 'the notification carries no org text');
    });

    it('states what each role alone implies against what the roles together imply', async () => {
      const { text } = await explain(caseUser('addOnPrecedence').id);
      assert.ok(text.includes("- **Workforce Manager** alone implies `wem1`; all the user's roles together do not."), text);
    });
  });

  describe('where it is opened from', () => {
    it("a user row of the explorer, a Get User Licenses result (its editor title button), and the palette's user picker", async () => {
      const { api } = await activeExtension();
      const user = caseUser('comprised');
      const rows = await childrenOf(api, await root(api, 'Users'));
      const row = rows.find((node) => node.copyableId === user.id);
      assert.ok(row, 'the seeded user is on the first page');
      assert.equal((await explain(row)).outcome.userId, user.id);

      await vscode.commands.executeCommand('genesysLicenses.getUserLicenses', user.id);
      const resultUri = shownResult().uri;
      assert.equal((await explain(resultUri)).outcome.userId, user.id);

      const picked = await acceptingFirstRow<ExplainOutcome>('genesysLicenses.explainUserLicenses');
      assert.equal(picked?.userId, sandbox.org.users[0].id);

      const menus = (await activeExtension()).extension.packageJSON.contributes.menus;
      const onRows = menus['view/item/context'].filter(
        (entry: { command: string }) => entry.command.startsWith('genesysLicenses.') && /explainUserLicenses|whatIfRoles/.test(entry.command),
      );
      assert.equal(onRows.length, 2);
      assert.ok(onRows.every((entry: { when: string }) => entry.when.includes('viewItem =~ /^user\\b/')));
      const onResults = menus['editor/title'].filter((entry: { command: string }) => /explainUserLicenses|whatIfRoles/.test(entry.command));
      assert.equal(onResults.length, 2);
    });

    it('shows cancellable progress, and a cancel shows nothing', async () => {
      const before = previewTabs().length;
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const { result, progress } = await recordingProgress(
        () => vscode.commands.executeCommand('genesysLicenses.explainUserLicenses', caseUser('comprised').id),
        1,
      );
      assert.equal(result, undefined);
      assert.deepEqual(progress.titles, ['Explaining the user’s licenses']);
      assert.equal(previewTabs().length, 0, `no document after the cancel (there were ${before})`);
    });
  });

  describe('what if the roles change', () => {
    it('compares infer before and after, and prefills the batch form with exactly the license side of the change', async () => {
      const { api } = await activeExtension();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await api.globalState.update(DRAFT_KEY, undefined);
      const user = caseUser('heldNotImplied');
      const before = sandbox.org.authorization.effectiveRoleIds(user);
      const change = { add: [roleId('Knowledge Author'), roleId('Bot Designer')], remove: [roleId('Agent')] };
      const after = [...before.filter((id) => !change.remove.includes(id)), ...change.add];
      const sent = { infer: sandbox.stats.byRoute['POST /api/v2/license/organization'] ?? 0 };
      const { result, messages } = await recordingMessages(
        () => vscode.commands.executeCommand<WhatIfOutcome>('genesysLicenses.whatIfRoles', user.id, change),
        (message) => (message.items.includes('Open in Batch Form') ? 'Open in Batch Form' : undefined),
      );
      const outcome = result;
      assert.deepEqual(outcome.before.sort(), (await infer(before)).sort());
      assert.deepEqual(outcome.after.sort(), (await infer(after)).sort());
      const expectedAdd = outcome.after.filter((id) => !outcome.before.includes(id) && !sandbox.org.effectiveLicenseIds(user.licenses).has(id));
      const expectedRemove = user.licenses.filter((id) => outcome.before.includes(id) && !outcome.after.includes(id));
      assert.deepEqual(outcome.change, { add: expectedAdd, remove: expectedRemove });
      assert.deepEqual(outcome.change, { add: ['botFlows'], remove: ['cloudCX1'] }, 'the seeded change gives Bot Flows and takes CX 1');
      assert.ok(outcome.openedBatchForm);
      const offer = messages.find((message) => message.items.includes('Open in Batch Form'));
      assert.ok(offer && !offer.message.includes(user.name));
      const draft = api.globalState.get<{ rows: { licenseId: string; usersToAdd: string; usersToRemove: string }[] }>(DRAFT_KEY);
      assert.deepEqual(
        draft?.rows.map((row) => [row.licenseId, row.usersToAdd, row.usersToRemove]),
        [
          ['botFlows', user.id, ''],
          ['cloudCX1', '', user.id],
        ],
      );
      assert.equal(sandbox.stats.byRoute['POST /api/v2/license/organization'] ?? 0, sent.infer, 'nothing was written');
      const text = (await vscode.workspace.openTextDocument(outcome.uri)).getText();
      assert.ok(text.includes('- Add: **Knowledge Author**, **Bot Designer**') || text.includes('- Add: **Bot Designer**, **Knowledge Author**'), text);
      assert.ok(text.includes('- Give `botFlows`') && text.includes('- Take `cloudCX1`'), text);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it("offers the org's roles to add and the user's roles to remove as quick picks", async () => {
      const user = caseUser('impliedNotHeld');
      const offered: { title?: string; labels: string[] }[] = [];
      const window = vscode.window as unknown as Record<string, unknown>;
      const original = window.showQuickPick;
      window.showQuickPick = async (items: Thenable<vscode.QuickPickItem[]>, options: vscode.QuickPickOptions) => {
        const list = await items;
        offered.push({ title: options.title, labels: list.map((item) => item.label) });
        // Add nothing; remove Bot Designer.
        return offered.length === 1 ? [] : list.filter((item) => item.label === 'Bot Designer');
      };
      try {
        const outcome = await vscode.commands.executeCommand<WhatIfOutcome>('genesysLicenses.whatIfRoles', user.id);
        assert.deepEqual(outcome?.change, { add: [], remove: [] }, 'Bot Flows was never held: nothing to take');
        assert.deepEqual(outcome?.after.includes('botFlows'), false);
      } finally {
        window.showQuickPick = original;
      }
      const current = sandbox.org.authorization.effectiveRoleIds(user).map((id) => sandbox.org.roleById(id)?.name as string);
      assert.deepEqual(
        offered[0].labels.sort(),
        sandbox.org.roles
          .map((role) => role.name as string)
          .filter((name) => !current.includes(name))
          .sort(),
      );
      assert.deepEqual(offered[1].labels.sort(), current.sort());
    });
  });

  describe('with a permission missing, one part degrades and says which permission it needs', () => {
    afterEach(async () => {
      await signInWith(ALL);
    });
    const without = (...missing: string[]) => ALL.filter((permission) => !missing.includes(permission));

    it('authorization:grant:view: roles without divisions or groups', async () => {
      await signInWith(without('authorization:grant:view'));
      const { outcome, text } = await explain(caseUser('heldAndImplied').id);
      assert.ok(outcome.notes.some((note) => note.includes('authorization:grant:view')));
      assert.match(text, /> Divisions and groups are not shown, only the roles: reading the user's grants needs the permission authorization:grant:view/);
      assert.ok(text.includes('| **Quality Evaluator** | _not known_'), text);
      assert.deepEqual(sectionLicenses(text, 'Held and implied by roles')?.sort(), ['cloudCX2', 'wem2']);
    });

    it('authorization:role:view: no triggering permissions, the rest explained', async () => {
      await signInWith(without('authorization:role:view'));
      const { text } = await explain(caseUser('impliedNotHeld').id);
      assert.match(text, /> The permissions that trigger each license are not shown: reading roles needs the permission authorization:role:view/);
      assert.ok(!text.includes('its permissions'));
      assert.deepEqual(sectionLicenses(text, 'Implied but not held'), ['botFlows']);
    });

    it('directory:user:view: the user by ID, the grants still explained', async () => {
      await signInWith(without('directory:user:view'));
      const user = caseUser('heldNotImplied');
      const { text } = await explain(user.id);
      assert.ok(text.startsWith(`# Why user \`${user.id}\` holds these licenses`));
      assert.match(text, /> The user's name and groups are not shown: the sign-in lacks the permission directory:user:view/);
      assert.deepEqual(sectionLicenses(text, 'Held but implied by no role'), ['knowledge']);
    });

    it('authorization:role:view, in the what-if: only removing roles is offered, and the document says why', async () => {
      await signInWith(without('authorization:role:view'));
      const user = caseUser('impliedNotHeld');
      const titles: string[] = [];
      const window = vscode.window as unknown as Record<string, unknown>;
      const original = window.showQuickPick;
      window.showQuickPick = async (items: Thenable<vscode.QuickPickItem[]>, options: vscode.QuickPickOptions) => {
        titles.push(options.title ?? '');
        return (await items).filter((item) => item.label === 'Bot Designer');
      };
      try {
        const outcome = await vscode.commands.executeCommand<WhatIfOutcome>('genesysLicenses.whatIfRoles', user.id);
        assert.deepEqual(titles, ['What If: Roles to Remove (2 of 2)']);
        assert.deepEqual(outcome?.rolesAfter.includes(roleId('Bot Designer')), false);
        const text = (await vscode.workspace.openTextDocument(outcome.uri)).getText();
        assert.match(text, /> Only removing roles was offered: listing the org's roles to add needs the permission authorization:role:view/);
      } finally {
        window.showQuickPick = original;
      }
    });

    it('authorization:grant:view and directory:user:view: the licenses, and no claim about roles', async () => {
      await signInWith(without('authorization:grant:view', 'directory:user:view'));
      const user = caseUser('heldNotImplied');
      const { text } = await explain(user.id);
      assert.deepEqual(sectionLicenses(text, 'Held')?.sort(), [...user.licenses].sort(), 'never an empty view');
      assert.equal(sectionLicenses(text, 'Held but implied by no role'), undefined, 'never a wrong "implied by no role"');
      assert.match(text, /authorization:grant:view/);
      const { messages } = await recordingMessages(() => vscode.commands.executeCommand('genesysLicenses.whatIfRoles', user.id, { remove: [roleId('Agent')] }));
      assert.ok(
        messages.some((message) => message.severity === 'warning' && message.message.includes('authorization:grant:view')),
        messages.map((message) => message.message).join(' | '),
      );
    });
  });
});
