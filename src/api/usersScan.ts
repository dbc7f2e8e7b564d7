/** Reading the whole users listing: its page shape, progress, and a scan bounded by what the org reports. */
import type { CallOptions } from './client';
import { GenesysApiError } from './errors';
import type { UserLicenses } from './models';

/** A page of a users listing with every paging field filled in (the API leaves them optional). */
export interface ListingPage<T> {
  entities: T[];
  pageNumber: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export type UsersPage = ListingPage<Required<Pick<UserLicenses, 'id' | 'licenses'>>>;

export interface ScanProgress {
  pagesLoaded: number;
  pageCount: number;
  usersLoaded: number;
  total: number;
}

export interface ScanUsersOptions extends CallOptions {
  pageSize?: number;
  /**
   * How many users the org had when last read: the scan then asks its first pages together instead of page 1 alone,
   * and follows what the pages say if the org has grown or shrunk since.
   */
  expectedUsers?: number;
  onProgress?: (progress: ScanProgress) => void;
}

export type UserLicenseIds = UsersPage['entities'][number];

/**
 * The most pages one scan reads: 1 000 000 users at 100 a page, over half an hour at 300 requests a minute. An org
 * reporting more is refused plainly instead of starting a scan that would not end.
 */
export const MAX_SCAN_PAGES = 10_000;

/**
 * One full read of the users listing that can be resumed. Pages are kept as they arrive; `run` returns the whole
 * list only once every page is in, and a later `run` after a failure asks only for the missing pages. The scan reads
 * no more pages than the total needs (whatever `pageCount` says), at most MAX_SCAN_PAGES, and ends at an empty page.
 */
export class UsersScan<T extends { id: string } = UserLicenseIds> {
  private readonly pages: (T[] | undefined)[] = [];
  /** The most pages any page said the listing has (each bounded by its total). */
  private reportedPages?: number;
  /** The pages the caller expects before any page answered (the first wave); the answers' own count replaces it. */
  private expectedPages?: number;
  /** The first page that came back empty: the listing ends before it. */
  private emptyPage = Infinity;
  private total = 0;
  /**
   * The users of the leading pages already loaded, in listing order and each once, added as their pages come in:
   * the scan's end then has only the last pages left to add, not 20 000 users to go through while the caller waits.
   */
  private readonly users: T[] = [];
  private readonly seen = new Set<string>();
  /** How many leading pages `users` holds. */
  private pagesInUsers = 0;

  constructor(
    private readonly loadPage: (pageNumber: number, pageSize: number | undefined, signal: AbortSignal) => Promise<ListingPage<T>>,
    private readonly maxConcurrency: number,
    private pageSize?: number,
    /** The listing read, for errors. */
    private readonly path = '/api/v2/license/users',
  ) {}

  private get lastPage(): number {
    return Math.min(Math.max(this.reportedPages ?? this.expectedPages ?? 1, 1), this.emptyPage - 1);
  }

  get pagesLoaded(): number {
    return this.pages.slice(0, this.lastPage).filter(Boolean).length;
  }

  get complete(): boolean {
    return this.reportedPages !== undefined && this.pagesLoaded >= this.lastPage;
  }

  async run(options: CallOptions & { onProgress?: (progress: ScanProgress) => void; expectedUsers?: number } = {}): Promise<T[]> {
    // The first wave needs a page size known before page 1 answers: one the org cannot refuse.
    if (options.expectedUsers && this.pageSize !== undefined && this.pageSize <= 100 && this.reportedPages === undefined) {
      this.expectedPages = Math.min(Math.ceil(options.expectedUsers / this.pageSize), MAX_SCAN_PAGES);
    }
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const keep = (pageNumber: number, page: ListingPage<T>) => {
      if (pageNumber === 1) {
        this.pageSize = page.pageSize; // after a refused size, the later pages follow the first page's
      }
      if (page.entities.length === 0 && pageNumber > 1) {
        this.emptyPage = Math.min(this.emptyPage, pageNumber);
        return;
      }
      this.pages[pageNumber - 1] = page.entities;
      // Users added while we scan can push the listing past the page count page 1 gave: follow it.
      this.reportedPages = Math.max(this.reportedPages ?? 1, page.pageCount, 1);
      this.total = Math.max(this.total, page.total);
      this.addLeadingPages();
      if (this.reportedPages > MAX_SCAN_PAGES) {
        throw new GenesysApiError({
          kind: 'malformed-response',
          code: 'listing.too.long',
          message: `GET ${this.path} reports ${page.total.toLocaleString('en-US')} users, ${this.reportedPages.toLocaleString('en-US')} pages of ${page.pageSize}; a full scan reads at most ${MAX_SCAN_PAGES.toLocaleString('en-US')} pages, so it stops here. Look users up by ID instead.`,
          path: this.path,
          field: 'total',
        });
      }
    };
    const report = () => {
      const usersLoaded = this.pages.slice(0, this.lastPage).reduce((sum, page) => sum + (page?.length ?? 0), 0);
      options.onProgress?.({ pagesLoaded: this.pagesLoaded, pageCount: this.lastPage, usersLoaded, total: Math.max(this.total, usersLoaded) });
    };
    try {
      if (!this.pages[0] && this.expectedPages === undefined) {
        keep(1, await this.loadPage(1, this.pageSize, signal));
      }
      report();
      let failure: unknown;
      const nextMissing = (() => {
        let cursor = 0; // pages before it are loaded or asked for
        return () => {
          while (cursor < this.lastPage && this.pages[cursor]) {
            cursor++;
          }
          return cursor < this.lastPage ? ++cursor : undefined;
        };
      })();
      const worker = async () => {
        for (let pageNumber = nextMissing(); pageNumber !== undefined && failure === undefined; pageNumber = nextMissing()) {
          try {
            keep(pageNumber, await this.loadPage(pageNumber, this.pageSize, signal));
            report();
          } catch (error) {
            if (failure === undefined) {
              failure = error;
              stop.abort(); // the other workers' requests are no longer wanted
            }
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.maxConcurrency, Math.max(0, this.lastPage - this.pagesLoaded)) }, worker));
      if (failure !== undefined) {
        throw failure as Error; // what a page load threw: always a GenesysApiError
      }
    } catch (error) {
      throw options.signal?.aborted ? new GenesysApiError({ kind: 'cancelled', message: 'The users scan was cancelled.', cause: error }) : error;
    }
    this.addLeadingPages();
    return [...this.users];
  }

  /**
   * Adds the loaded pages that follow those already in `users`, up to the first missing one. The last page only
   * grows once a page has answered (the reported count only grows; an empty page can only end the listing after the
   * pages loaded before it), so no page added here is ever beyond the scan's end.
   */
  private addLeadingPages(): void {
    while (this.pagesInUsers < this.lastPage && this.pages[this.pagesInUsers]) {
      for (const user of this.pages[this.pagesInUsers] as T[]) {
        // A user who moved across a page boundary while we scanned appears twice; keep the first.
        if (!this.seen.has(user.id)) {
          this.seen.add(user.id);
          this.users.push(user);
        }
      }
      this.pagesInUsers++;
    }
  }
}
