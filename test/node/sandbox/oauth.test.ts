import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { Sandbox } from '../../../src/sandbox';
import { basicAuthorization, call, manualClock, tokenRequest, useSandbox } from './helpers';

const REDIRECT_URI = 'http://127.0.0.1:53123/callback';

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(sandbox: Sandbox, query: Record<string, string>): Promise<{ status: number; location?: URL; text: string }> {
  const answer = await call(sandbox, `/oauth/authorize?${new URLSearchParams(query)}`);
  const location = answer.headers.get('location');
  return { status: answer.status, location: location ? new URL(location) : undefined, text: answer.text };
}

describe('sandbox OAuth', () => {
  const sandbox = useSandbox({ userCount: 10 });

  describe('client credentials', () => {
    it('issues a bearer token carrying the client permissions', async () => {
      const { admin, readOnly } = sandbox().clients;
      const { status, body, headers } = await tokenRequest(sandbox(), { grant_type: 'client_credentials' }, basicAuthorization(admin));
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'token_type']);
      assert.deepEqual([body.token_type, body.expires_in], ['bearer', 3600]);
      assert.equal(headers.get('cache-control'), 'no-store');
      const me = await call(sandbox(), '/api/v2/tokens/me', { token: body.access_token });
      assert.deepEqual(me.body.OAuthClient, { id: admin.clientId, name: admin.name, authorizedGrantType: 'CLIENT-CREDENTIALS' });
      assert.deepEqual(me.body.organization, { id: sandbox().org.id, name: sandbox().org.name });

      const readOnlyToken = (await tokenRequest(sandbox(), { grant_type: 'client_credentials' }, basicAuthorization(readOnly))).body.access_token;
      assert.equal((await call(sandbox(), '/api/v2/license/definitions', { token: readOnlyToken })).status, 200);
      assert.equal((await call(sandbox(), '/api/v2/license/organization', { token: readOnlyToken, json: { assignments: [] } })).status, 403);
    });

    it('answers 401 invalid_client to a wrong secret or a missing Basic header', async () => {
      const wrong = await tokenRequest(
        sandbox(),
        { grant_type: 'client_credentials' },
        basicAuthorization({ ...sandbox().clients.admin, clientSecret: 'nope' }),
      );
      assert.deepEqual([wrong.status, wrong.body.error], [401, 'invalid_client']);
      assert.equal(typeof wrong.body.error_description, 'string');
      const none = await tokenRequest(sandbox(), { grant_type: 'client_credentials' });
      assert.deepEqual([none.status, none.body.error], [401, 'invalid_client']);
    });

    it('answers 400 to an unknown grant type, a missing one, or a JSON body', async () => {
      assert.equal((await tokenRequest(sandbox(), { grant_type: 'password' })).body.error, 'unsupported_grant_type');
      assert.equal((await tokenRequest(sandbox(), {})).body.error, 'invalid_request');
      const json = await call(sandbox(), '/oauth/token', { json: { grant_type: 'client_credentials' } });
      assert.deepEqual([json.status, json.body.error], [400, 'invalid_request']);
    });
  });

  describe('authorization code with PKCE', () => {
    const authorizeQuery = (challenge: string, extra: Record<string, string> = {}): Record<string, string> => ({
      response_type: 'code',
      client_id: sandbox().clients.browser.clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'state-42',
      ...extra,
    });
    const exchange = (code: string, verifier: string) =>
      tokenRequest(sandbox(), {
        grant_type: 'authorization_code',
        client_id: sandbox().clients.browser.clientId,
        code,
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
      });

    it('redirects back with a code and the state, and exchanges it for admin tokens', async () => {
      const { verifier, challenge } = pkcePair();
      const { status, location } = await authorize(sandbox(), authorizeQuery(challenge));
      assert.equal(status, 302);
      assert.equal(`${location?.origin}${location?.pathname}`, REDIRECT_URI);
      assert.equal(location?.searchParams.get('state'), 'state-42');
      const code = location?.searchParams.get('code') ?? '';
      assert.ok(code.length > 20);

      const { status: tokenStatus, body } = await exchange(code, verifier);
      assert.equal(tokenStatus, 200);
      assert.equal(body.token_type, 'bearer');
      assert.ok(body.refresh_token);
      assert.equal((await call(sandbox(), '/api/v2/license/organization', { token: body.access_token, json: { assignments: [] } })).status, 200);
      const me = await call(sandbox(), '/api/v2/tokens/me', { token: body.access_token });
      assert.equal(me.body.OAuthClient.id, sandbox().clients.browser.clientId);
      assert.equal((await exchange(code, verifier)).body.error, 'invalid_grant', 'a code is single use');
    });

    it('refuses a wrong code_verifier with 400 invalid_grant', async () => {
      const { challenge } = pkcePair();
      const { location } = await authorize(sandbox(), authorizeQuery(challenge));
      const { status, body } = await exchange(location?.searchParams.get('code') ?? '', pkcePair().verifier);
      assert.deepEqual([status, body.error], [400, 'invalid_grant']);
    });

    it('shows an error page instead of redirecting to a non-loopback or non-http redirect URI', async () => {
      for (const redirectUri of ['http://evil.example.com/cb', 'https://127.0.0.1:5000/cb', 'not a url']) {
        const { status, location, text } = await authorize(sandbox(), authorizeQuery(pkcePair().challenge, { redirect_uri: redirectUri }));
        assert.equal(status, 400, redirectUri);
        assert.equal(location, undefined);
        assert.match(text, /redirect_uri/);
      }
      const localhost = await authorize(sandbox(), authorizeQuery(pkcePair().challenge, { redirect_uri: 'http://localhost:1/cb' }));
      assert.equal(localhost.status, 302);
    });

    it('redirects with error=invalid_request when PKCE is missing', async () => {
      const { status, location } = await authorize(sandbox(), authorizeQuery('', { code_challenge_method: 'plain' }));
      assert.equal(status, 302);
      assert.equal(location?.searchParams.get('error'), 'invalid_request');
      assert.equal(location?.searchParams.get('code'), null);
    });

    it('rotates refresh tokens: the new one works, the old one is refused', async () => {
      const { verifier, challenge } = pkcePair();
      const { location } = await authorize(sandbox(), authorizeQuery(challenge));
      const first = (await exchange(location?.searchParams.get('code') ?? '', verifier)).body;
      sandbox().expireAllTokens();
      assert.equal((await call(sandbox(), '/api/v2/tokens/me', { token: first.access_token })).status, 401);

      const refresh = (refreshToken: string, clientId = sandbox().clients.browser.clientId) =>
        tokenRequest(sandbox(), { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });
      const second = await refresh(first.refresh_token);
      assert.equal(second.status, 200);
      assert.notEqual(second.body.refresh_token, first.refresh_token);
      assert.equal((await call(sandbox(), '/api/v2/license/definitions', { token: second.body.access_token })).status, 200);
      assert.deepEqual([(await refresh(first.refresh_token)).status, (await refresh(first.refresh_token)).body.error], [400, 'invalid_grant']);
      assert.equal((await refresh(second.body.refresh_token, sandbox().clients.admin.clientId)).body.error, 'invalid_client');
      assert.equal((await refresh(second.body.refresh_token)).status, 200, 'a refused attempt by another client does not burn the token');
    });
  });

  describe('tokens', () => {
    const clock = manualClock();
    const shortLived = useSandbox({ userCount: 1, tokenTtlSeconds: 0.2, clock: clock.now });

    it('expire after their TTL', async () => {
      const { body } = await tokenRequest(shortLived(), { grant_type: 'client_credentials' }, basicAuthorization(shortLived().clients.admin));
      assert.equal(body.expires_in, 1);
      assert.equal((await call(shortLived(), '/api/v2/tokens/me', { token: body.access_token })).status, 200);
      clock.advance(199);
      assert.equal((await call(shortLived(), '/api/v2/tokens/me', { token: body.access_token })).status, 200, 'still valid just before its TTL');
      clock.advance(1);
      const expired = await call(shortLived(), '/api/v2/tokens/me', { token: body.access_token });
      assert.deepEqual([expired.status, expired.body.code], [401, 'bad.credentials']);
    });

    it('HEAD /api/v2/tokens/me answers 200 without a body', async () => {
      const answer = await call(sandbox(), '/api/v2/tokens/me', { token: sandbox().issueToken(), method: 'HEAD' });
      assert.deepEqual([answer.status, answer.text], [200, '']);
      assert.equal((await call(sandbox(), '/api/v2/tokens/me', { token: 'nope', method: 'HEAD' })).status, 401);
    });

    it('reports the scope families of the permissions', async () => {
      const me = await call(sandbox(), '/api/v2/tokens/me', { token: sandbox().issueToken({ permissions: sandbox().clients.readOnly.permissions }) });
      assert.deepEqual(me.body.authorizedScope, ['authorization:readonly', 'users:readonly']);
    });
  });
});
