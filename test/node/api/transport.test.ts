import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createLicenseClient, GenesysApiError } from '../../../src/api';
import { adminClient, failureOf, useSandbox } from './helpers';

/** What the client's own fetch does on the wire: the connections it keeps, the compressed answers it reads. */
describe('License API client: the connection', () => {
  const sandbox = useSandbox({ userCount: 640, latencyMs: 5 });

  it('a scan reuses its connections: no more are opened than requests are in flight', async () => {
    const client = adminClient(sandbox(), { maxConcurrency: 4, pageSize: 25 });
    sandbox().stats.reset();
    const users = await client.scanUsers({ pageSize: 25 });
    assert.equal(users.length, 640);
    const { requests, connections } = sandbox().stats;
    assert.ok(requests >= 27, `the token and 26 pages were asked (${requests} requests)`);
    assert.ok(connections <= client.maxConcurrency, `${connections} connections for ${requests} requests`);
  });

  describe('compressed answers', () => {
    const definitions = [{ id: 'communicate', description: 'Communicate', prerequisites: [], comprises: [] }];
    let server: Server;
    let answer: (headers: IncomingHttpHeaders) => { encoding: string; body: Buffer };
    let baseUrl: string;
    before(async () => {
      // A gateway of its own: the sandbox answers uncompressed, as a proxy in between may not.
      server = createServer((req, res) => {
        const { encoding, body } = answer(req.headers);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding, 'Content-Length': body.length });
        res.end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const client = (maxResponseBytes?: number) =>
      createLicenseClient({ environment: baseUrl, credentials: { accessToken: 'pasted' }, maxResponseBytes, retry: { baseDelayMs: 1, maxDelayMs: 2 } });

    it('asks for gzip or Brotli and reads either', async () => {
      const json = Buffer.from(JSON.stringify(definitions));
      let asked: string | undefined;
      answer = (headers) => {
        asked = headers['accept-encoding'];
        return { encoding: 'gzip', body: gzipSync(json) };
      };
      assert.deepEqual(await client().listDefinitions(), definitions);
      assert.match(asked ?? '', /gzip/);
      assert.match(asked ?? '', /br/);
      answer = () => ({ encoding: 'br', body: brotliCompressSync(json) });
      assert.deepEqual(await client().listDefinitions(), definitions);
    });

    it('measures the size limit on the unpacked answer: a small body that unpacks huge is refused', async () => {
      answer = () => ({ encoding: 'gzip', body: gzipSync(Buffer.alloc(8 * 1024 * 1024, ' ')) });
      const error = await failureOf(() => client(1024 * 1024).listDefinitions());
      assert.ok(error instanceof GenesysApiError, String(error));
      assert.equal(error.code, 'response.too.large');
    });

    it('a body that is not the gzip it claims is a network error, not a crash', async () => {
      answer = () => ({ encoding: 'gzip', body: Buffer.from('not gzip at all') });
      const error = await failureOf(() => client().listDefinitions());
      assert.ok(error instanceof GenesysApiError, String(error));
      assert.equal(error.kind, 'network');
    });
  });
});
