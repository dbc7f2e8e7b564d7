/**
 * Users found by name with the directory's search, re-checked with our own matching. Callers page the users listing
 * instead when the search is refused (an org without the endpoint, a sign-in without the permission, a query the
 * org rejects). No `vscode` import.
 */
import { GenesysApiError, type LicenseClient } from '../api';
import type { Person } from './people';
import { matchesUserFilter } from './userFilter';

/** Search pages read for one filter at most (1 000 users): a filter matching more is narrowed by typing more. */
export const MAX_SEARCH_PAGES = 10;

export type PeopleSearch =
  | { via: 'search'; people: Person[]; /** Users the directory matched, beyond the pages read when `complete` is false. */ total: number; complete: boolean }
  | { via: 'refused'; reason: string };

/** The answers that mean "this org will not search for us": 400 (query refused), 403 (permission), 404 (no endpoint). */
function isRefusal(error: unknown): error is GenesysApiError {
  return error instanceof GenesysApiError && (error.status === 400 || error.status === 403 || error.status === 404);
}

/**
 * The users whose name or email holds every word of `text`, as the directory finds them, kept only when our folded
 * matching agrees (so a picker and the filter show the same users for the same text). A refusal is an answer, not an
 * error: it is logged, and the caller falls back to paging.
 */
export async function searchPeople(client: LicenseClient, text: string, signal: AbortSignal, maxPages = MAX_SEARCH_PAGES): Promise<PeopleSearch> {
  const people: Person[] = [];
  try {
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await client.searchUsers({ text, pageNumber, signal });
      people.push(...page.users.filter((user) => matchesUserFilter(text, user)).map((user) => ({ id: user.id, name: user.name, email: user.email })));
      const last = page.users.length === 0 || pageNumber >= page.pageCount;
      if (last || pageNumber >= maxPages) {
        return { via: 'search', people, total: page.total, complete: last };
      }
    }
  } catch (error) {
    if (isRefusal(error)) {
      client.logger.info(`The directory's search was refused (${error.status}: ${error.message}); reading the users listing instead.`);
      return { via: 'refused', reason: `${error.status}: ${error.message}` };
    }
    throw error;
  }
}
