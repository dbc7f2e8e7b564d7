import { randomBytes } from 'node:crypto';

/** Who a token was issued to and what it may do. */
export interface TokenGrant {
  /** As `GET /api/v2/tokens/me` describes it (SDK 262 `OrgOAuthClient`: `name` and `authorizedGrantType` required). */
  client: { id: string; name: string; authorizedGrantType: 'CLIENT-CREDENTIALS' | 'CODE' };
  permissions: readonly string[];
}

export interface AccessToken extends TokenGrant {
  value: string;
  expiresAt: number;
}

/** An authorization code waiting to be exchanged (authorization code grant with PKCE). */
export interface PendingAuthorization extends TokenGrant {
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
}

const AUTHORIZATION_CODE_TTL_MS = 5 * 60_000;

/** Opaque random strings, like Genesys tokens; not seeded because nothing should depend on their value. */
const opaqueToken = (): string => randomBytes(32).toString('base64url');

/** Access tokens, refresh tokens and authorization codes issued by the sandbox. */
export class TokenStore {
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, TokenGrant>();
  private readonly authorizationCodes = new Map<string, PendingAuthorization>();
  /** Every token and code ever issued, expired and redeemed ones included: what a secret scan looks for. */
  readonly issued = new Set<string>();

  constructor(private readonly now: () => number) {}

  private newValue(): string {
    const value = opaqueToken();
    this.issued.add(value);
    return value;
  }

  issueAccessToken(grant: TokenGrant, ttlSeconds: number): AccessToken {
    const token: AccessToken = { ...grant, value: this.newValue(), expiresAt: this.now() + ttlSeconds * 1000 };
    this.accessTokens.set(token.value, token);
    return token;
  }

  /** The token if it exists and has not expired; expired ones are forgotten on the way. */
  findAccessToken(value: string): AccessToken | undefined {
    const token = this.accessTokens.get(value);
    if (token && token.expiresAt <= this.now()) {
      this.accessTokens.delete(value);
      return undefined;
    }
    return token;
  }

  /** Makes the token answer 401 from now on, as if its lifetime had run out. */
  expire(value: string): void {
    const token = this.accessTokens.get(value);
    if (token) {
      token.expiresAt = 0;
    }
  }

  /** Expires every access token. Refresh tokens stay valid, so a client can recover by refreshing. */
  expireAll(): void {
    this.accessTokens.forEach((token) => (token.expiresAt = 0));
  }

  revoke(value: string): void {
    this.accessTokens.delete(value);
  }

  issueRefreshToken(grant: TokenGrant): string {
    const value = this.newValue();
    this.refreshTokens.set(value, grant);
    return value;
  }

  /** Refresh tokens rotate: each is good for one exchange, by the client it was issued to. */
  redeemRefreshToken(value: string, clientId: string): TokenGrant | undefined {
    const grant = this.refreshTokens.get(value);
    if (grant?.client.id !== clientId) {
      return undefined;
    }
    this.refreshTokens.delete(value);
    return grant;
  }

  issueAuthorizationCode(pending: Omit<PendingAuthorization, 'expiresAt'>): string {
    const code = this.newValue();
    this.authorizationCodes.set(code, { ...pending, expiresAt: this.now() + AUTHORIZATION_CODE_TTL_MS });
    return code;
  }

  /** Codes are single use, whether the exchange then succeeds or not (as RFC 6749 recommends). */
  redeemAuthorizationCode(code: string): PendingAuthorization | undefined {
    const pending = this.authorizationCodes.get(code);
    this.authorizationCodes.delete(code);
    return pending && pending.expiresAt > this.now() ? pending : undefined;
  }
}
