/**
 * License snapshots: an org's license state as one JSON file that a text diff (and git) reads line by line. The
 * header is pretty-printed; definitions and users follow one to a line, sorted by ID, so a changed user is a changed
 * line. Reading is strict: anything but a whole snapshot of this schema is refused with what is wrong. Pure.
 */

export const SNAPSHOT_SCHEMA = 'genesys-license-snapshot/1';
const SCHEMA_FAMILY = 'genesys-license-snapshot/';

/** A license definition as a snapshot keeps it: the ID, and the description Genesys gives as its name. */
export interface SnapshotDefinition {
  id: string;
  name?: string;
}

export interface SnapshotUser {
  id: string;
  name?: string;
  email?: string;
  /** Sorted license IDs. */
  licenses: string[];
}

export interface SnapshotOrg {
  /** Absent only for a connection saved before orgs were identified. */
  id?: string;
  name?: string;
  region: string;
}

/**
 * `organization`: every user of the org, read by a full scan. `users`: only some users (a change record holds the
 * users a batch touched): who is missing says nothing about who left the org.
 */
export type SnapshotScope = 'organization' | 'users';

export interface LicenseSnapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  org: SnapshotOrg;
  /** ISO 8601, UTC. */
  takenAt: string;
  scope: SnapshotScope;
  /** What the snapshot leaves out and why (names when the sign-in may not read the directory). */
  note?: string;
  definitions: SnapshotDefinition[];
  users: SnapshotUser[];
}

/** A snapshot that cannot be read, and why, in words a person acts on. */
export class SnapshotFormatError extends Error {
  override readonly name = 'SnapshotFormatError';
}

/** Code-unit order: the same on every machine and locale, so the file's order never changes by itself. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a: { id: string }, b: { id: string }) => byCodeUnits(a.id, b.id);

/** Sorted and without repeats; an already canonical list (a file's) is only copied. */
function canonicalIds(ids: readonly string[]): string[] {
  for (let index = 1; index < ids.length; index++) {
    if (!(ids[index - 1] < ids[index])) {
      return [...new Set(ids)].sort(byCodeUnits);
    }
  }
  return ids.slice();
}

function sortedById<T extends { id: string }>(items: T[]): T[] {
  for (let index = 1; index < items.length; index++) {
    if (!(items[index - 1].id < items[index].id)) {
      return items.sort(byId);
    }
  }
  return items;
}

/**
 * The snapshot in its canonical form: users and definitions by ID, each user's licenses sorted without repeats, no
 * undefined fields (a snapshot read back from its file has none, and must equal the one written), the fields of a
 * user in the order the file shows them.
 */
export function createSnapshot(snapshot: Omit<LicenseSnapshot, 'schema'>): LicenseSnapshot {
  const users = sortedById(
    snapshot.users.map((user) => {
      const canonical = { id: user.id } as SnapshotUser;
      if (user.name !== undefined) {
        canonical.name = user.name;
      }
      if (user.email !== undefined) {
        canonical.email = user.email;
      }
      canonical.licenses = canonicalIds(user.licenses);
      return canonical;
    }),
  );
  const definitions = sortedById(
    snapshot.definitions.map((definition) => (definition.name === undefined ? { id: definition.id } : { id: definition.id, name: definition.name })),
  );
  const { org, takenAt, scope, note } = snapshot;
  return defined({ schema: SNAPSHOT_SCHEMA, org: defined({ id: org.id, name: org.name, region: org.region }), takenAt, scope, note, definitions, users });
}

/** The object without its undefined fields. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/**
 * One object a line. A single JSON.stringify of the whole list is several times faster than one per item; its items
 * are then split where one object ends and the next begins: `},{"id":` cannot occur inside a JSON string, whose
 * quotes are escaped, and every item starts with its "id".
 */
function arrayLines(items: readonly object[]): string {
  return items.length === 0 ? '[]' : `[\n    ${JSON.stringify(items).slice(1, -1).replaceAll('},{"id":', '},\n    {"id":')}\n  ]`;
}

/** The file's text: the header pretty, then one definition and one user per line. Ends with a line break. */
export function snapshotText(snapshot: LicenseSnapshot): string {
  const { schema, org, takenAt, scope, note } = snapshot;
  const header = JSON.stringify({ schema, org: { id: org.id, name: org.name, region: org.region }, takenAt, scope, note }, null, 2);
  return `${header.slice(0, -2)},\n  "definitions": ${arrayLines(snapshot.definitions)},\n  "users": ${arrayLines(snapshot.users)}\n}\n`;
}

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields an object of the snapshot may have, with their types; `true` marks the required ones. */
type Shape = Record<string, [type: 'string' | 'object' | 'array', required: boolean]>;

const SNAPSHOT_SHAPE: Shape = {
  schema: ['string', true],
  org: ['object', true],
  takenAt: ['string', true],
  scope: ['string', true],
  note: ['string', false],
  definitions: ['array', true],
  users: ['array', true],
};
const ORG_SHAPE: Shape = { id: ['string', false], name: ['string', false], region: ['string', true] };
const DEFINITION_SHAPE: Shape = { id: ['string', true], name: ['string', false] };
const USER_SHAPE: Shape = { id: ['string', true], name: ['string', false], email: ['string', false], licenses: ['array', true] };

