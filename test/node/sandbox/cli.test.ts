import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import fetch from 'node-fetch';
import { parseArguments } from '../../../src/sandbox/cli';

const CLI = path.join(__dirname, '../../../src/sandbox/cli.js');

function runCli(args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return { child, output: () => output };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('sandbox CLI', () => {
  it('parses its flags', () => {
    assert.deepEqual(
      parseArguments(['--port', '8080', '--users=50', '--latency', '25', '--seed', '3', '--no-rate-limit', '--legacy-organization', '--stateful-toggles']),
      {
        port: 8080,
        userCount: 50,
        latencyMs: 25,
        seed: 3,
        rateLimit: false,
        legacyOrganizationEndpoint: true,
        toggles: 'stateful',
      },
    );
    assert.deepEqual(parseArguments(['--send-empty-fields']), { emptyFields: 'present' });
    assert.equal(parseArguments(['--help']), 'help');
    assert.throws(() => parseArguments(['--users', '-5']), /--users needs a whole number from 0 to 10000000 \(got -5\)/);
    assert.throws(() => parseArguments(['--port']), /--port needs a whole number .* \(got nothing\)/);
    assert.throws(() => parseArguments(['--colour']), /Unknown option --colour/);
    assert.throws(() => parseArguments(['--no-rate-limit=yes']), /takes no value/);
  });

  it('prints the URL, credentials, a working token and a curl line, and stops cleanly on SIGTERM', async function () {
    this.timeout(5000);
    const { child, output } = runCli(['--port', '0', '--users', '12', '--seed', '5']);
    try {
      await waitFor(() => output().includes('Press Ctrl-C'), 4000);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
      const token = /Access token \(admin permissions\):\s+(\S+)/.exec(output())?.[1];
      assert.ok(url && token, output());
      assert.match(output(), /Admin client \(client credentials\):\s+[0-9a-f-]{36} \/ \S{43}/);
      assert.match(output(), /Read-only client/);
      assert.match(output(), new RegExp(`curl -H "Authorization: Bearer ${token}" "${url}/api/v2/license/users\\?pageSize=2"`));
      const answer = await fetch(`${url}/api/v2/license/users`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(((await answer.json()) as { total: number }).total, 12);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('exits with status 2 and a clear message on a bad flag', async () => {
    const { child, output } = runCli(['--latency', 'soon']);
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(output(), /--latency needs a whole number from 0 to 600000 \(got soon\)/);
    assert.match(output(), /Usage:/);
  });
});
