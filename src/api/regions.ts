import { GenesysApiError } from './errors';

export interface Region {
  /** The SDK's key, e.g. `eu_west_1`. */
  key: string;
  /** The `gc` CLI's key, e.g. `eu-west-1` (three regions use underscores there too). */
  cliKey: string;
  host: string;
  label: string;
}

/** The 18 Genesys Cloud regions (JS SDK 262 `PureCloudRegionHosts`, identical in the `gc` CLI 166). */
export const REGIONS: readonly Region[] = [
  { key: 'us_east_1', cliKey: 'us-east-1', host: 'mypurecloud.com', label: 'Americas (US East)' },
  { key: 'us_east_2', cliKey: 'us-east-2', host: 'use2.us-gov-pure.cloud', label: 'Americas (US East 2, FedRAMP)' },
  { key: 'us_west_2', cliKey: 'us-west-2', host: 'usw2.pure.cloud', label: 'Americas (US West)' },
  { key: 'ca_central_1', cliKey: 'ca-central-1', host: 'cac1.pure.cloud', label: 'Americas (Canada)' },
  { key: 'sa_east_1', cliKey: 'sa-east-1', host: 'sae1.pure.cloud', label: 'Americas (São Paulo)' },
  { key: 'mx_central_1', cliKey: 'mx-central-1', host: 'mxc1.pure.cloud', label: 'Americas (Mexico)' },
  { key: 'eu_west_1', cliKey: 'eu-west-1', host: 'mypurecloud.ie', label: 'EMEA (Dublin)' },
  { key: 'eu_west_2', cliKey: 'eu-west-2', host: 'euw2.pure.cloud', label: 'EMEA (London)' },
  { key: 'eu_central_1', cliKey: 'eu-central-1', host: 'mypurecloud.de', label: 'EMEA (Frankfurt)' },
  { key: 'eu_central_2', cliKey: 'eu_central_2', host: 'euc2.pure.cloud', label: 'EMEA (Zurich)' },
  { key: 'me_central_1', cliKey: 'me_central_1', host: 'mec1.pure.cloud', label: 'EMEA (UAE)' },
  { key: 'eusc_de_east_1', cliKey: 'eusc-de-east-1', host: 'edee1.eusc-pure.cloud', label: 'EMEA (EU Sovereign Cloud)' },
  { key: 'ap_south_1', cliKey: 'ap-south-1', host: 'aps1.pure.cloud', label: 'Asia Pacific (Mumbai)' },
  { key: 'ap_southeast_1', cliKey: 'ap-southeast-1', host: 'apse1.pure.cloud', label: 'Asia Pacific (Jakarta)' },
  { key: 'ap_southeast_2', cliKey: 'ap-southeast-2', host: 'mypurecloud.com.au', label: 'Asia Pacific (Sydney)' },
  { key: 'ap_northeast_1', cliKey: 'ap-northeast-1', host: 'mypurecloud.jp', label: 'Asia Pacific (Tokyo)' },
  { key: 'ap_northeast_2', cliKey: 'ap-northeast-2', host: 'apne2.pure.cloud', label: 'Asia Pacific (Seoul)' },
  { key: 'ap_northeast_3', cliKey: 'ap_northeast_3', host: 'apne3.pure.cloud', label: 'Asia Pacific (Osaka)' },
];

export const DEFAULT_ENVIRONMENT = 'mypurecloud.com';

/** Where the API and the OAuth endpoints of one environment live. */
export interface ResolvedEnvironment {
  /** `https://api.mypurecloud.ie`, or the custom origin (and path) given. No trailing slash. */
  apiBaseUrl: string;
  /** `https://login.mypurecloud.ie`; for a custom URL (a gateway, the sandbox) the same origin as the API. */
  loginBaseUrl: string;
  /** The region when the input named one of the 18. */
  region?: Region;
  /** True for http://127.0.0.1, localhost or [::1]: the only place plain http is allowed. */
  isLoopback: boolean;
  /** What to show a person: the region's label and host, or the custom URL. */
  label: string;
}

export function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

function invalid(message: string): GenesysApiError {
  return new GenesysApiError({ kind: 'invalid-argument', code: 'invalid.environment', message });
}

/** Credentials may only travel over https, or over plain http to this machine (the sandbox). */
export function assertSecureUrl(url: URL): void {
  if (url.protocol === 'https:') {
    return;
  }
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    return;
  }
  throw new GenesysApiError({
    kind: 'insecure-transport',
    code: 'insecure.transport',
    message:
      url.protocol === 'http:'
        ? `Refusing to send credentials over plain http to ${url.host}. Use https, or http only for a loopback address such as 127.0.0.1.`
        : `Unsupported protocol "${url.protocol}" in ${url.origin}: use https.`,
  });
}

function findRegion(input: string): Region | undefined {
  const normalized = input.toLowerCase().replace(/-/g, '_');
  return REGIONS.find(
    (region) =>
      region.key === normalized ||
      region.host === input.toLowerCase() ||
      // Short forms such as `euw2` or `apne2`: the first label of the *.pure.cloud hosts.
      (!region.host.startsWith('mypurecloud') && region.host.split('.')[0] === normalized),
  );
}

function fromHost(host: string): ResolvedEnvironment {
  const region = findRegion(host);
  const bareHost = region?.host ?? host;
  return {
    apiBaseUrl: `https://api.${bareHost}`,
    loginBaseUrl: `https://login.${bareHost}`,
    region,
    isLoopback: false,
    label: region ? `${region.label} — ${region.host}` : bareHost,
  };
}

/**
 * Accepts what people type: a region host (`mypurecloud.ie`, `api.mypurecloud.ie`), a region key (`eu-west-1`,
 * `eu_west_1`, `euw2`), or a base URL (`https://api.mypurecloud.ie`, a gateway, `http://127.0.0.1:PORT`).
 * Throws a GenesysApiError (`invalid-argument` or `insecure-transport`) for anything else.
 */
export function resolveEnvironment(input: string | undefined): ResolvedEnvironment {
  const trimmed = (input ?? '').trim() || DEFAULT_ENVIRONMENT;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw invalid(`"${trimmed}" is not a valid URL.`);
    }
    assertSecureUrl(url);
    if (url.username || url.password) {
      throw invalid('The environment URL must not contain a user name or password.');
    }
    const knownApiHost = /^api\.(.+)$/i.exec(url.hostname)?.[1];
    if (url.protocol === 'https:' && knownApiHost && (url.pathname === '/' || url.pathname === '') && !url.port) {
      return fromHost(knownApiHost);
    }
    const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    return {
      apiBaseUrl: base,
      loginBaseUrl: base,
      isLoopback: isLoopbackHost(url.hostname),
      label: base,
    };
  }
  const host = trimmed.replace(/\/+$/, '').replace(/^(api|login|apps)\./i, '');
  if (findRegion(host)) {
    return fromHost(host);
  }
  if (!/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i.test(host)) {
    throw invalid(
      `"${trimmed}" is not a Genesys Cloud region, host or URL. Use a host such as mypurecloud.ie, a region such as eu-west-1, or a URL such as https://api.mypurecloud.ie.`,
    );
  }
  return fromHost(host.toLowerCase());
}
