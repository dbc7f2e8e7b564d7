import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxResponse } from './http';
import type { AccessToken } from './tokens';

export interface RequestContext {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Path parameters by the names used in the route's path, URL-decoded. */
  params: Record<string, string>;
  rawBody: Buffer;
  /** The parsed JSON body for routes declaring `body: 'json'` (undefined when the body is empty). */
  body: unknown;
  /** The caller's access token on `auth: 'bearer'` routes. */
  token?: AccessToken;
  correlationId: string;
}

export interface Route {
  method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
  /** e.g. `/api/v2/license/users/{userId}`; also the route's name in the stats. */
  path: string;
  /** `bearer` routes need a valid access token, and count against that token's rate limit. */
  auth: 'bearer' | 'none';
  /** The caller needs ANY of these permissions (Genesys' rule); omitted = no permission needed. */
  anyOfPermissions?: readonly string[];
  /** The route takes a JSON body: other content types answer 415, unparsable JSON 400. */
  body?: 'json';
  /** Lets a route exist only in some configurations (answering 404 like an unknown path otherwise). */
  isAvailable?: () => boolean;
  handle(context: RequestContext): SandboxResponse;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

/** Matches a method and pathname to a route, segment by segment (`{name}` matches any one segment). */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.path.split('/') }));
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const segments = pathname.split('/');
    for (const { route, segments: pattern } of this.compiled) {
      if (route.method !== method || pattern.length !== segments.length) {
        continue;
      }
      const params = matchSegments(pattern, segments);
      if (params) {
        return { route, params };
      }
    }
    return undefined;
  }
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i];
    if (expected.startsWith('{') && expected.endsWith('}')) {
      const value = safeDecode(segments[i]);
      if (!value) {
        return undefined;
      }
      params[expected.slice(1, -1)] = value;
    } else if (expected !== segments[i]) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
