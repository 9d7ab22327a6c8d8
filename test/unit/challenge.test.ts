/**
 * The sign-in state machine through recorded AWS-shaped responses (aws-sdk-client-mock), for what no emulator
 * does: custom challenge loops with and without SRP, choice-based USER_AUTH, EMAIL_OTP, SELECT_MFA_TYPE, MFA setup
 * and the admin flow. Every test asserts the exact requests sent.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { answerChallenge, signInTraceOf, startSignIn, type SignInChallengeStep, type SignInDone, type SignInStep } from '../../src/core/auth/flow';
import { secretHash } from '../../src/core/auth/secretHash';
import { signIn, UnsupportedChallengeError } from '../../src/core/auth/signIn';
import { N } from '../../src/core/auth/srp';
import { formatTrace } from '../../src/core/auth/trace';
import type { Connection } from '../../src/core/connection';
import { refusal, useIdpMock } from '../support/assertions';

const connection: Connection = { id: 'c1', name: 'dev pool', region: 'us-east-1', userPoolId: 'us-east-1_Pool1', clientId: 'client1' };
const SECRET = 'the-client-secret';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (payload: object) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(payload)}.${randomBytes(16).toString('base64url')}`;
const ISS = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1';

function result() {
  return {
    AuthenticationResult: {
      IdToken: jwt({ iss: ISS, token_use: 'id', 'cognito:username': 'alice-int' }),
      AccessToken: jwt({ iss: ISS, token_use: 'access', username: 'alice-int' }),
      RefreshToken: `refresh-${randomBytes(24).toString('hex')}`,
      ExpiresIn: 3600,
      TokenType: 'Bearer',
    },
    ChallengeParameters: {},
  };
}

function verifierChallenge(session = 'srp-session') {
  return {
    ChallengeName: 'PASSWORD_VERIFIER' as const,
    Session: session,
    ChallengeParameters: {
      USER_ID_FOR_SRP: 'alice-int',
      USERNAME: 'alice-int',
      SRP_B: (BigInt(`0x${randomBytes(384).toString('hex')}`) % N).toString(16),
      SALT: randomBytes(16).toString('hex'),
      SECRET_BLOCK: randomBytes(64).toString('base64'),
    },
  };
}

function challenge(step: SignInStep): SignInChallengeStep {
  assert.equal(step.kind, 'challenge');
  return step as SignInChallengeStep;
}
function done(step: SignInStep): SignInDone {
  assert.equal(step.kind, 'done');
  return step as SignInDone;
}
/** The state as a host would keep it: through JSON. */
const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;


