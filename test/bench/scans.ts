// Full users scans against a sandbox in this process, each run by a fresh scan worker process.
import { fork } from 'child_process';
import * as path from 'path';
import { createLicenseClient } from '../../src/api';
import type { Sandbox } from '../../src/sandbox';
import { digestOfIds, type ScanClient, type ScanJob, type ScanResult } from './scanWorker';

/** Users per request, for both clients (our client's default), so that both send the same requests. */
export const PAGE_SIZE = 100;
const USERS_ROUTE = 'GET /api/v2/license/users';
/** A scan that takes longer than this is stuck: the slowest planned one (50 000 users, paced) takes about a minute. */
const WORKER_TIME_LIMIT_MS = 5 * 60_000;

/** The concurrency our client uses when not told otherwise, from a client that sends nothing. */
export function defaultConcurrency(): number {
  return createLicenseClient({ environment: 'http://127.0.0.1:1', credentials: { accessToken: 'unused' } }).maxConcurrency;
}

export interface ScanMeasurement extends ScanResult {
  client: ScanClient;
  /** Requests of the users listing the sandbox received (the token request before the scan not counted). */
  requests: number;
  /** Requests in flight at once at the sandbox, at most. */
  peakInFlight: number;
  status429: number;
  /** Every user of the org, in listing order, once. */
  complete: boolean;
}

/**
 * One scan by `client` of the whole org. `paced` false switches our client's pacing off, for a sandbox whose rate
 * limit is off too. `env` is the worker's environment.
 */
export async function measureScan(
  sandbox: Sandbox,
  client: ScanClient,
  paced: boolean,
  env: NodeJS.ProcessEnv,
  expectedUsers?: number,
): Promise<ScanMeasurement> {
  const { clientId, clientSecret } = sandbox.clients.admin;
  sandbox.stats.reset();
  const result = await runScanWorker({ client, sandboxUrl: sandbox.url, clientId, clientSecret, pageSize: PAGE_SIZE, paced, expectedUsers }, env);
  const { stats } = sandbox;
  return {
    ...result,
    client,
    requests: stats.byRoute[USERS_ROUTE] ?? 0,
    peakInFlight: stats.peakInFlight,
    status429: stats.status429,
    complete: result.idsDigest === digestOfIds(sandbox.org.users.map((user) => user.id)),
  };
}

function runScanWorker(job: ScanJob, env: NodeJS.ProcessEnv): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    const worker = fork(path.join(__dirname, 'scanWorker.js'), [JSON.stringify(job)], {
      execArgv: ['--expose-gc'],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ScanResult | undefined;
    const timer = setTimeout(() => worker.kill('SIGKILL'), WORKER_TIME_LIMIT_MS);
    worker.on('message', (message) => {
      result = message as ScanResult;
    });
    worker.on('error', reject);
    worker.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) {
        resolve(result);
      } else {
        const why = signal === 'SIGKILL' ? `was stopped after ${WORKER_TIME_LIMIT_MS / 1000} s` : `ended with ${signal ?? `exit code ${code}`}`;
        reject(new Error(`the ${job.client} scan worker ${why} without a result`));
      }
    });
  });
}
