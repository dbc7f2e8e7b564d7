/**
 * What a batch assignment would change and what it did: previewed against the org's current state, applied in
 * chunks of a documented size, never resent blindly, and reversible. Uses the client only; no vscode.
 */
import { GenesysApiError } from '../api/errors';
import type { LicenseClient } from '../api/client';
import type { LicenseBatchAssignmentRequest, LicenseDefinition } from '../api/models';
import { catalogOf } from '../core/orgLookups';

export interface PlannedChange {
  userId: string;
  licenseId: string;
  action: 'add' | 'remove';
}

export type Effect = 'gains' | 'loses' | 'unchanged';

export interface PreviewEntry extends PlannedChange {
  effect: Effect;
  warnings: string[];
}

export interface ChangePreview {
  entries: PreviewEntry[];
  gains: number;
  losses: number;
  unchanged: number;
  /** IDs the org does not know; their entries will fail. */
  unknownUsers: string[];
}

export type Outcome = 'applied' | 'failed' | 'not-applied' | 'unknown';

export interface AppliedEntry extends PreviewEntry {
  outcome: Outcome;
  detail: string;
}

export interface ApplyReport {
  entries: AppliedEntry[];
  requestsSent: number;
}

/** User/license pairs per `POST /license/organization`. The API documents no limit; this keeps a body far below its 512 000-byte cap. */
export const ENTRIES_PER_REQUEST = 100;
/** Requests in flight at once while applying: a write should not use the whole concurrency budget. */
export const APPLY_CONCURRENCY = 4;

export function changesOf(request: LicenseBatchAssignmentRequest): PlannedChange[] {
  return request.assignments.flatMap((assignment) => [
    ...assignment.userIdsAdd.map((userId): PlannedChange => ({ userId, licenseId: assignment.licenseId, action: 'add' })),
    ...assignment.userIdsRemove.map((userId): PlannedChange => ({ userId, licenseId: assignment.licenseId, action: 'remove' })),
  ]);
}

/** Builds a request from changes, one assignment per license, in first-seen order. */
export function requestOf(changes: readonly PlannedChange[]): LicenseBatchAssignmentRequest {
  const byLicense = new Map<string, { licenseId: string; userIdsAdd: string[]; userIdsRemove: string[] }>();
  for (const change of changes) {
    const assignment = byLicense.get(change.licenseId) ?? { licenseId: change.licenseId, userIdsAdd: [], userIdsRemove: [] };
    byLicense.set(change.licenseId, assignment);
    (change.action === 'add' ? assignment.userIdsAdd : assignment.userIdsRemove).push(change.userId);
  }
  return { assignments: [...byLicense.values()] };
}

/** The licenses a set of held licenses amounts to, counting what each comprises at any depth. */
function effectiveLicenses(held: Iterable<string>, definitions: ReadonlyMap<string, LicenseDefinition>): Set<string> {
  const effective = new Set<string>();
  const visit = (id: string, definition: LicenseDefinition | undefined) => {
    if (effective.has(id)) {
      return;
    }
    effective.add(id);
    for (const part of definition?.comprises ?? []) {
      if (part.id) {
        visit(part.id, part);
      }
    }
  };
  for (const id of held) {
    visit(id, definitions.get(id));
  }
  return effective;
}

/**
 * What the request would do to each user, read from the org now: who gains or loses what, which entries change
 * nothing, and warnings where a prerequisite would be missing. The definitions can be passed in when the caller
 * already has them; the users' licenses are always read fresh.
 */
export async function previewChanges(
  client: LicenseClient,
  request: LicenseBatchAssignmentRequest,
  signal?: AbortSignal,
  knownDefinitions?: Promise<LicenseDefinition[]>,
): Promise<ChangePreview> {
  const changes = changesOf(request);
  const [current, definitionList] = await Promise.all([client.fetchUsersLicenses([...new Set(changes.map((change) => change.userId))], { signal }), knownDefinitions ?? client.listDefinitions({ signal })]);
  const definitions = catalogOf(definitionList);
  const held = new Map(current.users.map((user) => [user.id, new Set(user.licenses)]));
  const after = new Map<string, Set<string>>();
  for (const change of changes) {
    const next = after.get(change.userId) ?? new Set(held.get(change.userId) ?? []);
    after.set(change.userId, next);
    if (change.action === 'add') {
      next.add(change.licenseId);
    } else {
      next.delete(change.licenseId);
    }
  }
  const entries = changes.map((change): PreviewEntry => {
    const before = held.get(change.userId);
    const warnings: string[] = [];
    if (!before) {
      warnings.push('This user is not in the org.');
    }
    if (!definitions.has(change.licenseId)) {
      warnings.push(`The org has no license “${change.licenseId}”.`);
    }
    const has = before?.has(change.licenseId) ?? false;
    const effect: Effect = change.action === 'add' ? (has ? 'unchanged' : 'gains') : has ? 'loses' : 'unchanged';
    const afterwards = effectiveLicenses(after.get(change.userId) ?? [], definitions);
    if (change.action === 'add') {
      const missing = (definitions.get(change.licenseId)?.prerequisites ?? []).map((prerequisite) => prerequisite.id).filter((id): id is string => !!id && !afterwards.has(id));
      if (missing.length > 0) {
        warnings.push(`Needs ${missing.join(', ')} first: Genesys may refuse it.`);
      }
    } else if (effect === 'loses') {
      const dependents = [...(after.get(change.userId) ?? [])].filter((id) => definitions.get(id)?.prerequisites?.some((prerequisite) => prerequisite.id === change.licenseId));
      if (dependents.length > 0) {
        warnings.push(`${dependents.join(', ')} ${dependents.length === 1 ? 'requires' : 'require'} it.`);
      }
    }
    return { ...change, effect, warnings };
  });
  return {
    entries,
    gains: entries.filter((entry) => entry.effect === 'gains').length,
    losses: entries.filter((entry) => entry.effect === 'loses').length,
    unchanged: entries.filter((entry) => entry.effect === 'unchanged').length,
    unknownUsers: current.notFound,
  };
}

