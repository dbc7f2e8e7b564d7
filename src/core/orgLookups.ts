/**
 * Reads the commands share: requests in batches with progress, and the lookups that only add names or
 * descriptions to a result (a 403 on those leaves the result without them, and says why). No `vscode` import.
 */
import { setMaxListeners } from 'node:events';
import { type DirectoryUser, GenesysApiError, type LicenseClient, type LicenseDefinition, ORG_USERS_PAGE_SIZE, UsersScan } from '../api';
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
 * From how many IDs the directory's listing is tried. Its first page tells whether the listing is the cheaper read,
 * and is one request wasted when it is not: past 1 000 IDs (10 lookups), at most one request in eleven.
 */
const LISTING_FROM_IDS = 10 * DIRECTORY_BATCH_SIZE;

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
  setMaxListeners(0, batchSignal); // one listener per batch waiting or in flight, by design: 200 for 20 000 users
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

/**
 * Names and emails of users from the directory: by ID, or from its listing of every user where that takes fewer
 * requests (readNames). The map may hold more users than asked for. The progress counts the IDs looked up, or the
 * users listed of the listing's total.
 */
export function readPeople(
  client: LicenseClient,
  ids: readonly string[],
  signal: AbortSignal,
  onProgress?: (done: number, of: number) => void,
): Promise<Optional<Map<string, DirectoryUser>>> {
  return readNames(client, { ids: Promise.resolve(ids), count: Promise.resolve(ids.length) }, signal, onProgress);
}

/** `GET /api/v2/users?id=…`, 100 IDs a request. */
function readPeopleById(
  client: LicenseClient,
  ids: readonly string[],
  signal: AbortSignal,
  onProgress: (idsDone: number) => void,
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
 * Every user with their license IDs (the users scan) and, where the sign-in may read the directory, their names and
 * emails: what an export, a snapshot or a picker's search of every name holds. The progress counts both as halves.
 */
export async function readUsersAndPeople(
  client: LicenseClient,
  signal: AbortSignal,
  onProgress: ReadProgress,
): Promise<{ users: UserLicenseIds[]; people: Optional<Map<string, DirectoryUser>> }> {
  const stop = new AbortController();
  const readSignal = AbortSignal.any([signal, stop.signal]);
  let total = 0;
  let usersDone = 0;
  let namesDone = 0;
  let scanned: (total: number) => void = () => {};
  const scanTotal = new Promise<number>((resolve) => (scanned = resolve));
  const report = (message: string) => onProgress(message, usersDone + namesDone, 2 * Math.max(total, 1));
  const users = client.scanUsers({
    signal: readSignal,
    onProgress: (scan) => {
      total = scan.total;
      usersDone = scan.usersLoaded;
      scanned(scan.total);
      report(`Users: ${scan.usersLoaded.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`);
    },
  });
  // An empty org or a failed scan gives no progress: the names read must not wait for it.
  users.then(
    (read) => scanned(read.length),
    () => scanned(0),
  );
  const wanted = { ids: users.then((read) => read.map((user) => user.id)), count: scanTotal };
  const names = readNames(client, wanted, readSignal, (done, of) => {
    namesDone = (done / Math.max(of, 1)) * total;
    report(`Names: ${done.toLocaleString('en-US')} of ${count(of, 'user')}`);
  });
  try {
    const [read, people] = await Promise.all([users, names]);
    return { users: read, people };
  } finally {
    stop.abort(); // after a failure, the other read's requests are not wanted
  }
}

/**
 * Names and emails for `wanted.ids`, which may come only when a scan ends; their `count` comes sooner, so the names
 * are read while the scan runs. A few are asked by ID (LISTING_FROM_IDS). Otherwise the directory's listing of every user
 * (`GET /api/v2/users?state=any`, UsersApi.getUsers → UserEntityListing of SDK 262 `User`, 500 a page) takes N/500
 * requests where asking by ID takes N/100; when the listing is longer than that (an org with many more inactive or
 * deleted users than those wanted), the names are asked by ID instead. Users the listing missed (added while it was
 * read) are asked by ID too.
 */
async function readNames(
  client: LicenseClient,
  wanted: { ids: Promise<readonly string[]>; count: Promise<number> },
  signal: AbortSignal,
  onProgress: (done: number, of: number) => void = () => {},
): Promise<Optional<Map<string, DirectoryUser>>> {
  const byId = (ids: readonly string[]) => readPeopleById(client, ids, signal, (done) => onProgress(done, ids.length));
  const count = await wanted.count;
  if (count <= LISTING_FROM_IDS) {
    return byId(await wanted.ids);
  }
  const first = await unlessForbidden(client.listOrgUsersPage(1, [], { signal }), PERMISSIONS.userView);
  if (first.missing !== undefined) {
    return { missing: first.missing };
  }
  if (first.value.pageCount > Math.ceil(count / DIRECTORY_BATCH_SIZE)) {
    return byId(await wanted.ids);
  }
  const listing = new UsersScan<DirectoryUser>(
    (pageNumber, _size, pageSignal) => (pageNumber === 1 ? Promise.resolve(first.value) : client.listOrgUsersPage(pageNumber, [], { signal: pageSignal })),
    client.maxConcurrency,
    ORG_USERS_PAGE_SIZE,
    '/api/v2/users',
  );
  const listed = await unlessForbidden(
    listing.run({ signal, onProgress: (progress) => onProgress(progress.usersLoaded, progress.total) }),
    PERMISSIONS.userView,
  );
  if (listed.missing !== undefined) {
    return { missing: listed.missing };
  }
  const people = new Map<string, DirectoryUser>(listed.value.map((person) => [person.id, { id: person.id, name: person.name, email: person.email }]));
  const unlisted = (await wanted.ids).filter((id) => !people.has(id));
  if (unlisted.length > 0) {
    const more = await byId(unlisted);
    if (more.missing !== undefined) {
      return more;
    }
    more.value.forEach((person, id) => people.set(id, person));
  }
  return { value: people };
}
