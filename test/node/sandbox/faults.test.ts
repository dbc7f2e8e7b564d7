import * as assert from 'node:assert/strict';
import fetch from 'node-fetch';
import { Sandbox, startSandbox } from '../../../src/sandbox';
import { call, useSandbox } from './helpers';

describe('sandbox faults', () => {
  const sandbox = useSandbox({ userCount: 20 });
  let token: string;
  before(() => {
    token = sandbox().issueToken();
  });
  afterEach(() => sandbox().faults.clear());

  const definitions = '/api/v2/license/definitions';

  it("'status' answers a Genesys ErrorBody with the given status and headers, `times` times", async () => {
    sandbox().faults.add({ path: definitions, times: 1, fault: { kind: 'status', status: 503, headers: { 'Retry-After': '2' } } });
    const faulted = await call(sandbox(), definitions, { token });
    assert.equal(faulted.status, 503);
    assert.equal(faulted.headers.get('retry-after'), '2');
    assert.deepEqual([faulted.body.code, faulted.body.status, faulted.body.message], ['service.unavailable', 503, 'Service Unavailable']);
    assert.equal(faulted.body.contextId, faulted.headers.get('inin-correlation-id'));
    assert.equal((await call(sandbox(), definitions, { token })).status, 200);

    sandbox().faults.add({ fault: { kind: 'status', status: 409, code: 'conflict.custom', message: 'Try again' } });
    const custom = await call(sandbox(), '/oauth/token', { method: 'POST' });
    assert.deepEqual([custom.status, custom.body.code, custom.body.message], [409, 'conflict.custom', 'Try again']);
  });

  it("'rateLimit' answers 429 exactly like the rate limiter", async () => {
    const before429 = sandbox().stats.status429;
    sandbox().faults.add({ fault: { kind: 'rateLimit', retryAfterSeconds: 7 } });
    const { status, headers, body } = await call(sandbox(), definitions, { token });
    assert.equal(status, 429);
    assert.equal(headers.get('retry-after'), '7');
    assert.equal(body.message, 'Rate limit exceeded the maximum. Retry the request in [7] seconds');
    assert.deepEqual(body.limit, { key: 'token.rate.per.minute', namespace: 'platform.api', value: 300 });
    assert.equal(sandbox().stats.status429, before429 + 1);
  });

  it("'transform' rewrites the route's successful answer, from a copy of it", async () => {
    sandbox().faults.add({ path: definitions, times: 1, fault: { kind: 'transform', transform: (json) => ({ wrapped: json }) } });
    const transformed = await call(sandbox(), definitions, { token });
    assert.equal(transformed.status, 200);
    assert.equal(transformed.body.wrapped.length, sandbox().org.definitions.length);
    sandbox().faults.add({ path: definitions, times: 1, fault: { kind: 'transform', transform: (json) => ((json as { id: string }[])[0].id = 'changed') } });
    await call(sandbox(), definitions, { token });
    assert.notEqual(sandbox().org.definitions[0].id, 'changed', 'the org itself is untouched');
  });

  it("'hugeBody' streams a valid JSON list of the size asked, chunked or with its length declared", async () => {
    sandbox().stats.reset();
    sandbox().faults.add({ path: definitions, times: 1, fault: { kind: 'hugeBody', bytes: 3_000_000 } });
    const chunked = await call(sandbox(), definitions, { token });
    assert.deepEqual(
      [chunked.status, chunked.text.length, chunked.headers.get('content-length'), chunked.headers.get('transfer-encoding')],
      [200, 3_000_000, undefined, 'chunked'],
    );
    assert.equal(chunked.body[0].length, 3_000_000 - 4);
    assert.equal(sandbox().stats.bodyBytesSent, 3_000_000);
    sandbox().faults.add({ path: definitions, times: 1, fault: { kind: 'hugeBody', bytes: 10, declareLength: true } });
    const declared = await call(sandbox(), definitions, { token });
    assert.deepEqual([declared.text, declared.headers.get('content-length')], ['["xxxxxx"]', '10']);
    assert.throws(() => sandbox().faults.add({ fault: { kind: 'hugeBody', bytes: 3 } }), /at least 4 bytes/);
  });

  it("'delay' waits, then answers normally", async () => {
    sandbox().faults.add({ fault: { kind: 'delay', ms: 150 } });
    const started = Date.now();
    const { status } = await call(sandbox(), definitions, { token });
    assert.equal(status, 200);
    assert.ok(Date.now() - started >= 140);
  });

  it("'malformedJson', 'html' and 'emptyBody' answer broken bodies", async () => {
    const remove = sandbox().faults.add({ times: 1, fault: { kind: 'malformedJson' } });
    const malformed = await call(sandbox(), definitions, { token });
    assert.equal(malformed.status, 200);
    assert.match(malformed.headers.get('content-type') ?? '', /^application\/json/);
    assert.throws(() => JSON.parse(malformed.text), SyntaxError);
    assert.ok(malformed.text.length > 0);
    remove();

    sandbox().faults.add({ times: 1, fault: { kind: 'html' } });
    sandbox().faults.add({ times: 1, fault: { kind: 'html', status: 504 } });
    const html = await call(sandbox(), definitions, { token });
    assert.equal(html.status, 502);
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html.text, /<h1>502 Bad Gateway<\/h1>/);
    assert.equal((await call(sandbox(), definitions, { token })).status, 504);

    sandbox().faults.add({ times: 2, fault: { kind: 'emptyBody' } });
    const empty = await call(sandbox(), definitions, { token });
    assert.deepEqual([empty.status, empty.text, empty.headers.get('content-length')], [200, '', '0']);
    assert.match(empty.headers.get('content-type') ?? '', /^application\/json/);
  });

  it("'disconnect' destroys the socket without an answer", async () => {
    sandbox().faults.add({ fault: { kind: 'disconnect' } });
    await assert.rejects(fetch(`${sandbox().url}${definitions}`), /socket hang up|ECONNRESET/);
  });

  it("'applyThenDisconnect' changes the org, then drops the connection", async () => {
    const user = sandbox().org.users.find((candidate) => !candidate.licenses.includes('knowledge'));
    assert.ok(user);
    sandbox().faults.add({ method: 'POST', path: '/api/v2/license/organization', fault: { kind: 'applyThenDisconnect' } });
    const request = fetch(`${sandbox().url}/api/v2/license/organization`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ assignments: [{ licenseId: 'knowledge', userIdsAdd: [user.id], userIdsRemove: [] }] }),
    });
    await assert.rejects(request, /socket hang up|ECONNRESET/);
    assert.ok(user.licenses.includes('knowledge'));
  });

  it("'hang' never answers; the request ends when the client gives up", async () => {
    sandbox().faults.add({ fault: { kind: 'hang' } });
    const controller = new AbortController();
    const request = fetch(`${sandbox().url}${definitions}`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(request, { name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sandbox().stats.inFlight, 0);
  });

  it('matches by method, exact path, prefix and RegExp; the first matching rule wins; removers work', async () => {
    const faults = sandbox().faults;
    faults.add({ method: 'post', path: definitions, fault: { kind: 'status', status: 500 } });
    faults.add({ path: '/api/v2/license/defin*', fault: { kind: 'status', status: 501 } });
    faults.add({ path: /^\/api\/v2\/license\/definitions\/cloud/, fault: { kind: 'status', status: 502 } });
    const removeCatchAll = faults.add({ fault: { kind: 'status', status: 503 } });
    const statusOf = async (path: string): Promise<number> => (await call(sandbox(), path, { token })).status;
    assert.equal(await statusOf(definitions), 501);
    assert.equal(await statusOf('/api/v2/license/definitions/cloudCX1'), 501);
    assert.equal(await statusOf('/api/v2/tokens/me'), 503);
    removeCatchAll();
    assert.equal(await statusOf('/api/v2/tokens/me'), 200);
    faults.clear();
    faults.add({ path: /^\/api\/v2\/license\/definitions\/cloud/, fault: { kind: 'status', status: 502 } });
    assert.deepEqual([await statusOf('/api/v2/license/definitions/cloudCX1'), await statusOf('/api/v2/license/definitions/wem1')], [502, 200]);
  });

  it('draws `probability` from the seed, so two runs fault the same requests', async () => {
    const run = async (box: Sandbox): Promise<number[]> => {
      box.faults.add({ probability: 0.5, fault: { kind: 'status', status: 503 } });
      const boxToken = box.issueToken();
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        statuses.push((await call(box, '/api/v2/tokens/me', { token: boxToken })).status);
      }
      return statuses;
    };
    const [first, second] = await Promise.all([startSandbox({ userCount: 1, seed: 9 }), startSandbox({ userCount: 1, seed: 9 })]);
    try {
      const [a, b] = await Promise.all([run(first), run(second)]);
      assert.deepEqual(a, b);
      assert.ok(a.includes(200) && a.includes(503), `statuses: ${a.join(',')}`);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
