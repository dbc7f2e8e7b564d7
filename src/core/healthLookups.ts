/**
 * The reads behind License Health, through the client only. Requests for an org of N users with R distinct role
 * sets: N/500 pages of `GET /api/v2/users?state=any&expand=dateLastLogin,authorization` (state, last login and roles
 * in one listing: UsersApi.getUsers, SDK 262 `User`/`UserAuthorization`), one `POST /api/v2/license/users` per page
 * for that page's licenses (N/500 more, against N/100 for the paged license listing), the definitions, and one
 * `POST /license/infer` per distinct role set. 20 000 users: 40 + 40 + 1 + R. Reading the roles per role
 * (`GET /authorization/roles/{id}/users`) was the other way: a role every user has costs N/100 requests alone.
 * No `vscode` import.
 */
import {
  GenesysApiError,
  type LicenseClient,
  ORG_USERS_PAGE_SIZE,
  type OrgUser,
  type OrgUserExpand,
  type ScanProgress,
  USERS_LICENSES_BATCH_SIZE,
  UsersScan,
} from '../api';
import { type HealthInput, type HealthUser, roleSetKey } from './licenseHealth';
import { setMaxListeners } from 'node:events';
import { readCatalog } from './orgLookups';
import { GRANT_VIEW, OrgAuthorizationFacts } from './whyLookups';

export interface HealthReadOptions {
  idleDays: number;
  signal: AbortSignal;
  onProgress?: (message: string, done?: number, total?: number) => void;
  now?: () => Date;
}

/** Reads everything the report needs; throws (never returns a partial input) when cancelled or when a needed read fails. */
export async function readHealthInput(client: LicenseClient, options: HealthReadOptions): Promise<HealthInput> {
  const { signal } = options;
  const missing: HealthInput['missing'] = {};
  let expand: OrgUserExpand[] = ['dateLastLogin', 'authorization'];
  const definitions = readCatalog(client, signal);
  const inference = new RoleSetInference(client, signal, options.onProgress);

  const loadPage = async (pageNumber: number, _size: number | undefined, pageSignal: AbortSignal) => {
    let page;
    try {
      page = await client.listOrgUsersPage(pageNumber, expand, { signal: pageSignal });
    } catch (error) {
      // Page 1 is read alone first: a 403 there on the roles leaves them out of every page, and says why.
      if (!(pageNumber === 1 && expand.includes('authorization') && error instanceof GenesysApiError && error.isForbidden)) {
        throw error;
      }
      const lacking = error.missingPermissions.length > 0 ? error.missingPermissions.join(' or ') : GRANT_VIEW;
      missing.roles = `reading the users' roles needs the permission ${lacking}`;
      expand = ['dateLastLogin'];
      page = await client.listOrgUsersPage(pageNumber, expand, { signal: pageSignal });
    }
    const users = page.entities.map((user) => healthUser(user, expand.includes('authorization')));
    users.forEach((user) => user.roleIds && inference.start(user.roleIds));
    const licenses = await readLicensesOfPage(
      client,
      users.map((user) => user.id),
      pageSignal,
    );
    const held = new Map(licenses.users.map((user) => [user.id, user.licenses]));
    return { ...page, entities: users.map((user) => ({ ...user, licenses: held.get(user.id) ?? [] })) };
  };
  const scan = new UsersScan(loadPage, client.maxConcurrency, ORG_USERS_PAGE_SIZE, '/api/v2/users');
  let users: HealthUser[];
  try {
    users = await scan.run({
      signal,
      onProgress: (progress: ScanProgress) =>
        options.onProgress?.(
          `Users, state and last login: ${progress.usersLoaded.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')}`,
          progress.pagesLoaded,
          progress.pageCount,
        ),
    });
  } catch (error) {
    inference.stop();
    throw error;
  }
  const inferred = missing.roles ? undefined : await inference.answers();
  const catalog = await definitions;
  if (catalog.missing) {
    missing.definitions = catalog.missing;
  }
  if (signal.aborted) {
    throw new GenesysApiError({ kind: 'cancelled', message: 'The license health check was cancelled.' });
  }
  return { users, definitions: catalog.value, inferred, missing, idleDays: options.idleDays, now: options.now?.() ?? new Date() };
}

/**
 * A page's licenses in one `POST /license/users`. Genesys documents no limit on the IDs per request; should an org
 * refuse that many (413 over its byte limit, or 400), the page is read again in the client's usual batches of 100.
 */
async function readLicensesOfPage(client: LicenseClient, userIds: string[], signal: AbortSignal) {
  try {
    return await client.fetchUsersLicenses(userIds, { signal, batchSize: userIds.length || 1 });
  } catch (error) {
    if (userIds.length > USERS_LICENSES_BATCH_SIZE && error instanceof GenesysApiError && (error.status === 413 || error.status === 400)) {
      return client.fetchUsersLicenses(userIds, { signal });
    }
    throw error;
  }
}

/** The user as the listing shows them; licenses come from the page's `POST /license/users`. */
function healthUser(user: OrgUser, rolesAsked: boolean): HealthUser {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    state: user.state,
    dateLastLogin: user.dateLastLogin,
    licenses: [],
    // A user without `authorization` when it was asked: Genesys did not resolve it, so their roles stay unknown.
    ...(rolesAsked && user.authorization && { roleIds: user.authorization.roles.map((role) => role.id) }),
  };
}

/**
 * One `infer` per distinct role set, never per user, each started as soon as a page shows a new set, so they overlap
 * the listing under the client's concurrency cap. The first failure stops the others.
 */
class RoleSetInference {
  private readonly facts: OrgAuthorizationFacts;
  private readonly started = new Map<string, Promise<readonly string[]>>();
  private readonly halt = new AbortController();
  private readonly signal: AbortSignal;
  private done = 0;

  constructor(
    client: LicenseClient,
    signal: AbortSignal,
    private readonly onProgress: HealthReadOptions['onProgress'],
  ) {
    this.facts = new OrgAuthorizationFacts(client);
    this.signal = AbortSignal.any([signal, this.halt.signal]);
    setMaxListeners(0, this.signal); // one listener per request in flight, by design
  }

  start(roleIds: readonly string[]): void {
    const key = roleSetKey(roleIds);
    if (this.started.has(key)) {
      return;
    }
    const answer = this.facts.infer(roleIds, this.signal).then((licenses) => {
      this.done++;
      this.onProgress?.(`What the roles imply: ${this.done.toLocaleString('en-US')} of ${this.started.size.toLocaleString('en-US')} role sets so far`);
      return licenses;
    });
    answer.catch(() => this.halt.abort());
    this.started.set(key, answer);
  }

  stop(): void {
    this.halt.abort();
  }

  async answers(): Promise<Map<string, readonly string[]>> {
    const keys = [...this.started.keys()];
    try {
      const answers = await Promise.all(keys.map((key) => this.started.get(key) as Promise<readonly string[]>));
      return new Map(keys.map((key, index) => [key, answers[index]]));
    } finally {
      this.halt.abort();
    }
  }
}
