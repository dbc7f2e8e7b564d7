import { GenesysApiError } from './errors';
import { type FetchLike, sendOnce, type TokenProvider } from './http';
import type { OAuthTokenResponse } from './models';
import { assertSecureUrl } from './regions';
import { oauthToken } from './answerShapes';
import { ShapeError } from './shapes';

export interface OAuthEndpointConfig {
  loginBaseUrl: string;
  fetch: FetchLike;
  timeoutMs: number;
}

/**
 * `POST {login}/oauth/token` with a form body. OAuth errors (`{ error, error_description }`) become `auth` errors
 * whose message says what to do; the secret and the answer's tokens never reach a message.
 */
export async function requestOAuthToken(
  endpoint: OAuthEndpointConfig,
  form: Record<string, string>,
  basicAuth: { clientId: string; clientSecret: string } | undefined,
  signal?: AbortSignal,
): Promise<OAuthTokenResponse> {
  const url = `${endpoint.loginBaseUrl}/oauth/token`;
  assertSecureUrl(new URL(url));
  const describe = { method: 'POST', path: '/oauth/token' };
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  if (basicAuth) {
    headers.Authorization = `Basic ${Buffer.from(`${basicAuth.clientId}:${basicAuth.clientSecret}`).toString('base64')}`;
  }
  const response = await sendOnce(
    endpoint.fetch,
    url,
    { method: 'POST', headers, body: new URLSearchParams(form).toString(), redirect: 'manual' },
    endpoint.timeoutMs,
    signal,
    describe,
  );
  let parsed: Partial<OAuthTokenResponse> | undefined;
  try {
    parsed = JSON.parse(response.text) as Partial<OAuthTokenResponse>;
  } catch {
    parsed = undefined;
  }
  const correlationId = response.headers.get('inin-correlation-id') ?? undefined;
  if (response.status >= 200 && response.status < 300) {
    try {
      const answer = oauthToken(parsed, '');
      if (answer.access_token) {
        return answer;
      }
    } catch (error) {
      if (!(error instanceof ShapeError)) {
        throw error;
      }
    }
    throw new GenesysApiError({
      kind: 'malformed-response',
      code: 'malformed.token',
      message: 'The token endpoint answered without a usable access token.',
      ...describe,
      status: response.status,
      correlationId,
    });
  }
  const code = parsed?.error ?? `http.${response.status}`;
  const hint =
    code === 'invalid_client'
      ? 'Check the client ID and secret, and that the OAuth client exists in this region.'
      : code === 'invalid_grant'
        ? 'The grant was refused or has expired; sign in again.'
        : code === 'unauthorized_client'
          ? "The OAuth client is not allowed this grant type; check the client's grant type in Genesys Cloud Admin."
          : 'Check the region and the OAuth client.';
  throw new GenesysApiError({
    kind: 'auth',
    code,
    status: response.status,
    correlationId,
    message: `Sign-in was refused (${parsed?.error_description ?? parsed?.error ?? `HTTP ${response.status}`}). ${hint}`,
    ...describe,
  });
}

/** A token pasted by a person: used as is; when it is refused there is nothing to renew it with. */
export class StaticTokenProvider implements TokenProvider {
  constructor(private readonly accessToken: string) {
    if (!accessToken.trim()) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: 'The access token is empty.' });
    }
  }
  getToken(): Promise<string> {
    return Promise.resolve(this.accessToken);
  }
  invalidate(): boolean {
    return false;
  }
}

/** Renew this long before the token's stated expiry, so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Base for providers that obtain tokens from the OAuth endpoint: caches the token, renews it before it expires and
 * after a 401, and lets concurrent callers share one token request.
 */
export abstract class RenewingTokenProvider implements TokenProvider {
  private current?: { token: string; expiresAt: number };
  private pending?: Promise<string>;

  protected abstract fetchToken(signal?: AbortSignal): Promise<OAuthTokenResponse>;

  async getToken(signal?: AbortSignal): Promise<string> {
    if (this.current && Date.now() < this.current.expiresAt) {
      return this.current.token;
    }
    if (!this.pending) {
      // A shared request must not die with the first caller's signal: others may still want the token.
      this.pending = this.fetchToken()
        .then((answer) => {
          const lifetimeMs = (answer.expires_in ?? 3600) * 1000;
          const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 10);
          this.current = { token: answer.access_token, expiresAt: Date.now() + lifetimeMs - margin };
          return answer.access_token;
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return signal ? raceWithSignal(this.pending, signal) : this.pending;
  }

  invalidate(token: string): boolean {
    if (this.current?.token === token) {
      this.current = undefined;
    }
    return true;
  }
}

function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    return Promise.reject(new GenesysApiError({ kind: 'cancelled', message: 'The operation was cancelled.' }));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new GenesysApiError({ kind: 'cancelled', message: 'The operation was cancelled.' }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Client-credentials grant: a new token whenever the old one expires or is refused; no refresh token exists. */
export class ClientCredentialsTokenProvider extends RenewingTokenProvider {
  constructor(
    private readonly endpoint: OAuthEndpointConfig,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {
    super();
    if (!clientId.trim() || !clientSecret.trim()) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: 'Both the OAuth client ID and the client secret are needed.' });
    }
  }

  protected fetchToken(signal?: AbortSignal): Promise<OAuthTokenResponse> {
    return requestOAuthToken(this.endpoint, { grant_type: 'client_credentials' }, { clientId: this.clientId, clientSecret: this.clientSecret }, signal);
  }
}
