/**
 * What a batch assignment would change and what it did: previewed against the org's current state, applied in
 * chunks of a documented size, never resent blindly, and reversible. Uses the client only; no vscode.
 */
import { GenesysApiError } from '../api/errors';
import type { LicenseClient } from '../api/client';
import type { LicenseBatchAssignmentRequest, LicenseDefinition } from '../api/models';
import type { UserLicenseIds } from '../api/usersScan';
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
  /** Every licence of the users the preview read, as the org showed them then: the "before" of a change. */
  usersBefore: UserLicenseIds[];
}

export type Outcome = 'applied' | 'failed' | 'not-applied' | 'unknown';

/** What the org showed when the user was read back after the write. */
export type OrgShows = 'holds' | 'does-not-hold' | 'no-such-user';

export interface AppliedEntry extends PreviewEntry {
  /** Decided by what the org shows afterwards, not by Genesys' free-text `result`. */
  outcome: Outcome;
  /** Says what Genesys answered and what the org now shows, in words. */
  detail: string;
  /** Genesys' `result` for this user and license, as it said it (untrusted text); absent when none came back. */
  answered?: string;
  /** What reading the user back after the write found; absent when nothing was sent or the read failed. */
  orgShows?: OrgShows;
}

export interface ApplyReport {
  entries: AppliedEntry[];
  requestsSent: number;
  /** Every licence of the users read back after their writes, as the org showed them: the "after" of a change. Users whose read-back failed are absent. */
  usersAfter: UserLicenseIds[];
}

