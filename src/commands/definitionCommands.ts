import { type AuthorizationRole, GenesysApiError, type LicenseDefinition } from '../api';
import type { ActiveSession, SessionManager } from '../auth/sessionManager';
import { type DefinitionCatalog, definitionReport, inferReport } from '../core/licenseReports';
import { count } from '../core/markdown';
import { idListFromArguments, listBriefly, parseIdList, type ParsedIds, requireIds, textFromArgument } from '../core/input';
import { catalogOf, type Optional, PERMISSIONS, readCatalog, unlessForbidden } from '../core/orgLookups';
import { askRoleIds, pickDefinition, pickRoles } from '../ui/pickers';
import { runWithProgress } from '../ui/progress';
import type { Registry } from './commandArguments';
import type { ResultDocuments } from '../ui/resultDocuments';
import { CommandIds } from '../core/commandIds';
import { SignedInCommands } from './signedInCommands';

export interface InferLicensesOutcome {
  roles: { id: string; name?: string }[];
  licenseIds: string[];
}

/** What a license is (its definition) and which licenses a set of roles implies (`infer`), as result documents. */
class DefinitionCommands extends SignedInCommands {
  async showDefinition(argument?: unknown): Promise<LicenseDefinition | undefined> {
    const session = this.sessions.requireSession();
    const { client } = session;
    const licenseId = textFromArgument(argument);
    if (licenseId === undefined) {
      const catalog = catalogOf(await runWithProgress(this.sessions, 'Reading the license definitions', ({ signal }) => client.listDefinitions({ signal })));
      const picked = await pickDefinition(catalog);
      return picked && this.showDefinitionDocument(session, picked, catalog);
    }
    return runWithProgress(this.sessions, `Reading the license ${licenseId}`, async ({ signal }) => {
      const [definition, catalog] = await Promise.all([client.getDefinition(licenseId, { signal }), readCatalog(client, signal)]);
      return this.showDefinitionDocument(session, definition, catalog.value ?? new Map());
    });
  }

  private async showDefinitionDocument(session: ActiveSession, definition: LicenseDefinition, catalog: DefinitionCatalog): Promise<LicenseDefinition> {
    await this.results.showRendered(`License ${definition.id ?? ''}`, definitionReport(definition, catalog, this.provenance(session)));
    return definition;
  }

  async inferLicenses(argument?: unknown): Promise<InferLicensesOutcome | undefined> {
    const session = this.sessions.requireSession();
    const { client } = session;
    const given = idListFromArguments(argument);
    let picked: AuthorizationRole[] | undefined;
    let pasted: ParsedIds | undefined;
    if (given !== undefined) {
      pasted = parseIdList(given);
    } else {
      const roles = await runWithProgress(this.sessions, 'Reading the org’s roles', ({ signal }) =>
        unlessForbidden(client.listRoles({ signal }), PERMISSIONS.roleView),
      );
      if (roles.value) {
        picked = await pickRoles(roles.value);
        if (picked?.length === 0) {
          throw new GenesysApiError({ kind: 'invalid-argument', message: 'No role was picked: pick one or more roles to infer their licenses.' });
        }
      } else {
        const typed = await askRoleIds(roles.missing);
        pasted = typed === undefined ? undefined : parseIdList(typed);
      }
    }
    if (!picked && !pasted) {
      return undefined;
    }
    if (pasted && pasted.invalid.length > 0) {
      // Inferring from part of the roles would answer a question that was not asked.
      throw new GenesysApiError({ kind: 'invalid-argument', message: `Not role IDs: ${listBriefly(pasted.invalid)}. Role IDs are UUIDs; nothing was sent.` });
    }
    const roleIds = picked?.map((role) => role.id) ?? requireIds(pasted as ParsedIds, 'role IDs');
    return runWithProgress(this.sessions, `Inferring the licenses of ${count(roleIds.length, 'role')}`, async ({ signal }) => {
      // Pasted IDs are named from the roles listing when the sign-in may read it.
      const named: Promise<Optional<AuthorizationRole[]>> = picked
        ? Promise.resolve({ value: picked })
        : unlessForbidden(client.listRoles({ signal }), PERMISSIONS.roleView);
      const [licenseIds, catalog, roleNames] = await Promise.all([client.inferLicenses(roleIds, { signal }), readCatalog(client, signal), named]);
      const nameOf = new Map((roleNames.value ?? []).map((role) => [role.id, role.name]));
      const roles = roleIds.map((id) => (nameOf.get(id) ? { id, name: nameOf.get(id) } : { id }));
      const notes = [roleNames.missing && `role names not shown: ${roleNames.missing}`, catalog.missing && `license descriptions not shown: ${catalog.missing}`]
        .filter(Boolean)
        .join('; ');
      const markdown = inferReport({
        roles,
        rolesNote: notes || undefined,
        licenseIds,
        catalog: catalog.value ?? new Map(),
        provenance: this.provenance(session),
      });
      await this.results.showRendered(`Licenses implied by ${count(roles.length, 'role')}`, markdown);
      return { roles, licenseIds };
    });
  }
}

export function registerDefinitionCommands(registry: Registry, sessions: SessionManager, results: ResultDocuments): void {
  const commands = new DefinitionCommands(sessions, results);
  registry.register(CommandIds.showDefinition, 'Show license definition', (argument?: unknown) => commands.showDefinition(argument));
  registry.register(CommandIds.inferLicenses, 'Infer licenses from roles', (argument?: unknown) => commands.inferLicenses(argument));
}
