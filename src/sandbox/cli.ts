/**
 * Runs the sandbox org from a terminal:
 *   node out/src/sandbox/cli.js [--port N] [--users N] [--latency MS] [--seed N]
 *                               [--no-rate-limit] [--legacy-organization] [--stateful-toggles] [--send-empty-fields]
 * Prints how to reach it and stays up until Ctrl-C or SIGTERM.
 */
import { SandboxOptions, startSandbox } from './index';

const USAGE = `Usage: node out/src/sandbox/cli.js [options]

  --port N               port to listen on (default: a free one)
  --users N              number of users in the org (default 3000)
  --latency MS           delay added before every answer (default 0)
  --seed N               data seed; the same seed gives the same org (default 1)
  --no-rate-limit        turn off the 300 requests/minute per-token limit
  --legacy-organization  serve the removed GET /api/v2/license/organization
  --stateful-toggles     make POST /api/v2/license/toggles/{name} flip a stored state
  --send-empty-fields    send empty arrays and null fields instead of leaving them out as Genesys does
                         (also: GENESYS_TEST_SANDBOX_EMPTY_FIELDS=present)
  --help                 show this help`;

class UsageError extends Error {}

const NUMERIC_FLAGS: Record<string, { option: 'port' | 'userCount' | 'latencyMs' | 'seed'; min: number; max: number }> = {
  '--port': { option: 'port', min: 0, max: 65535 },
  '--users': { option: 'userCount', min: 0, max: 10_000_000 },
  '--latency': { option: 'latencyMs', min: 0, max: 600_000 },
  '--seed': { option: 'seed', min: 0, max: 2 ** 32 - 1 },
};

export function parseArguments(args: readonly string[]): SandboxOptions | 'help' {
  const options: SandboxOptions = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inlineValue] = args[i].split(/=(.*)/s, 2);
    const numeric = NUMERIC_FLAGS[flag];
    if (numeric) {
      const text = inlineValue ?? args[++i];
      if (text === undefined || !/^\d+$/.test(text) || Number(text) < numeric.min || Number(text) > numeric.max) {
        throw new UsageError(`${flag} needs a whole number from ${numeric.min} to ${numeric.max} (got ${text ?? 'nothing'}).`);
      }
      options[numeric.option] = Number(text);
      continue;
    }
    if (inlineValue !== undefined) {
      throw new UsageError(`${flag} takes no value.`);
    }
    switch (flag) {
      case '--no-rate-limit':
        options.rateLimit = false;
        break;
      case '--legacy-organization':
        options.legacyOrganizationEndpoint = true;
        break;
      case '--stateful-toggles':
        options.toggles = 'stateful';
        break;
      case '--send-empty-fields':
        options.emptyFields = 'present';
        break;
      case '--help':
      case '-h':
        return 'help';
      default:
        throw new UsageError(`Unknown option ${flag}. Run with --help to see the options.`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: SandboxOptions | 'help';
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }

  const started = Date.now();
  const sandbox = await startSandbox(options);
  const token = sandbox.issueToken();
  const { admin, readOnly, browser } = sandbox.clients;
  console.log(
    [
      `Genesys Cloud sandbox org listening on ${sandbox.url} (${sandbox.org.users.length} users, started in ${Date.now() - started} ms)`,
      '',
      `Admin client (client credentials):     ${admin.clientId} / ${admin.clientSecret}`,
      `Read-only client (client credentials): ${readOnly.clientId} / ${readOnly.clientSecret}`,
      `Browser client (PKCE, public):         ${browser.clientId}`,
      `Access token (admin permissions):      ${token}`,
      '',
      `Try: curl -H "Authorization: Bearer ${token}" "${sandbox.url}/api/v2/license/users?pageSize=2"`,
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );

  const stop = (signal: string): void => {
    console.log(`\n${signal} received, closing the sandbox.`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