/** A batch that was sent, with the affected users' licences before (the fresh preview's read) and after (the read-back). */
export interface AppliedBatch {
  kind: 'apply' | 'retry' | 'undo';
  /** The org the batch was sent to; absent only for a connection saved before orgs were identified. */
  orgId: string | undefined;
  before: UserLicenseIds[];
  report: ApplyReport;
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
  const [current, definitionList] = await Promise.all([
    client.fetchUsersLicenses([...new Set(changes.map((change) => change.userId))], { signal }),
    knownDefinitions ?? client.listDefinitions({ signal }),
  ]);
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
      const missing = (definitions.get(change.licenseId)?.prerequisites ?? [])
        .map((prerequisite) => prerequisite.id)
        .filter((id): id is string => !!id && !afterwards.has(id));
      if (missing.length > 0) {
        warnings.push(`Needs ${missing.join(', ')} first: Genesys may refuse it.`);
      }
    } else if (effect === 'loses') {
      const dependents = [...(after.get(change.userId) ?? [])].filter((id) =>
        definitions.get(id)?.prerequisites?.some((prerequisite) => prerequisite.id === change.licenseId),
      );
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
    usersBefore: current.users,
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
 * Applies previewed changes in chunks, a few at a time. Each chunk is sent once, then its users' licenses are read
 * back (`POST /license/users`, in batches): each entry's outcome is what the org now shows, whatever `result` text
 * Genesys answered (its strings are undocumented). A chunk refused as too large (413) is split and sent again (it was
 * not applied). A chunk whose answer is lost (timeout, dropped connection, 5xx) is not resent: the read-back tells.
 */
export async function applyChanges(client: LicenseClient, entries: readonly PreviewEntry[], options: ApplyOptions = {}): Promise<ApplyReport> {
  const results = new Map<string, AppliedEntry>();
  const usersAfter = new Map<string, UserLicenseIds>();
  let requestsSent = 0;
  let done = 0;
  const record: RecordOutcome = (entry, outcome, detail, found = {}) => {
    results.set(entryKey(entry), { ...entry, outcome, detail, ...found });
  };

  const send = async (part: PreviewEntry[]): Promise<void> => {
    if (options.signal?.aborted) {
      part.forEach((entry) => record(entry, 'not-applied', 'Not sent: cancelled.'));
      return;
    }
    try {
      requestsSent++;
      const statuses = await client.assignLicenses(requestOf(part), { signal: options.signal });
      const answered = new Map(statuses.flatMap((status) => (status.result === undefined ? [] : [[entryKey(status), status.result] as const])));
      await settleByReadingBack(client, part, { answered }, record, usersAfter);
    } catch (error) {
      if (error instanceof GenesysApiError && error.status === 413 && part.length > 1) {
        const half = Math.ceil(part.length / 2);
        await send(part.slice(0, half));
        await send(part.slice(half));
        return;
      }
      if (error instanceof GenesysApiError && (error.outcomeUnknown || error.kind === 'cancelled')) {
        await settleByReadingBack(client, part, { lost: error }, record, usersAfter);
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
  return { entries: entries.map((entry) => results.get(entryKey(entry)) as AppliedEntry), requestsSent, usersAfter: [...usersAfter.values()] };
}

type RecordOutcome = (entry: PreviewEntry, outcome: Outcome, detail: string, found?: Pick<AppliedEntry, 'answered' | 'orgShows'>) => void;

/** How Genesys' `result` reads: it documents none of its strings; these are the forms seen. */
function claimOf(result: string | undefined): 'success' | 'failure' | 'unknown' | 'none' {
  if (result === undefined) {
    return 'none';
  }
  if (/^\s*success/i.test(result)) {
    return 'success';
  }
  return /^\s*(fail|error|invalid|denied|not\b|cannot|unable)/i.test(result) ? 'failure' : 'unknown';
}

/** What the org shows, in words, for a detail line. */
function describeShows(shows: OrgShows): string {
  return shows === 'holds'
    ? 'the org now shows the user holding it'
    : shows === 'does-not-hold'
      ? 'the org now shows the user without it'
      : 'the org has no such user';
}

/**
 * Reads the chunk's users back and records, per entry, what the org now shows. `answered` holds Genesys' `result`
 * per entry when the write was answered; `lost` the error when its answer never came (nothing is resent).
 */
async function settleByReadingBack(
  client: LicenseClient,
  part: PreviewEntry[],
  write: { answered: ReadonlyMap<string, string>; lost?: undefined } | { lost: GenesysApiError; answered?: undefined },
  record: RecordOutcome,
  readBack: Map<string, UserLicenseIds>,
): Promise<void> {
  const why = write.lost ? (write.lost.kind === 'cancelled' ? 'it was cancelled while in flight' : `its answer was lost (${write.lost.message})`) : undefined;
  let now: Awaited<ReturnType<LicenseClient['fetchUsersLicenses']>>;
  try {
    // No signal: what a sent write did must be known even when the person cancelled.
    now = await client.fetchUsersLicenses([...new Set(part.map((entry) => entry.userId))]);
  } catch (error) {
    const unread = `the user could not be read back (${(error as Error).message}). Refresh before retrying.`;
    for (const entry of part) {
      const answered = write.answered?.get(entryKey(entry));
      record(entry, 'unknown', why ? `Unknown: ${why}, and ${unread}` : `Unknown: Genesys answered “${answered ?? 'nothing'}”, but ${unread}`, { answered });
    }
    return;
  }
  now.users.forEach((user) => readBack.set(user.id, user));
  const held = new Map(now.users.map((user) => [user.id, new Set(user.licenses)]));
  for (const entry of part) {
    const licenses = held.get(entry.userId);
    const orgShows: OrgShows = !licenses ? 'no-such-user' : licenses.has(entry.licenseId) ? 'holds' : 'does-not-hold';
    const done = orgShows === (entry.action === 'add' ? 'holds' : 'does-not-hold');
    if (why) {
      record(
        entry,
        done ? 'applied' : 'not-applied',
        done
          ? `Applied: the request was not resent after ${why}; re-reading the user shows the change took effect.`
          : `Not applied: ${why}, and re-reading the user shows no change. Retry it.`,
        { orgShows },
      );
      continue;
    }
    const answered = write.answered?.get(entryKey(entry));
    const claim = claimOf(answered);
    const shows = describeShows(orgShows);
    const said =
      claim === 'none'
        ? 'Genesys returned no result for this user'
        : claim === 'unknown'
          ? `Genesys answered “${answered}”, which this extension does not know`
          : `Genesys answered “${answered}”`;
    let detail: string;
    if (done) {
      detail = claim === 'success' ? `Applied: ${shows}.` : `Applied: ${said}, yet ${shows}.`;
    } else {
      detail = claim === 'failure' ? `${answered} (${shows}).` : `Failed: ${said}, but ${shows}.`;
    }
    record(entry, done ? 'applied' : 'failed', detail, { answered, orgShows });
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
