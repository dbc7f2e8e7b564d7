import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GenesysApiError } from './errors';
import type { FetchLike } from './http';
import { type BrowserTokens, buildAuthorizeUrl, createOAuthState, createPkcePair, exchangeAuthorizationCode } from './pkce';

export interface BrowserSignInOptions {
  loginBaseUrl: string;
  clientId: string;
  /** Opens the authorize URL in the user's browser; resolves once it has been handed over. */
  openBrowser: (authorizeUrl: string) => Promise<void>;
  fetch: FetchLike;
  /** How long the person has to finish signing in. Default 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  loginHint?: string;
}

const PAGE_STYLE = 'font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;line-height:1.5';

function page(title: string, text: string): string {
  const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body style="${PAGE_STYLE}"><h1>${escape(title)}</h1><p>${escape(text)}</p></body></html>`;
}

/**
 * Listens on this machine only, on one port for both 127.0.0.1 and ::1: the redirect goes to `localhost`, which a
 * browser may resolve either way. Genesys accepts any port for a loopback redirect registered as `http://localhost`.
 */
async function listenOnLoopback(handler: http.RequestListener): Promise<{ port: number; close: () => void }> {
  // Loaded here, not at activation: only a browser sign-in needs a server.
  const { createServer } = await import('node:http');
  const ipv4 = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    ipv4.once('error', reject);
    ipv4.listen(0, '127.0.0.1', resolve);
  });
  const { port } = ipv4.address() as AddressInfo;
  const ipv6 = createServer(handler);
  const ipv6Listening = await new Promise<boolean>((resolve) => {
    ipv6.once('error', () => resolve(false)); // no IPv6 loopback on this machine: 127.0.0.1 alone serves
    ipv6.listen(port, '::1', () => resolve(true));
  });
  return {
    port,
    close: () => {
      ipv4.closeAllConnections();
      ipv4.close();
      if (ipv6Listening) {
        ipv6.closeAllConnections();
        ipv6.close();
      }
    },
  };
}

/**
 * The authorization-code grant with PKCE for a person at this machine: opens the Genesys login page in the browser,
 * waits for the redirect to a loopback listener (checking `state`), and redeems the code for tokens.
 */
export async function signInWithBrowser(options: BrowserSignInOptions): Promise<BrowserTokens> {
  const { signal } = options;
  if (signal?.aborted) {
    throw new GenesysApiError({ kind: 'cancelled', message: 'Sign-in was cancelled.' });
  }
  const pkce = await createPkcePair();
  const state = createOAuthState();
  let settle: { resolve: (code: string) => void; reject: (error: GenesysApiError) => void } | undefined;
  const codeArrived = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // The browser may answer (or fail) before openBrowser returns; the rejection is awaited just below.
  codeArrived.catch(() => undefined);

  const listener = await listenOnLoopback((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/' || (!url.searchParams.has('code') && !url.searchParams.has('error'))) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    const finish = (status: number, title: string, text: string) =>
      response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(title, text));
    if (url.searchParams.get('state') !== state) {
      // Not ours: a stale tab or a forged request. Keep waiting for the real one.
      finish(400, 'Sign-in not accepted', 'This sign-in response does not belong to the sign-in VS Code is waiting for. Start the sign-in again from VS Code.');
      return;
    }
    const error = url.searchParams.get('error');
    if (error) {
      finish(400, 'Sign-in failed', `Genesys Cloud answered: ${url.searchParams.get('error_description') ?? error}. You can close this tab.`);
      settle?.reject(
        new GenesysApiError({ kind: 'auth', code: error, message: `The browser sign-in failed: ${url.searchParams.get('error_description') ?? error}.` }),
      );
      return;
    }
    finish(200, 'Signed in', 'You are signed in to Genesys Cloud in VS Code. You can close this tab.');
    settle?.resolve(url.searchParams.get('code') ?? '');
  });

  const redirectUri = `http://localhost:${listener.port}`;
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const timer = setTimeout(
    () =>
      settle?.reject(
        new GenesysApiError({
          kind: 'timeout',
          code: 'signin.timeout',
          message: `The browser sign-in was not completed within ${Math.round(timeoutMs / 60_000) || 1} minute(s). Start it again when ready.`,
        }),
      ),
    timeoutMs,
  );
  const onAbort = () => settle?.reject(new GenesysApiError({ kind: 'cancelled', message: 'Sign-in was cancelled.' }));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await options.openBrowser(
      buildAuthorizeUrl(options.loginBaseUrl, { clientId: options.clientId, redirectUri, codeChallenge: pkce.challenge, state, loginHint: options.loginHint }),
    );
    const code = await codeArrived;
    const answer = await exchangeAuthorizationCode(
      { loginBaseUrl: options.loginBaseUrl, fetch: options.fetch, timeoutMs: 30_000 },
      { clientId: options.clientId, code, verifier: pkce.verifier, redirectUri },
      signal,
    );
    return { accessToken: answer.access_token, expiresAt: Date.now() + (answer.expires_in ?? 3600) * 1000, refreshToken: answer.refresh_token };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    listener.close();
  }
}