/** Splits changes into requests of at most `size` user/license pairs. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

const entryKey = (entry: { userId?: string; licenseId?: string }) => `${entry.userId}\u0000${entry.licenseId}`;

export interface ApplyOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  chunkSize?: number;
}

/**
 * Applies previewed changes in chunks, a few at a time. Each chunk is sent once. A chunk refused as too large (413)
 * is split and sent again (it was not applied). A chunk whose answer is lost (timeout, dropped connection, 5xx) is
 * not resent: the users' licenses are read again to tell, per user, what took effect.
 */
export async function applyChanges(client: LicenseClient, entries: readonly PreviewEntry[], options: ApplyOptions = {}): Promise<ApplyReport> {
  const results = new Map<string, AppliedEntry>();
  let requestsSent = 0;
  let done = 0;
  const record = (entry: PreviewEntry, outcome: Outcome, detail: string) => {
    results.set(entryKey(entry), { ...entry, outcome, detail });
  };

  const send = async (part: PreviewEntry[]): Promise<void> => {
    if (options.signal?.aborted) {
      part.forEach((entry) => record(entry, 'not-applied', 'Not sent: cancelled.'));
      return;
    }
    try {
      requestsSent++;
      const statuses = await client.assignLicenses(requestOf(part), { signal: options.signal });
      const byEntry = new Map(statuses.map((status) => [entryKey(status), status.result ?? '']));
      for (const entry of part) {
        const result = byEntry.get(entryKey(entry));
        if (result === undefined) {
          record(entry, 'failed', 'Genesys returned no result for this user.');
        } else {
          record(entry, /^success/i.test(result.trim()) ? 'applied' : 'failed', result);
        }
      }
    } catch (error) {
      if (error instanceof GenesysApiError && error.status === 413 && part.length > 1) {
        const half = Math.ceil(part.length / 2);
        await send(part.slice(0, half));
        await send(part.slice(half));
        return;
      }
      if (error instanceof GenesysApiError && (error.outcomeUnknown || error.kind === 'cancelled')) {
        await settleByRereading(client, part, error, record);
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      part.forEach((entry) => record(entry, 'not-applied', `Not applied: ${reason}`));
    } finally {
      done += part.length;
      options.onProgress?.(Math.min(done, entries.length), entries.length);
    }
  };

  const queue = chunk(entries, options.chunkSize ?? ENTRIES_PER_REQUEST);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await send(next);
    }
  };
  await Promise.all(Array.from({ length: Math.min(APPLY_CONCURRENCY, queue.length) }, worker));
  return { entries: entries.map((entry) => results.get(entryKey(entry)) as AppliedEntry), requestsSent };
}

/** After a lost answer: each user's licenses now say whether their change took effect. */
async function settleByRereading(client: LicenseClient, part: PreviewEntry[], cause: GenesysApiError, record: (entry: PreviewEntry, outcome: Outcome, detail: string) => void): Promise<void> {
  const why = cause.kind === 'cancelled' ? 'it was cancelled while in flight' : `its answer was lost (${cause.message})`;
  try {
    const now = await client.fetchUsersLicenses([...new Set(part.map((entry) => entry.userId))]);
    const held = new Map(now.users.map((user) => [user.id, new Set(user.licenses)]));
    for (const entry of part) {
      const has = held.get(entry.userId)?.has(entry.licenseId) ?? false;
      const wanted = entry.action === 'add';
      record(entry, has === wanted ? 'applied' : 'not-applied', has === wanted ? `Applied: the request was not resent after ${why}; re-reading the user shows the change took effect.` : `Not applied: ${why}, and re-reading the user shows no change. Retry it.`);
    }
  } catch (error) {
    part.forEach((entry) => record(entry, 'unknown', `Unknown: ${why}, and the user could not be re-read (${(error as Error).message}). Refresh before retrying.`));
  }
}

/** The request that undoes what was applied: only changes that really changed something are reversed. */
export function undoRequestOf(entries: readonly AppliedEntry[]): LicenseBatchAssignmentRequest | undefined {
  const reversed = entries
    .filter((entry) => entry.outcome === 'applied' && entry.effect !== 'unchanged')
    .map((entry): PlannedChange => ({ userId: entry.userId, licenseId: entry.licenseId, action: entry.action === 'add' ? 'remove' : 'add' }));
  return reversed.length > 0 ? requestOf(reversed) : undefined;
}

/** The request that tries again what did not take effect. */
export function retryRequestOf(entries: readonly AppliedEntry[]): LicenseBatchAssignmentRequest | undefined {
  const again = entries.filter((entry) => entry.outcome === 'failed' || entry.outcome === 'not-applied');
  return again.length > 0 ? requestOf(again) : undefined;
}
