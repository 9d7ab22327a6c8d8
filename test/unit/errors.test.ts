import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderServiceException,
  NotAuthorizedException,
  ResourceNotFoundException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { NotAuthorizedException as IdentityNotAuthorized, ResourceNotFoundException as IdentityResourceNotFound } from '@aws-sdk/client-cognito-identity';
import { explainError, toUserFacing, UserFacingError } from '../../src/core/errors';

const meta = { $metadata: {} };

describe('explainError', () => {
  it('names a wrong user pool id as not found and says what to check', () => {
    const err = new ResourceNotFoundException({ message: 'User pool us-east-1_Nope does not exist.', ...meta });
    assert.equal(explainError(err, { userPoolId: 'us-east-1_Nope' }), 'User pool us-east-1_Nope was not found; check the pool id and region in the connection.');
  });

  it('names a wrong app client id', () => {
    const err = new ResourceNotFoundException({ message: 'User pool client 123abc does not exist.', ...meta });
    assert.equal(
      explainError(err, { userPoolId: 'us-east-1_X', clientId: '123abc' }),
      'App client 123abc was not found for pool us-east-1_X; check the client id in the connection.',
    );
  });

  it('names a wrong identity pool id', () => {
    const err = new IdentityResourceNotFound({ message: 'IdentityPool us-east-1:abc not found', ...meta });
    assert.equal(explainError(err, { identityPoolId: 'us-east-1:abc' }), 'Identity pool us-east-1:abc was not found; check the identity pool id and region.');
  });

  it("explains cognito-local's unsupported features (SRP) with what to use instead", () => {
    const unsupported = (message: string) =>
      new CognitoIdentityProviderServiceException({ name: 'Unsupported', $fault: 'server', message, $metadata: { httpStatusCode: 500 } });
    assert.equal(
      explainError(unsupported('Cognito Local unsupported feature: InitAuth with AuthFlow=USER_SRP_AUTH'), { action: 'sign in' }),
      'cognito-local does not support SRP sign-in (USER_SRP_AUTH); use the password flow (USER_PASSWORD_AUTH) with it.',
    );
    assert.equal(
      explainError(unsupported('Cognito Local unsupported feature: SMS_MFA without SMS MFAOption')),
      'Cognito Local unsupported feature: SMS_MFA without SMS MFAOption: this emulator does not implement it; try it against moto or AWS.',
    );
  });

  it('turns a secret hash failure into advice about the client secret', () => {
    for (const message of ['Unable to verify secret hash for client 123abc', 'Client 123abc is configured with secret but SECRET_HASH was not received']) {
      const sentence = explainError(new NotAuthorizedException({ message, ...meta }));
      assert.match(sentence, /this app client has a secret; add it to the connection/, message);
    }
  });

  it('never echoes an emulator\'s secret-hash refusal (the hash as message) and explains an empty refusal', () => {
    const hash = 'q5Zp3vKx0yV9rW1tB2nC4mD6fG8hJ0kL2oP4sU6wY8A=';
    const echoed = explainError(new NotAuthorizedException({ message: hash, ...meta }));
    assert.match(echoed, /this app client has a secret/);
    assert.ok(!echoed.includes(hash));
    const empty = explainError(new NotAuthorizedException({ message: 'UnknownError', ...meta }), { userPoolId: 'us-east-1_P' });
    assert.equal(empty, 'Cognito refused the request without saying why for pool us-east-1_P; if this app client has a secret, add it to the connection.');
  });

  it('says incorrect username or password for both a wrong password and an unknown user', () => {
    const wrong = new NotAuthorizedException({ message: 'Incorrect username or password.', ...meta });
    const missing = new UserNotFoundException({ message: 'User does not exist.', ...meta });
    assert.equal(explainError(wrong, { userPoolId: 'us-east-1_P' }), 'Incorrect username or password for pool us-east-1_P.');
    assert.equal(explainError(missing, { userPoolId: 'us-east-1_P' }), 'Incorrect username or password for pool us-east-1_P.');
  });

  it('explains a refused connection as the network or the emulator, naming the endpoint and action', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    assert.equal(
      explainError(err, { endpointUrl: 'http://127.0.0.1:4566', action: 'sign in' }),
      'Could not reach the endpoint http://127.0.0.1:4566 to sign in; check the network and that the emulator is running and try again.',
    );
    const dns = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND cognito-idp.xx.amazonaws.com'), { code: 'ENOTFOUND' }) });
    assert.equal(explainError(dns, { action: 'list buckets' }), 'Could not reach AWS to list buckets; check the network and try again.');
  });

  it('falls back to the service message with the action, as one sentence', () => {
    const err = new CognitoIdentityProviderServiceException({ name: 'WeirdException', $fault: 'client', message: 'Something odd happened', ...meta });
    assert.equal(explainError(err, { action: 'sign in' }), 'Could not sign in: Something odd happened.');
  });

  it('passes UserFacingError messages through unchanged', () => {
    assert.equal(explainError(new UserFacingError('Already a sentence.')), 'Already a sentence.');
  });
});

