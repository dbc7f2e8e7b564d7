/** One page of a listing: its items and, when the source knows them, how many pages and items there are in all. */
export interface Page<T> {
  items: readonly T[];
  /** Absent for a source that cannot say; an empty page ends the listing either way. */
  pageCount?: number;
  total?: number;
}

/** Fetches page `pageNumber` (1-based). */
export type PageSource<T> = (pageNumber: number) => Promise<Page<T>>;

/**
 * A list shown a page at a time, whatever the pages come from (the server, or a list already in memory). A second
 * `loadMore` while one is loading joins it instead of loading the same page twice; a page that arrives after `reset`
 * is dropped, so it never lands in the list that replaced it.
 */
export class Pager<T> {
  private loaded: T[] = [];
  private pagesLoaded = 0;
  private pageCount?: number;
  private knownTotal?: number;
  private complete = false;
  private loading?: Promise<void>;
  /** Pages to load again before the next read: set by `refill` (the source changed, the depth shown stays). */
  private refillDepth = 0;

  constructor(private readonly source: PageSource<T>) {}

  /** A pager over a list held in memory, `pageSize` items a page; the list is read again at each page. */
  static overList<T>(list: () => readonly T[], pageSize: number): Pager<T> {
    return new Pager((pageNumber) => {
      const all = list();
      return Promise.resolve({
        items: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
        pageCount: Math.ceil(all.length / pageSize),
        total: all.length,
      });
    });
  }

  get items(): readonly T[] {
    return this.loaded;
  }

  /** How many items the source said there are in all, once a page (or `replaceAll`) told. */
  get total(): number | undefined {
    return this.knownTotal;
  }

  get hasMore(): boolean {
    return !this.complete;
  }

  /** Items not loaded yet, when the source said how many there are. */
  get remaining(): number | undefined {
    return this.knownTotal === undefined ? undefined : Math.max(0, this.knownTotal - this.loaded.length);
  }

  /** Loads the next page; a call while one is loading waits for that one instead of loading twice. */
  loadMore(): Promise<void> {
    if (this.loading) {
      return this.loading;
    }
    if (this.complete) {
      return Promise.resolve();
    }
    const load: Promise<void> = this.source(this.pagesLoaded + 1)
      .then((page) => {
        if (this.loading !== load) {
          return; // reset while it loaded: the page belongs to the list that was dropped
        }
        this.loaded.push(...page.items);
        this.pagesLoaded++;
        this.pageCount = page.pageCount;
        this.knownTotal = page.total;
        // An empty page ends the listing, whatever the counts say.
        this.complete = page.items.length === 0 || (this.pageCount !== undefined && this.pagesLoaded >= this.pageCount);
      })
      .finally(() => {
        if (this.loading === load) {
          this.loading = undefined;
        }
      });
    this.loading = load;
    return load;
  }

  /** Makes sure the first page (or, after `refill`, as many pages as were shown) is loaded. */
  async ensureLoaded(): Promise<void> {
    const depth = Math.max(1, this.refillDepth);
    this.refillDepth = 0;
    while (this.pagesLoaded < depth && !this.complete) {
      await this.loadMore();
    }
  }

  /** Every item at once, from elsewhere (a full scan): the listing is complete. */
  replaceAll(items: readonly T[]): void {
    this.loading = undefined;
    this.loaded = [...items];
    this.knownTotal = items.length;
    this.complete = true;
  }

  /** Forgets every page; the next `ensureLoaded` starts again from the first. */
  reset(): void {
    this.loading = undefined;
    this.loaded = [];
    this.pagesLoaded = 0;
    this.pageCount = undefined;
    this.knownTotal = undefined;
    this.complete = false;
    this.refillDepth = 0;
  }

  /** The source changed: the next `ensureLoaded` reads again as many pages as are shown now. */
  refill(): void {
    const depth = this.pagesLoaded;
    this.reset();
    this.refillDepth = depth;
  }
}
