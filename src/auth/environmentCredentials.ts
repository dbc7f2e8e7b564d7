/** What a sign-in needs; also the argument object `genesysLicenses.signIn` takes from automation and tests. */
export interface SignInArguments {
  method?: 'clientCredentials' | 'accessToken' | 'browser';
  environment?: string;
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
}

/**
 * The `gc` CLI's environment variables, when they are enough to sign in: GENESYSCLOUD_REGION with either
 * GENESYSCLOUD_OAUTHCLIENT_ID + GENESYSCLOUD_OAUTHCLIENT_SECRET or GENESYSCLOUD_ACCESS_TOKEN (the token wins, as in the CLI).
 */
export function signInFromEnvironment(env: Record<string, string | undefined>): SignInArguments | undefined {
  const environment = env.GENESYSCLOUD_REGION?.trim() || undefined;
  const accessToken = env.GENESYSCLOUD_ACCESS_TOKEN?.trim();
  if (accessToken) {
    return { method: 'accessToken', environment, accessToken };
  }
  const clientId = env.GENESYSCLOUD_OAUTHCLIENT_ID?.trim();
  const clientSecret = env.GENESYSCLOUD_OAUTHCLIENT_SECRET?.trim();
  if (clientId && clientSecret) {
    return { method: 'clientCredentials', environment, clientId, clientSecret };
  }
  return undefined;
}
