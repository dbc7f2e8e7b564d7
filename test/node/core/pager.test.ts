import * as assert from 'node:assert/strict';
import { type Page, Pager } from '../../../src/core/pager';

/** A source whose pages the test answers by hand, in any order; it records which pages were asked for. */
function controlledSource(pages: Page<number>[]) {
  const asked: number[] = [];
  const waiting: (() => void)[] = [];
  const source = (pageNumber: number) => {
    asked.push(pageNumber);
    return new Promise<Page<number>>((resolve) => waiting.push(() => resolve(pages[pageNumber - 1])));
  };
  return { asked, source, answerNext: () => waiting.shift()?.() };
}

describe('Pager', () => {
  const threePages: Page<number>[] = [
    { items: [1, 2], pageCount: 3, total: 5 },
    { items: [3, 4], pageCount: 3, total: 5 },
    { items: [5], pageCount: 3, total: 5 },
  ];

  it('appends page after page and ends at the last one', async () => {
    const { asked, source, answerNext } = controlledSource(threePages);
    const pager = new Pager(source);
    assert.equal(pager.hasMore, true);
    for (let page = 0; page < 3; page++) {
      const load = pager.loadMore();
      answerNext();
      await load;
    }
    assert.deepEqual(pager.items, [1, 2, 3, 4, 5]);
    assert.deepEqual(asked, [1, 2, 3]);
    assert.equal(pager.hasMore, false);
    assert.equal(pager.remaining, 0);
    await pager.loadMore();
    assert.deepEqual(asked, [1, 2, 3], 'a complete listing asks for nothing more');
  });

  it('a second loadMore while one loads joins it: one request, one page appended', async () => {
    const { asked, source, answerNext } = controlledSource(threePages);
    const pager = new Pager(source);
    const first = pager.loadMore();
    const second = pager.loadMore();
    answerNext();
    await Promise.all([first, second]);
    assert.deepEqual(asked, [1]);
    assert.deepEqual(pager.items, [1, 2]);
    assert.equal(pager.remaining, 3);
  });

  it('a page that arrives after reset is dropped, and the listing starts again from the first page', async () => {
    const { asked, source, answerNext } = controlledSource(threePages);
    const pager = new Pager(source);
    const stale = pager.loadMore();
    pager.reset();
    answerNext();
    await stale;
    assert.deepEqual(pager.items, []);
    assert.equal(pager.total, undefined);
    const fresh = pager.ensureLoaded();
    answerNext();
    await fresh;
    assert.deepEqual(asked, [1, 1]);
    assert.deepEqual(pager.items, [1, 2]);
  });

  it('an empty page ends the listing whatever the counts say', async () => {
    const pager = new Pager<number>(() => Promise.resolve({ items: [], pageCount: 10, total: 1000 }));
    await pager.ensureLoaded();
    assert.equal(pager.hasMore, false);
  });

  it('a failed page is not counted: the next call asks for the same page again', async () => {
    const asked: number[] = [];
    let fail = true;
    const pager = new Pager<number>((pageNumber) => {
      asked.push(pageNumber);
      return fail ? Promise.reject(new Error('503')) : Promise.resolve(threePages[pageNumber - 1]);
    });
    await assert.rejects(pager.loadMore(), /503/);
    fail = false;
    await pager.loadMore();
    assert.deepEqual(asked, [1, 1]);
    assert.deepEqual(pager.items, [1, 2]);
  });

  it('replaceAll completes the listing with what a full scan found', () => {
    const { source } = controlledSource(threePages);
    const pager = new Pager(source);
    pager.replaceAll([7, 8, 9]);
    assert.deepEqual(pager.items, [7, 8, 9]);
    assert.equal(pager.total, 3);
    assert.equal(pager.hasMore, false);
  });

  it('over a list in memory, refill reads the changed list again to the depth shown', async () => {
    let list = Array.from({ length: 5 }, (_, index) => index);
    const pager = Pager.overList(() => list, 2);
    await pager.ensureLoaded();
    await pager.loadMore();
    assert.deepEqual(pager.items, [0, 1, 2, 3]);
    assert.equal(pager.remaining, 1);
    list = list.map((value) => value * 10);
    pager.refill();
    await pager.ensureLoaded();
    assert.deepEqual(pager.items, [0, 10, 20, 30], 'two pages were shown, two pages of the new list are');
    assert.equal(pager.hasMore, true);
    list = [];
    pager.refill();
    await pager.ensureLoaded();
    assert.deepEqual(pager.items, []);
    assert.equal(pager.hasMore, false);
  });
});
