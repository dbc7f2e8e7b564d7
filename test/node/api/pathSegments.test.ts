import * as assert from 'node:assert/strict';
import { adminClient, failureOf, useSandbox } from './helpers';

describe('IDs and names in request paths', () => {
  const sandbox = useSandbox({ userCount: 20, toggles: 'stateful' });

  it('refuses "." and ".." as a feature name, license ID or user ID before sending anything', async () => {
    const client = adminClient(sandbox());
    sandbox().stats.reset();
    for (const segment of ['.', '..', ' .. ']) {
      for (const call of [
        () => client.flipToggle(segment),
        () => client.getToggle(segment),
        () => client.getDefinition(segment),
        () => client.getUserLicenses(segment),
      ]) {
        const failure = await failureOf(call);
        assert.equal(failure.kind, 'invalid-argument', `${JSON.stringify(segment)}: ${failure.message}`);
        assert.match(failure.message, /would change the request's path/);
      }
    }
    assert.equal(sandbox().stats.requests, 0, 'nothing reached the org');
  });

  it('sends names that only look like paths as one encoded segment of the operation asked for', async () => {
    const client = adminClient(sandbox());
    for (const name of ['...', 'a/../b', '%2e%2e', 'feature.name']) {
      const flipped = await client.flipToggle(name);
      assert.equal(flipped.featureName, name, 'the toggle the org flipped is the one named');
    }
    assert.deepEqual(Object.keys(sandbox().org.toggles).sort(), ['%2e%2e', '...', 'a/../b', 'feature.name']);
  });
});
