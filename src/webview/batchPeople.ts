/**
 * Who the user IDs in the batch form are: names and emails read from the org's directory (`readPeople`, 100 IDs a
 * request), each user once per session, and sent to the page once per page load. Without the permission
 * directory:user:view the form is told why, once, and shows IDs alone. No `vscode` import.
 */
import type { DirectoryUser, LicenseClient } from '../api';
import { type BatchDraft, checkDraft } from '../batch/draft';
import { readPeople } from '../core/orgLookups';
import type { Person, ReportMessage, ToBatchWebview } from './protocol';

export type PeopleMessage = Extract<ToBatchWebview, { t: 'people' }>;

/** The users the form shows: those of the draft's rows and of the last results. */
export function userIdsInForm(draft: BatchDraft, report: ReportMessage | undefined): string[] {
  return [...checkDraft(draft).rows.flatMap((row) => [...row.add, ...row.remove]), ...(report?.report.entries.map((entry) => entry.userId) ?? [])];
}

export class PeopleLookup {
  /** `null`: the directory does not know the ID. */
  private readonly known = new Map<string, DirectoryUser | null>();
  private unavailable?: string;
  /** What the page has been told since it was (re)loaded. */
  private told = new Set<string>();
  private unavailableTold = false;
  /** Lookups run one after another, so two that overlap never read the same user twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly client: LicenseClient) {}

  /** The page was (re)loaded: it knows nobody. */
  pageLoaded(): void {
    this.told = new Set();
    this.unavailableTold = false;
  }

  /** Reads the IDs not read yet; resolves to what the page has not been told (undefined when that is nothing). */
  lookUp(ids: readonly string[], signal: AbortSignal): Promise<PeopleMessage | undefined> {
    const run = this.queue.then(() => this.read(ids, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(ids: readonly string[], signal: AbortSignal): Promise<PeopleMessage | undefined> {
    const wanted = [...new Set(ids)];
    const unread = this.unavailable ? [] : wanted.filter((id) => !this.known.has(id));
    if (unread.length > 0) {
      const people = await readPeople(this.client, unread, signal);
      if (people.value) {
        unread.forEach((id) => this.known.set(id, people.value.get(id) ?? null));
      } else {
        this.unavailable = people.missing;
      }
    }
    const news = wanted.filter((id) => this.known.has(id) && !this.told.has(id));
    news.forEach((id) => this.told.add(id));
    const tellUnavailable = !!this.unavailable && !this.unavailableTold;
    this.unavailableTold ||= tellUnavailable;
    if (news.length === 0 && !tellUnavailable) {
      return undefined;
    }
    const people: Person[] = [];
    const notFound: string[] = [];
    for (const id of news) {
      const person = this.known.get(id);
      if (person) {
        people.push({ id, name: person.name, email: person.email });
      } else {
        notFound.push(id);
      }
    }
    return { t: 'people', people, notFound, unavailable: tellUnavailable ? this.unavailable : undefined };
  }
}
