import * as assert from 'node:assert/strict';
import fetch from 'node-fetch';
import { startSandbox } from '../../../src/sandbox';
import { call, useSandbox } from './helpers';
import { waitUntil } from '../../waitUntil';

describe('sandbox lifecycle', () => {
  describe('latency, concurrency and stats', () => {
    const sandbox = useSandbox({ userCount: 1000, latencyMs: 60 });

    it('adds latency before answers without serialising parallel requests', async () => {
      const token = sandbox().issueToken();
      sandbox().stats.reset();
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => call(sandbox(), `/api/v2/license/users?pageSize=50&pageNumber=${i + 1}`, { token })),
      );
      const elapsed = Date.now() - started;
      assert.ok(answers.every((answer) => answer.status === 200));
      assert.ok(elapsed >= 55, `answered in ${elapsed} ms despite 60 ms latency`);
      // Not a time limit (a busy machine makes any limit flaky): the requests were held at the same time.
      assert.ok(sandbox().stats.peakInFlight >= 10, `peakInFlight ${sandbox().stats.peakInFlight}: latency is serialising them`);
      assert.equal(sandbox().stats.byRoute['GET /api/v2/license/users'], 20);
      assert.equal(sandbox().stats.requests, 20);
      assert.equal(sandbox().stats.inFlight, 0);
    });

    it('applies latency to OAuth too, and setLatency changes it at run time', async () => {
      sandbox().setLatency(120);
      const slow = Date.now();
      const { status } = await call(sandbox(), '/oauth/token', { method: 'POST' });
      assert.equal(status, 400);
      assert.ok(Date.now() - slow >= 110);
      sandbox().setLatency(60);
    });

    it('counts routes by template and resets', async () => {
      sandbox().stats.reset();
      const token = sandbox().issueToken();
      const [a, b] = sandbox().org.users;
      await Promise.all([a, b].map((user) => call(sandbox(), `/api/v2/license/users/${user.id}`, { token })));
      await call(sandbox(), '/no/such/path', { token });
      assert.deepEqual(sandbox().stats.byRoute, { 'GET /api/v2/license/users/{userId}': 2, 'GET /no/such/path': 1 });
      sandbox().stats.reset();
      assert.deepEqual([sandbox().stats.requests, sandbox().stats.byRoute], [0, {}]);
    });
  });

  describe('close()', () => {
    it('closes promptly with a hanging request and a request waiting out latency', async () => {
      const pendingTimers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
      const sandbox = await startSandbox({ userCount: 1, latencyMs: 5_000 });
      sandbox.faults.add({ path: '/api/v2/license/definitions', fault: { kind: 'hang' } });
      const hanging = fetch(`${sandbox.url}/api/v2/license/definitions`).catch((error: Error) => error);
      const waiting = fetch(`${sandbox.url}/api/v2/tokens/me`).catch((error: Error) => error);
      let closeMs: number;
      let timersWhileWaiting = 0;
      try {
        await waitUntil(() => sandbox.stats.inFlight === 2, 'both requests at the sandbox');
        timersWhileWaiting = pendingTimers();
      } finally {
        const started = Date.now();
        await sandbox.close();
        closeMs = Date.now() - started;
      }
      // Well before the 5 s of latency would have run out: close did not wait for it (a busy machine may add a little).
      assert.ok(closeMs < 2_500, `close took ${closeMs} ms`);
      // Both requests were waiting out the latency; their timers must not outlive the sandbox.
      assert.ok(pendingTimers() <= timersWhileWaiting - 2, 'latency timers outlive the sandbox');
      const [hangingOutcome, waitingOutcome] = await Promise.all([hanging, waiting]);
      assert.ok(hangingOutcome instanceof Error && waitingOutcome instanceof Error);
      await assert.rejects(fetch(`${sandbox.url}/api/v2/tokens/me`), /ECONNREFUSED/);
      await sandbox.close(); // a second close is harmless
    });
  });

  describe('options', () => {
    it('rejects invalid options with a clear message', async () => {
      await assert.rejects(startSandbox({ userCount: -1 }), /userCount must be an integer/);
      await assert.rejects(startSandbox({ rateLimit: { requests: 0, windowMs: 1000 } }), /rateLimit.requests/);
    });
  });
});
