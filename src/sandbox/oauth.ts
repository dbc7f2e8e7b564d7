import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { TokenInfo } from '../api/models';
import { PERMISSION } from './catalog';
import { ADMIN_PERMISSIONS, BROWSER_CLIENT_NAME, confidentialClients, SandboxClients } from './clients';
import type { SandboxConfig } from './config';
import type { SandboxOrg } from './data';
import { HTML_CONTENT_TYPE, jsonResponse, mediaType, SandboxResponse } from './http';
import type { Route } from './router';
import type { AccessToken, TokenGrant, TokenStore } from './tokens';

export interface AuthDependencies {
  org: SandboxOrg;
  config: SandboxConfig;
  clients: SandboxClients;
  tokens: TokenStore;
}

type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';

/** OAuth errors use the RFC 6749 shape, not Genesys' ErrorBody. */
function oauthError(status: 400 | 401, error: OAuthErrorCode, description: string, headers?: Record<string, string>): SandboxResponse {
  return jsonResponse({ error, error_description: description }, status, headers);
}

/** The login host's endpoints (same origin here) and the token introspection of the API. */
export function authRoutes(deps: AuthDependencies): Route[] {
  const tokenInfo = ({ token }: { token?: AccessToken }): SandboxResponse => jsonResponse(describeToken(deps.org, token));
  return [
    {
      method: 'POST',
      path: '/oauth/token',
      auth: 'none',
      handle: ({ headers, rawBody }) => tokenEndpoint(deps, headers, rawBody),
    },
    {
      method: 'GET',
      path: '/oauth/authorize',
      auth: 'none',
      handle: ({ url }) => authorizeEndpoint(deps, url.searchParams),
    },
    { method: 'GET', path: '/api/v2/tokens/me', auth: 'bearer', handle: tokenInfo },
    { method: 'HEAD', path: '/api/v2/tokens/me', auth: 'bearer', handle: tokenInfo },
    {
      method: 'DELETE',
      path: '/api/v2/tokens/me',
      auth: 'bearer',
      handle: ({ token }) => {
        if (token) {
          deps.tokens.revoke(token.value);
        }
        return { status: 204 };
      },
    },
  ];
}

