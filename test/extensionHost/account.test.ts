/**
 * Account self-service commands inside VS Code, driven with automation arguments. Against moto: sign-up and
 * confirmation, forgot password, change password, attribute updates. moto does not implement DeleteUser,
 * ResendConfirmationCode or attribute verification, so those run against a recorded AWS-shaped endpoint that
 * shows the exact requests.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getUser } from '../../src/core/account/selfService';
import type { Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import { type RecordingCognito, startRecordingCognito, unsignedJwt } from '../support/recordingCognito';
import { createUser, seedStandard, type Seeded } from '../support/seed';
import { addConnections, claims, extensionApi, motoEndpoint, removeConnections } from './hostSupport';

describe('account self-service commands (extension host)', function () {
  this.timeout(60_000);
  let api: CognitoExplorerApi;
  let seed: Seeded;
  let endpoint: string;
  let conn: Connection;
  let recorder: RecordingCognito;
  const id = 'exthost-account';
  const recordedId = 'exthost-account-recorded';

  before(async () => {
    endpoint = motoEndpoint();
    seed = await seedStandard(endpoint, { bucketPrefix: `account-${Date.now().toString(36)}` });
    recorder = await startRecordingCognito();
    api = await extensionApi();
    conn = { id, name: 'account moto', region: 'us-east-1', userPoolId: seed.pool.id, clientId: seed.pool.publicClient.id, endpointUrl: endpoint };
    await addConnections(api, [conn, { id: recordedId, name: 'account recorded', region: 'us-east-1', userPoolId: 'us-east-1_Recorded2', clientId: 'recordedclient', endpointUrl: recorder.endpoint }]);
  });

  after(async () => {
    await removeConnections(api, [id, recordedId]);
    await recorder.stop();
  });

  const run = <T>(command: string, arg: Record<string, unknown>) => vscode.commands.executeCommand<T>(`cognitoExplorer.${command}`, arg);

  async function signIn(username: string, password: string): Promise<unknown> {
    return vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: id, username, password, flow: 'password' });
  }

  function saveRecordedSession(username: string) {
    const now = Math.floor(Date.now() / 1000);
    return api.sessions.save(recordedId, {
      username,
      tokens: {
        idToken: unsignedJwt({ token_use: 'id', 'cognito:username': username, exp: now + 3600 }),
        accessToken: `access-token-of-${username}`,
        refreshToken: `refresh-token-of-${username}`,
        expiresIn: 3600,
        tokenType: 'Bearer',
        obtainedAt: Date.now(),
      },
    });
  }

  it('signs up with attributes, refuses sign-in until confirmed, confirms, then signs in', async () => {
    const result = await run<{ userConfirmed: boolean; userSub?: string }>('signUp', {
      connectionId: id,
      username: 'sam',
      password: 'Sam-Passw0rd!',
      attributes: { email: 'sam@example.com', name: 'Sam Example' },
    });
    assert.ok(result, api.lastError()?.sentence);
    assert.equal(result.userConfirmed, false);
    assert.match(result.userSub ?? '', /^[0-9a-f-]{36}$/);

    assert.equal(await signIn('sam', 'Sam-Passw0rd!'), undefined);
    assert.equal(api.lastError()?.sentence, 'This user has not confirmed their account yet; confirm the sign-up code first.');

    assert.equal(await run('confirmSignUp', { connectionId: id, username: 'sam', code: '123456' }), true, api.lastError()?.sentence);
    assert.ok(await signIn('sam', 'Sam-Passw0rd!'), api.lastError()?.sentence);
    assert.equal(claims(api.sessions.get(id)!.tokens.idToken).name, 'Sam Example');

    assert.equal(await run('signUp', { connectionId: id, username: 'sam', password: 'Sam-Passw0rd!', attributes: {} }), undefined);
    assert.match(api.lastError()!.sentence, /^An account with this username already exists/);
  });

  it('resets a forgotten password with the code and signs in with the new one', async () => {
    await createUser(endpoint, seed.pool.id, { username: 'fiona', email: 'fiona@example.com', password: 'Fiona-Passw0rd!' });
    // moto accepts any code that is not one of its own "moto-confirmation-code:" values.
    assert.equal(await run('forgotPassword', { connectionId: id, username: 'fiona', code: '246810', newPassword: 'Fiona-N3w-Passw0rd!' }), true, api.lastError()?.sentence);
    assert.ok(await signIn('fiona', 'Fiona-N3w-Passw0rd!'), api.lastError()?.sentence);
    assert.equal(await signIn('fiona', 'Fiona-Passw0rd!'), undefined);
    assert.match(api.lastError()!.sentence, /^Incorrect username or password/);

    assert.equal(await run('confirmForgotPassword', { connectionId: id, username: 'fiona', code: 'moto-confirmation-code:1', newPassword: 'Fiona-Other-Passw0rd!' }), undefined);
    assert.equal(api.lastError()?.sentence, 'The code has expired; request a new one.');
  });

  it('changes the password of the signed-in user; the new one works, the old one not', async () => {
    await createUser(endpoint, seed.pool.id, { username: 'chris', email: 'chris@example.com', password: 'Chris-Passw0rd!' });
    assert.ok(await signIn('chris', 'Chris-Passw0rd!'), api.lastError()?.sentence);
    assert.equal(await run('changePassword', { connectionId: id, oldPassword: 'Wrong-Passw0rd!', newPassword: 'Chris-N3w-Passw0rd!' }), undefined);
    assert.equal(api.lastError()?.command, 'cognitoExplorer.changePassword');
    assert.equal(await run('changePassword', { connectionId: id, oldPassword: 'Chris-Passw0rd!', newPassword: 'Chris-N3w-Passw0rd!' }), true, api.lastError()?.sentence);
    assert.equal(await signIn('chris', 'Chris-Passw0rd!'), undefined);
    assert.ok(await signIn('chris', 'Chris-N3w-Passw0rd!'), api.lastError()?.sentence);
  });

  it('updates attributes of the signed-in user', async () => {
    assert.equal(api.sessions.get(id)?.username, 'chris');
    const result = await run('updateAttributes', { connectionId: id, attributes: { name: 'Chris Updated', given_name: 'Chris' } });
    assert.deepEqual(result, { updated: ['name', 'given_name'], needsVerification: [], verified: false }, api.lastError()?.sentence);
    const profile = await getUser(conn, api.sessions.get(id)!.tokens.accessToken);
    assert.equal(profile.attributes.name, 'Chris Updated');
    assert.equal(profile.attributes.given_name, 'Chris');
  });

  it('asks for the typed username before deleting; a mismatch deletes nothing', async () => {
    const before = api.sessions.get(id);
    assert.equal(await run('deleteAccount', { connectionId: id, confirmUsername: 'chri' }), undefined);
    assert.equal(api.lastError()?.sentence, 'The account was not deleted: "chri" does not match the username chris.');
    assert.deepEqual(api.sessions.get(id), before);
    await getUser(conn, before!.tokens.accessToken);
  });

  it('deletes the account (DeleteUser with the access token) and signs out', async () => {
    await saveRecordedSession('dana');
    recorder.handlers.DeleteUser = () => ({});
    recorder.calls.length = 0;
    assert.equal(await run('deleteAccount', { connectionId: recordedId, confirmUsername: 'dana' }), true, api.lastError()?.sentence);
    assert.deepEqual(recorder.calls, [{ operation: 'DeleteUser', body: { AccessToken: 'access-token-of-dana' } }]);
    assert.equal(await api.sessions.store.load(recordedId), undefined);
  });

  it('keeps the session when Cognito refuses the deletion', async () => {
    await saveRecordedSession('dana');
    recorder.handlers.DeleteUser = () => {
      throw Object.assign(new Error('Access Token has been revoked'), { awsType: 'NotAuthorizedException' });
    };
    assert.equal(await run('deleteAccount', { connectionId: recordedId, confirmUsername: 'dana' }), undefined);
    assert.equal(api.lastError()?.command, 'cognitoExplorer.deleteAccount');
    assert.ok(await api.sessions.store.load(recordedId));
  });

  it('updating the email verifies it with the code Cognito sent', async () => {
    await saveRecordedSession('vera');
    recorder.handlers.UpdateUserAttributes = () => ({ CodeDeliveryDetailsList: [{ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'v***@e***' }] });
    recorder.handlers.VerifyUserAttribute = () => ({});
    recorder.calls.length = 0;
    const result = await run('updateAttributes', { connectionId: recordedId, attributes: { email: 'vera@example.com' }, code: '135790' });
    assert.deepEqual(result, { updated: ['email'], needsVerification: ['email'], verified: true }, api.lastError()?.sentence);
    assert.deepEqual(recorder.calls, [
      { operation: 'UpdateUserAttributes', body: { AccessToken: 'access-token-of-vera', UserAttributes: [{ Name: 'email', Value: 'vera@example.com' }] } },
      { operation: 'VerifyUserAttribute', body: { AccessToken: 'access-token-of-vera', AttributeName: 'email', Code: '135790' } },
    ]);
  });

  it('verifies an attribute: asks Cognito for a code, then sends the code', async () => {
    recorder.handlers.GetUserAttributeVerificationCode = () => ({ CodeDeliveryDetails: { AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: '+*******1234' } });
    recorder.calls.length = 0;
    assert.equal(await run('verifyAttribute', { connectionId: recordedId, attribute: 'phone_number' }), false, api.lastError()?.sentence);
    assert.deepEqual(recorder.calls, [{ operation: 'GetUserAttributeVerificationCode', body: { AccessToken: 'access-token-of-vera', AttributeName: 'phone_number' } }]);
    assert.equal(await run('verifyAttribute', { connectionId: recordedId, attribute: 'phone_number', code: '112233' }), true, api.lastError()?.sentence);
    assert.deepEqual(recorder.calls[1], { operation: 'VerifyUserAttribute', body: { AccessToken: 'access-token-of-vera', AttributeName: 'phone_number', Code: '112233' } });
    assert.equal(recorder.calls.length, 2);
  });

  it('resends the confirmation code and says where it went', async () => {
    recorder.handlers.ResendConfirmationCode = () => ({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'n***@e***' } });
    recorder.calls.length = 0;
    const delivery = await run('resendCode', { connectionId: recordedId, username: 'newbie' });
    assert.deepEqual(delivery, { destination: 'n***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' }, api.lastError()?.sentence);
    assert.deepEqual(recorder.calls, [{ operation: 'ResendConfirmationCode', body: { ClientId: 'recordedclient', Username: 'newbie' } }]);
  });
});
