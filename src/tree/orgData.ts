import * as vscode from 'vscode';
import { catalogOf, readPeople } from '../core/orgLookups';
import { Pager } from '../core/pager';
import type { DefinitionCatalog } from '../core/licenseReports';
import {
  type DirectoryUser,
  holdersByLicense,
  type LicenseClient,
  type OrganizationAssignments,
  type ScanProgress,
  type UserLicenseIds,
  type UserLicenses,
  type UsersScan,
} from '../api';
import { presentError } from '../core/errorPresentation';
import type { OrgStateKeeper } from '../state/lastKnownState';
import { withUsersChanged } from '../core/assignmentsUpdate';

export type OrgDataChange = 'names' | 'assignments' | 'users' | 'freshness';

/** Whether what the explorer shows is live, or the last known state while a live read runs behind it. */
export type Freshness = { live: true; since?: Date } | { live: false; asOf: Date; failure?: string };

/** What is known of holders while the count runs: shown on the definitions root. */
export interface AssignmentsProgress {
  done: boolean;
  progress?: ScanProgress;
}

/**
 * What the explorer has loaded from one org. A new instance per session, so nothing of one org is ever shown for
 * another. Loads are shared: two nodes that need the same data send one request. Every load can be cancelled: all of
 * them by Refresh (`cancelLoads`) and by dispose (sign-out, another org, the window closing), each kind by its
 * `forget…`, so a scan nobody waits for no longer holds the token's budget.
 */