function tokenEndpoint(deps: AuthDependencies, headers: IncomingHttpHeaders, rawBody: Buffer): SandboxResponse {
  if (mediaType(headers['content-type']) !== 'application/x-www-form-urlencoded') {
    return oauthError(400, 'invalid_request', 'The token request must be sent as application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(rawBody.toString('utf8'));
  const grantType = form.get('grant_type');
  switch (grantType) {
    case 'client_credentials':
      return clientCredentialsGrant(deps, headers.authorization);
    case 'authorization_code':
      return authorizationCodeGrant(deps, form);
    case 'refresh_token':
      return refreshTokenGrant(deps, form);
    case null:
      return oauthError(400, 'invalid_request', 'grant_type is required.');
    default:
      return oauthError(400, 'unsupported_grant_type', `Grant type ${grantType} is not supported.`);
  }
}

function tokenResponse(deps: AuthDependencies, grant: TokenGrant, withRefreshToken: boolean): SandboxResponse {
  const ttlSeconds = deps.config.tokenTtlSeconds;
  const accessToken = deps.tokens.issueAccessToken(grant, ttlSeconds);
  return jsonResponse(
    {
      access_token: accessToken.value,
      token_type: 'bearer',
      expires_in: Math.ceil(ttlSeconds),
      ...(withRefreshToken && { refresh_token: deps.tokens.issueRefreshToken(grant) }),
    },
    200,
    { 'Cache-Control': 'no-store' },
  );
}

function clientCredentialsGrant(deps: AuthDependencies, authorization: string | undefined): SandboxResponse {
  const credentials = parseBasicAuthorization(authorization);
  const client = confidentialClients(deps.clients).find(
    (candidate) => candidate.clientId === credentials?.clientId && candidate.clientSecret === credentials.clientSecret,
  );
  if (!client) {
    return oauthError(401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret in the Basic authorization header.', {
      'WWW-Authenticate': 'Basic realm="sandbox"',
    });
  }
  return tokenResponse(
    deps,
    { client: { id: client.clientId, name: client.name, authorizedGrantType: 'CLIENT-CREDENTIALS' }, permissions: client.permissions },
    false,
  );
}

function parseBasicAuthorization(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) {
    return undefined;
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

function missingParameters(form: URLSearchParams, names: string[]): SandboxResponse | undefined {
  const missing = names.filter((name) => !form.get(name));
  return missing.length > 0 ? oauthError(400, 'invalid_request', `Missing parameter(s): ${missing.join(', ')}.`) : undefined;
}

/** Only the public browser client uses the code grant (PKCE, no client secret). */
function requireBrowserClient(deps: AuthDependencies, clientId: string): SandboxResponse | undefined {
  return clientId === deps.clients.browser.clientId ? undefined : oauthError(401, 'invalid_client', `Client ${clientId} is not a public client of this org.`);
}

function authorizationCodeGrant(deps: AuthDependencies, form: URLSearchParams): SandboxResponse {
  const problem = missingParameters(form, ['client_id', 'code', 'code_verifier', 'redirect_uri']) ?? requireBrowserClient(deps, form.get('client_id') ?? '');
  if (problem) {
    return problem;
  }
  const pending = deps.tokens.redeemAuthorizationCode(form.get('code') ?? '');
  if (!pending || pending.client.id !== form.get('client_id')) {
    return oauthError(400, 'invalid_grant', 'The authorization code is unknown, expired or already used.');
  }
  if (pending.redirectUri !== form.get('redirect_uri')) {
    return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one of the authorization request.');
  }
  if (s256(form.get('code_verifier') ?? '') !== pending.codeChallenge) {
    return oauthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge.');
  }
  return tokenResponse(deps, { client: pending.client, permissions: pending.permissions }, true);
}

function refreshTokenGrant(deps: AuthDependencies, form: URLSearchParams): SandboxResponse {
  const problem = missingParameters(form, ['client_id', 'refresh_token']) ?? requireBrowserClient(deps, form.get('client_id') ?? '');
  if (problem) {
    return problem;
  }
  const grant = deps.tokens.redeemRefreshToken(form.get('refresh_token') ?? '', form.get('client_id') ?? '');
  if (!grant) {
    return oauthError(400, 'invalid_grant', 'The refresh token is unknown or was already used.');
  }
  return tokenResponse(deps, grant, true);
}

const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Genesys accepts any port on a loopback redirect URI registered without one; only http loopback here. */
function isLoopbackRedirect(redirectUri: string): boolean {
  try {
    const url = new URL(redirectUri);
    return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && url.hash === '';
  } catch {
    return false;
  }
}

function loginErrorPage(message: string): SandboxResponse {
  const escaped = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    status: 400,
    raw: {
      contentType: HTML_CONTENT_TYPE,
      text: `<!DOCTYPE html><html><head><title>Login error</title></head><body><h1>Login error</h1><p>${escaped}</p></body></html>`,
    },
  };
}

/**
 * Consents at once, as a sandbox admin user, and redirects back with a code. Until the client and
 * redirect URI are known to be good, errors are shown as a page (never redirected to an untrusted URI).
 */
function authorizeEndpoint(deps: AuthDependencies, query: URLSearchParams): SandboxResponse {
  if (query.get('client_id') !== deps.clients.browser.clientId) {
    return loginErrorPage(`Unknown client_id ${query.get('client_id') ?? '(none)'}.`);
  }
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!isLoopbackRedirect(redirectUri)) {
    return loginErrorPage(`redirect_uri must be an http URL on a loopback host (got ${redirectUri || 'none'}).`);
  }
  const redirect = new URL(redirectUri);
  const state = query.get('state');
  if (state !== null) {
    redirect.searchParams.set('state', state);
  }
  const codeChallenge = query.get('code_challenge');
  if (query.get('response_type') !== 'code') {
    redirect.searchParams.set('error', 'unsupported_response_type');
  } else if (!codeChallenge || query.get('code_challenge_method') !== 'S256') {
    redirect.searchParams.set('error', 'invalid_request');
    redirect.searchParams.set('error_description', 'PKCE is required: code_challenge with code_challenge_method=S256.');
  } else {
    const grant: TokenGrant = {
      client: { id: deps.clients.browser.clientId, name: BROWSER_CLIENT_NAME, authorizedGrantType: 'CODE' },
      permissions: ADMIN_PERMISSIONS,
    };
    redirect.searchParams.set('code', deps.tokens.issueAuthorizationCode({ ...grant, redirectUri, codeChallenge }));
  }
  return { status: 302, headers: { Location: redirect.toString(), 'Cache-Control': 'no-store' } };
}

/** OAuth scopes are not enforced by default; these are the scope families the permissions belong to. */
const SCOPE_FOR_PERMISSION: Record<string, string> = {
  [PERMISSION.licenseView]: 'authorization:readonly',
  [PERMISSION.roleView]: 'authorization:readonly',
  [PERMISSION.grantAdd]: 'authorization',
  [PERMISSION.userView]: 'users:readonly',
};

function describeToken(org: SandboxOrg, token: AccessToken | undefined): TokenInfo {
  const scopes = new Set((token?.permissions ?? []).flatMap((permission) => SCOPE_FOR_PERMISSION[permission] ?? []));
  if (scopes.has('authorization')) {
    scopes.delete('authorization:readonly');
  }
  return {
    organization: { id: org.id, name: org.name },
    homeOrganization: { id: org.id, name: org.name },
    authorizedScope: [...scopes],
    OAuthClient: token?.client,
  };
}
