import type { LicenseClient, LicenseDefinition, UserLicenseIds } from '../api';

/**
 * What the explorer has loaded from one org. A new instance per session, so nothing of one org is ever shown for
 * another. Loads are shared: expanding two nodes that need the definitions sends one request.
 */
export class OrgData {
  private definitions?: Promise<Map<string, LicenseDefinition>>;
  readonly users: UserLicenseIds[] = [];
  /** Pages of the users listing loaded so far, and how many there are (known after the first). */
  usersPagesLoaded = 0;
  usersPageCount?: number;
  usersTotal?: number;
  private loadingUsers?: Promise<void>;

  constructor(readonly client: LicenseClient) {}

  definitionsById(): Promise<Map<string, LicenseDefinition>> {
    this.definitions ??= this.client.listDefinitions().then(
      (definitions) => new Map(definitions.filter((definition) => definition.id).map((definition) => [definition.id as string, definition])),
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
    return this.usersPageCount === undefined || this.usersPagesLoaded < this.usersPageCount;
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
      })
      .finally(() => {
        this.loadingUsers = undefined;
      });
    return this.loadingUsers;
  }

  forgetUsers(): void {
    this.users.length = 0;
    this.usersPagesLoaded = 0;
    this.usersPageCount = undefined;
    this.usersTotal = undefined;
  }
}
