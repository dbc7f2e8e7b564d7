import * as assert from 'node:assert/strict';
import { GenesysApiError } from '../../../src/api';
import { searchPeople } from '../../../src/core/userSearch';
import { adminClient, failureOf, useSandbox } from './helpers';

const SEARCH = '/api/v2/users/search';

/** Any user by name at once: `POST /api/v2/users/search` as the SDK 262 models describe it, and our use of it. */
describe('Users by name: the directory search', () => {
  const sandbox = useSandbox({ userCount: 5000, seed: 33 });
  const post = async (body: unknown) => {
    const token = await adminClient(sandbox()).getAccessToken();
    const answer = await fetch(`${sandbox().url}${SEARCH}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: answer.status, json: (await answer.json()) as Record<string, any> };
  };
  const lastUser = () => sandbox().org.users[sandbox().org.users.length - 1];

  it('finds a user from the last page of the listing by name in one request', async () => {
    const client = adminClient(sandbox());
    await client.getAccessToken();
    sandbox().stats.reset();
    const target = lastUser();
    const page = await client.searchUsers({ text: target.name });
    assert.equal(sandbox().stats.requests, 1, 'one request, however many pages the listing has');
    assert.ok(
      page.users.some((user) => user.id === target.id && user.name === target.name && user.email === target.email),
      `${target.name} is found`,
    );
    assert.ok(
      page.users.every((user) => user.name?.toLowerCase().includes(target.name.split(' ')[0].toLowerCase())),
      'only users with that name',
    );
  });

  it('keeps our folding on what the search returns: "yilmaz" finds "Yılmaz" through the plain spelling of the email', async () => {
    const target = lastUser();
    Object.assign(target, { name: 'Ayşe Yılmaz', email: 'ayse.yilmaz@example.test' });
    const folded = await searchPeople(adminClient(sandbox()), 'yilmaz', new AbortController().signal);
    assert.deepEqual(folded.via === 'search' && folded.people.map((person) => person.id), [target.id]);
    const accented = await searchPeople(adminClient(sandbox()), 'Yılmaz', new AbortController().signal);
    assert.deepEqual(accented.via === 'search' && accented.people.map((person) => person.id), [target.id]);
    // Where the email does not carry the plain spelling, the directory (which does not fold) finds no one: callers
    // then read every name (the explorer's filter and the pickers alike, see findPeople).
    Object.assign(target, { email: 'a.y@example.test' });
    const missed = await searchPeople(adminClient(sandbox()), 'yilmaz', new AbortController().signal);
    assert.deepEqual(missed, { via: 'search', people: [], total: 0, complete: true });
  });

  it('answers the query types, operators and paging of UserSearchRequest, leaving empty fields out', async () => {
    const target = lastUser();
    const [given] = target.email.split('@')[0].split('.');
    const byEmail = (type: string, value: string, operator?: string) => ({ type, fields: ['email'], value, ...(operator && { operator }) });
    const contains = await post({ pageSize: 3, query: [byEmail('CONTAINS', given.toUpperCase())] });
    const expected = sandbox().org.users.filter((user) => user.email.includes(given));
    assert.equal(contains.status, 200);
    assert.equal(contains.json.total, expected.length);
    assert.equal(contains.json.pageCount, Math.ceil(expected.length / 3));
    assert.deepEqual(contains.json.types, ['users']);
    assert.deepEqual(
      contains.json.results.map((user: { id: string }) => user.id),
      expected.slice(0, 3).map((user) => user.id),
    );
    const exact = await post({ query: [byEmail('EXACT', target.email)] });
    assert.deepEqual(
      exact.json.results.map((user: { id: string }) => user.id),
      [target.id],
    );
    const starts = await post({ pageSize: 100, query: [byEmail('STARTS_WITH', `${given}.`)] });
    assert.ok(starts.json.results.every((user: { email: string }) => user.email.startsWith(`${given}.`)) && starts.json.total >= 1);
    const notTarget = await post({ query: [byEmail('CONTAINS', given), byEmail('EXACT', target.email, 'NOT')] });
    assert.equal(notTarget.json.total, expected.length - 1);
    const either = await post({ query: [byEmail('EXACT', target.email, 'OR'), byEmail('EXACT', sandbox().org.users[0].email, 'OR')] });
    assert.equal(either.json.total, 2);
    const query = await post({ query: [{ type: 'QUERY', fields: ['name', 'email'], value: target.name.toLowerCase() }] });
    assert.ok(query.json.results.some((user: { id: string }) => user.id === target.id));
    const nobody = await post({ query: [byEmail('EXACT', 'nobody@nowhere.test')] });
    assert.deepEqual(
      nobody.json,
      { total: 0, pageCount: 0, pageSize: 25, pageNumber: 1, types: ['users'], currentPage: '{"pageSize":25,"pageNumber":1}' },
      'no `results` key when none match',
    );
    const nextPage = await post({ pageSize: 3, pageNumber: 2, query: [byEmail('CONTAINS', given)] });
    assert.deepEqual(
      nextPage.json.results.map((user: { id: string }) => user.id),
      expected.slice(3, 6).map((user) => user.id),
    );
  });

  it("answers a bad request with Genesys' 400 body, which the client turns into an error", async () => {
    for (const [body, field] of [
      [{ pageSize: 101, query: [] }, 'pageSize'],
      [{ pageNumber: 0 }, 'pageNumber'],
      [{ query: [{ type: 'SOUNDS_LIKE', fields: ['name'], value: 'x' }] }, 'query[0].type'],
      [{ query: [{ type: 'CONTAINS', value: 'x' }] }, 'query[0].fields'],
      [{ query: [{ type: 'CONTAINS', fields: ['name'] }] }, 'query[0].value'],
      [{ query: [{ type: 'CONTAINS', fields: ['password'], value: 'x' }] }, 'query[0].fields'],
    ] as const) {
      const answer = await post(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.json.code, 'invalid.value');
      assert.equal(answer.json.details[0].fieldName, field);
    }
    assert.equal((await post([1, 2])).status, 400, 'a body that is not an object');
    const refused = await failureOf(() => adminClient(sandbox()).searchUsers({ text: '  ' }));
    assert.equal((refused as GenesysApiError).kind, 'invalid-argument', 'empty text is not sent');
  });

  it('refuses an answer of another shape', async () => {
    sandbox().faults.add({ path: SEARCH, fault: { kind: 'transform', transform: (json) => ({ ...(json as object), results: [{ name: 'no id' }] }) } });
    const error = await failureOf(() => adminClient(sandbox()).searchUsers({ text: lastUser().name }));
    assert.equal(error.kind, 'malformed-response');
    assert.match(error.field, /^results\[0\]\.id$/);
  });

  it('a refused search (403, 404, 400) is an answer to fall back from, and is logged', async () => {
    const logged: string[] = [];
    const logger = { debug() {}, info: (line: string) => logged.push(line), warn() {}, error() {} };
    for (const status of [403, 404, 400]) {
      sandbox().faults.add({ path: SEARCH, fault: { kind: 'status', status }, times: 1 });
      const result = await searchPeople(adminClient(sandbox(), { logger }), 'anyone', new AbortController().signal);
      assert.equal(result.via, 'refused', `${status}`);
    }
    assert.equal(logged.filter((line) => /directory's search was refused/.test(line)).length, 3);
    sandbox().faults.add({ path: SEARCH, fault: { kind: 'status', status: 500 } });
    assert.equal(
      (await failureOf(() => searchPeople(adminClient(sandbox(), { retry: { maxAttempts: 1 } }), 'anyone', new AbortController().signal))).status,
      500,
      'other failures are errors',
    );
  });
});
