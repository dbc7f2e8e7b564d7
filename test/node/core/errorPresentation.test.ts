import * as assert from 'node:assert/strict';
import { GenesysApiError } from '../../../src/api';
import { presentError } from '../../../src/core/errorPresentation';

const httpError = (status: number, extra: Partial<ConstructorParameters<typeof GenesysApiError>[0]> = {}) =>
  new GenesysApiError({ kind: 'http', status, message: `HTTP ${status} from Genesys`, correlationId: 'corr-123', ...extra });

describe('Command error policy', () => {
  it('stays silent when the user cancelled', () => {
    assert.equal(presentError(new GenesysApiError({ kind: 'cancelled', message: 'x' }), 'Scan').silent, true);
  });

  it('offers to sign in again after a 401', () => {
    const shown = presentError(httpError(401), 'Loading users');
    assert.deepEqual(shown.actions, ['signIn']);
    assert.match(shown.message, /Sign in again/);
  });

  it('names the missing permission of a 403', () => {
    const shown = presentError(httpError(403, { body: { message: 'You are missing the following permission(s): [authorization:grant:add]' } }), 'Assign');
    assert.match(shown.message, /authorization:grant:add/);
  });

  it('says how long a 429 asks to wait and offers a retry', () => {
    const shown = presentError(httpError(429, { retryAfterSeconds: 12.2, limitKey: 'token.rate.per.minute' }), 'Scan');
    assert.match(shown.message, /13 s/);
    assert.match(shown.message, /token\.rate\.per\.minute/);
    assert.deepEqual(shown.actions, ['retry']);
  });

  it('gives the correlation ID for a 5xx and keeps it in the log detail', () => {
    const shown = presentError(httpError(503), 'Scan');
    assert.match(shown.message, /corr-123/);
    assert.match(shown.logDetail, /correlationId=corr-123/);
    assert.deepEqual(shown.actions, ['retry', 'showLogs']);
  });

  it('never offers to resend a write whose outcome is unknown', () => {
    const shown = presentError(httpError(504).withOutcomeUnknown(), 'Apply');
    assert.ok(!shown.actions.includes('retry'));
    assert.match(shown.message, /may or may not have been applied/);
  });

  it('suggests the timeout setting after a timeout, and the proxy after a network error', () => {
    assert.match(presentError(new GenesysApiError({ kind: 'timeout', message: 't' }), 'Scan').message, /requestTimeoutSeconds/);
    assert.match(presentError(new GenesysApiError({ kind: 'network', message: 'ECONNRESET' }), 'Scan').message, /http\.proxy/);
  });
});
