import * as assert from 'node:assert/strict';
import { readPeople, readUsersAndPeople } from '../../../src/core/orgLookups';
import { adminClient, useSandbox } from '../api/helpers';

const DIRECTORY = 'GET /api/v2/users';
const LICENSE_USERS = 'GET /api/v2/license/users';

type Listing = { entities: { id: string }[]; total: number; pageCount: number; pageSize: number };

/** Every user with their licenses and names, as exports, snapshots and the pickers' search of every name read them. */
describe('Users with their names: the scan, and the directory listing beside it', () => {
  const sandbox = useSandbox({ userCount: 1200, seed: 53 });
  const signal = new AbortController().signal;
  const read = () => {
    const progress: { message: string; done: number; total: number }[] = [];
    const answer = readUsersAndPeople(adminClient(sandbox()), signal, (message, done, total) => progress.push({ message, done, total }));
    return { answer, progress };
  };
  /** Every user of the org has their own name and email. */
  const assertNamed = (people: Map<string, { name?: string; email?: string }> | undefined) => {
    assert.ok(people, 'names were read');
    assert.equal(people.size, sandbox().org.users.length);
    for (const user of sandbox().org.users) {
      assert.deepEqual({ name: people.get(user.id)?.name, email: people.get(user.id)?.email }, { name: user.name, email: user.email });
    }
  };

  it('reads every name from the listing, 500 a page, instead of 100 IDs a request', async () => {
    sandbox().stats.reset();
    const { answer, progress } = read();
    const { users, people } = await answer;
    assert.equal(users.length, 1200);
    assertNamed(people.value);
    assert.equal(sandbox().stats.byRoute[DIRECTORY], 3, '1 200 users: 3 listing pages, no lookup by ID (12 requests)');
    assert.equal(sandbox().stats.byRoute[LICENSE_USERS], 12);
    const last = progress[progress.length - 1];
    assert.equal(last.done, last.total, 'the progress reaches the whole');
    assert.ok(
      progress.some((step) => step.message === 'Names: 1,200 of 1,200 users'),
      'the names are counted',
    );
  });

  it('asks by ID for the users the listing missed (added while it was read)', async () => {
    const missed = sandbox().org.users[0];
    sandbox().faults.add({
      method: 'GET',
      path: '/api/v2/users',
      times: 1,
      fault: {
        kind: 'transform',
        transform: (json) => ({ ...(json as Listing), entities: (json as Listing).entities.filter((user) => user.id !== missed.id) }),
      },
    });
    sandbox().stats.reset();
    const { people } = await read().answer;
    assertNamed(people.value);
    assert.equal(sandbox().stats.byRoute[DIRECTORY], 4, '3 listing pages and 1 lookup by ID');
  });

  it('asks by ID when the directory lists far more users than the scan (many inactive or deleted)', async () => {
    sandbox().faults.add({
      method: 'GET',
      path: '/api/v2/users',
      times: 1,
      fault: { kind: 'transform', transform: (json) => ({ ...(json as Listing), total: 50_000, pageCount: 100 }) },
    });
    sandbox().stats.reset();
    const { people } = await read().answer;
    assertNamed(people.value);
    assert.equal(sandbox().stats.byRoute[DIRECTORY], 13, 'the listing’s first page, then 12 lookups of 100 IDs, not 99 more pages');
  });

  it('says which permission is missing when the directory refuses, and still lists every user', async () => {
    sandbox().faults.add({ method: 'GET', path: '/api/v2/users', fault: { kind: 'status', status: 403 } });
    const { users, people } = await read().answer;
    assert.equal(users.length, 1200);
    assert.match(people.missing ?? '', /directory:user:view/);
  });

  it('names many users given by ID (the explorer’s filter, a long list of IDs) from the listing too, a few by ID', async () => {
    const ids = sandbox().org.users.map((user) => user.id);
    sandbox().stats.reset();
    assertNamed((await readPeople(adminClient(sandbox()), ids, signal)).value);
    assert.equal(sandbox().stats.byRoute[DIRECTORY], 3, '1 200 IDs: 3 listing pages, not 12 lookups');
    sandbox().stats.reset();
    const few = await readPeople(adminClient(sandbox()), ids.slice(0, 150), signal);
    assert.equal(few.value?.get(ids[149])?.name, sandbox().org.users[149].name);
    assert.equal(sandbox().stats.byRoute[DIRECTORY], 2, '150 IDs: 2 lookups, no listing page tried');
  });

  it('fails as the scan fails, without waiting for the names', async () => {
    sandbox().faults.add({ method: 'GET', path: '/api/v2/license/users', fault: { kind: 'status', status: 500 } });
    await assert.rejects(read().answer, (error: Error & { status?: number }) => error.status === 500);
  });
});
