/**
 * The signed-in user's account commands (get-user, update-attributes, send-verification-code, verify-attribute,
 * delete-user, list-devices, forget-device): usage errors, and the exact requests sent, through recorded Cognito
 * responses for the operations moto does not implement.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import {
  DeleteUserCommand,
  ForgetDeviceCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  ListDevicesCommand,
  NotAuthorizedException,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { runCli } from '../../src/cli/run';
import { useIdpMock } from '../support/assertions';

const POOL = 'us-east-1_CliAcct';
const ISS = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (payload: object) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(payload)}.${randomBytes(8).toString('base64url')}`;
const ACCESS = jwt({ iss: ISS, token_use: 'access', username: 'alice', client_id: 'client1' });
const ID = jwt({ iss: ISS, token_use: 'id', 'cognito:username': 'alice', aud: 'client1' });
/** What `sign-in` prints, piped into the account commands. */
const SIGNED_IN = JSON.stringify({ AccessToken: ACCESS, IdToken: ID, RefreshToken: 'r', ExpiresIn: 3600, TokenType: 'Bearer' }, null, 2);

async function cli(argv: string[], input = SIGNED_IN) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) => new Writable({ write: (c, _e, cb) => (into.push(Buffer.from(c)), cb()) });
  const code = await runCli(argv, { stdin: Readable.from(input ? [Buffer.from(input)] : []), stdout: sink(out), stderr: sink(err), env: {}, isTTY: false });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

const NEW_COMMANDS = ['get-user', 'update-attributes', 'send-verification-code', 'verify-attribute', 'delete-user', 'list-devices', 'forget-device'];

