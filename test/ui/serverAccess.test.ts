import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { ensureVsCodeHost } from '../host/setup';
import { startVsCodeServer, type VsCodeServer, workbenchAddress } from '../host/vscodeServer';

/** Status, headers and body of a plain GET, as any local process could send it. */
function get(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      })
      .on('error', reject);
  });
}

/** The command lines of every process of the server's group, as `ps` shows them to every user of the machine. */
function commandLines(groupId: number): string[] {
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) {
      return [];
    }
    try {
      // Field 5 of /proc/PID/stat is the process group; the command name (field 2) may hold spaces, so count from ')'.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      return group === groupId ? [fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ')] : [];
    } catch {
      return []; // the process ended meanwhile
    }
  });
}

describe('The VS Code server the project starts (npm start, the host and UI tests)', function () {
  let server: VsCodeServer;

  before(async function () {
    this.timeout(240_000);
    server = await startVsCodeServer({ host: await ensureVsCodeHost() });
  });
  after(async () => {
    await server?.stop();
  });

  it('refuses every request without its connection token: no other local user can drive the workbench', async () => {
    for (const path of ['/', '/?tkn=guessed', '/vscode-remote-resource?path=/etc/hostname', '/stable/static/out/vs/code/browser/workbench/workbench.js']) {
      const { status } = await get(`${server.url}${path}`);
      assert.equal(status, 403, `${path} answered ${status}`);
    }
  });

  it('serves the workbench at the address it gives its own user', async () => {
    // As a browser does: the server trades the token in the address for a cookie, then serves the page.
    const first = await get(workbenchAddress(server));
    assert.equal(first.status, 302);
    const cookie = (first.headers['set-cookie'] ?? []).map((entry) => entry.split(';')[0]).join('; ');
    assert.ok(cookie.includes(server.connectionToken), 'the token becomes a cookie');
    const { status, body } = await get(new URL(first.headers.location ?? '/', server.url).toString(), { cookie });
    assert.equal(status, 200);
    assert.match(body, /<html/i);
  });

  it('keeps the token off every command line and in files only this user can read', () => {
    assert.match(server.connectionToken, /^[\w-]{40,}$/, 'a long random token');
    const lines = commandLines(server.pid);
    assert.ok(
      lines.some((line) => line.includes('server-main.js')),
      `the server's processes were found: ${lines.length}`,
    );
    assert.ok(!lines.some((line) => line.includes(server.connectionToken)), 'the token is on a command line that ps shows');
    assert.equal(fs.statSync(server.runDir).mode & 0o077, 0, 'the run folder (token file, server log) is private');
  });
});
