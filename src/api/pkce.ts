import { type OAuthEndpointConfig, RenewingTokenProvider, requestOAuthToken } from './auth';
import { GenesysApiError } from './errors';
import type { OAuthTokenResponse } from './models';
import { assertSecureUrl } from './regions';

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export interface PkcePair {
  verifier: string;
  challenge: string;
}

// Web Crypto (global in Node 20 and every VS Code) rather than node:crypto, which costs milliseconds to load.
function randomBase64Url(bytes: number): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url');
}

export async function createPkcePair(): Promise<PkcePair> {
  // 64 random bytes → 86 base64url characters, all from the RFC's unreserved alphabet (43–128 allowed).
  const verifier = randomBase64Url(64);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: Buffer.from(digest).toString('base64url') };
}

/** A value for `state` that an attacker cannot guess. */
export function createOAuthState(): string {
  return randomBase64Url(24);
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state: string;
  /** `email`, `orgName` or `email:orgName`, prefilled on the Genesys login page. */
  loginHint?: string;
}

/** `GET {login}/oauth/authorize` for the authorization-code grant with PKCE. */
export function buildAuthorizeUrl(loginBaseUrl: string, request: AuthorizeRequest): string {
  const url = new URL(`${loginBaseUrl}/oauth/authorize`);
  assertSecureUrl(url);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('code_challenge', request.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', request.state);
  if (request.loginHint) {
    url.searchParams.set('login_hint', request.loginHint);
  }
  return url.toString();
}

/** Redeems the code the browser brought back for tokens (a public client: no secret, the verifier instead). */
export function exchangeAuthorizationCode(
  endpoint: OAuthEndpointConfig,
  exchange: { clientId: string; code: string; verifier: string; redirectUri: string },
  signal?: AbortSignal,
): Promise<OAuthTokenResponse> {
  return requestOAuthToken(
    endpoint,
    {
      grant_type: 'authorization_code',
      client_id: exchange.clientId,
      code: exchange.code,
      code_verifier: exchange.verifier,
      redirect_uri: exchange.redirectUri,
    },
    undefined,
    signal,
  );
}

/** Tokens of a browser sign-in, as they are kept between sessions. */
export interface BrowserTokens {
  accessToken: string;
  /** Epoch ms after which the access token is not used any more. */
  expiresAt: number;
  refreshToken?: string;
}

/**
 * Tokens from a browser sign-in: the access token while it lasts, then the refresh token for a new one, silently.
 * Genesys rotates refresh tokens, so every new pair is handed to `onTokens` to be stored before it is used.
 */
export class RefreshTokenProvider extends RenewingTokenProvider {
  /** The access token kept from the last session, offered once; after that only the refresh token is used. */
  private storedAccessToken?: { value: string; expiresAt: number };
  private refreshToken?: string;

  constructor(
    private readonly endpoint: OAuthEndpointConfig,
    private readonly clientId: string,
    initial: BrowserTokens,
    private readonly onTokens: (tokens: BrowserTokens) => void | Promise<void>,
  ) {
    super();
    this.storedAccessToken = { value: initial.accessToken, expiresAt: initial.expiresAt };
    this.refreshToken = initial.refreshToken;
  }

  protected async fetchToken(signal?: AbortSignal): Promise<OAuthTokenResponse> {
    const stored = this.storedAccessToken;
    this.storedAccessToken = undefined;
    if (stored && Date.now() < stored.expiresAt) {
      // Still good: use it instead of spending the refresh token.
      return { access_token: stored.value, expires_in: Math.max(1, Math.floor((stored.expiresAt - Date.now()) / 1000)) };
    }
    if (!this.refreshToken) {
      throw new GenesysApiError({
        kind: 'auth',
        code: 'invalid_grant',
        message: 'The browser sign-in has expired and the org issued no refresh token; sign in again.',
      });
    }
    const answer = await requestOAuthToken(
      this.endpoint,
      { grant_type: 'refresh_token', client_id: this.clientId, refresh_token: this.refreshToken },
      undefined,
      signal,
    );
    this.refreshToken = answer.refresh_token ?? this.refreshToken;
    await this.onTokens({ accessToken: answer.access_token, expiresAt: Date.now() + (answer.expires_in ?? 3600) * 1000, refreshToken: this.refreshToken });
    return answer;
  }
}
