/**
 * The Genesys Cloud License API client: HTTP, auth grants, retries, paging, typed models and errors.
 * Nothing here imports `vscode`: the extension calls this layer, never the other way round.
 */
export * from './client';
export * from './authorization';
export * from './errors';
export * from './models';
export { REGIONS, DEFAULT_ENVIRONMENT, resolveEnvironment, isLoopbackHost, type Region, type ResolvedEnvironment } from './regions';
export { requestOAuthToken, RenewingTokenProvider, StaticTokenProvider, ClientCredentialsTokenProvider, type OAuthEndpointConfig } from './auth';
export { defaultFetch, type FetchLike, type ClientLogger, type RetryNotice, type RetryPolicy, type TokenProvider } from './http';
export type { RateBudget } from './pacing';
export {
  createPkcePair,
  createOAuthState,
  buildAuthorizeUrl,
  exchangeAuthorizationCode,
  RefreshTokenProvider,
  type PkcePair,
  type BrowserTokens,
  type AuthorizeRequest,
} from './pkce';
export { signInWithBrowser, type BrowserSignInOptions } from './browserSignIn';
