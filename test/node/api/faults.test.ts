import * as assert from 'node:assert/strict';
import { defaultFetch, type RetryNotice, type ScanProgress } from '../../../src/api';
import { adminClient, failureOf, useSandbox } from './helpers';

/** Faults during a real 20 000-user scan: the org's totals must come out exact, or the failure must be plain. */
describe('Under faults: a 20 000-user scan', function () {
  this.timeout(60_000);
  const sandbox = useSandbox({ userCount: 20_000, seed: 3, rateLimit: false });
  const USERS = '/api/v2/license/users';
  const expectExact = (users: { id: string; licenses: string[] }[]) => {
    const org = sandbox().org.users;
    assert.equal(users.length, org.length);
    assert.deepEqual(
      users.map((user) => user.id),
      org.map((user) => user.id),
    );
    assert.deepEqual(
      users.map((user) => user.licenses),
      org.map((user) => user.licenses),
    );
  };

  it('completes with exact totals when 5 % of requests answer 503', async () => {
    sandbox().faults.add({ path: USERS, probability: 0.05, fault: { kind: 'status', status: 503 } });
    sandbox().stats.reset();
    const notices: RetryNotice[] = [];
    expectExact(await adminClient(sandbox(), { onRetry: (notice) => notices.push(notice) }).scanUsers());
    assert.ok(notices.length > 0, 'some 503s were met and retried');
    assert.equal(sandbox().stats.byRoute[`GET ${USERS}`], 200 + notices.length);
  });

  it('waits out a burst of 429s as Retry-After says, telling the listener, and completes', async () => {
    sandbox().faults.add({ path: USERS, times: 6, fault: { kind: 'rateLimit', retryAfterSeconds: 1 } });
    const notices: RetryNotice[] = [];
    const started = Date.now();
    expectExact(await adminClient(sandbox(), { onRetry: (notice) => notices.push(notice) }).scanUsers());
    assert.ok(notices.length >= 6 && notices.every((notice) => notice.reason === 'rate-limited'));
    assert.ok(Date.now() - started >= 1000, 'it waited');
  });

  it('renews an expired token mid-scan and completes', async () => {
    sandbox().stats.reset();
    let expired = false;
    const users = await adminClient(sandbox()).scanUsers({
      onProgress: (progress) => {
        if (!expired && progress.pagesLoaded >= 40) {
          expired = true;
          sandbox().expireAllTokens();
        }
      },
    });
    expectExact(users);
    assert.ok(expired);
    assert.equal(sandbox().stats.byRoute['POST /oauth/token'], 2, 'the first token and its renewal');
  });

  it('fails plainly when the server goes away mid-scan, then resumes: only the missing pages are asked again', async () => {
    // Count what the client sends: the server's tally also catches aborted requests of the first run arriving late.
    const pagesAsked: number[] = [];
    const client = adminClient(sandbox(), {
      retry: { maxAttempts: 2, baseDelayMs: 5 },
      fetch: (url, init) => {
        if (new URL(url).pathname === USERS) {
          pagesAsked.push(Number(new URL(url).searchParams.get('pageNumber')));
        }
        return defaultFetch(url, init);
      },
    });
    const scan = client.createUsersScan();
    let gone = false;
    const error = await failureOf(() =>
      scan.run({
        onProgress: (progress: ScanProgress) => {
          if (!gone && progress.pagesLoaded >= 60) {
            gone = true;
            sandbox().faults.add({ path: USERS, fault: { kind: 'disconnect' } });
          }
        },
      }),
    );
    assert.equal(error.kind, 'network');
    assert.equal(scan.complete, false, 'partial data is not presented as complete');
    const loadedBefore = scan.pagesLoaded;
    assert.ok(loadedBefore >= 60 && loadedBefore < 200, `${loadedBefore} pages were in`);
    sandbox().faults.clear();
    pagesAsked.length = 0;
    expectExact(await scan.run());
    assert.equal(pagesAsked.length, 200 - loadedBefore, 'only the missing pages');
    assert.equal(new Set(pagesAsked).size, pagesAsked.length, 'each once');
  });

  it('cancels while the server holds every request', async () => {
    // The server never answers: only the cancel can end the scan (without it, the test runs into mocha's timeout).
    sandbox().faults.add({ path: USERS, fault: { kind: 'hang' } });
    const controller = new AbortController();
    const scan = adminClient(sandbox()).scanUsers({ signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const error = await failureOf(() => scan);
    assert.equal(error.kind, 'cancelled');
  });
});