describe('sign-in state machine (recorded Cognito responses)', () => {
  const mock = useIdpMock();

  const inputs = (command: unknown) => mock.commandCalls(command as never).map((c) => c.args[0].input as Record<string, unknown>);

  it('CUSTOM_AUTH without SRP: loops through custom challenges with SECRET_HASH of Cognito\'s username and ClientMetadata', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's1', ChallengeParameters: { USERNAME: 'alice-int', question: '2+2?' } });
    mock
      .on(RespondToAuthChallengeCommand)
      .resolvesOnce({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's2', ChallengeParameters: { USERNAME: 'alice-int', question: 'capital of France?' } })
      .resolvesOnce(result());
    const metadata = { app: 'explorer' };
    const first = challenge(await startSignIn({ connection, username: 'alice@example.com', flow: 'custom', clientSecret: SECRET, clientMetadata: metadata }));
    assert.deepEqual(first.challenge, { name: 'CUSTOM_CHALLENGE', parameters: { question: '2+2?' } });
    const second = challenge(await answerChallenge(roundTrip(first.state), { name: 'CUSTOM_CHALLENGE', answer: '4' }, { clientSecret: SECRET }));
    assert.deepEqual(second.challenge, { name: 'CUSTOM_CHALLENGE', parameters: { question: 'capital of France?' } });
    const fin = done(await answerChallenge(roundTrip(second.state), { name: 'CUSTOM_CHALLENGE', answer: 'Paris' }, { clientSecret: SECRET }));
    assert.equal(fin.cognitoUsername, 'alice-int');

    assert.deepEqual(inputs(InitiateAuthCommand), [
      { AuthFlow: 'CUSTOM_AUTH', ClientId: 'client1', AuthParameters: { USERNAME: 'alice@example.com', SECRET_HASH: secretHash(SECRET, 'alice@example.com', 'client1') }, ClientMetadata: metadata },
    ]);
    const hash = secretHash(SECRET, 'alice-int', 'client1');
    assert.deepEqual(inputs(RespondToAuthChallengeCommand), [
      { ClientId: 'client1', ChallengeName: 'CUSTOM_CHALLENGE', ChallengeResponses: { USERNAME: 'alice-int', ANSWER: '4', SECRET_HASH: hash }, Session: 's1', ClientMetadata: metadata },
      { ClientId: 'client1', ChallengeName: 'CUSTOM_CHALLENGE', ChallengeResponses: { USERNAME: 'alice-int', ANSWER: 'Paris', SECRET_HASH: hash }, Session: 's2', ClientMetadata: metadata },
    ]);
  });

  it('CUSTOM_AUTH with SRP first: sends SRP_A with CHALLENGE_NAME SRP_A, answers PASSWORD_VERIFIER itself, and keeps no password in the state', async () => {
    mock.on(InitiateAuthCommand).resolves(verifierChallenge('s0'));
    mock.on(RespondToAuthChallengeCommand).resolvesOnce({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's1', ChallengeParameters: { USERNAME: 'alice-int', hint: 'pin' } }).resolvesOnce(result());
    const step = challenge(await startSignIn({ connection, username: 'alice', password: 'Secret-Passw0rd!', flow: 'custom' }));
    const init = inputs(InitiateAuthCommand)[0] as { AuthFlow: string; AuthParameters: Record<string, string> };
    assert.equal(init.AuthFlow, 'CUSTOM_AUTH');
    assert.deepEqual(Object.keys(init.AuthParameters), ['USERNAME', 'SRP_A', 'CHALLENGE_NAME']);
    assert.equal(init.AuthParameters.CHALLENGE_NAME, 'SRP_A');
    const verifier = inputs(RespondToAuthChallengeCommand)[0] as { ChallengeName: string; ChallengeResponses: Record<string, string>; Session: string };
    assert.equal(verifier.ChallengeName, 'PASSWORD_VERIFIER');
    assert.deepEqual(Object.keys(verifier.ChallengeResponses), ['USERNAME', 'PASSWORD_CLAIM_SECRET_BLOCK', 'PASSWORD_CLAIM_SIGNATURE', 'TIMESTAMP']);
    assert.equal(verifier.Session, 's0');
    assert.ok(!JSON.stringify(step.state).includes('Secret-Passw0rd!'));
    done(await answerChallenge(step.state, { name: 'CUSTOM_CHALLENGE', answer: '1234' }));
  });

  it('USER_AUTH: offers the available factors, refuses WEB_AUTHN with a sentence, and signs in by EMAIL_OTP', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 's1', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'WEB_AUTHN'], ChallengeParameters: {} });
    mock
      .on(RespondToAuthChallengeCommand)
      .resolvesOnce({ ChallengeName: 'EMAIL_OTP', Session: 's2', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' } })
      .resolvesOnce(result());
    const select = challenge(await startSignIn({ connection, username: 'alice', flow: 'user-auth' }));
    assert.deepEqual(select.challenge, {
      name: 'SELECT_CHALLENGE',
      choices: [
        { name: 'PASSWORD', supported: true },
        { name: 'PASSWORD_SRP', supported: true },
        { name: 'EMAIL_OTP', supported: true },
        { name: 'WEB_AUTHN', supported: false, note: 'Passkey sign-in (WEB_AUTHN) is not supported in the editor; choose another way to sign in.' },
      ],
    });
    const webauthn = await refusal(answerChallenge(select.state, { name: 'SELECT_CHALLENGE', choice: 'WEB_AUTHN' }));
    assert.equal(webauthn.message, 'Passkey sign-in (WEB_AUTHN) is not supported in the editor; choose another way to sign in.');
    assert.equal(inputs(RespondToAuthChallengeCommand).length, 0);

    const otp = challenge(await answerChallenge(select.state, { name: 'SELECT_CHALLENGE', choice: 'EMAIL_OTP' }));
    assert.deepEqual(otp.challenge, { name: 'EMAIL_OTP', destination: 'a***@e***', deliveryMedium: 'EMAIL' });
    done(await answerChallenge(otp.state, { name: 'EMAIL_OTP', code: ' 12345678 ' }));
    assert.deepEqual(inputs(InitiateAuthCommand), [{ AuthFlow: 'USER_AUTH', ClientId: 'client1', AuthParameters: { USERNAME: 'alice' } }]);
    assert.deepEqual(inputs(RespondToAuthChallengeCommand), [
      { ClientId: 'client1', ChallengeName: 'SELECT_CHALLENGE', ChallengeResponses: { USERNAME: 'alice', ANSWER: 'EMAIL_OTP' }, Session: 's1' },
      { ClientId: 'client1', ChallengeName: 'EMAIL_OTP', ChallengeResponses: { USERNAME: 'alice', EMAIL_OTP_CODE: '12345678' }, Session: 's2' },
    ]);
  });

  it('USER_AUTH: PREFERRED_CHALLENGE PASSWORD sends the password; choosing PASSWORD_SRP runs SRP inside SELECT_CHALLENGE', async () => {
    mock.on(InitiateAuthCommand).resolves(result());
    done(await startSignIn({ connection, username: 'alice', password: 'Pw-1234567!', flow: 'user-auth', preferredChallenge: 'PASSWORD' }));
    assert.deepEqual(inputs(InitiateAuthCommand)[0].AuthParameters, { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Pw-1234567!' });

    mock.reset();
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 's1', AvailableChallenges: ['PASSWORD_SRP', 'SMS_OTP'] });
    mock.on(RespondToAuthChallengeCommand).resolvesOnce(verifierChallenge('s2')).resolvesOnce(result());
    const select = challenge(await startSignIn({ connection, username: 'alice', flow: 'user-auth' }));
    const missing = await refusal(answerChallenge(select.state, { name: 'SELECT_CHALLENGE', choice: 'PASSWORD_SRP' }));
    assert.equal(missing.message, 'Enter the password for alice.');
    done(await answerChallenge(select.state, { name: 'SELECT_CHALLENGE', choice: 'PASSWORD_SRP', password: 'Pw-1234567!' }));
    const [selected, verified] = inputs(RespondToAuthChallengeCommand) as Array<{ ChallengeName: string; ChallengeResponses: Record<string, string>; Session: string }>;
    assert.equal(selected.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(Object.keys(selected.ChallengeResponses), ['USERNAME', 'ANSWER', 'SRP_A']);
    assert.equal(selected.ChallengeResponses.ANSWER, 'PASSWORD_SRP');
    assert.equal(verified.ChallengeName, 'PASSWORD_VERIFIER');
    assert.equal(verified.Session, 's2');
    assert.equal(verified.ChallengeResponses.USERNAME, 'alice-int');
  });

  it('SELECT_MFA_TYPE lists the choices, checks the answer, then asks for that factor\'s code', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_MFA_TYPE', Session: 's1', ChallengeParameters: { USER_ID_FOR_SRP: 'alice-int', MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' } });
    mock.on(RespondToAuthChallengeCommand).resolvesOnce({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's2', ChallengeParameters: {} }).resolvesOnce(result());
    const select = challenge(await startSignIn({ connection, username: 'alice', password: 'Pw-1234567!', flow: 'password' }));
    assert.deepEqual(select.challenge, { name: 'SELECT_MFA_TYPE', choices: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'] });
    const wrong = await refusal(answerChallenge(select.state, { name: 'SELECT_MFA_TYPE', choice: 'EMAIL_OTP' }));
    assert.equal(wrong.message, 'Choose one of SMS_MFA, SOFTWARE_TOKEN_MFA.');
    const code = challenge(await answerChallenge(select.state, { name: 'SELECT_MFA_TYPE', choice: 'SOFTWARE_TOKEN_MFA' }));
    assert.deepEqual(code.challenge, { name: 'SOFTWARE_TOKEN_MFA' });
    done(await answerChallenge(code.state, { name: 'SOFTWARE_TOKEN_MFA', code: '123456' }));
    assert.deepEqual(
      inputs(RespondToAuthChallengeCommand).map((i) => i.ChallengeResponses),
      [{ USERNAME: 'alice-int', ANSWER: 'SOFTWARE_TOKEN_MFA' }, { USERNAME: 'alice-int', SOFTWARE_TOKEN_MFA_CODE: '123456' }],
    );
  });

  it('NEW_PASSWORD_REQUIRED: shows required and current attributes and insists on the required ones', async () => {
    mock.on(InitiateAuthCommand).resolves({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: 's1',
      ChallengeParameters: { USERNAME: 'alice-int', requiredAttributes: '["userAttributes.name","userAttributes.custom:team"]', userAttributes: '{"email":"a@example.com","email_verified":"true"}' },
    });
    mock.on(RespondToAuthChallengeCommand).resolves(result());
    const step = challenge(await startSignIn({ connection, username: 'alice', password: 'Temp-Passw0rd!', flow: 'password' }));
    assert.deepEqual(step.challenge, { name: 'NEW_PASSWORD_REQUIRED', requiredAttributes: ['name', 'custom:team'], userAttributes: { email: 'a@example.com' } });
    const missing = await refusal(answerChallenge(step.state, { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'New-Passw0rd!', attributes: { name: 'Alice' } }));
    assert.equal(missing.message, 'The pool requires custom:team with the new password; fill it in.');
    assert.equal(inputs(RespondToAuthChallengeCommand).length, 0);
    done(await answerChallenge(step.state, { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'New-Passw0rd!', attributes: { name: 'Alice', 'custom:team': 'blue' } }));
    assert.deepEqual(inputs(RespondToAuthChallengeCommand)[0].ChallengeResponses, {
      USERNAME: 'alice-int',
      NEW_PASSWORD: 'New-Passw0rd!',
      'userAttributes.name': 'Alice',
      'userAttributes.custom:team': 'blue',
    });
  });

  it('MFA_SETUP: associates with the Session, returns the otpauth URI, verifies the code and finishes with the new Session', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'MFA_SETUP', Session: 's1', ChallengeParameters: { USERNAME: 'alice-int', MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
    mock.on(AssociateSoftwareTokenCommand).resolves({ SecretCode: 'JBSWY3DPEHPK3PXP', Session: 's2' });
    mock.on(VerifySoftwareTokenCommand).resolves({ Status: 'SUCCESS', Session: 's3' });
    mock.on(RespondToAuthChallengeCommand).resolves(result());
    const step = challenge(await startSignIn({ connection, username: 'alice', password: 'Pw-1234567!', flow: 'password', clientSecret: SECRET }));
    assert.deepEqual(step.challenge, {
      name: 'MFA_SETUP',
      otpauthUri: 'otpauth://totp/dev%20pool:alice?secret=JBSWY3DPEHPK3PXP&issuer=dev%20pool',
      secretCode: 'JBSWY3DPEHPK3PXP',
    });
    assert.ok(!JSON.stringify(step.state).includes('JBSWY3DPEHPK3PXP'), 'the TOTP secret is shown once, not kept in the state');
    const fin = done(await answerChallenge(step.state, { name: 'MFA_SETUP', code: '654321', friendlyDeviceName: 'phone' }, { clientSecret: SECRET }));
    assert.equal(fin.mfaSetUp, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(inputs(AssociateSoftwareTokenCommand), [{ Session: 's1' }]);
    assert.deepEqual(inputs(VerifySoftwareTokenCommand), [{ Session: 's2', UserCode: '654321', FriendlyDeviceName: 'phone' }]);
    assert.deepEqual(inputs(RespondToAuthChallengeCommand), [
      { ClientId: 'client1', ChallengeName: 'MFA_SETUP', ChallengeResponses: { USERNAME: 'alice-int', SECRET_HASH: secretHash(SECRET, 'alice-int', 'client1') }, Session: 's3' },
    ]);
    assert.deepEqual(fin.trace.map((e) => e.operation), ['InitiateAuth', 'AssociateSoftwareToken', 'VerifySoftwareToken', 'RespondToAuthChallenge']);
  });

  it('MFA_SETUP that offers no authenticator app is explained, not attempted', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'MFA_SETUP', Session: 's1', ChallengeParameters: { MFAS_CAN_SETUP: '["SMS_MFA"]' } });
    const err = await refusal(startSignIn({ connection, username: 'alice', password: 'Pw-1234567!', flow: 'password' }));
    assert.equal(err.code, 'UnsupportedMfaSetup');
    assert.match(err.message, /offers only SMS_MFA/);
    assert.equal(mock.commandCalls(AssociateSoftwareTokenCommand).length, 0);
  });

  it('admin flow: AdminInitiateAuth and AdminRespondToAuthChallenge name the pool', async () => {
    mock.on(AdminInitiateAuthCommand).resolves({ ChallengeName: 'SMS_MFA', Session: 's1', ChallengeParameters: { USERNAME: 'alice-int', CODE_DELIVERY_DESTINATION: '+*******1234', CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS' } });
    mock.on(AdminRespondToAuthChallengeCommand).resolves(result());
    const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example-secret' };
    const step = challenge(await startSignIn({ connection, username: 'alice', password: 'Pw-1234567!', flow: 'admin', credentials, clientMetadata: { k: 'v' } }));
    assert.deepEqual(step.challenge, { name: 'SMS_MFA', destination: '+*******1234', deliveryMedium: 'SMS' });
    done(await answerChallenge(step.state, { name: 'SMS_MFA', code: '111222' }, { credentials }));
    assert.deepEqual(inputs(AdminInitiateAuthCommand), [
      { AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', UserPoolId: 'us-east-1_Pool1', ClientId: 'client1', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Pw-1234567!' }, ClientMetadata: { k: 'v' } },
    ]);
    assert.deepEqual(inputs(AdminRespondToAuthChallengeCommand), [
      { ClientId: 'client1', ChallengeName: 'SMS_MFA', ChallengeResponses: { USERNAME: 'alice-int', SMS_MFA_CODE: '111222' }, Session: 's1', ClientMetadata: { k: 'v' }, UserPoolId: 'us-east-1_Pool1' },
    ]);
    assert.equal(mock.commandCalls(InitiateAuthCommand).length, 0);
  });

  it('a device challenge without stored device secrets says what to do', async () => {
    mock.on(InitiateAuthCommand).resolves(verifierChallenge());
    mock.on(RespondToAuthChallengeCommand).resolves({ ChallengeName: 'DEVICE_SRP_AUTH', Session: 's2', ChallengeParameters: {} });
    const err = await refusal(startSignIn({ connection, username: 'alice', password: 'Pw-1234567!' }));
    assert.equal(err.code, 'DeviceNotRemembered');
    assert.match(err.message, /no device secrets are stored/);
  });

  it('checks answers against the state before calling Cognito', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SMS_MFA', Session: 's1', ChallengeParameters: {} });
    const step = challenge(await startSignIn({ connection, username: 'alice', password: 'Pw-1234567!', flow: 'password' }));
    assert.equal((await refusal(answerChallenge(step.state, { name: 'SOFTWARE_TOKEN_MFA', code: '1' }))).message, 'Cognito is waiting for an answer to SMS_MFA, not SOFTWARE_TOKEN_MFA.');
    assert.equal((await refusal(answerChallenge(step.state, { name: 'SMS_MFA', code: '  ' }))).message, 'Enter the code.');
    assert.equal((await refusal(answerChallenge({} as never, { name: 'SMS_MFA', code: '1' }))).code, 'InvalidState');
    assert.equal(mock.commandCalls(RespondToAuthChallengeCommand).length, 0);
    assert.equal((await refusal(startSignIn({ connection, username: 'alice', flow: 'user-auth', preferredChallenge: 'WEB_AUTHN' }))).code, 'WebAuthnUnsupported');
  });

  it('an unknown challenge names itself', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'WEB_AUTHN', Session: 's1', ChallengeParameters: {} });
    const err = await refusal(startSignIn({ connection, username: 'alice', flow: 'user-auth' }));
    assert.ok(err instanceof UnsupportedChallengeError);
    assert.match(err.message, /^This user must answer a WEB_AUTHN challenge/);
  });

  it('the one-shot signIn() stops at MFA_SETUP without associating a token', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'MFA_SETUP', Session: 's1', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
    const err = await refusal(signIn({ connection, username: 'alice', password: 'Pw-1234567!', flow: 'password' }));
    assert.ok(err instanceof UnsupportedChallengeError);
    assert.equal(err.challengeName, 'MFA_SETUP');
    assert.equal(mock.commandCalls(AssociateSoftwareTokenCommand).length, 0);
  });
});

