import { createLicenseClient, type LicenseClient, type LicenseClientOptions } from '../../../src/api';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox';

/** A sandbox org per test file, closed after it; small and fast unless a test asks for more. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await startSandbox({ userCount: 640, ...options });
  });
  afterEach(() => {
    sandbox?.faults.clear();
    sandbox?.setLatency(options.latencyMs ?? 0);
  });
  after(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) {
      throw new Error('The sandbox has not started.');
    }
    return sandbox;
  };
}

/** A client signed in as the sandbox's admin OAuth client, with quick retries so unhappy paths stay fast. */
export function adminClient(sandbox: Sandbox, options: Partial<LicenseClientOptions> = {}): LicenseClient {
  const { clientId, clientSecret } = sandbox.clients.admin;
  return createLicenseClient({
    environment: sandbox.url,
    credentials: { clientId, clientSecret },
    retry: { baseDelayMs: 10, maxDelayMs: 40 },
    ...options,
  });
}

/** Runs `work` and returns the error it throws, failing the test when it does not throw. */
export async function failureOf(work: () => Promise<unknown>): Promise<any> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the operation to fail, but it succeeded.');
}
