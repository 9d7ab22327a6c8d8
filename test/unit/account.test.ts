/** Self-service calls moto does not implement (recorded responses, exact requests), and the new error explanations. */
import assert from 'node:assert/strict';
import {
  DeleteUserCommand,
  GetUserAttributeVerificationCodeCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  deleteUser,
  getUserAttributeVerificationCode,
  resendConfirmationCode,
  signUp,
  updateUserAttributes,
  verifyUserAttribute,
} from '../../src/core/account/selfService';
import { secretHash } from '../../src/core/auth/secretHash';
import type { Connection } from '../../src/core/connection';
import { explainError } from '../../src/core/errors';
import { refusal, useIdpMock } from '../support/assertions';

const connection: Connection = { id: 'c1', name: 'dev', region: 'us-east-1', userPoolId: 'us-east-1_Pool1', clientId: 'client1' };
const aws = (name: string, message = '') => Object.assign(new Error(message), { name });


describe('account self-service (recorded Cognito responses)', () => {
  const mock = useIdpMock();
  const input = (command: unknown, i = 0) => mock.commandCalls(command as never)[i].args[0].input;

  it('resendConfirmationCode sends SecretHash and returns where the code went', async () => {
    mock.on(ResendConfirmationCodeCommand).resolves({ CodeDeliveryDetails: { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' } });
    const out = await resendConfirmationCode(connection, ' alice ', { clientSecret: 'sec', clientMetadata: { m: '1' } });
    assert.deepEqual(out, { destination: 'a***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' });
    assert.deepEqual(input(ResendConfirmationCodeCommand), { ClientId: 'client1', SecretHash: secretHash('sec', 'alice', 'client1'), ClientMetadata: { m: '1' }, Username: 'alice' });
  });

  it('updateUserAttributes reports the attributes waiting for verification; verify and send-code use the access token', async () => {
    mock.on(UpdateUserAttributesCommand).resolves({ CodeDeliveryDetailsList: [{ Destination: 'n***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }] });
    mock.on(GetUserAttributeVerificationCodeCommand).resolves({ CodeDeliveryDetails: { Destination: '+*******99', DeliveryMedium: 'SMS', AttributeName: 'phone_number' } });
    mock.on(VerifyUserAttributeCommand).resolves({});
    const update = await updateUserAttributes(connection, 'access-1', { email: 'new@example.com', name: 'Alice' });
    assert.deepEqual(update, { needsVerification: [{ destination: 'n***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' }] });
    assert.deepEqual(input(UpdateUserAttributesCommand), { AccessToken: 'access-1', UserAttributes: [{ Name: 'email', Value: 'new@example.com' }, { Name: 'name', Value: 'Alice' }] });
    assert.deepEqual(await getUserAttributeVerificationCode(connection, 'access-1', 'phone_number'), { destination: '+*******99', deliveryMedium: 'SMS', attributeName: 'phone_number' });
    assert.deepEqual(input(GetUserAttributeVerificationCodeCommand), { AccessToken: 'access-1', AttributeName: 'phone_number' });
    await verifyUserAttribute(connection, 'access-1', 'email', ' 123456 ');
    assert.deepEqual(input(VerifyUserAttributeCommand), { AccessToken: 'access-1', AttributeName: 'email', Code: '123456' });
  });

  it('deleteUser sends only the access token', async () => {
    mock.on(DeleteUserCommand).resolves({});
    await deleteUser(connection, 'access-1');
    assert.deepEqual(input(DeleteUserCommand), { AccessToken: 'access-1' });
    assert.equal((await refusal(deleteUser(connection, ' '))).code, 'InvalidInput');
  });

  const cases: Array<[string, string, RegExp]> = [
    ['UsernameExistsException', 'User already exists', /^An account with this username already exists for pool us-east-1_Pool1; sign in instead/],
    ['AliasExistsException', 'An account with the given email already exists.', /^Another account already uses this email address or phone number/],
    ['CodeDeliveryFailureException', 'Unable to deliver message', /^Cognito could not deliver the verification code/],
    ['InvalidSmsRoleAccessPolicyException', 'Role does not have permission to publish with SNS', /SMS role does not allow Cognito to send text messages \(it needs sns:Publish\)/],
  ];
  for (const [name, message, expected] of cases) {
    it(`signUp explains ${name} in one sentence`, async () => {
      mock.on(SignUpCommand).rejects(aws(name, message));
      const err = await refusal(signUp(connection, { username: 'alice', password: 'Pw-123456!', attributes: { email: 'a@example.com' } }));
      assert.equal(err.code, name);
      assert.match(err.message, expected);
      assert.deepEqual(input(SignUpCommand), { ClientId: 'client1', Username: 'alice', Password: 'Pw-123456!', UserAttributes: [{ Name: 'email', Value: 'a@example.com' }] });
    });
  }
});

describe('error explanations for sign-in and account cases', () => {
  const ctx = { userPoolId: 'us-east-1_Pool1', clientId: 'client1' };
  it('names the app client setting for a flow that is not enabled (both exception types Cognito uses)', () => {
    for (const name of ['InvalidParameterException', 'NotAuthorizedException']) {
      assert.equal(
        explainError(aws(name, 'USER_PASSWORD_AUTH flow not enabled for this client'), ctx),
        'USER_PASSWORD_AUTH is not enabled for app client client1: in the Cognito console open the app client, edit "Authentication flows" and turn on ALLOW_USER_PASSWORD_AUTH ("Sign in with username and password"), or sign in with another flow.',
      );
    }
    assert.match(explainError(aws('InvalidParameterException', 'CUSTOM_AUTH flow not enabled for this client'), ctx), /turn on ALLOW_CUSTOM_AUTH/);
  });
  it('tells a device-tracked session why its refresh token may be invalid', () => {
    assert.match(explainError(aws('NotAuthorizedException', 'Invalid Refresh Token'), { ...ctx, deviceKey: 'dk' }), /device was forgotten.*sign in again\.$/);
    assert.equal(explainError(aws('NotAuthorizedException', 'Invalid Refresh Token'), ctx), 'The refresh token is no longer valid (expired, revoked or signed out); sign in again.');
  });
  it('explains MFA and session failures with what to do', () => {
    assert.match(explainError(aws('MFAMethodNotFoundException', 'x')), /no MFA method .* set up an authenticator app/);
    assert.match(explainError(aws('SoftwareTokenMFANotFoundException', 'x')), /no authenticator app \(TOTP\) registered; set one up first/);
    assert.match(explainError(aws('EnableSoftwareTokenMFAException', 'x')), /code was not accepted, so TOTP MFA was not enabled; check that the device's clock/);
    assert.match(explainError(aws('NotAuthorizedException', 'Invalid session for the user, session is expired.')), /Cognito keeps a sign-in session for 3 minutes.*start the sign-in again\.$/);
  });
});
