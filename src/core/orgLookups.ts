/**
 * Reads the commands share: requests in batches with progress, and the lookups that only add names or
 * descriptions to a result (a 403 on those leaves the result without them, and says why). No `vscode` import.
 */
import { type DirectoryUser, GenesysApiError, type LicenseClient, type LicenseDefinition } from '../api';
import type { UserLicenseIds } from '../api/usersScan';
import type { DefinitionCatalog } from './licenseReports';
import { count } from './markdown';

export const PERMISSIONS = {
  licenseView: 'authorization:license:view',
  userView: 'directory:user:view',
  roleView: 'authorization:role:view',
} as const;

/** `GET /api/v2/users?id=…` takes at most 100 IDs. */
const DIRECTORY_BATCH_SIZE = 100;

/**
 * Runs `work` on slices of `ids` at once (the client's concurrency cap and rate pacing decide how many really go
 * out), reporting the IDs done. The first failure stops the other slices' requests: their answers are not wanted.
 */
export async function inBatches<R>(
  ids: readonly string[],
  size: number,
  signal: AbortSignal,
  work: (batch: string[], signal: AbortSignal) => Promise<R>,
  onProgress?: (idsDone: number) => void,
): Promise<R[]> {
  const stop = new AbortController();
  const batchSignal = AbortSignal.any([signal, stop.signal]);
  let idsDone = 0;
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += size) {
    batches.push(ids.slice(start, start + size));
  }
  try {
    return await Promise.all(
      batches.map(async (batch) => {
        const result = await work(batch, batchSignal);
        idsDone += batch.length;
        onProgress?.(idsDone);
        return result;
      }),
    );
  } finally {
    stop.abort();
  }
}

/** What a lookup read, or, after a 403, why it could not: "the sign-in lacks the permission directory:user:view". */
export type Optional<T> = { value: T; missing?: undefined } | { value?: undefined; missing: string };

export async function unlessForbidden<T>(read: Promise<T>, permission: string): Promise<Optional<T>> {
  try {
    return { value: await read };
  } catch (error) {
    if (error instanceof GenesysApiError && error.isForbidden) {
      const missing = error.missingPermissions.length > 0 ? error.missingPermissions.join(' or ') : permission;
      return { missing: `the sign-in lacks the permission ${missing}` };
    }
    throw error;
  }
}

/** Names and emails of users from the directory, by ID. */
export function readPeople(
  client: LicenseClient,
  ids: readonly string[],
  signal: AbortSignal,
  onProgress?: (idsDone: number) => void,
): Promise<Optional<Map<string, DirectoryUser>>> {
  const pages = inBatches(ids, DIRECTORY_BATCH_SIZE, signal, (batch, batchSignal) => client.getDirectoryUsers(batch, { signal: batchSignal }), onProgress);
  return unlessForbidden(
    pages.then((people) => new Map(people.flat().map((person) => [person.id, person]))),
    PERMISSIONS.userView,
  );
}

export function catalogOf(definitions: readonly LicenseDefinition[]): DefinitionCatalog {
  return new Map(definitions.flatMap((definition) => (definition.id ? [[definition.id, definition] as const] : [])));
}

/** The org's license definitions by ID. */
export function readCatalog(client: LicenseClient, signal: AbortSignal): Promise<Optional<DefinitionCatalog>> {
  return unlessForbidden(client.listDefinitions({ signal }).then(catalogOf), PERMISSIONS.licenseView);
}

/** Says how far a two-part read got: a message, and the work done of the whole. */
export type ReadProgress = (message: string, done: number, total: number) => void;

/**
 * Every user with their license IDs (the users scan), then their names and emails (the directory, when the sign-in
 * may read it): what an export or a snapshot holds. The progress counts both passes as halves of the whole.
 */
export async function readUsersAndPeople(
  client: LicenseClient,
  signal: AbortSignal,
  onProgress: ReadProgress,
): Promise<{ users: UserLicenseIds[]; people: Optional<Map<string, DirectoryUser>> }> {
  let total = 0;
  const users = await client.scanUsers({
    signal,
    onProgress: (scan) => {
      total = scan.total;
      onProgress(`Users: ${scan.usersLoaded.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`, scan.usersLoaded, 2 * total);
    },
  });
  const people = await readPeople(
    client,
    users.map((user) => user.id),
    signal,
    (done) => onProgress(`Names: ${done.toLocaleString('en-US')} of ${count(users.length, 'user')}`, total + (done / users.length) * total, 2 * total),
  );
  return { users, people };
}
