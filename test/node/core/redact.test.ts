import * as assert from 'node:assert/strict';
import { Redactor } from '../../../src/core/redact';

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

  it('removes a registered secret in its URL-encoded, form-encoded and JSON-escaped forms', () => {
    const redactor = new Redactor();
    const secret = 'sec/ret+va"lue=\\x 1';
    redactor.registerSecret(secret);
    for (const form of [encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)]) {
      const redacted = redactor.redact(`before ${form} after`);
      assert.ok(!redacted.includes(form) && !redacted.includes('va'), `${form} leaked: ${redacted}`);
    }
  });

  it('removes token, password and id_token fields, and values that hold escaped quotes or sit in escaped JSON', () => {
    const redactor = new Redactor();
    const text = [
      '{"token":"plain-token-1111","password":"hunter2-pass","id_token":"eyJid.token.2222"}',
      '{"access_token":"abc\\"leaked-after-quote-3333","expires_in":3600}',
      'message: "{\\"access_token\\":\\"escaped-json-4444\\",\\"refreshToken\\":\\"escaped-json-5555\\"}"',
      'POST /token body=grant_type=password&username=ann&password=form-pass-6666&id_token=form-id-7777&token=form-tok-8888',
    ].join('\n');
    const redacted = redactor.redact(text);
    for (const secret of [
      'plain-token-1111',
      'hunter2-pass',
      'eyJid.token.2222',
      'leaked-after-quote-3333',
      'escaped-json-4444',
      'escaped-json-5555',
      'form-pass-6666',
      'form-id-7777',
      'form-tok-8888',
    ]) {
      assert.ok(!redacted.includes(secret), `${secret} leaked: ${redacted}`);
    }
    assert.match(redacted, /"expires_in":3600/, 'the JSON after the redacted value stays readable');
  });

  it('keeps Genesys error codes in log lines while removing OAuth authorization codes from URLs and forms', () => {
    const redactor = new Redactor();
    const logLine = 'Sign in failed: Bad request kind=http status=400 code=bad.request correlationId=abc-123';
    assert.equal(redactor.redact(logLine), logLine);
    const redacted = redactor.redact(
      'GET /?code=oauth-code-9999&state=s then grant_type=authorization_code&code=oauth-code-0000&redirect_uri=x and code=first-in-form-1212&grant_type=authorization_code',
    );
    for (const secret of ['oauth-code-9999', 'oauth-code-0000', 'first-in-form-1212']) {
      assert.ok(!redacted.includes(secret), `${secret} leaked: ${redacted}`);
    }
  });
});