describe('sign-in trace', () => {
  const mock = useIdpMock();
  const inputs = (command: unknown) => mock.commandCalls(command as never).map((c) => c.args[0].input as Record<string, unknown>);

  it('records every call with names and redacted values; nothing secret survives serialisation', async () => {
    const password = 'Very-Secret-Passw0rd!';
    const done1 = result();
    const verifier = verifierChallenge('srp-session-value-123');
    mock.on(InitiateAuthCommand).resolves(verifier);
    mock
      .on(RespondToAuthChallengeCommand)
      .resolvesOnce({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 'custom-session-value-456', ChallengeParameters: { USERNAME: 'alice-int', question: 'pin?' } })
      .resolvesOnce({ ChallengeName: 'MFA_SETUP', Session: 'mfa-session-value-789', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } })
      .resolvesOnce(done1);
    mock.on(AssociateSoftwareTokenCommand).resolves({ SecretCode: 'TOTPSECRETVALUEXYZ', Session: 'assoc-session-value' });
    mock.on(VerifySoftwareTokenCommand).resolves({ Status: 'SUCCESS', Session: 'verified-session-value' });

    const first = challenge(await startSignIn({ connection, username: 'alice', password, flow: 'custom', clientSecret: SECRET, clientMetadata: { tenant: 'acme-secret-tenant' } }));
    const second = challenge(await answerChallenge(first.state, { name: 'CUSTOM_CHALLENGE', answer: 'custom-answer-0042' }, { clientSecret: SECRET }));
    const fin = done(await answerChallenge(second.state, { name: 'MFA_SETUP', code: '987654' }, { clientSecret: SECRET }));

    const serialised = JSON.stringify(fin.trace);
    const srpA = (inputs(InitiateAuthCommand)[0].AuthParameters as Record<string, string>).SRP_A;
    const proof = (inputs(RespondToAuthChallengeCommand)[0].ChallengeResponses as Record<string, string>).PASSWORD_CLAIM_SIGNATURE;
    for (const secret of [
      password,
      SECRET,
      secretHash(SECRET, 'alice', 'client1'),
      secretHash(SECRET, 'alice-int', 'client1'),
      srpA,
      proof,
      verifier.ChallengeParameters.SRP_B,
      verifier.ChallengeParameters.SALT,
      verifier.ChallengeParameters.SECRET_BLOCK,
      'srp-session-value-123',
      'custom-session-value-456',
      'mfa-session-value-789',
      'assoc-session-value',
      'verified-session-value',
      'custom-answer-0042',
      '987654',
      'TOTPSECRETVALUEXYZ',
      'acme-secret-tenant',
      done1.AuthenticationResult.IdToken,
      done1.AuthenticationResult.AccessToken,
      done1.AuthenticationResult.RefreshToken,
    ]) {
      assert.ok(!serialised.includes(secret), `the trace must not contain ${secret.slice(0, 12)}…`);
    }
    assert.deepEqual(
      fin.trace.map((e) => [e.operation, e.authFlow ?? e.challengeName ?? null, e.outcome]),
      [
        ['InitiateAuth', 'CUSTOM_AUTH', 'challenge PASSWORD_VERIFIER'],
        ['RespondToAuthChallenge', 'PASSWORD_VERIFIER', 'challenge CUSTOM_CHALLENGE'],
        ['RespondToAuthChallenge', 'CUSTOM_CHALLENGE', 'challenge MFA_SETUP'],
        ['AssociateSoftwareToken', null, 'answered'],
        ['VerifySoftwareToken', null, 'SUCCESS'],
        ['RespondToAuthChallenge', 'MFA_SETUP', 'tokens'],
      ],
    );
    assert.deepEqual(fin.trace[0].parameters, { USERNAME: 'alice', SECRET_HASH: '[redacted]', SRP_A: '[redacted]', CHALLENGE_NAME: 'SRP_A' });
    assert.deepEqual(fin.trace[0].clientMetadataKeys, ['tenant']);
    assert.deepEqual(fin.trace[0].returned, { USER_ID_FOR_SRP: 'alice-int', USERNAME: 'alice-int', SRP_B: '[redacted]', SALT: '[redacted]', SECRET_BLOCK: '[redacted]' });
    assert.equal(fin.trace[2].parameters.ANSWER, '[redacted]', 'a custom answer is a secret');
    assert.equal(fin.trace[2].parameters.Session, '[redacted]');
    assert.match(formatTrace(fin.trace)[0], /^1 InitiateAuth CUSTOM_AUTH \{USERNAME=alice, SECRET_HASH=\[redacted\], SRP_A=\[redacted\], CHALLENGE_NAME=SRP_A\} -> challenge PASSWORD_VERIFIER$/);
  });

  it('shows a SELECT_CHALLENGE choice, and travels with a failure', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 's1', AvailableChallenges: ['EMAIL_OTP'] });
    mock.on(RespondToAuthChallengeCommand).rejects(Object.assign(new Error('Incorrect username or password.'), { name: 'NotAuthorizedException' }));
    const step = challenge(await startSignIn({ connection, username: 'alice', flow: 'user-auth' }));
    assert.deepEqual(step.trace[0].returned, { AvailableChallenges: '["EMAIL_OTP"]' });
    const err = await refusal(answerChallenge(step.state, { name: 'SELECT_CHALLENGE', choice: 'EMAIL_OTP' }));
    assert.equal(err.message, 'Incorrect username or password for pool us-east-1_Pool1.');
    const trace = signInTraceOf(err);
    assert.ok(trace);
    assert.deepEqual(trace!.at(-1)!.parameters, { USERNAME: 'alice', ANSWER: 'EMAIL_OTP', Session: '[redacted]' });
    assert.equal(trace!.at(-1)!.outcome, 'error NotAuthorizedException');
    assert.equal(step.state.trace.length, 1, 'the state passed in is not changed');
  });
});
