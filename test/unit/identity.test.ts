import assert from 'node:assert/strict';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand, NotAuthorizedException } from '@aws-sdk/client-cognito-identity';
import type { Connection } from '../../src/core/connection';
import { UserFacingError } from '../../src/core/errors';
import { getCredentialsForUser, loginsFor } from '../../src/core/identity/credentials';
import { closedPort } from '../support/jwksServer';

const conn: Connection = {
  id: 'c1',
  name: 'dev',
  region: 'us-east-1',
  userPoolId: 'us-east-1_Pool1',
  clientId: 'client1',
  identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000001',
};

describe('getCredentialsForUser', function () {
  this.timeout(20_000);

  it('keys the Logins map by the user pool provider name', () => {
    assert.deepEqual(loginsFor(conn, 'id-token'), { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1': 'id-token' });
  });

  it('refuses a connection without an identity pool, with the sentence that says how to fix it', async () => {
    await assert.rejects(getCredentialsForUser({ ...conn, identityPoolId: undefined }, 'tok'), (err: unknown) => {
      assert.ok(err instanceof UserFacingError);
      assert.equal(err.message, 'This connection has no identity pool; edit it and add the identity pool id.');
      return true;
    });
  });

  it('explains an unreachable endpoint as one sentence about getting AWS credentials', async () => {
    const endpointUrl = `http://127.0.0.1:${await closedPort()}`;
    await assert.rejects(getCredentialsForUser({ ...conn, endpointUrl }, 'tok'), (err: unknown) => {
      assert.ok(err instanceof UserFacingError);
      assert.equal(err.message, `Could not reach the endpoint ${endpointUrl} to get AWS credentials; check the network and that the emulator is running and try again.`);
      return true;
    });
  });

  describe('faults moto cannot produce', () => {
    // Created in before(): mockClient patches every client at once, which must not leak into other suites.
    let mock: AwsClientStub<CognitoIdentityClient>;
    before(() => {
      mock = mockClient(CognitoIdentityClient);
    });
    afterEach(() => mock.reset());
    after(() => mock.restore());

    it('explains an identity pool that refuses the login (real Cognito checks the token; moto does not)', async () => {
      mock.on(GetIdCommand).rejects(new NotAuthorizedException({ message: 'Invalid login token. Token is expired.', $metadata: {} }));
      await assert.rejects(getCredentialsForUser(conn, 'tok'), (err: unknown) => {
        assert.ok(err instanceof UserFacingError);
        assert.equal(err.code, 'NotAuthorizedException');
        assert.equal(err.message, 'The ID token has expired; refresh the session (or sign in again), then get AWS credentials again.');
        return true;
      });
    });

    it('sends CustomRoleArn only when asked, with the same Logins on both calls', async () => {
      mock.on(GetIdCommand).resolves({ IdentityId: 'us-east-1:id-1' });
      mock.on(GetCredentialsForIdentityCommand).resolves({
        IdentityId: 'us-east-1:id-1',
        Credentials: { AccessKeyId: 'ASIAX', SecretKey: 's', SessionToken: 't', Expiration: new Date('2030-01-01T00:00:00Z') },
      });
      const role = 'arn:aws:iam::123456789012:role/Readers';
      const creds = await getCredentialsForUser(conn, 'the-id-token', { customRoleArn: role });
      assert.deepEqual(creds, { identityId: 'us-east-1:id-1', accessKeyId: 'ASIAX', secretAccessKey: 's', sessionToken: 't', expiration: '2030-01-01T00:00:00.000Z', flow: 'enhanced', roleArn: role });
      const logins = { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1': 'the-id-token' };
      assert.deepEqual(mock.commandCalls(GetIdCommand)[0].args[0].input, { IdentityPoolId: conn.identityPoolId, Logins: logins });
      assert.deepEqual(mock.commandCalls(GetCredentialsForIdentityCommand)[0].args[0].input, { IdentityId: 'us-east-1:id-1', Logins: logins, CustomRoleArn: role });
      await getCredentialsForUser(conn, 'the-id-token');
      assert.equal('CustomRoleArn' in mock.commandCalls(GetCredentialsForIdentityCommand)[1].args[0].input, false);
    });
  });
});
