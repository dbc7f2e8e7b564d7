import * as vscode from 'vscode';
import { type DomainOrganizationRole, GenesysApiError } from '../api';
import type { ActiveSession, SessionManager } from '../auth/sessionManager';
import {
  changeAssignments,
  explainLicenses,
  type LicenseExplanation,
  type RoleChangeEffect,
  roleChangeEffect,
  roleIdsOf,
  type RolesKnowledge,
} from '../core/licenseExplanation';
import { whatIfReport, whyReport } from '../core/licenseWhyReport';
import { count } from '../core/markdown';
import type { ResultDocuments } from '../ui/resultDocuments';
import type { BatchPrefill } from '../batch/draft';
import { requireUuid } from '../core/input';
import { PERMISSIONS, unlessForbidden } from '../core/orgLookups';
import { runWithProgress } from '../ui/progress';
import { type Registry, runCommand } from './commandArguments';
import { showInformationMessage } from '../ui/messages';
import { OrgAuthorizationFacts, readUserLicenseFacts, type UserLicenseFacts } from '../core/whyLookups';
import { CommandIds } from '../core/commandIds';
import { SignedInCommands } from './signedInCommands';
import { literalLabel } from '../core/shownText';

export interface ExplainOutcome {
  userId: string;
  explanation: LicenseExplanation;
  notes: string[];
  /** The result document, shown rendered in the Markdown preview. */
  uri: vscode.Uri;
}

/** The roles to add and remove, by ID, when a caller (a test, a keybinding) gives them instead of picking. */
export interface RoleChange {
  add?: string[];
  remove?: string[];
}

export interface WhatIfOutcome {
  userId: string;
  rolesBefore: string[];
  rolesAfter: string[];
  /** `infer` on the roles before and after. */
  before: string[];
  after: string[];
  change: RoleChangeEffect;
  /** The batch form's rows for that change, as offered. */
  assignments: NonNullable<BatchPrefill['assignments']>;
  uri: vscode.Uri;
  /** True when the person chose to open the batch form with the change. */
  openedBatchForm: boolean;
}

const OPEN_BATCH_FORM = 'Open in Batch Form';
const WHAT_IF = 'What If Roles Change…';

function roleNamesOf(roles: RolesKnowledge): Map<string, string | undefined> {
  return new Map(
    roles.kind === 'grants'
      ? roles.grants.map((grant) => [grant.roleId, grant.roleName])
      : roles.kind === 'roles'
        ? roles.roles.map((role) => [role.id, role.name])
        : [],
  );
}

/**
 * "Why does this user hold these licenses" and "what if their roles change": read-only result documents, rendered
 * in the Markdown preview. Nothing is written from here; the what-if only offers the batch form, prefilled.
 */
class WhyCommands extends SignedInCommands {
  private facts?: OrgAuthorizationFacts;

  /** Org facts for this session's client: a new session starts afresh. */
  private orgFacts(session: ActiveSession): OrgAuthorizationFacts {
    if (this.facts?.client !== session.client) {
      this.facts = new OrgAuthorizationFacts(session.client);
    }
    return this.facts;
  }

  private readFacts(session: ActiveSession, userId: string, title: string): Thenable<UserLicenseFacts> {
    return runWithProgress(this.sessions, title, (task) => readUserLicenseFacts(this.orgFacts(session), userId, task.signal, (step) => task.report(step)));
  }

  async explain(argument?: unknown): Promise<ExplainOutcome | undefined> {
    const session = this.sessions.requireSession();
    const userId = await this.userFrom(session, argument, 'Explain a User’s Licenses');
    if (userId === undefined) {
      return undefined;
    }
    const facts = await this.readFacts(session, userId, 'Explaining the user’s licenses');
    const explanation = explainLicenses(facts.input);
    const markdown = whyReport({
      userId,
      person: facts.person,
      explanation,
      rolesKnown: facts.input.roles.kind !== 'unknown',
      notes: facts.notes,
      catalog: facts.input.definitions,
      provenance: this.provenance(session),
    });
    const document = await this.results.showRendered(`Why ${facts.person?.name ?? userId}`, markdown, userId);
    if (facts.input.roles.kind !== 'unknown') {
      // Not awaited: the explanation is done; the offer waits for the person on its own.
      void showInformationMessage(
        `Explained ${count(explanation.held.length, 'license')}. See what a change of this user's roles would do to them?`,
        WHAT_IF,
      ).then((choice) => {
        if (choice === WHAT_IF) {
          void runCommand(CommandIds.whatIfRoles, userId);
        }
      });
    }
    return { userId, explanation, notes: facts.notes, uri: document.uri };
  }

