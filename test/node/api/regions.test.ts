import * as assert from 'node:assert/strict';
import { REGIONS, resolveEnvironment } from '../../../src/api';

describe('Environment resolution', () => {
  it('knows the 18 regions, each by host, SDK key and CLI key', () => {
    assert.equal(REGIONS.length, 18);
    for (const region of REGIONS) {
      for (const spelling of [region.host, region.key, region.cliKey, region.key.replace(/_/g, '-'), `api.${region.host}`, `https://api.${region.host}/`]) {
        const resolved = resolveEnvironment(spelling);
        assert.equal(resolved.apiBaseUrl, `https://api.${region.host}`, spelling);
        assert.equal(resolved.loginBaseUrl, `https://login.${region.host}`, spelling);
        assert.equal(resolved.region?.key, region.key, spelling);
      }
    }
  });

  it('defaults to mypurecloud.com and accepts short forms such as euw2', () => {
    assert.equal(resolveEnvironment(undefined).apiBaseUrl, 'https://api.mypurecloud.com');
    assert.equal(resolveEnvironment('euw2').region?.host, 'euw2.pure.cloud');
    assert.equal(resolveEnvironment('EU-WEST-1').region?.host, 'mypurecloud.ie');
  });

  it('puts OAuth on the same origin for a loopback server or a gateway', () => {
    const local = resolveEnvironment('http://127.0.0.1:8123/');
    assert.deepEqual([local.apiBaseUrl, local.loginBaseUrl, local.isLoopback], ['http://127.0.0.1:8123', 'http://127.0.0.1:8123', true]);
    assert.equal(resolveEnvironment('http://localhost:9').isLoopback, true);
    assert.equal(resolveEnvironment('http://[::1]:9').isLoopback, true);
    const gateway = resolveEnvironment('https://gateway.example.com/genesys');
    assert.deepEqual([gateway.apiBaseUrl, gateway.loginBaseUrl], ['https://gateway.example.com/genesys', 'https://gateway.example.com/genesys']);
  });

  it('refuses plain http to a remote host, other protocols, and text that is no environment', () => {
    assert.throws(() => resolveEnvironment('http://api.mypurecloud.ie'), { kind: 'insecure-transport' });
    assert.throws(() => resolveEnvironment('http://10.0.0.5:8080'), { kind: 'insecure-transport' });
    assert.throws(() => resolveEnvironment('ftp://example.com'), { kind: 'insecure-transport' });
    assert.throws(() => resolveEnvironment('not a region'), { kind: 'invalid-argument' });
    assert.throws(() => resolveEnvironment('https://user:pw@api.mypurecloud.ie'), { kind: 'invalid-argument' });
  });
});
