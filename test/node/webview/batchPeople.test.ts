/**
 * The batch form's names lookup over real HTTP against the sandbox org: each user read once, in batches of 100, told
 * to the page once per load, and, without directory:user:view, the reason told once and no names.
 */
import * as assert from 'node:assert/strict';
import { createLicenseClient } from '../../../src/api';
import { PeopleLookup } from '../../../src/webview/batchPeople';
import { adminClient, useSandbox } from '../api/helpers';

describe('Batch form names lookup (PeopleLookup) against the sandbox', () => {
  const sandbox = useSandbox({ userCount: 300 });
  const signal = new AbortController().signal;
  const reads = () => sandbox().stats.byRoute['GET /api/v2/users'] ?? 0;

  it('reads each user once, in batches of 100, and tells the page each user once per load', async () => {
    const lookup = new PeopleLookup(adminClient(sandbox()));
    const users = sandbox().org.users.slice(0, 250);
    const ids = users.map((user) => user.id);
    const unknown = '00000000-0000-4000-8000-00000000dead';
    sandbox().stats.reset();
    // The same users twice at once (two previews in a row): still one read each.
    const [first, second] = await Promise.all([lookup.lookUp([...ids.slice(0, 200), unknown], signal), lookup.lookUp(ids, signal)]);
    assert.equal(reads(), 4, '201 IDs in 3 requests, then the 50 not read yet in 1');
    assert.deepEqual(
      first?.people,
      users.slice(0, 200).map((user) => ({ id: user.id, name: user.name, email: user.email })),
    );
    assert.deepEqual(first?.notFound, [unknown]);
    assert.deepEqual(
      second?.people.map((person) => person.id),
      ids.slice(200),
    );
    assert.equal(await lookup.lookUp(ids, signal), undefined, 'nothing new for the page');
    // The page was loaded again: it is told again, from what was read.
    lookup.pageLoaded();
    assert.equal((await lookup.lookUp(ids.slice(0, 5), signal))?.people.length, 5);
    assert.equal(reads(), 4);
  });

  it('without directory:user:view says why once, and reads no names', async () => {
    const permissions = sandbox().clients.admin.permissions.filter((permission) => permission !== 'directory:user:view');
    const client = createLicenseClient({ environment: sandbox().url, credentials: { accessToken: sandbox().issueToken({ permissions }) } });
    const lookup = new PeopleLookup(client);
    const ids = sandbox()
      .org.users.slice(0, 3)
      .map((user) => user.id);
    const refused = await lookup.lookUp(ids, signal);
    assert.deepEqual(refused, { t: 'people', people: [], notFound: [], unavailable: 'the sign-in lacks the permission directory:user:view' });
    sandbox().stats.reset();
    assert.equal(await lookup.lookUp(ids, signal), undefined);
    assert.equal(reads(), 0, 'not asked again');
  });
});
