// The License Health report on the 20 000-user org beside the plain users scan, both in a fresh worker process
// against the same rate-limited sandbox: time, requests by route, 429s.
import type { Sandbox } from '../../src/sandbox';
import { formatCount, formatMs, formatRatio, median, type Table, type TargetCheck } from './report';
import { measureScan, type ScanMeasurement } from './scans';

const ROUNDS = 3;
export const HEALTH_TARGET = { maxRequests: 300, timeOverScan: 2 };

export interface HealthRun {
  scan: ScanMeasurement;
  health: ScanMeasurement;
  /** Every API request of the health run (the token request not counted), and per route. */
  healthRequests: number;
  healthRoutes: Record<string, number>;
  roleSets: number;
}

export interface HealthComparison {
  runs: HealthRun[];
  userCount: number;
}

function apiRequests(sandbox: Sandbox): Record<string, number> {
  return Object.fromEntries(Object.entries(sandbox.stats.byRoute).filter(([route]) => route.includes(' /api/')));
}

/** `ROUNDS` rounds of the plain scan then the health report (each worker signs in with a token of its own). */
export async function compareHealthWithScan(sandbox: Sandbox, workerEnv: NodeJS.ProcessEnv): Promise<HealthComparison> {
  const { org } = sandbox;
  const roleSets = new Set(org.users.map((user) => org.authorization.effectiveRoleIds(user).sort().join(',')).filter(Boolean)).size;
  const runs: HealthRun[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const scan = await measureScan(sandbox, 'ours', true, workerEnv);
    const health = await measureScan(sandbox, 'health', true, workerEnv);
    const healthRoutes = apiRequests(sandbox);
    const healthRequests = Object.values(healthRoutes).reduce((sum, value) => sum + value, 0);
    console.log(
      `  round ${round}/${ROUNDS}: scan ${formatMs(scan.elapsedMs)}, ${scan.requests} requests; health ${formatMs(health.elapsedMs)}, ${healthRequests} requests, ${health.status429} × 429`,
    );
    runs.push({ scan, health, healthRequests, healthRoutes, roleSets });
  }
  return { runs, userCount: org.users.length };
}

export function healthTable(comparison: HealthComparison, latencyMs: number): Table {
  const { runs } = comparison;
  const scanMs = median(runs.map((run) => run.scan.elapsedMs));
  const healthMs = median(runs.map((run) => run.health.elapsedMs));
  const routes = runs[0].healthRoutes;
  return {
    title: `License Health report beside the users scan: ${formatCount(comparison.userCount)} users, ${latencyMs} ms per response`,
    headers: ['Run', 'Time (median)', 'Requests', '429s', 'All users'],
    rows: [
      [
        'Users scan (GET /license/users, 100 a page)',
        formatMs(scanMs),
        String(runs[0].scan.requests),
        String(runs.reduce((sum, run) => sum + run.scan.status429, 0)),
        runs.every((run) => run.scan.complete) ? 'yes' : 'NO',
      ],
      [
        'License Health report',
        formatMs(healthMs),
        String(Math.max(...runs.map((run) => run.healthRequests))),
        String(runs.reduce((sum, run) => sum + run.health.status429, 0)),
        runs.every((run) => run.health.complete) ? 'yes' : 'NO',
      ],
      ['Health ÷ scan', formatRatio(healthMs / scanMs), '', '', ''],
    ],
    notes: [
      `${runs.length} rounds, each in fresh worker processes. The report's requests by route: ${Object.entries(routes)
        .map(([route, total]) => `${route} ${total}`)
        .join(', ')}.`,
      `${runs[0].roleSets} distinct role sets in the org: one infer each.`,
    ],
  };
}

export function healthChecks(comparison: HealthComparison): TargetCheck[] {
  const { runs } = comparison;
  const requests = Math.max(...runs.map((run) => run.healthRequests));
  const status429 = runs.reduce((sum, run) => sum + run.health.status429, 0);
  const ratio = median(runs.map((run) => run.health.elapsedMs)) / median(runs.map((run) => run.scan.elapsedMs));
  const complete = runs.every((run) => run.health.complete);
  return [
    {
      target: `Health report ≤ ${HEALTH_TARGET.maxRequests} requests, no 429`,
      measured: `${requests} requests, ${status429} × 429${complete ? '' : ', USERS MISSING'}`,
      pass: complete && requests <= HEALTH_TARGET.maxRequests && status429 === 0,
    },
    { target: `Health report < ${HEALTH_TARGET.timeOverScan}× the users scan`, measured: formatRatio(ratio), pass: ratio < HEALTH_TARGET.timeOverScan },
  ];
}
