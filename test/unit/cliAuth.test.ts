/** CLI paths no emulator plays (custom challenges, USER_AUTH, rotation, revoke), through recorded Cognito responses. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import {
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { runCli } from '../../src/cli/run';
import { useIdpMock } from '../support/assertions';

const POOL = 'us-east-1_CliPool';
const ISS = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (payload: object) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(payload)}.${randomBytes(8).toString('base64url')}`;
const result = (refresh?: string) => ({
  AuthenticationResult: {
    IdToken: jwt({ iss: ISS, token_use: 'id' }),
    AccessToken: jwt({ iss: ISS, token_use: 'access', username: 'u-1' }),
    ...(refresh ? { RefreshToken: refresh } : {}),
    ExpiresIn: 3600,
    TokenType: 'Bearer',
  },
});

async function cli(argv: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) => new Writable({ write: (c, _e, cb) => (into.push(Buffer.from(c)), cb()) });
  const code = await runCli(argv, { stdin: Readable.from(opts.input ? [Buffer.from(opts.input)] : []), stdout: sink(out), stderr: sink(err), env: opts.env ?? {}, isTTY: false });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

describe('CLI auth flows (recorded Cognito responses)', () => {
  const mock = useIdpMock();
  const base = ['--user-pool-id', POOL, '--client-id', 'client1'];

  it('custom auth: --challenge-answer-stdin lines answer the loop in order, with --client-metadata on every request', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's1', ChallengeParameters: { USERNAME: 'alice', q: '1' } });
    mock.on(RespondToAuthChallengeCommand).resolvesOnce({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's2', ChallengeParameters: { USERNAME: 'alice', q: '2' } }).resolvesOnce(result('r1'));
    const r = await cli(['sign-in', ...base, '--username', 'alice', '--auth-flow', 'custom', '--challenge-answer-stdin', '--client-metadata', '{"tenant":"acme"}'], { input: 'first\nsecond\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).RefreshToken, 'r1');
    assert.deepEqual(mock.commandCalls(InitiateAuthCommand)[0].args[0].input, { AuthFlow: 'CUSTOM_AUTH', ClientId: 'client1', AuthParameters: { USERNAME: 'alice' }, ClientMetadata: { tenant: 'acme' } });
    assert.deepEqual(
      mock.commandCalls(RespondToAuthChallengeCommand).map((c) => [c.args[0].input.ChallengeResponses?.ANSWER, c.args[0].input.Session, c.args[0].input.ClientMetadata?.tenant]),
      [['first', 's1', 'acme'], ['second', 's2', 'acme']],
    );
    const bad = await cli(['sign-in', ...base, '--username', 'alice', '--auth-flow', 'custom', '--client-metadata', '[1]']);
    assert.equal(bad.code, 2);
  });

  it('custom auth without enough answers fails in one line naming --challenge-answer-stdin', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's1', ChallengeParameters: { question: 'pin' } });
    const r = await cli(['sign-in', ...base, '--username', 'alice', '--auth-flow', 'custom']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: Cognito asks a custom challenge (question); pipe the answer with --challenge-answer-stdin (one line per challenge).\n');
    const short = await cli(['sign-in', ...base, '--username', 'alice', '--auth-flow', 'custom', '--challenge-answer-stdin'], { input: '' });
    assert.equal(short.code, 1);
    assert.match(short.stderr, /^error: Cognito asks a custom challenge \(question\), but stdin has no more lines for --challenge-answer-stdin/);
  });

  it('never takes a custom challenge answer from the command line', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's1', ChallengeParameters: { question: 'pin' } });
    const r = await cli(['sign-in', ...base, '--username', 'alice', '--auth-flow', 'custom', '--challenge-answer', '4242']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /custom challenge answers are secrets, so pipe them with --challenge-answer-stdin/);
    assert.equal(mock.commandCalls(RespondToAuthChallengeCommand).length, 0, 'the argv value was never sent');
    const refused = await cli(['sign-in', ...base, '--username', 'alice', '--auth-flow', 'custom', '--custom-answer', '4242']);
    assert.equal(refused.code, 2);
    assert.ok(!refused.stderr.includes('4242'));
    const help = await cli(['sign-in', '--help']);
    assert.match(help.stdout, /--challenge-answer-stdin/);
    const globalHelp = await cli(['--help']);
    assert.match(globalHelp.stdout, /Read from the command line \(visible to other processes/);
  });

  it('user-auth: SELECT_CHALLENGE answered with EMAIL_OTP, the emailed code with --mfa-code', async () => {
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 's1', AvailableChallenges: ['EMAIL_OTP', 'WEB_AUTHN'] });
    mock.on(RespondToAuthChallengeCommand).resolvesOnce({ ChallengeName: 'EMAIL_OTP', Session: 's2', ChallengeParameters: { CODE_DELIVERY_DESTINATION: 'a***@e***' } }).resolvesOnce(result());
    const r = await cli(['sign-in', ...base, '--username', 'alice', '--auth-flow', 'user-auth', '--challenge-answer', 'EMAIL_OTP', '--mfa-code', '87654321']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(mock.commandCalls(RespondToAuthChallengeCommand).map((c) => c.args[0].input.ChallengeResponses), [
      { USERNAME: 'alice', ANSWER: 'EMAIL_OTP' },
      { USERNAME: 'alice', EMAIL_OTP_CODE: '87654321' },
    ]);
    mock.reset();
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 's1', AvailableChallenges: ['EMAIL_OTP', 'WEB_AUTHN'] });
    const webauthn = await cli(['sign-in', ...base, '--username', 'alice', '--auth-flow', 'user-auth', '--challenge-answer', 'WEB_AUTHN']);
    assert.equal(webauthn.stderr, 'error: Passkey sign-in (WEB_AUTHN) is not supported in the editor; choose another way to sign in.\n');
  });

  it('refresh --rotation uses GetTokensFromRefreshToken and prints the new refresh token; revoke sends RevokeToken', async () => {
    mock.on(GetTokensFromRefreshTokenCommand).resolves(result('rotated'));
    mock.on(RevokeTokenCommand).resolves({});
    const r = await cli(['refresh', ...base, '--rotation'], { input: 'old-refresh\n', env: { COGNITO_CLIENT_SECRET: 'sec' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).RefreshToken, 'rotated');
    assert.deepEqual(mock.commandCalls(GetTokensFromRefreshTokenCommand)[0].args[0].input, { RefreshToken: 'old-refresh', ClientId: 'client1', ClientSecret: 'sec' });
    const revoked = await cli(['revoke', ...base], { input: JSON.stringify({ AccessToken: 'a', RefreshToken: 'to-revoke' }, null, 2) });
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.deepEqual(mock.commandCalls(RevokeTokenCommand)[0].args[0].input, { Token: 'to-revoke', ClientId: 'client1' });
  });

  it('refresh takes the pool and app client from the piped sign-in JSON when not given', async () => {
    mock.on(InitiateAuthCommand).resolves(result());
    const signedIn = { AccessToken: jwt({ iss: ISS, token_use: 'access', username: 'u-1', client_id: 'fromtoken1' }), RefreshToken: 'r-1' };
    const r = await cli(['refresh'], { input: JSON.stringify(signedIn) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).RefreshToken, 'r-1');
    assert.deepEqual(mock.commandCalls(InitiateAuthCommand)[0].args[0].input, { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: 'fromtoken1', AuthParameters: { REFRESH_TOKEN: 'r-1' } });
    const bare = await cli(['refresh', '--user-pool-id', POOL], { input: 'r-1\n' });
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /^error: refresh needs --client-id\./);
  });

  it('speaks CLI in its sentences: COGNITO_CLIENT_SECRET and options, not "the connection"', async () => {
    mock.on(InitiateAuthCommand).rejects(Object.assign(new Error('Unable to verify secret hash for client client1'), { name: 'NotAuthorizedException', $metadata: {} }));
    const r = await cli(['refresh', ...base], { input: 'r-1\n' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /set COGNITO_CLIENT_SECRET to it \(or check it is the right one\)\.\n$/);
    assert.ok(!/connection/.test(r.stderr), r.stderr);
    const noPool = await cli(['credential-process', '--connection', 'nobody'], { env: { XDG_CACHE_HOME: '/nonexistent-cache' } });
    assert.equal(noPool.stderr, 'error: There is no saved session nobody; sign in with "sign-in --save-session nobody" first.\n');
  });

  it('lists every command in the help', async () => {
    const r = await cli(['--help']);
    for (const c of ['refresh', 'sign-up', 'confirm-sign-up', 'resend-code', 'forgot-password', 'confirm-forgot-password', 'change-password', 'global-sign-out', 'revoke']) {
      assert.match(r.stdout, new RegExp(`\\n  ${c} `));
      const help = await cli([c, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`Usage: cognito-explorer ${c}`));
    }
  });
});