  async whatIf(argument?: unknown, given?: RoleChange): Promise<WhatIfOutcome | undefined> {
    const session = this.sessions.requireSession();
    const userId = await this.userFrom(session, argument, 'What If a User’s Roles Change');
    if (userId === undefined) {
      return undefined;
    }
    const facts = await this.readFacts(session, userId, 'Reading the user’s roles and licenses');
    const { roles } = facts.input;
    if (roles.kind === 'unknown') {
      throw new GenesysApiError({ kind: 'invalid-argument', message: `${roles.why} Nothing can be compared.` });
    }
    const current = roleIdsOf(roles);
    const names = roleNamesOf(roles);
    const notes = facts.notes.filter((note) => note !== ('why' in facts.input.rolePermissions ? facts.input.rolePermissions.why : undefined));
    let change = given;
    if (!change) {
      const orgRoles = await runWithProgress(this.sessions, 'Reading the org’s roles', ({ signal }) =>
        unlessForbidden(this.orgFacts(session).orgRoles(signal), PERMISSIONS.roleView),
      );
      if (orgRoles.missing) {
        notes.push(`Only removing roles was offered: listing the org's roles to add needs the permission ${PERMISSIONS.roleView} (${orgRoles.missing}).`);
      }
      change = await pickRoleChange(orgRoles.value, current, names);
      if (!change) {
        return undefined;
      }
    }
    const add = [...new Set(change.add ?? [])].map((id) => requireUuid(id, 'role ID')).filter((id) => !current.includes(id));
    const remove = [...new Set(change.remove ?? [])].map((id) => requireUuid(id, 'role ID')).filter((id) => current.includes(id));
    if (add.length + remove.length === 0) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: 'No role change was picked: pick roles to add or to remove.' });
    }
    const rolesAfter = [...current.filter((id) => !remove.includes(id)), ...add];
    const orgFacts = this.orgFacts(session);
    const [before, after, addedRoles] = await runWithProgress(this.sessions, 'Inferring the licenses before and after', ({ signal }) =>
      Promise.all([
        orgFacts.infer(current, signal),
        orgFacts.infer(rolesAfter, signal),
        add.length > 0
          ? unlessForbidden(orgFacts.rolesById(add, signal), PERMISSIONS.roleView)
          : Promise.resolve({ value: new Map<string, DomainOrganizationRole>() }),
      ]),
    );
    const effect = roleChangeEffect(facts.input.held, before, after, facts.input.definitions);
    const assignments = changeAssignments(userId, effect);
    const markdown = whatIfReport({
      userId,
      person: facts.person,
      added: add.map((id) => ({ id, name: addedRoles.value?.get(id)?.name })),
      removed: remove.map((id) => ({ id, name: names.get(id) })),
      held: facts.input.held,
      before,
      after,
      change: effect,
      notes,
      catalog: facts.input.definitions,
      provenance: this.provenance(session),
    });
    const document = await this.results.showRendered(`What if ${facts.person?.name ?? userId}`, markdown, userId);
    let openedBatchForm = false;
    if (assignments.length > 0) {
      const choice = await showInformationMessage(
        `The role change would give ${count(effect.add.length, 'license')} and take ${count(effect.remove.length, 'license')}. Nothing was changed. Open the batch form with exactly this change?`,
        OPEN_BATCH_FORM,
      );
      if (choice === OPEN_BATCH_FORM) {
        await runCommand(CommandIds.openBatchAssignment, { assignments } satisfies BatchPrefill);
        openedBatchForm = true;
      }
    }
    return { userId, rolesBefore: current, rolesAfter, before, after, change: effect, assignments, uri: document.uri, openedBatchForm };
  }
}

/** Two quick picks: the org's roles the user lacks, to add (skipped when they cannot be listed); the user's roles, to remove. */
async function pickRoleChange(
  orgRoles: readonly DomainOrganizationRole[] | undefined,
  current: readonly string[],
  names: ReadonlyMap<string, string | undefined>,
): Promise<RoleChange | undefined> {
  let add: string[] = [];
  if (orgRoles) {
    const items = orgRoles
      .filter((role) => !current.includes(role.id))
      .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
      .map((role) => ({ label: literalLabel(role.name ?? role.id), description: role.name ? role.id : undefined, roleId: role.id }));
    const picked = await vscode.window.showQuickPick(items, {
      title: 'What If: Roles to Add (1 of 2)',
      placeHolder: 'Tick the roles to give the user (none is fine)',
      canPickMany: true,
      matchOnDescription: true,
    });
    if (picked === undefined) {
      return undefined;
    }
    add = picked.map((item) => item.roleId);
  }
  const items = current.map((id) => ({ label: literalLabel(names.get(id) ?? id), description: names.get(id) ? id : undefined, roleId: id }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'What If: Roles to Remove (2 of 2)',
    placeHolder: 'Tick the roles to take from the user (none is fine)',
    canPickMany: true,
    matchOnDescription: true,
  });
  return picked === undefined ? undefined : { add, remove: picked.map((item) => item.roleId) };
}

/** Registers the "why" and "what if" commands; the manifest offers them on user rows, user results and the palette. */
export function registerWhyCommands(registry: Registry, sessions: SessionManager, results: ResultDocuments): void {
  const commands = new WhyCommands(sessions, results);
  registry.register(CommandIds.explainUserLicenses, 'Explain a user’s licenses', (argument?: unknown) => commands.explain(argument));
  registry.register(CommandIds.whatIfRoles, 'What if a user’s roles change', (argument?: unknown, change?: RoleChange) => commands.whatIf(argument, change));
}