describe('CLI account commands of the signed-in user', () => {
  const mock = useIdpMock();

  it('get-user sends the piped access token and prints username, attributes and MFA settings', async () => {
    mock.on(GetUserCommand).resolves({
      Username: 'alice',
      UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }, { Name: 'given_name', Value: 'Alice' }],
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
    });
    const r = await cli(['get-user']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      Username: 'alice',
      UserAttributes: { email: 'alice@example.com', given_name: 'Alice' },
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
    });
    assert.deepEqual(mock.commandCalls(GetUserCommand)[0].args[0].input, { AccessToken: ACCESS });

    const text = await cli(['get-user', '--output', 'text'], `Bearer ${ACCESS}\n`);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout.split('\n')[0], 'Username\talice');
    assert.equal(mock.commandCalls(GetUserCommand)[1].args[0].input.AccessToken, ACCESS);
  });

  it('refuses an ID token, an empty stdin, and a token that names no pool without --user-pool-id', async () => {
    const id = await cli(['get-user'], `${ID}\n`);
    assert.equal(id.code, 1);
    assert.equal(id.stderr, 'error: This is an ID token; get-user needs the access token (pipe the JSON sign-in prints).\n');
    const empty = await cli(['list-devices'], '');
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /^error: list-devices read nothing on stdin; pipe the access token in\. Run "cognito-explorer list-devices --help" for usage\.\n$/);
    const foreign = await cli(['get-user'], `${jwt({ iss: 'https://example.com', token_use: 'access', username: 'x' })}\n`);
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /^error: get-user needs --user-pool-id \(or a token whose iss names the pool\)\./);
    assert.equal(mock.calls().length, 0);
  });

  it('update-attributes sends every --attribute and reports which need verification and where the codes went', async () => {
    mock.on(UpdateUserAttributesCommand).resolves({ CodeDeliveryDetailsList: [{ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'a***@n***' }] });
    const r = await cli(['update-attributes', '--attribute', 'email=alice@new.example', '--attribute', 'given_name=Alicia']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(mock.commandCalls(UpdateUserAttributesCommand)[0].args[0].input, {
      AccessToken: ACCESS,
      UserAttributes: [{ Name: 'email', Value: 'alice@new.example' }, { Name: 'given_name', Value: 'Alicia' }],
    });
    assert.deepEqual(JSON.parse(r.stdout), {
      UpdatedAttributes: ['email', 'given_name'],
      NeedsVerification: ['email'],
      CodeDeliveryDetailsList: [{ Destination: 'a***@n***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }],
    });

    const none = await cli(['update-attributes']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^error: update-attributes needs at least one --attribute name=value\./);
    const bad = await cli(['update-attributes', '--attribute', 'given_name']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--attribute takes name=value/);
    assert.equal(mock.commandCalls(UpdateUserAttributesCommand).length, 1);
  });

  it('send-verification-code and verify-attribute send the attribute name (and the code) and accept only email or phone_number', async () => {
    mock.on(GetUserAttributeVerificationCodeCommand).resolves({ CodeDeliveryDetails: { AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: '+*******1234' } });
    mock.on(VerifyUserAttributeCommand).resolves({});
    const sent = await cli(['send-verification-code', '--attribute-name', 'phone_number']);
    assert.equal(sent.code, 0, sent.stderr);
    assert.deepEqual(JSON.parse(sent.stdout), { CodeDeliveryDetails: { Destination: '+*******1234', DeliveryMedium: 'SMS', AttributeName: 'phone_number' } });
    assert.deepEqual(mock.commandCalls(GetUserAttributeVerificationCodeCommand)[0].args[0].input, { AccessToken: ACCESS, AttributeName: 'phone_number' });

    const verified = await cli(['verify-attribute', '--attribute-name', 'phone_number', '--code', '112233', '--output', 'text']);
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal(verified.stdout, 'Verified\ttrue\nAttributeName\tphone_number\n');
    assert.deepEqual(mock.commandCalls(VerifyUserAttributeCommand)[0].args[0].input, { AccessToken: ACCESS, AttributeName: 'phone_number', Code: '112233' });

    for (const [argv, message] of [
      [['send-verification-code'], /^error: send-verification-code needs --attribute-name\./],
      [['send-verification-code', '--attribute-name', 'given_name'], /^error: --attribute-name must be email or phone_number \(the attributes Cognito verifies\), not "given_name"\./],
      [['verify-attribute', '--attribute-name', 'email'], /^error: verify-attribute needs --code\./],
      [['verify-attribute', '--code', '1'], /^error: verify-attribute needs --attribute-name\./],
    ] as const) {
      const r = await cli([...argv]);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
    }
    assert.equal(mock.calls().length, 2);
  });

  it('a Cognito failure exits 1 with one error line', async () => {
    mock.on(VerifyUserAttributeCommand).rejects(new NotAuthorizedException({ message: 'Access Token has been revoked', $metadata: {} }));
    const r = await cli(['verify-attribute', '--attribute-name', 'email', '--code', '999999']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'error: The session has expired or was signed out; sign in again.\n');
  });

  it('delete-user refuses without --confirm-username or when it is not the token\'s username, and sends nothing', async () => {
    const missing = await cli(['delete-user']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: delete-user deletes the account for good; confirm by passing the username with --confirm-username NAME\./);
    const wrong = await cli(['delete-user', '--confirm-username', 'bob']);
    assert.equal(wrong.code, 2);
    assert.equal(wrong.stderr, 'error: Not deleting: --confirm-username "bob" is not the signed-in user, whose username is "alice". Run "cognito-explorer delete-user --help" for usage.\n');
    const id = await cli(['delete-user', '--confirm-username', 'alice'], `${ID}\n`);
    assert.equal(id.code, 1);
    const anonymous = await cli(['delete-user', '--confirm-username', 'alice'], `${jwt({ iss: ISS, token_use: 'access' })}\n`);
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.stderr, /^error: The access token names no user/);
    assert.equal(mock.calls().length, 0);
  });

  it('delete-user with the matching username (username, else cognito:username) sends DeleteUser', async () => {
    mock.on(DeleteUserCommand).resolves({});
    const r = await cli(['delete-user', '--confirm-username', 'alice']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { Deleted: true, Username: 'alice' });
    assert.deepEqual(mock.commandCalls(DeleteUserCommand)[0].args[0].input, { AccessToken: ACCESS });
    const legacy = jwt({ iss: ISS, token_use: 'access', 'cognito:username': 'carol' });
    const byClaim = await cli(['delete-user', '--confirm-username', 'carol'], `${legacy}\n`);
    assert.equal(byClaim.code, 0, byClaim.stderr);
    assert.deepEqual(mock.commandCalls(DeleteUserCommand)[1].args[0].input, { AccessToken: legacy });
  });

  it('list-devices follows pages and prints each device; --output text prints one row per device', async () => {
    mock
      .on(ListDevicesCommand)
      .resolvesOnce({
        Devices: [{ DeviceKey: 'us-east-1_dev1', DeviceAttributes: [{ Name: 'device_name', Value: 'laptop' }, { Name: 'dev:device_remembered_status', Value: 'remembered' }, { Name: 'last_ip_used', Value: '10.0.0.1' }], DeviceCreateDate: new Date('2026-01-02T03:04:05Z'), DeviceLastAuthenticatedDate: new Date('2026-02-01T00:00:00Z') }],
        PaginationToken: 'p2',
      })
      .resolvesOnce({ Devices: [{ DeviceKey: 'us-east-1_dev2', DeviceAttributes: [] }] });
    const r = await cli(['list-devices']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(mock.commandCalls(ListDevicesCommand).map((c) => c.args[0].input), [
      { AccessToken: ACCESS, Limit: 60 },
      { AccessToken: ACCESS, Limit: 60, PaginationToken: 'p2' },
    ]);
    assert.deepEqual(JSON.parse(r.stdout), {
      Devices: [
        {
          DeviceKey: 'us-east-1_dev1',
          DeviceName: 'laptop',
          DeviceRememberedStatus: 'remembered',
          LastIpUsed: '10.0.0.1',
          DeviceCreateDate: '2026-01-02T03:04:05.000Z',
          DeviceLastAuthenticatedDate: '2026-02-01T00:00:00.000Z',
          DeviceAttributes: { device_name: 'laptop', 'dev:device_remembered_status': 'remembered', last_ip_used: '10.0.0.1' },
        },
        { DeviceKey: 'us-east-1_dev2', DeviceAttributes: {} },
      ],
    });

    mock.reset();
    mock.on(ListDevicesCommand).resolves({ Devices: [{ DeviceKey: 'us-east-1_dev1', DeviceAttributes: [{ Name: 'device_name', Value: 'laptop' }] }, { DeviceKey: 'us-east-1_dev2' }] });
    const text = await cli(['list-devices', '--output', 'text']);
    assert.equal(text.stdout, 'us-east-1_dev1\tlaptop\t\t\nus-east-1_dev2\t\t\t\n');
  });

  it('forget-device needs --device-key and sends ForgetDevice with it', async () => {
    mock.on(ForgetDeviceCommand).resolves({});
    const missing = await cli(['forget-device']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: forget-device needs --device-key\./);
    const r = await cli(['forget-device', '--device-key', 'us-east-1_dev1']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { Forgotten: true, DeviceKey: 'us-east-1_dev1' });
    assert.deepEqual(mock.commandCalls(ForgetDeviceCommand).map((c) => c.args[0].input), [{ AccessToken: ACCESS, DeviceKey: 'us-east-1_dev1' }]);
  });

  it('refuses --access-token on every command without echoing its value', async () => {
    for (const command of NEW_COMMANDS) {
      for (const argv of [[command, '--access-token', 'eyJsecret'], [command, '--access-token=eyJsecret']]) {
        const r = await cli(argv);
        assert.equal(r.code, 2, argv.join(' '));
        assert.match(r.stderr, /^error: Tokens are never taken as arguments; pipe the token \(or the JSON sign-in prints\) on stdin\./);
        assert.ok(!r.stderr.includes('eyJsecret'));
      }
    }
    assert.equal(mock.calls().length, 0);
  });

  it('lists the commands in the global help and documents each with --help', async () => {
    const r = await cli(['--help']);
    for (const c of NEW_COMMANDS) {
      assert.match(r.stdout, new RegExp(`\\n  ${c} +\\S`));
      const help = await cli([c, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^Usage: cognito-explorer ${c} `));
      assert.match(help.stdout, /access token comes from stdin/);
    }
  });
});