describe('toUserFacing', () => {
  it('keeps the SDK error as cause and its name as code', () => {
    const original = new ResourceNotFoundException({ message: 'User pool us-east-1_Q does not exist.', ...meta });
    const wrapped = toUserFacing(original, { userPoolId: 'us-east-1_Q' });
    assert.ok(wrapped instanceof UserFacingError);
    assert.equal(wrapped.code, 'ResourceNotFoundException');
    assert.equal(wrapped.cause, original);
    assert.match(wrapped.message, /User pool us-east-1_Q was not found/);
  });

  it('returns a UserFacingError as it is', () => {
    const e = new UserFacingError('x.');
    assert.equal(toUserFacing(e), e);
  });
});

describe('explainError for answers that are not AWS responses', () => {
  it('says the endpoint sent something unreadable, with the HTTP status, in one line', () => {
    const err = Object.assign(new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'), {
      $response: { statusCode: 500 },
    });
    const sentence = explainError(err, { action: 'get AWS credentials', endpointUrl: 'http://127.0.0.1:5000' });
    assert.equal(
      sentence,
      'Could not get AWS credentials: the endpoint http://127.0.0.1:5000 sent an answer that is not a valid AWS response (HTTP 500); check the endpoint URL and the ids in the connection.',
    );
  });

  it('keeps only the first line of a multi-line message', () => {
    const err = new Error('First line here.\nSecond line with details');
    assert.equal(explainError(err, { action: 'sign in' }), 'Could not sign in: First line here.');
  });
});

describe('explainError for identity pools that refuse the ID token', () => {
  const ctx = { action: 'get AWS credentials', identityPoolId: 'us-east-1:1a2b3c4d-0000-0000-0000-000000000000', userPoolId: 'us-east-1_Pool' };
  const refused = (message: string) => new IdentityNotAuthorized({ message, ...meta });

  it('says the identity pool does not trust the user pool, and how to link them', () => {
    for (const message of [
      "Invalid login token. Issuer doesn't match providerName",
      'Token is not from a supported provider of this identity pool.',
      "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    ]) {
      assert.equal(
        explainError(refused(message), ctx),
        'Identity pool us-east-1:1a2b3c4d-0000-0000-0000-000000000000 does not accept sign-ins from user pool us-east-1_Pool: add the user pool and its app client as a Cognito authentication provider of the identity pool, then try again.',
        message,
      );
    }
  });

  it('says an expired ID token needs a refresh, not that the login is invalid', () => {
    for (const message of ['Invalid login token. Token expired: 1700000000 >= 1600000000', 'Invalid login token. Token is expired.']) {
      assert.equal(explainError(refused(message), ctx), 'The ID token has expired; refresh the session (or sign in again), then get AWS credentials again.', message);
    }
  });

  it('leaves user pool refusals with the same words alone', () => {
    assert.equal(explainError(refused('Incorrect username or password.'), { userPoolId: 'us-east-1_P' }), 'Incorrect username or password for pool us-east-1_P.');
  });
});
