import * as assert from 'node:assert/strict';
import { signInFromEnvironment } from '../../../src/auth/environmentCredentials';

describe('gc CLI environment variables', () => {
  it('signs in with a client ID and secret, or with a token, which wins as in the CLI', () => {
    assert.deepEqual(
      signInFromEnvironment({ GENESYSCLOUD_REGION: 'eu-west-1', GENESYSCLOUD_OAUTHCLIENT_ID: 'id', GENESYSCLOUD_OAUTHCLIENT_SECRET: 'secret' }),
      {
        method: 'clientCredentials',
        environment: 'eu-west-1',
        clientId: 'id',
        clientSecret: 'secret',
      },
    );
    assert.deepEqual(
      signInFromEnvironment({ GENESYSCLOUD_ACCESS_TOKEN: 'token', GENESYSCLOUD_OAUTHCLIENT_ID: 'id', GENESYSCLOUD_OAUTHCLIENT_SECRET: 'secret' }),
      {
        method: 'accessToken',
        environment: undefined,
        accessToken: 'token',
      },
    );
  });

  it('offers nothing when the variables are incomplete', () => {
    assert.equal(signInFromEnvironment({ GENESYSCLOUD_OAUTHCLIENT_ID: 'id' }), undefined);
    assert.equal(signInFromEnvironment({}), undefined);
  });
});
