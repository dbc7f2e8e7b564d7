import { GenesysApiError } from '../api/errors';

export type ErrorAction = 'signIn' | 'retry' | 'showLogs';

/** How a failed command is shown: a short message that says what to do next, and the buttons that do it. */
export interface ErrorPresentation {
  /** A user's own cancel: nothing to show. */
  silent: boolean;
  severity: 'error' | 'warning';
  message: string;
  actions: ErrorAction[];
  /** Everything support needs (status, code, correlation ID), for the log only. */
  logDetail: string;
}

function supportReference(error: GenesysApiError): string {
  return error.correlationId ? ` (correlation ID ${error.correlationId})` : '';
}

/** Maps any failure to what the user sees. Pure: no VS Code import, so it is tested directly. */
export function presentError(error: unknown, what: string): ErrorPresentation {
  if (!(error instanceof GenesysApiError)) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      silent: false,
      severity: 'error',
      message: `${what} failed: ${message}`,
      actions: ['showLogs'],
      logDetail: error instanceof Error ? (error.stack ?? message) : message,
    };
  }
  const logDetail = [
    `${what} failed: ${error.message}`,
    `kind=${error.kind}`,
    error.status !== undefined ? `status=${error.status}` : '',
    error.code ? `code=${error.code}` : '',
    error.method && error.path ? `request=${error.method} ${error.path}` : '',
    error.correlationId ? `correlationId=${error.correlationId}` : '',
    error.contextId ? `contextId=${error.contextId}` : '',
    error.limitKey ? `limit=${error.limitKey}` : '',
    error.outcomeUnknown ? 'outcome=unknown' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const present = (severity: ErrorPresentation['severity'], message: string, actions: ErrorAction[]): ErrorPresentation => ({
    silent: false,
    severity,
    message,
    actions,
    logDetail,
  });

  if (error.kind === 'cancelled') {
    return { silent: true, severity: 'warning', message: '', actions: [], logDetail };
  }
  if (error.outcomeUnknown) {
    return present(
      'error',
      `${what}: the answer was lost (${error.message}), so the change may or may not have been applied. Nothing was sent again; refresh to see the org's current state before trying again.`,
      ['showLogs'],
    );
  }
  switch (error.kind) {
    case 'invalid-argument':
      return present('warning', error.message, []);
    case 'insecure-transport':
      return present('error', error.message, []);
    case 'auth':
      return present('error', `${what}: ${error.message}`, ['signIn', 'showLogs']);
    case 'timeout':
      return present('error', `${what}: Genesys Cloud did not answer in time. Try again, or raise the setting genesysLicenses.requestTimeoutSeconds.`, [
        'retry',
        'showLogs',
      ]);
    case 'network':
      return present(
        'error',
        `${what}: Genesys Cloud could not be reached (${error.message}). Check the network connection and VS Code's http.proxy setting, then try again.`,
        ['retry', 'showLogs'],
      );
    case 'malformed-response':
      return present('error', `${what}: ${error.message} Try again; if it keeps happening, check for a proxy between VS Code and Genesys Cloud.`, [
        'retry',
        'showLogs',
      ]);
    case 'http':
      break;
  }
  const status = error.status ?? 0;
  if (status === 401) {
    return present('error', `${what}: Genesys Cloud no longer accepts the sign-in (the token expired or was revoked). Sign in again.`, ['signIn']);
  }
  if (status === 403) {
    const missing = error.missingPermissions;
    const needs = missing.length > 0 ? `the permission ${missing.join(' or ')}` : 'a permission it does not have';
    return present(
      'error',
      `${what}: Genesys Cloud refused because the signed-in user or OAuth client lacks ${needs}. Ask an admin to grant it through a role, then sign in again.`,
      ['signIn', 'showLogs'],
    );
  }
  if (status === 404) {
    return present('error', `${what}: not found — ${error.message}`, []);
  }
  if (status === 429) {
    const wait = error.retryAfterSeconds !== undefined ? ` Genesys asks to wait ${Math.ceil(error.retryAfterSeconds)} s.` : '';
    return present(
      'warning',
      `${what}: Genesys Cloud is rate limiting this token${error.limitKey ? ` (${error.limitKey})` : ''}.${wait} Try again after that.`,
      ['retry'],
    );
  }
  if (status === 413) {
    return present('error', `${what}: the request was too large for Genesys Cloud. Send fewer users at once.`, []);
  }
  if (status >= 500) {
    return present(
      'error',
      `${what}: Genesys Cloud had a problem (HTTP ${status}: ${error.message}). Try again; if it persists, give Genesys support the correlation ID${supportReference(error)}.`,
      ['retry', 'showLogs'],
    );
  }
  return present('error', `${what}: ${error.message} (HTTP ${status}${error.code ? `, ${error.code}` : ''})${supportReference(error)}.`, ['showLogs']);
}