export class OrgData implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<OrgDataChange>();
  readonly onDidChange = this.changeEmitter.event;
  private disposed = false;
  /** Aborted by Refresh (then replaced) and by dispose: every load in flight listens to it. */
  private loads = new AbortController();
  private readonly kindLoads = new Map<'definitions' | 'users' | 'assignments', AbortController>();

  private definitions?: Promise<DefinitionCatalog>;

  /** The users listing, a page at a time; names follow each page (if they cannot be read now, the rows keep their IDs). */
  readonly users = new Pager<UserLicenseIds>(async (pageNumber) => {
    const page = await this.client.listUsersPage({ pageNumber, signal: this.signalFor('users') });
    this.loadNames(page.entities.map((user) => user.id)).catch(() => undefined);
    return { items: page.entities, pageCount: page.pageCount, total: page.total };
  });
  /** Kept after a failed "load all", so trying again asks only for the pages still missing. */
  private usersScan?: UsersScan;

  private readonly names = new Map<string, DirectoryUser>();
  /** Why names cannot be read, once the org refused `GET /api/v2/users` ("the sign-in lacks the permission …"): IDs are shown from then on. */
  namesMissing?: string;

  get namesReadable(): boolean {
    return this.namesMissing === undefined;
  }

  private assignmentsLoad?: Promise<OrganizationAssignments>;
  assignmentsProgress: AssignmentsProgress = { done: false };

  freshness: Freshness = { live: true };
  private seeding?: Promise<void>;

  constructor(
    readonly client: LicenseClient,
    private readonly keeper?: OrgStateKeeper,
  ) {}

  /**
   * Once per session, before the first load: the last known state, when one is kept, stands in for the definitions
   * and the holder counts at once, and a live read starts behind it; the view switches to it when it ends.
   */
  private seed(): Promise<void> {
    this.seeding ??= (async () => {
      const kept = await this.keeper?.load().catch(() => undefined);
      if (!kept || this.disposed || this.definitions || this.assignmentsLoad) {
        return;
      }
      this.definitions = Promise.resolve(catalogOf(kept.definitions));
      this.assignmentsLoad = Promise.resolve({ source: 'users-scan', users: kept.users, licenses: holdersByLicense(kept.users) });
      this.assignmentsProgress = { done: true };
      this.freshness = { live: false, asOf: new Date(kept.savedAt) };
      this.fire('freshness');
      void this.replaceKeptState(kept.users.length);
    })();
    return this.seeding;
  }

  /** The live read behind a last known state; its end (or failure) is told as a `freshness` change. */
  private async replaceKeptState(knownUsers: number): Promise<void> {
    const stillKept = () => !this.disposed && !this.freshness.live;
    try {
      const [definitions, assignments] = await Promise.all([
        this.client.listDefinitions({ signal: this.signalFor('definitions') }),
        this.client.getOrganizationAssignments({ signal: this.signalFor('assignments'), expectedUsers: knownUsers }),
      ]);
      if (!stillKept()) {
        return; // refreshed meanwhile: a newer load owns the view
      }
      this.definitions = Promise.resolve(catalogOf(definitions));
      this.assignmentsLoad = Promise.resolve(assignments);
      this.freshness = { live: true, since: new Date() };
      this.fire('assignments');
      this.fire('freshness');
      void this.keep();
    } catch (error) {
      if (stillKept() && !this.freshness.live) {
        this.freshness = { ...this.freshness, failure: presentError(error, 'Refreshing').message };
        this.fire('freshness');
      }
    }
  }

  /** Keeps what is known now for the next window: the definitions and every user's licenses, when both are in. */
  private async keep(): Promise<void> {
    const assignments = this.assignmentsProgress.done ? await this.assignmentsLoad?.catch(() => undefined) : undefined;
    const definitions = await this.definitions?.catch(() => undefined);
    if (this.keeper && assignments?.users && definitions && this.freshness.live) {
      await this.keeper.save({ savedAt: new Date().toISOString(), definitions: [...definitions.values()], users: assignments.users }).catch(() => undefined);
    }
  }

  /** The signal of loads that end with this data: cancelled by Refresh, sign-out, another org and dispose. */
  get signal(): AbortSignal {
    return this.loads.signal;
  }

  /** A signal for one kind of load: cancelled with every load, or by that kind's `forget…`. */
  private signalFor(kind: 'definitions' | 'users' | 'assignments'): AbortSignal {
    let controller = this.kindLoads.get(kind);
    if (!controller || controller.signal.aborted) {
      controller = new AbortController();
      this.kindLoads.set(kind, controller);
    }
    return AbortSignal.any([this.loads.signal, controller.signal]);
  }

  private cancel(kind: 'definitions' | 'users' | 'assignments'): void {
    this.kindLoads.get(kind)?.abort();
    this.kindLoads.delete(kind);
  }

  /** Stops every load in flight (Refresh): what they would have answered is not wanted any more. */
  cancelLoads(): void {
    this.freshness = { live: true };
    this.loads.abort();
    this.loads = new AbortController();
    this.forgetDefinitions();
    this.forgetUsers();
    this.forgetAssignments();
  }

  private fire(change: OrgDataChange): void {
    if (!this.disposed) {
      this.changeEmitter.fire(change);
    }
  }

  async definitionsById(): Promise<DefinitionCatalog> {
    await this.seed();
    if (!this.definitions) {
      const load: Promise<DefinitionCatalog> = this.client.listDefinitions({ signal: this.signalFor('definitions') }).then(catalogOf, (error: unknown) => {
        if (this.definitions === load) {
          this.definitions = undefined; // a failure is not cached: the retry asks again
        }
        throw error;
      });
      this.definitions = load;
    }
    return this.definitions;
  }

  forgetDefinitions(): void {
    this.cancel('definitions');
    this.definitions = undefined;
  }

  /**
   * Every user at once (a parallel scan). The list is replaced only when the scan completes, never with part of it;
   * after a failure the next call resumes where the scan stopped.
   */
  async loadAllUsers(onProgress?: (progress: ScanProgress) => void, signal?: AbortSignal): Promise<void> {
    if (!this.users.hasMore) {
      return;
    }
    const scan = (this.usersScan ??= this.client.createUsersScan());
    const ours = this.signalFor('users');
    const users = await scan.run({ onProgress, signal: signal ? AbortSignal.any([signal, ours]) : ours });
    if (this.usersScan !== scan) {
      return; // forgotten (refreshed) while it ran: its users belong to the old view
    }
    this.usersScan = undefined;
    this.users.replaceAll(users);
    this.fire('users');
  }

  forgetUsers(): void {
    this.cancel('users');
    this.usersScan = undefined;
    this.users.reset();
  }

  nameOf(userId: string): DirectoryUser | undefined {
    return this.names.get(userId);
  }

  /** Names and emails the directory's search already answered: no lookup needed for them. */
  rememberNames(people: readonly DirectoryUser[]): void {
    for (const person of people) {
      this.names.set(person.id, person);
    }
    this.fire('names');
  }

  /**
   * Looks up names and emails for users not known yet. Names are a nicety: a refusal (403) switches them off for
   * this org and the IDs stay shown; any other failure is the caller's to show or ignore.
   */
  async loadNames(userIds: string[], signal = this.signal): Promise<void> {
    const missing = [...new Set(userIds)].filter((id) => !this.names.has(id));
    if (!this.namesReadable || missing.length === 0) {
      return;
    }
    const people = await readPeople(this.client, missing, signal);
    if (people.value) {
      for (const [id, person] of people.value) {
        this.names.set(id, person);
      }
    } else {
      this.namesMissing = people.missing;
    }
    this.fire('names');
  }

  /**
   * Who holds which license: the removed `GET /license/organization` where it still answers, else rebuilt from the
   * users scan. Feeds both the per-license counts and the "Organization assignments" node.
   */
  async assignments(): Promise<OrganizationAssignments> {
    await this.seed();
    if (this.assignmentsLoad) {
      return this.assignmentsLoad;
    }
    // A load that was forgotten (Refresh) may still settle: it must not touch the state of the one after it.
    const current = () => this.assignmentsLoad === load;
    const load: Promise<OrganizationAssignments> = this.client
      .getOrganizationAssignments({
        signal: this.signalFor('assignments'),
        onProgress: (progress) => {
          if (current()) {
            this.assignmentsProgress = { done: false, progress };
            this.fire('assignments');
          }
        },
      })
      .then(
        (assignments) => {
          if (current()) {
            this.assignmentsProgress = { done: true };
            this.fire('assignments');
            void this.keep();
          }
          return assignments;
        },
        (error: unknown) => {
          if (current()) {
            this.assignmentsLoad = undefined;
            this.assignmentsProgress = { done: false };
            this.fire('assignments');
          }
          throw error;
        },
      );
    this.assignmentsLoad = load;
    return load;
  }

  /** The holder counts if they are known already (never starts a load). */
  knownAssignments(): Promise<OrganizationAssignments> | undefined {
    return this.assignmentsProgress.done ? this.assignmentsLoad : undefined;
  }

  /**
   * After a change to a few users: their licenses as the org showed them after the write (`after`), the other
   * `affected` users read again (`POST /license/users`, 100 a request), and the counts, the users and the assignments
   * updated in place, no rescan. A count still running restarts, since what it read may predate the change.
   */
  async applyUserChanges(affected: readonly string[], after: readonly UserLicenses[], signal = this.signal): Promise<void> {
    const changed = new Map<string, string[]>();
    for (const user of after) {
      if (user.id && affected.includes(user.id)) {
        changed.set(user.id, [...(user.licenses ?? [])]);
      }
    }
    const unread = [...new Set(affected)].filter((id) => !changed.has(id));
    const read = unread.length > 0 ? await this.client.fetchUsersLicenses(unread, { signal }) : { users: [], notFound: [] };
    for (const user of read.users) {
      changed.set(user.id, user.licenses);
    }
    for (const user of this.users.items) {
      user.licenses = changed.get(user.id) ?? user.licenses;
    }
    if (this.assignmentsProgress.done && this.assignmentsLoad) {
      const updated = withUsersChanged(await this.assignmentsLoad, changed, read.notFound);
      this.assignmentsLoad = Promise.resolve(updated);
      this.fire('assignments');
      void this.keep();
    } else if (this.assignmentsLoad) {
      this.forgetAssignments();
      this.fire('assignments');
    }
    this.fire('users');
  }

  forgetAssignments(): void {
    this.cancel('assignments');
    this.assignmentsLoad = undefined;
    this.assignmentsProgress = { done: false };
  }

  dispose(): void {
    this.disposed = true;
    this.loads.abort();
    this.changeEmitter.dispose();
  }
}
