/**
 * The client's default `fetch`: one request over Node's own http and https modules (where VS Code's proxy settings
 * apply), on their global keep-alive agents, so a scan reuses its connections. It does only what the client needs:
 * no redirects followed (the client treats a 3xx as an answer), answers compressed with gzip or Brotli unpacked as
 * they stream, cancellation through the signal. node-fetch did the same with a Request, a Response, a Headers object
 * and a stream pipeline per request: in a scan of 200 pages that was about a third of the client's CPU time.
 */
import type { IncomingMessage } from 'node:http';
import type { FetchLike, FetchResponseLike } from './http';

/** Loaded on the first request: they would otherwise add milliseconds to every activation. */
async function loadModules() {
  const [http, https, zlib, stream] = await Promise.all([import('node:http'), import('node:https'), import('node:zlib'), import('node:stream')]);
  return { http, https, zlib, stream };
}

type NodeModules = Awaited<ReturnType<typeof loadModules>>;

let loading: Promise<NodeModules> | undefined;
/** Once loaded, each request goes straight on (no await for modules already there). */
let loaded: NodeModules | undefined;

/** The encodings asked for are those `unpacked` can read; any other answer is passed on as it came. */
const ACCEPTED_ENCODINGS = 'gzip, br';

/** The body as it arrives, unpacked when compressed; an error of the connection or of the unpacking ends it with that error. */
function unpacked(message: IncomingMessage, { zlib, stream }: NodeModules): AsyncIterable<Uint8Array> {
  const encoding = (message.headers['content-encoding'] ?? '').trim().toLowerCase();
  // Lenient at the end of the stream, as browsers and node-fetch are: a body cut short still yields what arrived.
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip(flush)
      : encoding === 'br'
        ? zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH })
        : undefined;
  if (!decoder) {
    return message;
  }
  stream.pipeline(message, decoder, () => {}); // a failure destroys the decoder with it, which its reader then sees
  return decoder;
}

function headerReader(message: IncomingMessage): FetchResponseLike['headers'] {
  return {
    get(name) {
      const value = message.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const nodeFetch: FetchLike = async (url, init) => {
  const modules = loaded ?? (loaded = await (loading ??= loadModules()));
  const target = new URL(url);
  const { request } = target.protocol === 'https:' ? modules.https : modules.http;
  const headers: Record<string, string> = { 'Accept-Encoding': ACCEPTED_ENCODINGS, ...init.headers };
  if (init.body !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(init.body));
  }
  return new Promise<FetchResponseLike>((resolve, reject) => {
    const outgoing = request(target, { method: init.method, headers, signal: init.signal }, (message) => {
      const body = unpacked(message, modules);
      resolve({ status: message.statusCode ?? 0, headers: headerReader(message), text: () => readAll(body), body });
    });
    outgoing.once('error', reject);
    outgoing.end(init.body);
  });
};
