/** signIn() faults that neither moto nor the SRP test server produce: a hostile B, a truncated challenge, MFA after the verifier. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { assertIssuedByPool, signIn, UnsupportedChallengeError } from '../../src/core/auth/signIn';
import { N } from '../../src/core/auth/srp';
import type { Connection } from '../../src/core/connection';
import { UserFacingError } from '../../src/core/errors';
import { refusal, useIdpMock } from '../support/assertions';

const connection: Connection = { id: 'c1', name: 'dev', region: 'us-east-1', userPoolId: 'us-east-1_Pool1', clientId: 'client1' };

function verifierChallenge(overrides: Record<string, string> = {}) {
  return {
    ChallengeName: 'PASSWORD_VERIFIER' as const,
    ChallengeParameters: {
      USER_ID_FOR_SRP: 'sub-1',
      USERNAME: 'alice',
      SRP_B: (BigInt(`0x${randomBytes(384).toString('hex')}`) % N).toString(16),
      SALT: randomBytes(16).toString('hex'),
      SECRET_BLOCK: randomBytes(64).toString('base64'),
      ...overrides,
    },
  };
}


describe('signIn: faults injected at the SDK', () => {
  const mock = useIdpMock();

  for (const [label, B] of [['N', N], ['0', 0n], ['2N', 2n * N]] as const) {
    it(`aborts before answering when the server's B is ${label} (B mod N == 0)`, async () => {
      mock.on(InitiateAuthCommand).resolves(verifierChallenge({ SRP_B: B.toString(16) }));
      const err = await refusal(signIn({ connection, username: 'alice', password: 'pw-123456' }));
      assert.match(err.message, /B mod N is 0/);
      assert.equal(mock.commandCalls(RespondToAuthChallengeCommand).length, 0);
    });
  }

  it('refuses a challenge without SRP_B, naming the missing parameter', async () => {
    const challenge = verifierChallenge();
    delete (challenge.ChallengeParameters as Record<string, string | undefined>).SRP_B;
    mock.on(InitiateAuthCommand).resolves(challenge);
    const err = await refusal(signIn({ connection, username: 'alice', password: 'pw-123456' }));
    assert.match(err.message, /missing SRP_B/);
  });

  it('names an MFA challenge that follows the password verifier', async () => {
    mock.on(InitiateAuthCommand).resolves(verifierChallenge());
    mock.on(RespondToAuthChallengeCommand).resolves({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'session-1', ChallengeParameters: {} });
    const err = await refusal(signIn({ connection, username: 'alice', password: 'pw-123456' }));
    assert.ok(err instanceof UnsupportedChallengeError);
    assert.match(err.message, /^This user must answer a SOFTWARE_TOKEN_MFA challenge/);
    const respond = mock.commandCalls(RespondToAuthChallengeCommand)[0].args[0].input as { ChallengeResponses: Record<string, string> };
    assert.equal(respond.ChallengeResponses.USERNAME, 'alice');
  });

  it('refuses an answer that carries no tokens', async () => {
    mock.on(InitiateAuthCommand).resolves({ AuthenticationResult: {} });
    const err = await refusal(signIn({ connection, username: 'alice', password: 'pw-123456', flow: 'password' }));
    assert.equal(err.code, 'NoTokens');
  });
});

describe('assertIssuedByPool', () => {
  const conn = { region: 'us-east-1', userPoolId: 'us-east-1_Mine', clientId: 'client1' };
  const jwt = (payload: object) =>
    [{ alg: 'RS256', kid: 'k' }, payload].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') + '.c2ln';

  it('accepts an ID token issued by the connection\'s pool', () => {
    assertIssuedByPool(jwt({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Mine', token_use: 'id' }), conn);
  });

  it('names the pool the app client really belongs to', () => {
    assert.throws(
      () => assertIssuedByPool(jwt({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }), conn),
      /^UserFacingError: App client client1 belongs to user pool us-east-1_Other, not us-east-1_Mine; check the user pool id\.$/,
    );
  });

  it('keeps tokens whatever the issuer form: AWS UPDATED, an emulator, or no pool at all (verification reports those)', () => {
    for (const iss of [
      'https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_Mine',
      'http://127.0.0.1:9229/us-east-1_Mine',
      'http://localhost.localstack.cloud:4566/us-east-1_Mine',
      'https://example.com',
      undefined,
    ]) {
      assert.doesNotThrow(() => assertIssuedByPool(jwt({ iss }), conn), String(iss));
    }
  });

  it('names the other pool in an emulator or UPDATED issuer too', () => {
    for (const iss of ['https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_Other', 'http://127.0.0.1:9229/us-east-1_Other']) {
      assert.throws(() => assertIssuedByPool(jwt({ iss }), conn), /belongs to user pool us-east-1_Other, not us-east-1_Mine/);
    }
  });
});
