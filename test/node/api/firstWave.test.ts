import * as assert from 'node:assert/strict';
import { defaultFetch, type FetchLike } from '../../../src/api';
import type { SandboxUser } from '../../../src/sandbox/data';
import { adminClient, useSandbox } from './helpers';

/** A scan that knows the org's size from the last state asks its first pages together, and corrects itself. */
describe('Users scan: the first wave from the last known size', () => {
  const sandbox = useSandbox({ userCount: 640, seed: 29 });
  let original: SandboxUser[];
  before(() => {
    original = [...sandbox().org.users];
  });
  afterEach(() => {
    sandbox().org.users = [...original];
  });

  /** A client that records the page numbers of the users listing it asks for. */
  const recordingClient = () => {
    const pages: number[] = [];
    const fetch: FetchLike = (url, init) => {
      const asked = new URL(String(url));
      if (asked.pathname === '/api/v2/license/users' && (init?.method ?? 'GET') === 'GET') {
        pages.push(Number(asked.searchParams.get('pageNumber')));
      }
      return defaultFetch(url, init);
    };
    return { client: adminClient(sandbox(), { fetch }), pages };
  };
  const ids = (users: readonly { id: string }[]) => users.map((user) => user.id);

  it('asks every page of an org the size it was at once, page 1 not alone', async () => {
    const { client, pages } = recordingClient();
    await client.getAccessToken();
    sandbox().setLatency(30);
    sandbox().stats.reset();
    const users = await client.scanUsers({ expectedUsers: 640 });
    assert.deepEqual(ids(users), ids(sandbox().org.users));
    assert.deepEqual(
      [...pages].sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7],
      'each page once',
    );
    assert.equal(sandbox().stats.peakInFlight, 7, 'all seven pages were asked together');
  });

  it('follows an org that has grown since: the later pages too, none twice', async () => {
    const grown = Array.from({ length: 260 }, (_, index) => ({ ...original[index], id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` }));
    sandbox().org.users = [...original, ...grown];
    const { client, pages } = recordingClient();
    const users = await client.scanUsers({ expectedUsers: 640 });
    assert.deepEqual(ids(users), ids(sandbox().org.users));
    assert.deepEqual(
      [...pages].sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  it('follows an org that has shrunk since: the exact users, and no page twice', async () => {
    sandbox().org.users = original.slice(0, 350);
    const { client, pages } = recordingClient();
    const users = await client.scanUsers({ expectedUsers: 640 });
    assert.deepEqual(ids(users), ids(sandbox().org.users));
    assert.equal(new Set(pages).size, pages.length, 'no page twice');
    assert.ok(
      pages.every((page) => page <= 7),
      `only the pages the last size implied were asked: ${pages.join(', ')}`,
    );
    assert.deepEqual(
      [1, 2, 3, 4].filter((page) => !pages.includes(page)),
      [],
      'every page of the org',
    );
  });

  it('without a known size, page 1 still goes first alone', async () => {
    const { client } = recordingClient();
    await client.getAccessToken();
    sandbox().setLatency(30);
    sandbox().stats.reset();
    await client.scanUsers();
    assert.equal(sandbox().stats.peakInFlight, 6, 'page 1, then the six others together');
  });

  it('keeps listing order when the later pages answer first', async () => {
    const fetch: FetchLike = async (url, init) => {
      const response = await defaultFetch(url, init);
      const pageNumber = Number(new URL(url).searchParams.get('pageNumber'));
      await new Promise((resolve) => setTimeout(resolve, pageNumber <= 3 ? 40 * (4 - pageNumber) : 0)); // page 1 arrives last
      return response;
    };
    const users = await adminClient(sandbox(), { fetch }).scanUsers({ expectedUsers: 640 });
    assert.deepEqual(ids(users), ids(original));
  });

  it('keeps a user pushed across a page boundary while the scan runs once, where it was first seen', async () => {
    const newcomer = { ...original[0], id: '00000000-0000-4000-8000-000000000999' };
    const fetch: FetchLike = async (url, init) => {
      const response = await defaultFetch(url, init);
      if (new URL(url).searchParams.get('pageNumber') === '3') {
        sandbox().org.users = [newcomer, ...original]; // the last user of page 3 is now the first of page 4
      }
      return response;
    };
    const users = await adminClient(sandbox(), { fetch, maxConcurrency: 1 }).scanUsers();
    assert.deepEqual(ids(users), ids(original));
  });
});