/** Checks an object has only the fields of its shape, the required ones present, each of its type. */
function checkFields(value: unknown, where: string, shape: Shape): Fields {
  if (!isFields(value)) {
    throw new SnapshotFormatError(`${where} is not an object.`);
  }
  for (const key in value) {
    if (!Object.hasOwn(shape, key)) {
      throw new SnapshotFormatError(`${where} has a field "${key}" a snapshot does not have.`);
    }
  }
  for (const key in shape) {
    const [type, required] = shape[key];
    const field = value[key];
    if (field === undefined) {
      if (required) {
        throw new SnapshotFormatError(`${where} lacks its "${key}".`);
      }
    } else if (type === 'array' ? !Array.isArray(field) : typeof field !== type || (type === 'object' && (field === null || Array.isArray(field)))) {
      throw new SnapshotFormatError(`${where}'s "${key}" is not ${type === 'array' ? 'a list' : `a ${type}`}.`);
    }
  }
  return value;
}

function checkUnique(ids: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      throw new SnapshotFormatError(`The ${what} ${JSON.stringify(id)} appears twice.`);
    }
    seen.add(id);
  }
}

/** Where a snapshot of our schema ends: a truncated file lacks it. */
const SNAPSHOT_END = /\]\s*\}\s*$/;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const claimsSnapshot = /^\s*\{\s*"schema"\s*:\s*"genesys-license-snapshot\//.test(text);
    if (!claimsSnapshot) {
      throw new SnapshotFormatError('This file is not a license snapshot: it is not JSON starting with a snapshot "schema".');
    }
    if (!SNAPSHOT_END.test(text)) {
      throw new SnapshotFormatError('This license snapshot is cut short (truncated): the file ends before the snapshot does.');
    }
    throw new SnapshotFormatError(`This license snapshot is damaged: ${(error as Error).message}.`);
  }
}

export interface ParseOptions {
  /** The org the caller works with: a snapshot of another org is refused. */
  expectedOrgId?: string;
}

/** Reads a snapshot file's text; throws SnapshotFormatError saying what is wrong with anything else. */
export function parseSnapshot(text: string, options: ParseOptions = {}): LicenseSnapshot {
  const document = parseJson(text);
  if (!isFields(document) || typeof document.schema !== 'string') {
    throw new SnapshotFormatError('This file is not a license snapshot: it has no "schema" naming one.');
  }
  if (document.schema !== SNAPSHOT_SCHEMA) {
    throw new SnapshotFormatError(
      document.schema.startsWith(SCHEMA_FAMILY)
        ? `This snapshot has the schema "${document.schema}"; this version of the extension reads "${SNAPSHOT_SCHEMA}" only.`
        : `This file is not a license snapshot: its schema is "${document.schema}".`,
    );
  }
  checkFields(document, 'The snapshot', SNAPSHOT_SHAPE);
  const org = checkFields(document.org, 'The snapshot\'s "org"', ORG_SHAPE) as unknown as SnapshotOrg;
  if (Number.isNaN(Date.parse(document.takenAt as string))) {
    throw new SnapshotFormatError(`The snapshot's "takenAt" is not a time: ${JSON.stringify(document.takenAt)}.`);
  }
  if (document.scope !== 'organization' && document.scope !== 'users') {
    throw new SnapshotFormatError(`The snapshot's "scope" must be "organization" or "users", not ${JSON.stringify(document.scope)}.`);
  }
  const definitions = (document.definitions as unknown[]).map(
    (definition, index) => checkFields(definition, `Definition ${index + 1}`, DEFINITION_SHAPE) as unknown as SnapshotDefinition,
  );
  const users = (document.users as unknown[]).map((user, index) => {
    const fields = checkFields(user, `User ${index + 1}`, USER_SHAPE);
    if (!(fields.licenses as unknown[]).every((license) => typeof license === 'string')) {
      throw new SnapshotFormatError(`User ${index + 1}'s "licenses" holds something other than license IDs.`);
    }
    return fields as unknown as SnapshotUser;
  });
  checkUnique(
    definitions.map((definition) => definition.id),
    'license definition',
  );
  checkUnique(
    users.map((user) => user.id),
    'user',
  );
  if (options.expectedOrgId !== undefined && org.id !== undefined && org.id !== options.expectedOrgId) {
    throw new SnapshotFormatError(
      `This snapshot is of another org (${org.name ?? 'unnamed'}, ID ${org.id}), not of the org signed in (ID ${options.expectedOrgId}).`,
    );
  }
  return createSnapshot({ org, takenAt: document.takenAt as string, scope: document.scope, note: document.note as string | undefined, definitions, users });
}

/** The org, time and scope a file's first lines state, read without the rest: the explorer lists many big files. */
export function parseSnapshotHeader(start: string): Pick<LicenseSnapshot, 'org' | 'takenAt' | 'scope'> | undefined {
  const end = start.indexOf(',\n  "definitions": [');
  if (!start.startsWith('{') || end < 0) {
    return undefined;
  }
  try {
    const header = JSON.parse(`${start.slice(0, end)}\n}`) as Fields;
    if (
      header.schema !== SNAPSHOT_SCHEMA ||
      !isFields(header.org) ||
      typeof header.org.region !== 'string' ||
      typeof header.takenAt !== 'string' ||
      typeof header.scope !== 'string'
    ) {
      return undefined;
    }
    const { id, name, region } = header.org;
    return {
      org: { id: typeof id === 'string' ? id : undefined, name: typeof name === 'string' ? name : undefined, region },
      takenAt: header.takenAt,
      scope: header.scope as SnapshotScope,
    };
  } catch {
    return undefined;
  }
}

/** A file-name-safe stamp of a time: 2026-12-02T03-04-05Z. */
export function fileStamp(time: Date): string {
  return time
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

/** An org name as a file-name part: letters, digits and dashes only, never empty. */
export function fileSafeName(name: string | undefined): string {
  const safe = (name ?? '')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .toLowerCase();
  return safe || 'org';
}
