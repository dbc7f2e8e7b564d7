import { type LicenseUser, USERS_LICENSES_BATCH_SIZE } from '../api';
import type { SessionManager } from '../auth/sessionManager';
import { fetchReport, type FetchedUser, userLicensesReport } from '../core/licenseReports';
import { count } from '../core/markdown';
import { idListFromArguments, parseIdList, requireIds } from '../core/input';
import { inBatches, readCatalog, readPeople } from '../core/orgLookups';
import { withNames } from '../core/people';
import { askUserIds } from '../ui/pickers';
import { runWithProgress } from '../ui/progress';
import type { Registry } from './commandArguments';
import type { ResultDocuments } from '../ui/resultDocuments';
import { CommandIds } from '../core/commandIds';
import { SignedInCommands } from './signedInCommands';

/** What `fetchUsersLicenses` returns: the table's rows and what was left out, and why. */
export interface FetchUsersLicensesOutcome {
  users: FetchedUser[];
  /** Valid IDs the org did not answer for. */
  notFound: string[];
  /** Entries that are not UUIDs: never sent. */
  invalid: string[];
  duplicates: number;
}

/** One user's licenses, and many users' at once, as result documents with the names the directory gives. */
class UserLicenseCommands extends SignedInCommands {
  async getUserLicenses(argument?: unknown): Promise<LicenseUser | undefined> {
    const session = this.sessions.requireSession();
    const { client } = session;
    const userId = await this.userFrom(session, argument);
    if (userId === undefined) {
      return undefined;
    }
    return runWithProgress(this.sessions, 'Reading the user’s licenses', async ({ signal }) => {
      const [user, people, catalog] = await Promise.all([
        client.getUserLicenses(userId, { signal }),
        readPeople(client, [userId], signal),
        readCatalog(client, signal),
      ]);
      const person = people.value?.get(userId);
      const markdown = userLicensesReport({
        user,
        person,
        namesNote: people.missing,
        catalog: catalog.value ?? new Map(),
        provenance: this.provenance(session),
      });
      await this.results.showRendered(`Licenses of ${person?.name ?? userId}`, markdown, userId);
      return user;
    });
  }

  async fetchUsersLicenses(first?: unknown, second?: unknown): Promise<FetchUsersLicensesOutcome | undefined> {
    const session = this.sessions.requireSession();
    const { client } = session;
    const input = idListFromArguments(first, second) ?? (await askUserIds());
    if (input === undefined) {
      return undefined;
    }
    const parsed = parseIdList(input);
    const ids = requireIds(parsed, 'user IDs');
    return runWithProgress(this.sessions, `Fetching the licenses of ${count(ids.length, 'user')}`, async (task) => {
      // Two passes of about the same number of requests: licenses for every ID, then names for those found.
      const answers = await inBatches(
        ids,
        USERS_LICENSES_BATCH_SIZE,
        task.signal,
        (batch, signal) => client.fetchUsersLicenses(batch, { signal }),
        (done) => task.report(`Licenses: ${done.toLocaleString('en-US')} of ${count(ids.length, 'user')}`, done, 2 * ids.length),
      );
      const found = answers.flatMap((answer) => answer.users);
      const people = await readPeople(
        client,
        found.map((user) => user.id),
        task.signal,
        (done, of) => task.report(`Names: ${done.toLocaleString('en-US')} of ${count(of, 'user')}`, ids.length + (done / of) * ids.length, 2 * ids.length),
      );
      const outcome: FetchUsersLicensesOutcome = {
        users: withNames(found, people.value),
        notFound: answers.flatMap((answer) => answer.notFound),
        invalid: parsed.invalid,
        duplicates: parsed.duplicates,
      };
      await this.results.showRendered(
        `Licenses of ${count(found.length, 'user')}`,
        fetchReport({ ...outcome, namesNote: people.missing, provenance: this.provenance(session) }),
      );
      return outcome;
    });
  }
}

export function registerUserLicenseCommands(registry: Registry, sessions: SessionManager, results: ResultDocuments): void {
  const commands = new UserLicenseCommands(sessions, results);
  registry.register(CommandIds.getUserLicenses, 'Get user licenses', (argument?: unknown) => commands.getUserLicenses(argument));
  registry.register(CommandIds.fetchUsersLicenses, 'Fetch licenses for users', (first?: unknown, second?: unknown) =>
    commands.fetchUsersLicenses(first, second),
  );
}
