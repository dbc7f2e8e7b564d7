/**
 * Users found by name: with the directory's search, re-checked with our own matching, and, when the search is refused
 * (an org without the endpoint, a sign-in without the permission, a query the org rejects) or finds no one, among
 * every user's name. The users filter and the user pickers share it. No `vscode` import.
 */
import { GenesysApiError, type LicenseClient } from '../api';
import { type ReadProgress, readUsersAndPeople } from './orgLookups';
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

/** A read of every user's name (the users scan, and the directory beside it): everyone, and why names are absent if they are. */
export interface EveryName<T extends Person = Person> {
  people: readonly T[];
  /** Why the names could not be read (the users are then matched by ID only). */
  namesMissing?: string;
}

export type PeopleFound<T extends Person> =
  | { via: 'search'; people: Person[]; total: number; complete: boolean }
  | {
      via: 'every name';
      people: T[];
      /** Users whose names were read. */
      read: number;
      /** Why every name was read instead: for the log. */
      why: string;
      /** Set when the search was refused: the caller asks it no more. */
      searchRefused?: string;
      namesMissing?: string;
    };

/**
 * The users `text` names, as the users filter and the user pickers find them: the directory's search first; when it
 * is refused (or `searchRefused` says it was before) or finds no one, every user's name from `everyName`, matched
 * with our folding, because the directory may compare accents differently ("yilmaz" misses "Yılmaz" whose email is
 * not plain either) and our matching never does.
 */
export async function findPeople<T extends Person>(
  client: LicenseClient,
  text: string,
  signal: AbortSignal,
  everyName: () => Promise<EveryName<T>>,
  options: { searchRefused?: string; maxPages?: number } = {},
): Promise<PeopleFound<T>> {
  const found: PeopleSearch =
    options.searchRefused === undefined ? await searchPeople(client, text, signal, options.maxPages) : { via: 'refused', reason: options.searchRefused };
  if (found.via === 'search' && found.people.length > 0) {
    return found;
  }
  const every = await everyName();
  return {
    via: 'every name',
    people: matchingPeople(text, every),
    read: every.people.length,
    why: found.via === 'refused' ? `the directory's search was refused (${found.reason})` : "the directory's search found no one (it may not fold accents)",
    searchRefused: found.via === 'refused' ? found.reason : undefined,
    namesMissing: every.namesMissing,
  };
}

/** The people of a read of every name that `text` matches by our folding. */
export function matchingPeople<T extends Person>(text: string, every: EveryName<T>): T[] {
  return every.people.filter((person) => matchesUserFilter(text, person));
}

/** Every user with their license IDs and, where the sign-in may read them, names and emails: a picker's one read. */
export async function readEveryName(client: LicenseClient, signal: AbortSignal, onProgress: ReadProgress): Promise<EveryName<Person & { licenses: string[] }>> {
  const { users, people } = await readUsersAndPeople(client, signal, onProgress);
  return {
    people: users.map((user) => ({ ...people.value?.get(user.id), id: user.id, licenses: user.licenses })),
    namesMissing: people.missing,
  };
}
