import * as vscode from 'vscode';
import { catalogOf, readPeople } from '../core/orgLookups';
import type { DefinitionCatalog } from '../core/licenseReports';
import { type DirectoryUser, type LicenseClient, type OrganizationAssignments, type ScanProgress, type UserLicenseIds, type UsersScan } from '../api';

export type OrgDataChange = 'names' | 'assignments' | 'users';

/** What is known of holders while the count runs: shown on the definitions root. */
export interface AssignmentsProgress {
  done: boolean;
  progress?: ScanProgress;
}

/**
 * What the explorer has loaded from one org. A new instance per session, so nothing of one org is ever shown for
 * another. Loads are shared: two nodes that need the same data send one request.
 */
export class OrgData implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<OrgDataChange>();
  readonly onDidChange = this.changeEmitter.event;

  private definitions?: Promise<DefinitionCatalog>;

  readonly users: UserLicenseIds[] = [];
  usersPagesLoaded = 0;
  usersPageCount?: number;
  usersTotal?: number;
  allUsersLoaded = false;
  private loadingUsers?: Promise<void>;
  /** Kept after a failed "load all", so trying again asks only for the pages still missing. */
  private usersScan?: UsersScan;

  private readonly names = new Map<string, DirectoryUser>();
  /** False once the org refused `GET /api/v2/users` (no `directory:user:view`): IDs are shown from then on. */
  namesReadable = true;

  private assignmentsLoad?: Promise<OrganizationAssignments>;
  assignmentsProgress: AssignmentsProgress = { done: false };

  constructor(readonly client: LicenseClient) {}

  definitionsById(): Promise<DefinitionCatalog> {
    this.definitions ??= this.client.listDefinitions().then(
      catalogOf,
      (error: unknown) => {
        this.definitions = undefined; // a failure is not cached: the retry asks again
        throw error;
      },
    );
    return this.definitions;
  }

  forgetDefinitions(): void {
    this.definitions = undefined;
  }

  get hasMoreUsers(): boolean {
    return !this.allUsersLoaded && (this.usersPageCount === undefined || this.usersPagesLoaded < this.usersPageCount);
  }

  /** Loads the next page of users; a second call while one is loading waits for it instead of loading twice. */
  loadNextUsersPage(): Promise<void> {
    this.loadingUsers ??= this.client
      .listUsersPage({ pageNumber: this.usersPagesLoaded + 1 })
      .then((page) => {
        this.users.push(...page.entities);
        this.usersPagesLoaded++;
        this.usersPageCount = page.pageCount;
        this.usersTotal = page.total;
        this.allUsersLoaded = this.usersPagesLoaded >= page.pageCount;
        // Names follow the rows; if they cannot be read now, the rows keep their IDs and the next page tries again.
        this.loadNames(page.entities.map((user) => user.id)).catch(() => undefined);
      })
      .finally(() => {
        this.loadingUsers = undefined;
      });
    return this.loadingUsers;
  }

  /**
   * Every user at once (a parallel scan). The list is replaced only when the scan completes, never with part of it;
   * after a failure the next call resumes where the scan stopped.
   */
  async loadAllUsers(onProgress?: (progress: ScanProgress) => void, signal?: AbortSignal): Promise<void> {
    if (this.allUsersLoaded) {
      return;
    }
    this.usersScan ??= this.client.createUsersScan();
    const users = await this.usersScan.run({ onProgress, signal });
    this.usersScan = undefined;
    this.users.splice(0, this.users.length, ...users);
    this.usersTotal = users.length;
    this.allUsersLoaded = true;
    this.changeEmitter.fire('users');
  }

  forgetUsers(): void {
    this.usersScan = undefined;
    this.users.length = 0;
    this.usersPagesLoaded = 0;
    this.usersPageCount = undefined;
    this.usersTotal = undefined;
    this.allUsersLoaded = false;
  }

  nameOf(userId: string): DirectoryUser | undefined {
    return this.names.get(userId);
  }

  /**
   * Looks up names and emails for users not known yet. Names are a nicety: a refusal (403) switches them off for
   * this org and the IDs stay shown; any other failure is the caller's to show or ignore.
   */
  async loadNames(userIds: string[], signal = new AbortController().signal): Promise<void> {
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
      this.namesReadable = false;
    }
    this.changeEmitter.fire('names');
  }

  /**
   * Who holds which license: the removed `GET /license/organization` where it still answers, else rebuilt from the
   * users scan. Feeds both the per-license counts and the "Organization assignments" node.
   */
  assignments(): Promise<OrganizationAssignments> {
    this.assignmentsLoad ??= this.client
      .getOrganizationAssignments({
        onProgress: (progress) => {
          this.assignmentsProgress = { done: false, progress };
          this.changeEmitter.fire('assignments');
        },
      })
      .then(
        (assignments) => {
          this.assignmentsProgress = { done: true };
          this.changeEmitter.fire('assignments');
          return assignments;
        },
        (error: unknown) => {
          this.assignmentsLoad = undefined;
          this.assignmentsProgress = { done: false };
          this.changeEmitter.fire('assignments');
          throw error;
        },
      );
    return this.assignmentsLoad;
  }

  /** The holder counts if they are known already (never starts a load). */
  knownAssignments(): Promise<OrganizationAssignments> | undefined {
    return this.assignmentsProgress.done ? this.assignmentsLoad : undefined;
  }

  forgetAssignments(): void {
    this.assignmentsLoad = undefined;
    this.assignmentsProgress = { done: false };
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
