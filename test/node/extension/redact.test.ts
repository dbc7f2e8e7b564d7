import * as assert from 'node:assert/strict';
import { Redactor } from '../../../src/logging/redact';

describe('Redactor', () => {
  it('removes bearer and basic credentials, OAuth form fields and JSON token fields', () => {
    const redactor = new Redactor();
    const text = [
      'Authorization: Bearer eyJhbGciOi.abc-def_123',
      'Authorization: Basic Y2xpZW50OnNlY3JldA==',
      'grant_type=refresh_token&refresh_token=r-123456&client_secret=s3cr3t-value',
      '{"access_token":"tok-987654","token_type":"bearer"}',
      'GET /callback?code=auth-code-42&state=xyz',
    ].join('\n');
    const redacted = redactor.redact(text);
    for (const secret of ['eyJhbGciOi.abc-def_123', 'Y2xpZW50OnNlY3JldA==', 'r-123456', 's3cr3t-value', 'tok-987654', 'auth-code-42']) {
      assert.ok(!redacted.includes(secret), `${secret} leaked: ${redacted}`);
    }
    assert.match(redacted, /state=xyz/);
  });

  it('removes a registered secret wherever it appears, whatever surrounds it', () => {
    const redactor = new Redactor();
    redactor.registerSecret('pasted-token-value-0001');
    assert.equal(redactor.redact('token was pasted-token-value-0001!'), 'token was [redacted]!');
  });
});
