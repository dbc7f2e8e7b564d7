import fetch, { RequestInit } from 'node-fetch';
import { Sandbox, SandboxClientCredentials, SandboxOptions, startSandbox } from '../../../src/sandbox';
import { withoutEmptyFields } from '../../../src/sandbox/http';

/** Starts a sandbox before the suite and closes it after; the getter fails loudly if used too early. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await startSandbox({ userCount: 200, ...options });
  });
  after(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) {
      throw new Error('The sandbox is not started yet');
    }
    return sandbox;
  };
}

export interface ApiAnswer<T = any> {
  status: number;
  headers: Map<string, string>;
  text: string;
  /** The parsed body, or undefined when the body is empty or not JSON. */
  body: T;
}

export interface CallOptions extends RequestInit {
  token?: string;
  json?: unknown;
}

/** Calls the sandbox over real HTTP and reads the whole answer. */
export async function call<T = any>(sandbox: Sandbox, path: string, options: CallOptions = {}): Promise<ApiAnswer<T>> {
  const { token, json, ...init } = options;
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (token !== undefined) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${sandbox.url}${path}`, {
    ...init,
    headers,
    redirect: 'manual',
    ...(json !== undefined && { body: JSON.stringify(json), method: init.method ?? 'POST' }),
  });
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: new Map(response.headers.entries()), text, body };
}

export function basicAuthorization(client: Pick<SandboxClientCredentials, 'clientId' | 'clientSecret'>): string {
  return `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
}

/** POSTs a form to the token endpoint. */
export function tokenRequest(sandbox: Sandbox, form: Record<string, string>, authorization?: string): Promise<ApiAnswer> {
  return call(sandbox, '/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(authorization && { Authorization: authorization }) },
    body: new URLSearchParams(form).toString(),
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A clock the test moves itself: tokens expire and rate windows slide when the test says, not when a busy machine pauses. */
export function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = Date.now();
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A value of the org as a successful answer carries it: without empty arrays and null fields (the default form). */
export function asSent<T>(value: T): T {
  return JSON.parse(JSON.stringify(withoutEmptyFields(value))) as T;
}
