import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fetch from 'node-fetch';
import { call, manualClock, useSandbox, UUID_V4 } from './helpers';

describe('sandbox errors', () => {
  const clock = manualClock();
  const sandbox = useSandbox({ userCount: 20, maxRequestBytes: 2000, clock: clock.now });

  it('answers every error as a Genesys ErrorBody with the correlation ID as contextId', async () => {
    const { status, headers, body } = await call(sandbox(), '/api/v2/nothing/here', { token: sandbox().issueToken() });
    assert.equal(status, 404);
    const correlationId = headers.get('inin-correlation-id') ?? '';
    assert.match(correlationId, UUID_V4);
    assert.match(headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(body, { message: body.message, code: 'not.found', status: 404, contextId: correlationId, details: [], errors: [] });
    assert.ok(body.message.length > 0);
  });

  describe('authentication', () => {
    it('answers 401 authentication.required without a bearer token', async () => {
      const { status, body } = await call(sandbox(), '/api/v2/license/definitions');
      assert.deepEqual([status, body.code], [401, 'authentication.required']);
    });

    it('answers 401 bad.credentials for unknown, expired and revoked tokens', async () => {
      assert.equal((await call(sandbox(), '/api/v2/license/definitions', { token: 'made-up' })).body.code, 'bad.credentials');

      const shortLived = sandbox().issueToken({ ttlSeconds: 0.15 });
      assert.equal((await call(sandbox(), '/api/v2/tokens/me', { token: shortLived })).status, 200);
      clock.advance(150);
      const expired = await call(sandbox(), '/api/v2/tokens/me', { token: shortLived });
      assert.deepEqual([expired.status, expired.body.code], [401, 'bad.credentials']);

      const expiredByHand = sandbox().issueToken();
      sandbox().expireToken(expiredByHand);
      assert.equal((await call(sandbox(), '/api/v2/tokens/me', { token: expiredByHand })).status, 401);

      const revoked = sandbox().issueToken();
      assert.equal((await call(sandbox(), '/api/v2/tokens/me', { token: revoked, method: 'DELETE' })).status, 204);
      assert.equal((await call(sandbox(), '/api/v2/tokens/me', { token: revoked })).status, 401);
    });

    it('expireAllTokens expires every access token', async () => {
      const tokens = [sandbox().issueToken(), sandbox().issueToken({ permissions: [] })];
      sandbox().expireAllTokens();
      const answers = await Promise.all(tokens.map((token) => call(sandbox(), '/api/v2/tokens/me', { token })));
      assert.deepEqual(
        answers.map((answer) => answer.status),
        [401, 401],
      );
    });
  });

  describe('permissions ("ANY of")', () => {
    const definitions = '/api/v2/license/definitions';

    it('lets each client do exactly what its permissions allow', async () => {
      const { admin, readOnly, noPermissions } = sandbox().clients;
      const status = async (permissions: string[], path: string, json?: unknown): Promise<number> =>
        (await call(sandbox(), path, { token: sandbox().issueToken({ permissions }), json })).status;
      assert.deepEqual(await Promise.all([admin, readOnly, noPermissions].map((client) => status(client.permissions, definitions))), [200, 200, 403]);
      assert.deepEqual(
        await Promise.all([admin, readOnly, noPermissions].map((client) => status(client.permissions, '/api/v2/license/organization', { assignments: [] }))),
        [200, 403, 403],
      );
      // The paged list, infer and the toggles need no permission.
      assert.equal(await status([], '/api/v2/license/users'), 200);
      assert.equal(await status([], '/api/v2/license/infer', []), 200);
      assert.equal(await status(['authorization:grant:add'], definitions), 200);
      assert.equal(await status(['directory:user:view'], '/api/v2/users'), 200);
      assert.equal(await status(['authorization:license:view'], '/api/v2/authorization/roles'), 403);
    });

    it('names the missing permissions in the message and in messageParams', async () => {
      const { status, body } = await call(sandbox(), definitions, { token: sandbox().issueToken({ permissions: [] }) });
      assert.equal(status, 403);
      assert.equal(body.code, 'missing.any.permissions');
      assert.equal(
        body.message,
        'Unable to perform the requested action. You are missing the following permission(s): [authorization:license:view, authorization:grant:add]',
      );
      assert.deepEqual(body.messageParams, { permissions: 'authorization:license:view, authorization:grant:add' });
    });
  });

  describe('request bodies', () => {
    it('answers 415 to a POST body that is not application/json', async () => {
      const { status, body } = await call(sandbox(), '/api/v2/license/users', {
        token: sandbox().issueToken(),
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: '[]',
      });
      assert.deepEqual([status, body.code], [415, 'unsupported.media.type']);
    });

    it('answers 400 bad.request to unparsable JSON', async () => {
      const { status, body } = await call(sandbox(), '/api/v2/license/users', {
        token: sandbox().issueToken(),
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '["a", ',
      });
      assert.deepEqual([status, body.code], [400, 'bad.request']);
    });

    it('answers 413 to a body over the limit, declared by Content-Length', async () => {
      const ids = Array.from({ length: 100 }, (_, i) => `user-${i}-padding-padding`);
      const { status, body } = await call(sandbox(), '/api/v2/license/users', { token: sandbox().issueToken(), json: ids });
      assert.deepEqual([status, body.code], [413, 'request.too.large']);
    });

    it('answers 413 to a chunked body that grows over the limit while streaming', async () => {
      const chunks = Array.from({ length: 10 }, () => Buffer.from(`"${'x'.repeat(300)}",`));
      const response = await fetch(`${sandbox().url}/api/v2/license/users`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${sandbox().issueToken()}`, 'Content-Type': 'application/json' },
        body: Readable.from([Buffer.from('['), ...chunks, Buffer.from('"end"]')]),
      });
      assert.equal(response.status, 413);
      assert.equal(((await response.json()) as { code: string }).code, 'request.too.large');
    });
  });

  describe('rate limit', () => {
    const limitedClock = manualClock();
    const limited = useSandbox({ userCount: 5, rateLimit: { requests: 5, windowMs: 500 }, clock: limitedClock.now });

    it('answers 429 with Retry-After and the documented body, then recovers as the window slides', async () => {
      const token = limited().issueToken();
      const otherToken = limited().issueToken();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await call(limited(), '/api/v2/license/users', { token })).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
      const rejected = await call(limited(), '/api/v2/license/users', { token });
      assert.equal(rejected.status, 429);
      assert.equal(rejected.headers.get('retry-after'), '1');
      assert.deepEqual(
        { ...rejected.body, contextId: undefined },
        {
          message: 'Rate limit exceeded the maximum. Retry the request in [1] seconds',
          code: 'too.many.requests',
          status: 429,
          limit: { key: 'token.rate.per.minute', namespace: 'platform.api', value: 5 },
          contextId: undefined,
          details: [],
          errors: [],
        },
      );
      // Limits are per token.
      assert.equal((await call(limited(), '/api/v2/license/users', { token: otherToken })).status, 200);
      // Rejected requests do not count: five more rejections half-way through the window must not
      // keep the token blocked once the five admitted requests have slid out of it.
      limitedClock.advance(250);
      for (let i = 0; i < 5; i++) {
        assert.equal((await call(limited(), '/api/v2/license/users', { token })).status, 429);
      }
      assert.ok(limited().stats.status429 >= 6);
      limitedClock.advance(250);
      assert.equal((await call(limited(), '/api/v2/license/users', { token })).status, 200);
    });

    it('can be switched off and on at run time', async () => {
      const token = limited().issueToken();
      limited().setRateLimit(false);
      const answers = await Promise.all(Array.from({ length: 12 }, () => call(limited(), '/api/v2/tokens/me', { token })));
      assert.ok(answers.every((answer) => answer.status === 200));
      limited().setRateLimit({ requests: 1, windowMs: 10_000 });
      assert.equal((await call(limited(), '/api/v2/tokens/me', { token })).status, 200);
      const rejected = await call(limited(), '/api/v2/tokens/me', { token });
      assert.deepEqual([rejected.status, rejected.headers.get('retry-after')], [429, '10']);
    });
  });
});
