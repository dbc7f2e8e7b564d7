import * as assert from 'node:assert/strict';
import { findPeople, readEveryName } from '../../../src/core/userSearch';
import { adminClient, useSandbox } from '../api/helpers';

const SEARCH = 'POST /api/v2/users/search';

/** The users filter's and the pickers' one way to find users by name: the directory's search, then every name. */
describe('Users by name: the search, then every name', () => {
  const sandbox = useSandbox({ userCount: 450, seed: 47 });
  const signal = new AbortController().signal;
  /** A user the directory cannot find from plain typing: an accented name and an email that says nothing. */
  const unsearchable = (index: number, name: string) => {
    const user = sandbox().org.users[index];
    Object.assign(user, { name, email: `u${index}@example.test` });
    return user;
  };
  const reading = () => {
    const client = adminClient(sandbox());
    const progress: { message: string; done: number; total: number }[] = [];
    let reads = 0;
    const everyName = () => {
      reads++;
      return readEveryName(client, signal, (message, done, total) => progress.push({ message, done, total }));
    };
    return { client, progress, everyName, reads: () => reads };
  };

  it('asks the search only, when it finds someone', async () => {
    const target = sandbox().org.users[400];
    const { client, everyName, reads } = reading();
    const found = await findPeople(client, target.email, signal, everyName);
    assert.equal(found.via, 'search');
    assert.deepEqual(
      found.people.map((person) => person.id),
      [target.id],
    );
    assert.equal(reads(), 0, 'no name read');
  });

  it('reads every name when the search finds no one, matching by our folding, with progress to the end', async () => {
    const target = unsearchable(420, 'Ömer Yıldırım');
    const { client, everyName, progress } = reading();
    sandbox().stats.reset();
    const found = await findPeople(client, 'omer yildirim', signal, everyName);
    assert.equal(found.via, 'every name');
    assert.deepEqual(
      found.people.map((person) => person.id),
      [target.id],
    );
    assert.equal(found.via === 'every name' && found.read, sandbox().org.users.length);
    assert.equal(found.via === 'every name' && found.searchRefused, undefined);
    assert.equal(sandbox().stats.byRoute[SEARCH], 1);
    const last = progress[progress.length - 1];
    assert.ok(
      progress.some((step) => step.message === 'Names: 450 of 450 users'),
      'the names are counted',
    );
    assert.equal(last.done, last.total, 'the progress reaches the whole');
  });

  it('reads every name when the search is refused, says so, and is not asked again when told', async () => {
    const target = unsearchable(430, 'Çağla Işık');
    sandbox().faults.add({ method: 'POST', path: '/api/v2/users/search', fault: { kind: 'status', status: 403 } });
    const { client, everyName } = reading();
    const found = await findPeople(client, 'cagla isik', signal, everyName);
    assert.ok(found.via === 'every name' && found.searchRefused?.startsWith('403'), 'the refusal is told');
    assert.deepEqual(
      found.people.map((person) => person.id),
      [target.id],
    );
    sandbox().stats.reset();
    const again = await findPeople(client, 'isik', signal, everyName, { searchRefused: found.via === 'every name' ? found.searchRefused : undefined });
    assert.equal(sandbox().stats.byRoute[SEARCH], undefined, 'no search after a refusal');
    assert.ok(again.people.some((person) => person.id === target.id));
  });

  it('matches users by ID when the names cannot be read, and says why', async () => {
    const target = unsearchable(440, 'Ñandú Øre');
    sandbox().faults.add({ method: 'GET', path: '/api/v2/users', fault: { kind: 'status', status: 403 } });
    sandbox().faults.add({ method: 'POST', path: '/api/v2/users/search', fault: { kind: 'status', status: 403 } });
    const { client, everyName } = reading();
    const byName = await findPeople(client, 'nandu', signal, everyName);
    assert.ok(byName.via === 'every name' && byName.namesMissing?.includes('directory:user:view'), 'the missing permission is told');
    assert.deepEqual(byName.people, [], 'no name to match');
    const byId = await findPeople(client, target.id.slice(0, 13), signal, everyName);
    assert.ok(byId.people.some((person) => person.id === target.id));
  });
});
