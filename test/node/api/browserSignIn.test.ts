import * as assert from 'node:assert/strict';
import fetch from 'node-fetch';
import { createLicenseClient, defaultFetch, RefreshTokenProvider, signInWithBrowser, type BrowserTokens } from '../../../src/api';
import { failureOf, useSandbox } from './helpers';

/** What a browser does with the authorize URL: load it, follow the redirect to the loopback listener. */
async function browserFollowing(authorizeUrl: string, rewrite: (location: URL) => URL = (location) => location): Promise<void> {
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  assert.ok(location, `the authorize endpoint answered ${consent.status} without a redirect`);
  await fetch(rewrite(new URL(location)).toString());
}

describe('Browser sign-in (authorization code with PKCE) against the sandbox', () => {
  const sandbox = useSandbox({ userCount: 50 });
  const options = () => ({ loginBaseUrl: sandbox().url, clientId: sandbox().clients.browser.clientId, fetch: defaultFetch });

  it('opens the authorize URL with an S256 challenge, receives the code on loopback and redeems it', async () => {
    let opened = '';
    const tokens = await signInWithBrowser({ ...options(), openBrowser: (url) => ((opened = url), browserFollowing(url)) });
    const url = new URL(opened);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('redirect_uri') ?? '', /^http:\/\/localhost:\d+$/);
    assert.ok(tokens.refreshToken);
    const info = await createLicenseClient({ environment: sandbox().url, credentials: { accessToken: tokens.accessToken } }).getTokenInfo();
    assert.equal(info.organization?.name, sandbox().org.name);
  });

  it('ignores a redirect whose state is not its own, and times out waiting for the real one', async () => {
    const forged = (location: URL) => {
      location.searchParams.set('state', 'forged-state');
      return location;
    };
    const started = Date.now();
    const error = await failureOf(() => signInWithBrowser({ ...options(), timeoutMs: 400, openBrowser: (url) => browserFollowing(url, forged) }));
    assert.equal(error.kind, 'timeout');
    assert.ok(Date.now() - started >= 400);
  });

  it('reports an error the login page sends back', async () => {
    const denied = (location: URL) => {
      const back = new URL(location.origin);
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied access');
      back.searchParams.set('state', location.searchParams.get('state') ?? '');
      return back;
    };
    const error = await failureOf(() => signInWithBrowser({ ...options(), openBrowser: (url) => browserFollowing(url, denied) }));
    assert.equal(error.kind, 'auth');
    assert.equal(error.code, 'access_denied');
    assert.match(error.message, /denied access/);
  });

  it('can be cancelled while waiting for the browser', async () => {
    const controller = new AbortController();
    const pending = signInWithBrowser({ ...options(), signal: controller.signal, openBrowser: async () => undefined });
    setTimeout(() => controller.abort(), 50);
    assert.equal((await failureOf(() => pending)).kind, 'cancelled');
  });

  it('renews silently with the refresh token after the access token expires, storing each rotated pair', async () => {
    const tokens = await signInWithBrowser({ ...options(), openBrowser: (url) => browserFollowing(url) });
    const stored: BrowserTokens[] = [];
    const provider = new RefreshTokenProvider(
      { loginBaseUrl: sandbox().url, fetch: defaultFetch, timeoutMs: 5000 },
      sandbox().clients.browser.clientId,
      tokens,
      (next) => {
        stored.push(next);
      },
    );
    const client = createLicenseClient({ environment: sandbox().url, credentials: { tokenProvider: provider } });
    await client.listDefinitions();
    assert.equal(stored.length, 0, 'the stored access token was still good');
    sandbox().expireAllTokens();
    await client.listDefinitions();
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0].refreshToken, tokens.refreshToken, 'refresh tokens rotate');
    sandbox().expireAllTokens();
    await client.listDefinitions();
    assert.equal(stored.length, 2, 'the rotated refresh token works in turn');
  });
});
