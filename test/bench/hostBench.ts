// The in-host measurements: fresh VS Code extension hosts (VS Code server + Chromium, through runHostTests), each
// running host/index.js against one sandbox org served from this process.
import * as fs from 'fs';
import * as path from 'path';
import type { Sandbox } from '../../src/sandbox';
import { runHostTests } from '../host/runHostTests';
import { HOST_BENCH_ENV, type HostFigures } from './host/protocol';

/** One launch: server start, workbench, activation, sign-in and a 20 000-user scan take well under a minute. */
const LAUNCH_TIME_LIMIT_MS = 3 * 60_000;

export interface HostMeasurement extends HostFigures {
  /** 429 answers the sandbox gave during the launch. */
  status429: number;
}

/** `launches` fresh hosts one after another, each loading the extension folder `extensionPath`. */
export async function measureInHost(sandbox: Sandbox, extensionPath: string, launches: number, workDir: string): Promise<HostMeasurement[]> {
  const measurements: HostMeasurement[] = [];
  for (let launch = 1; launch <= launches; launch++) {
    const resultsFile = path.join(workDir, `host-launch-${launch}.json`);
    const environment: Record<string, string> = {
      [HOST_BENCH_ENV.sandboxUrl]: sandbox.url,
      [HOST_BENCH_ENV.clientId]: sandbox.clients.admin.clientId,
      [HOST_BENCH_ENV.clientSecret]: sandbox.clients.admin.clientSecret,
      [HOST_BENCH_ENV.resultsFile]: resultsFile,
    };
    // runHostTests hands this process's GENESYS_TEST_* variables to the extension host.
    Object.assign(process.env, environment);
    sandbox.stats.reset();
    try {
      const outcome = await runHostTests({
        extensionDevelopmentPath: extensionPath,
        extensionTestsPath: path.join(__dirname, 'host', 'index'),
        timeoutMs: LAUNCH_TIME_LIMIT_MS,
      });
      if (outcome.exitCode !== 0 || !fs.existsSync(resultsFile)) {
        throw new Error(`host launch ${launch} ended with exit code ${outcome.exitCode} and ${fs.existsSync(resultsFile) ? 'figures' : 'no figures'}`);
      }
    } finally {
      for (const name of Object.keys(environment)) {
        delete process.env[name];
      }
    }
    const figures = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as HostFigures;
    measurements.push({ ...figures, status429: sandbox.stats.status429 });
  }
  return measurements;
}
