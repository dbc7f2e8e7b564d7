// One full users scan in a process of its own, forked by the benchmark with --expose-gc: its time and memory are
// then its own, not shared with the sandbox (which stays in the parent) nor with earlier rounds or the other client.
//   node --expose-gc out/test/bench/scanWorker.js '<ScanJob as JSON>'   → sends one ScanResult over IPC
import { createHash } from 'crypto';

/**
 * `health`: our License Health report, whose users (every state) come in the same listing order as the scan's.
 * `bare`: the least any client can do here, the practical floor (see prepareBare).
 */
export type ScanClient = 'ours' | 'sdk' | 'health' | 'bare';

export interface ScanJob {
  client: ScanClient;
  sandboxUrl: string;
  clientId: string;
  clientSecret: string;
  pageSize: number;
  /** Our client paces itself under the token's budget unless this is false (for a sandbox without a rate limit). */
  paced: boolean;
  /** Our client only: the org's size from the last known state, so the scan asks its first pages together. */
  expectedUsers?: number;
}

export interface ScanResult {
  elapsedMs: number;
  userCount: number;
  /** Digest of the user IDs in listing order, to check the scan against the org. */
  idsDigest: string;
  /** Heap used after the scan minus before it, each after a full GC, with the scanned users still held. */
  heapGrowthBytes: number;
  /** The process's peak resident set minus its resident set just before the scan. */
  rssGrowthBytes: number;
}

export function digestOfIds(ids: readonly string[]): string {
  return createHash('sha256').update(ids.join('\n')).digest('hex');
}

/** Resolves when the scan is done, to what lists the users it read: called once the clock has stopped. */
type Scan = () => Promise<() => { id?: string }[]>;

/** Our client with its default settings; the token is fetched before the clock starts, as for the SDK. */
async function prepareOurs(job: ScanJob): Promise<Scan> {
  const { createLicenseClient } = await import('../../src/api');
  const client = createLicenseClient({
    environment: job.sandboxUrl,
    credentials: { clientId: job.clientId, clientSecret: job.clientSecret },
    ...(job.paced ? {} : { rateBudget: false as const }),
  });
  await client.getAccessToken();
  return async () => {
    const users = await client.scanUsers({ pageSize: job.pageSize, expectedUsers: job.expectedUsers });
    return () => users;
  };
}

/** The whole License Health read and its findings, with our client's default settings. */
async function prepareHealth(job: ScanJob): Promise<Scan> {
  const { createLicenseClient } = await import('../../src/api');
  const { readHealthInput } = await import('../../src/core/healthLookups');
  const { licenseHealth } = await import('../../src/core/licenseHealth');
  const client = createLicenseClient({ environment: job.sandboxUrl, credentials: { clientId: job.clientId, clientSecret: job.clientSecret } });
  await client.getAccessToken();
  return async () => {
    const input = await readHealthInput(client, { idleDays: 90, signal: new AbortController().signal });
    licenseHealth(input);
    return () => [...input.users];
  };
}

/**
 * The practical floor: the same requests as ours, `concurrency` at a time over keep-alive connections, each page's
 * bytes kept and nothing else done while the clock runs (no validation, pacing, retries, time limit or progress).
 * What the sandbox and Node's HTTP on this machine cost per request shows here; what is left above it is our client's.
 * The pages are parsed after the clock stops, to check that every user was read.
 */
async function prepareBare(job: ScanJob): Promise<Scan> {
  const { createLicenseClient } = await import('../../src/api');
  const http = await import('node:http');
  const client = createLicenseClient({ environment: job.sandboxUrl, credentials: { clientId: job.clientId, clientSecret: job.clientSecret } });
  // Node's global agent keeps connections alive, as ours does: the token's connection is reused by the first page.
  const token = await client.getAccessToken();
  if (!job.expectedUsers) {
    throw new Error('the bare client reads the pages the org is known to have: give it expectedUsers');
  }
  const pageCount = Math.ceil(job.expectedUsers / job.pageSize);
  const read = (pageNumber: number) =>
    new Promise<Buffer>((resolve, reject) => {
      const url = `${job.sandboxUrl}/api/v2/license/users?pageSize=${job.pageSize}&pageNumber=${pageNumber}`;
      http
        .get(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            response.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`page ${pageNumber}: HTTP ${response.statusCode}`)),
          );
          response.on('error', reject);
        })
        .on('error', reject);
    });
  return async () => {
    const bodies: Buffer[] = new Array<Buffer>(pageCount);
    let next = 1;
    const chain = async () => {
      for (let pageNumber = next++; pageNumber <= pageCount; pageNumber = next++) {
        bodies[pageNumber - 1] = await read(pageNumber);
      }
    };
    await Promise.all(Array.from({ length: client.maxConcurrency }, chain));
    return () => bodies.flatMap((body) => (JSON.parse(body.toString('utf8')) as { entities: { id: string }[] }).entities);
  };
}

/** The official SDK through its documented gateway setting, paging as its documentation shows: one page after another. */
async function prepareSdk(job: ScanJob): Promise<Scan> {
  const { default: platformClient } = await import('purecloud-platform-client-v2');
  // The documented singleton: this process exists for this one scan. HOME is an empty folder (see run.ts), so the
  // SDK finds no config file there; live reload off stops it watching for one.
  const apiClient = platformClient.ApiClient.instance;
  apiClient.config.live_reload_config = false;
  const { hostname, port } = new URL(job.sandboxUrl);
  apiClient.setGateway({ host: hostname, protocol: 'http', port: Number(port), path_params_login: '', path_params_api: '' });
  await apiClient.loginClientCredentialsGrant(job.clientId, job.clientSecret);
  const licenseApi = new platformClient.LicenseApi(apiClient);
  return async () => {
    const users: { id?: string }[] = [];
    for (let pageNumber = 1, pageCount = 1; pageNumber <= pageCount; pageNumber++) {
      const page = await licenseApi.getLicenseUsers({ pageSize: job.pageSize, pageNumber });
      users.push(...(page.entities ?? []));
      pageCount = page.pageCount ?? 0;
    }
    return () => users;
  };
}

async function main(): Promise<void> {
  const gc = global.gc;
  if (!gc || !process.send) {
    throw new Error('scanWorker.js is forked by the benchmark with --expose-gc and an IPC channel');
  }
  const job = JSON.parse(process.argv[2] ?? '') as ScanJob;
  const prepare = { ours: prepareOurs, sdk: prepareSdk, health: prepareHealth, bare: prepareBare }[job.client];
  const scan = await prepare(job);

  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  const listUsers = await scan();
  const elapsedMs = performance.now() - started;
  const users = listUsers();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;

  const result: ScanResult = {
    elapsedMs,
    userCount: users.length,
    idsDigest: digestOfIds(users.map((user) => user.id ?? '')),
    heapGrowthBytes: heapAfter - before.heapUsed,
    rssGrowthBytes: process.resourceUsage().maxRSS * 1024 - before.rss,
  };
  process.send(result, () => process.exit(0));
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`scan worker: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
