import * as assert from 'node:assert/strict';
import { createLicenseClient, defaultFetch, type FetchLike, GenesysApiError, type RetryNotice } from '../../../src/api';
import { adminClient, failureOf, useSandbox } from './helpers';
import { waitUntil } from '../../waitUntil';

describe('License API client: unhappy paths', () => {
  const sandbox = useSandbox({ userCount: 300 });
  const DEFINITIONS = '/api/v2/license/definitions';

  it('401: reports an expired pasted token with its status, code and correlation ID, and tries only once', async () => {
    const token = sandbox().issueToken();
    sandbox().expireToken(token);
    sandbox().stats.reset();
    const error = await failureOf(() => createLicenseClient({ environment: sandbox().url, credentials: { accessToken: token } }).listDefinitions());
    assert.ok(error instanceof GenesysApiError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'bad.credentials');
    assert.ok(error.isUnauthorized);
    assert.match(error.correlationId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(sandbox().stats.requests, 1);
  });

  it('401: renews a client-credentials token once and succeeds', async () => {
    const client = adminClient(sandbox());
    await client.listDefinitions();
    sandbox().expireAllTokens();
    sandbox().stats.reset();
    const definitions = await client.listDefinitions();
    assert.equal(definitions.length, sandbox().org.definitions.length);
    assert.equal(sandbox().stats.byRoute['POST /oauth/token'], 1, 'one new token');
    assert.equal(sandbox().stats.byRoute[`GET ${DEFINITIONS}`], 2, 'the refused request and its retry');
  });

  it('fetches the client-credentials token lazily and shares it between parallel requests', async () => {
    sandbox().stats.reset();
    const client = adminClient(sandbox());
    assert.equal(sandbox().stats.requests, 0);
    await Promise.all([client.listDefinitions(), client.listUsersPage(), client.getTokenInfo()]);
    assert.equal(sandbox().stats.byRoute['POST /oauth/token'], 1);
  });

  it('reports wrong client credentials as an auth error that says what to check', async () => {
    const error = await failureOf(() =>
      createLicenseClient({
        environment: sandbox().url,
        credentials: { clientId: sandbox().clients.admin.clientId, clientSecret: 'wrong-secret' },
      }).listDefinitions(),
    );
    assert.equal(error.kind, 'auth');
    assert.equal(error.code, 'invalid_client');
    assert.match(error.message, /client ID and secret/);
    assert.doesNotMatch(error.message, /wrong-secret/);
  });

  it('403: names the missing permissions', async () => {
    const { clientId, clientSecret } = sandbox().clients.readOnly;
    const client = createLicenseClient({ environment: sandbox().url, credentials: { clientId, clientSecret } });
    const user = sandbox().org.users[0];
    const error = await failureOf(() => client.assignLicenses({ assignments: [{ licenseId: 'cloudCX1', userIdsAdd: [user.id], userIdsRemove: [] }] }));
    assert.equal(error.status, 403);
    assert.ok(error.isForbidden);
    assert.deepEqual(error.missingPermissions, ['authorization:grant:add']);
    const { clientId: noneId, clientSecret: noneSecret } = sandbox().clients.noPermissions;
    const none = await failureOf(() =>
      createLicenseClient({ environment: sandbox().url, credentials: { clientId: noneId, clientSecret: noneSecret } }).listDefinitions(),
    );
    assert.deepEqual([...none.missingPermissions].sort(), ['authorization:grant:add', 'authorization:license:view']);
  });

  it('404: an unknown license or user is not found', async () => {
    const client = adminClient(sandbox());
    const definition = await failureOf(() => client.getDefinition('no-such-license'));
    assert.equal(definition.status, 404);
    assert.equal(definition.code, 'not.found');
    const user = await failureOf(() => client.getUserLicenses('00000000-0000-4000-8000-000000000000'));
    assert.ok(user.isNotFound);
  });

  it('429: waits what Retry-After says, tells the listener, then succeeds', async () => {
    sandbox().faults.add({ path: DEFINITIONS, times: 1, fault: { kind: 'rateLimit', retryAfterSeconds: 1 } });
    const notices: RetryNotice[] = [];
    const started = Date.now();
    const definitions = await adminClient(sandbox(), { onRetry: (notice) => notices.push(notice) }).listDefinitions();
    const elapsed = Date.now() - started;
    assert.equal(definitions.length, sandbox().org.definitions.length);
    assert.ok(elapsed >= 1000, `waited only ${elapsed} ms`);
    assert.equal(notices.length, 1);
    // What it meant to wait (Retry-After in seconds, plus at most 250 ms of jitter), not a measured time.
    assert.ok(notices[0].delayMs >= 1000 && notices[0].delayMs < 1250, `planned a wait of ${notices[0].delayMs} ms`);
    assert.equal(notices[0].reason, 'rate-limited');
    assert.equal(notices[0].limitKey, 'token.rate.per.minute');
  });

  it('429: reports a wait longer than the client accepts, with Retry-After and the limit key', async () => {
    sandbox().faults.add({ path: DEFINITIONS, fault: { kind: 'rateLimit', retryAfterSeconds: 600 } });
    const error = await failureOf(() => adminClient(sandbox()).listDefinitions());
    assert.ok(error.isRateLimited);
    assert.equal(error.retryAfterSeconds, 600);
    assert.equal(error.limitKey, 'token.rate.per.minute');
  });

  it("paces itself under the token's budget: a scan past the budget completes without a single 429", async () => {
    const limit = { requests: 6, windowMs: 600 };
    sandbox().setRateLimit(limit);
    try {
      sandbox().stats.reset();
      const users = await adminClient(sandbox(), { rateBudget: limit }).scanUsers({ pageSize: 20 });
      assert.equal(users.length, sandbox().org.users.length);
      assert.equal(sandbox().stats.status429, 0);
      assert.ok(sandbox().stats.byRoute['GET /api/v2/license/users'] > limit.requests * 2);
    } finally {
      sandbox().setRateLimit(false);
    }
  });

  it('keeps under the budget when requests reach the server late and unevenly (latency jitter, a busy machine)', async () => {
    const limit = { requests: 6, windowMs: 600 };
    sandbox().setRateLimit(limit);
    try {
      sandbox().stats.reset();
      // Every third request leaves late: the server counts it well after the client let it go.
      let sent = 0;
      const lateFetch: FetchLike = async (url, init) => {
        if (++sent % 3 === 1) {
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        return defaultFetch(url, init);
      };
      const users = await adminClient(sandbox(), { rateBudget: limit, fetch: lateFetch, retry: { maxRateLimitRetries: 0 } }).scanUsers({ pageSize: 20 });
      assert.equal(users.length, sandbox().org.users.length);
      assert.equal(sandbox().stats.status429, 0);
    } finally {
      sandbox().setRateLimit(false);
    }
  });

  it('without pacing, rides out the real rate limiter by honouring its Retry-After', async () => {
    const limit = { requests: 6, windowMs: 600 };
    sandbox().setRateLimit(limit);
    try {
      sandbox().stats.reset();
      const users = await adminClient(sandbox(), { rateBudget: false }).scanUsers({ pageSize: 25 });
      assert.equal(users.length, sandbox().org.users.length);
      assert.ok(sandbox().stats.status429 > 0, 'the limiter was hit');
    } finally {
      sandbox().setRateLimit(false);
    }
  });

  it('503: retries a read with backoff and succeeds', async () => {
    sandbox().faults.add({ path: DEFINITIONS, times: 2, fault: { kind: 'status', status: 503 } });
    const notices: RetryNotice[] = [];
    sandbox().stats.reset();
    const definitions = await adminClient(sandbox(), { onRetry: (notice) => notices.push(notice) }).listDefinitions();
    assert.equal(definitions.length, sandbox().org.definitions.length);
    assert.equal(sandbox().stats.byRoute[`GET ${DEFINITIONS}`], 3);
    assert.deepEqual(
      notices.map((notice) => notice.status),
      [503, 503],
    );
  });

  it('5xx: gives up after the attempt limit with the Genesys error', async () => {
    sandbox().faults.add({ path: DEFINITIONS, fault: { kind: 'status', status: 502, message: 'Bad gateway upstream' } });
    sandbox().stats.reset();
    const error = await failureOf(() => adminClient(sandbox(), { retry: { maxAttempts: 3, baseDelayMs: 5 } }).listDefinitions());
    assert.equal(error.status, 502);
    assert.equal(error.message, 'Bad gateway upstream');
    assert.equal(sandbox().stats.byRoute[`GET ${DEFINITIONS}`], 3);
  });

  it('500: is not retried', async () => {
    sandbox().faults.add({ path: DEFINITIONS, fault: { kind: 'status', status: 500 } });
    sandbox().stats.reset();
    const error = await failureOf(() => adminClient(sandbox()).listDefinitions());
    assert.equal(error.status, 500);
    assert.equal(sandbox().stats.byRoute[`GET ${DEFINITIONS}`], 1);
  });

  it('a write that meets a 503 is never resent, and says its outcome is unknown', async () => {
    sandbox().faults.add({ path: '/api/v2/license/organization', fault: { kind: 'status', status: 503 } });
    sandbox().stats.reset();
    const user = sandbox().org.users[0];
    const error = await failureOf(() =>
      adminClient(sandbox()).assignLicenses({ assignments: [{ licenseId: 'cloudCX1', userIdsAdd: [user.id], userIdsRemove: [] }] }),
    );
    assert.equal(error.status, 503);
    assert.equal(error.outcomeUnknown, true);
    assert.equal(sandbox().stats.byRoute['POST /api/v2/license/organization'], 1);
  });

  it('a write whose answer is lost after it took effect is not sent twice', async () => {
    const license = sandbox().org.definitions.find((definition) => !definition.prerequisites?.length)?.id as string;
    const user = sandbox().org.users.find((candidate) => !candidate.licenses.includes(license));
    assert.ok(user);
    sandbox().faults.add({ path: '/api/v2/license/organization', times: 1, fault: { kind: 'applyThenDisconnect' } });
    sandbox().stats.reset();
    const error = await failureOf(() =>
      adminClient(sandbox()).assignLicenses({ assignments: [{ licenseId: license, userIdsAdd: [user.id], userIdsRemove: [] }] }),
    );
    assert.equal(error.kind, 'network');
    assert.equal(error.outcomeUnknown, true);
    assert.equal(sandbox().stats.byRoute['POST /api/v2/license/organization'], 1);
    assert.ok(sandbox().org.userById(user.id)?.licenses.includes(license), 'the server did apply it');
  });

  it('a dropped connection on a read is retried', async () => {
    sandbox().faults.add({ path: DEFINITIONS, times: 1, fault: { kind: 'disconnect' } });
    const definitions = await adminClient(sandbox()).listDefinitions();
    assert.equal(definitions.length, sandbox().org.definitions.length);
  });

  it('times out a request that gets no answer, within the limit', async () => {
    sandbox().faults.add({ path: DEFINITIONS, fault: { kind: 'hang' } });
    // The server never answers: only the client's own limit can end this call.
    const error = await failureOf(() => adminClient(sandbox(), { timeoutMs: 300 }).listDefinitions());
    assert.equal(error.kind, 'timeout');
  });

  it('reports malformed JSON, a proxy HTML page and an empty body as such', async () => {
    const client = adminClient(sandbox());
    sandbox().faults.add({ path: DEFINITIONS, times: 1, fault: { kind: 'malformedJson' } });
    const malformed = await failureOf(() => client.listDefinitions());
    assert.equal(malformed.kind, 'malformed-response');
    assert.equal(malformed.code, 'malformed.json');

    sandbox().faults.add({ path: DEFINITIONS, fault: { kind: 'html', status: 200 } });
    const html = await failureOf(() => client.listDefinitions());
    assert.equal(html.kind, 'malformed-response');
    assert.match(html.message, /HTML page/);
    sandbox().faults.clear();

    sandbox().faults.add({ path: DEFINITIONS, fault: { kind: 'html', status: 502 } });
    const gateway = await failureOf(() => adminClient(sandbox(), { retry: { maxAttempts: 1 } }).listDefinitions());
    assert.equal(gateway.status, 502);
    assert.match(gateway.message, /HTML page/);
    sandbox().faults.clear();

    sandbox().faults.add({ path: DEFINITIONS, times: 1, fault: { kind: 'emptyBody' } });
    const empty = await failureOf(() => client.listDefinitions());
    assert.equal(empty.code, 'empty.body');
  });

  it('cancels a scan and sends nothing more afterwards', async () => {
    sandbox().setLatency(200);
    const controller = new AbortController();
    // Counted where the client lets a request go: one already on its way when the cancel came may still reach the
    // server later on a busy machine, but none may leave after it.
    let sentAfterCancel = 0;
    const countingFetch: FetchLike = (url, init) => {
      sentAfterCancel += controller.signal.aborted ? 1 : 0;
      return defaultFetch(url, init);
    };
    const scan = adminClient(sandbox(), { maxConcurrency: 2, fetch: countingFetch }).scanUsers({ pageSize: 10, signal: controller.signal });
    await waitUntil(() => sandbox().stats.requests >= 3, 'the scan under way');
    // From now on the server holds every request: only the cancel can end the scan.
    sandbox().faults.add({ path: '/api/v2/license/users', fault: { kind: 'hang' } });
    controller.abort();
    const error = await failureOf(() => scan);
    assert.equal(error.kind, 'cancelled');
    await new Promise((resolve) => setTimeout(resolve, 450));
    assert.equal(sentAfterCancel, 0, 'no request left after the cancel');
  });

  it('refuses to send credentials over plain http to a host that is not this machine', async () => {
    let fetched = false;
    const error = await failureOf(async () =>
      createLicenseClient({
        environment: 'http://api.mypurecloud.ie',
        credentials: { accessToken: 'secret-token-value' },
        fetch: async () => {
          fetched = true;
          throw new Error('must not be called');
        },
      }),
    );
    assert.equal(error.kind, 'insecure-transport');
    assert.match(error.message, /plain http/);
    assert.equal(fetched, false);
  });
});
