/** signIn() end to end against a cognito-idp server that really checks SRP signatures and SECRET_HASH. */
import assert from 'node:assert/strict';
import { signIn, UnsupportedChallengeError, type SignInRequest } from '../../src/core/auth/signIn';
import type { Connection } from '../../src/core/connection';
import type { Logger } from '../../src/core/ports';
import { startSrpServer, type SrpServer } from '../support/srpServer';
import { refusal } from '../support/assertions';

const POOL = 'us-east-1_SrpTest42';
const PUBLIC_CLIENT = 'publicclient1';
const SECRET_CLIENT = 'secretclient1';
const CLIENT_SECRET = 'c1ient-s3cret-v4lue-for-tests';
const PASSWORD = 'Correct-Horse-9!';

const identity = require('amazon-cognito-identity-js') as {
  CognitoUserPool: new (data: { UserPoolId: string; ClientId: string; endpoint?: string }) => unknown;
  CognitoUser: new (data: { Username: string; Pool: unknown }) => {
    authenticateUser(details: unknown, callbacks: { onSuccess(session: { getIdToken(): { getJwtToken(): string } }): void; onFailure(err: { code?: string; message: string }): void }): void;
  };
  AuthenticationDetails: new (data: { Username: string; Password: string }) => unknown;
};

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string | Error, ...args: unknown[]) => lines.push(`${level} ${String(message)} ${args.map(String).join(' ')}`);
  return { lines, trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}


describe('signIn against the SRP-verifying server', function () {
  this.timeout(30_000);
  let server: SrpServer;
  let connection: Connection;
  const secretConnection = (): Connection => ({ ...connection, id: 'srp-secret', clientId: SECRET_CLIENT, hasClientSecret: true });
  const request = (overrides: Partial<SignInRequest> = {}): SignInRequest => ({ connection, username: 'alice', password: PASSWORD, ...overrides });

  before(async () => {
    server = await startSrpServer({
      userPoolId: POOL,
      clients: [{ clientId: PUBLIC_CLIENT }, { clientId: SECRET_CLIENT, clientSecret: CLIENT_SECRET }],
      users: [
        { username: 'alice', password: PASSWORD },
        { username: 'bob', password: 'bobs-Passw0rd', userIdForSrp: 'bob' },
        { username: 'newbie', password: 'Temp-Passw0rd!', forceChangePassword: true },
      ],
    });
    connection = { id: 'srp', name: 'srp test', region: 'us-east-1', userPoolId: POOL, clientId: PUBLIC_CLIENT, endpointUrl: server.endpoint };
  });

  after(() => server?.stop());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('accepts the right password, signing with USER_ID_FOR_SRP and answering with the challenge USERNAME', async () => {
    const logger = recordingLogger();
    const tokens = await signIn(request(), { clock: { now: () => 1_700_000_000_000 }, logger });

    assert.match(tokens.idToken, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.match(tokens.accessToken, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.ok(tokens.refreshToken);
    assert.equal(tokens.expiresIn, 3600);
    assert.equal(tokens.tokenType, 'Bearer');
    assert.equal(tokens.obtainedAt, 1_700_000_000_000);
    const payload = JSON.parse(Buffer.from(tokens.idToken.split('.')[1], 'base64url').toString()) as Record<string, string>;
    assert.equal(payload['cognito:username'], 'alice');
    assert.equal(payload.aud, PUBLIC_CLIENT);

    assert.deepEqual(server.requests.map((r) => r.target.split('.').pop()), ['InitiateAuth', 'RespondToAuthChallenge']);
    const initiate = server.requests[0].body as { AuthFlow: string; AuthParameters: Record<string, string> };
    assert.equal(initiate.AuthFlow, 'USER_SRP_AUTH');
    assert.match(initiate.AuthParameters.SRP_A, /^[0-9a-f]{700,}$/);
    assert.equal(initiate.AuthParameters.SECRET_HASH, undefined);
    const respond = server.requests[1].body as { ChallengeResponses: Record<string, string> };
    assert.notEqual(server.userIds.alice, 'alice');
    assert.equal(respond.ChallengeResponses.USERNAME, 'alice');
    // The clock is injected, so the timestamp is that instant (2023-11-14T22:13:20Z), with Cognito's unpadded day.
    assert.equal(respond.ChallengeResponses.TIMESTAMP, 'Tue Nov 14 22:13:20 UTC 2023');

    const log = logger.lines.join('\n');
    assert.match(log, /InitiateAuth USER_SRP_AUTH/);
    assert.match(log, /RespondToAuthChallenge PASSWORD_VERIFIER/);
    for (const secret of [PASSWORD, tokens.idToken, tokens.accessToken, tokens.refreshToken!, initiate.AuthParameters.SRP_A, respond.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE]) {
      assert.ok(!log.includes(secret), 'the log must not contain secrets or SRP values');
    }
  });

  it('refuses a wrong password with "Incorrect username or password"', async () => {
    const logger = recordingLogger();
    const err = await refusal(signIn(request({ password: 'Wrong-Horse-9!' }), { logger }));
    assert.equal(err.message, `Incorrect username or password for pool ${POOL}.`);
    assert.equal(err.code, 'NotAuthorizedException');
    assert.equal(server.requests.length, 2, 'the server saw and rejected the signature');
    assert.ok(!logger.lines.join('\n').includes('Wrong-Horse-9!'));
  });

  it('refuses an unknown user with the same sentence', async () => {
    const err = await refusal(signIn(request({ username: 'mallory' })));
    assert.equal(err.message, `Incorrect username or password for pool ${POOL}.`);
  });

  it('signs in a user whose USER_ID_FOR_SRP equals the username', async () => {
    const tokens = await signIn(request({ username: 'bob', password: 'bobs-Passw0rd' }));
    assert.ok(tokens.accessToken);
  });

  it('uses the password flow when asked: right password accepted, wrong refused', async () => {
    const tokens = await signIn(request({ flow: 'password' }));
    assert.ok(tokens.idToken);
    const body = server.requests[0].body as { AuthFlow: string };
    assert.equal(body.AuthFlow, 'USER_PASSWORD_AUTH');
    const err = await refusal(signIn(request({ flow: 'password', password: 'nope-nope' })));
    assert.match(err.message, /Incorrect username or password/);
  });

  it('requires the client secret when the app client has one', async () => {
    const err = await refusal(signIn(request({ connection: secretConnection() })));
    assert.match(err.message, /this app client has a secret; add it to the connection/);
    assert.equal(server.requests.length, 1, 'stopped at InitiateAuth');
  });

  it('refuses a wrong client secret', async () => {
    const err = await refusal(signIn(request({ connection: secretConnection(), clientSecret: 'not-the-secret' })));
    assert.match(err.message, /Unable to verify the secret hash/);
  });

  it('accepts the right client secret on both steps (SRP) and on the password flow', async () => {
    const srp = await signIn(request({ connection: secretConnection(), clientSecret: CLIENT_SECRET }));
    assert.ok(srp.accessToken);
    const hashes = server.requests.map((r) => ((r.body.AuthParameters ?? r.body.ChallengeResponses) as Record<string, string>).SECRET_HASH);
    assert.equal(hashes.length, 2);
    assert.ok(hashes.every(Boolean));
    const password = await signIn(request({ connection: secretConnection(), clientSecret: CLIENT_SECRET, flow: 'password' }));
    assert.ok(password.accessToken);
  });

  it('names a challenge it cannot answer yet', async () => {
    const err = await refusal(signIn(request({ username: 'newbie', password: 'Temp-Passw0rd!' })));
    assert.ok(err instanceof UnsupportedChallengeError);
    assert.equal(err.challengeName, 'NEW_PASSWORD_REQUIRED');
    assert.match(err.message, /^This user must answer a NEW_PASSWORD_REQUIRED challenge; sign in from the sign-in panel or the CLI/);
  });

  it('validates the inputs before calling Cognito', async () => {
    assert.equal((await refusal(signIn(request({ username: '  ' })))).message, 'Enter a username to sign in.');
    assert.equal((await refusal(signIn(request({ password: '' })))).message, 'Enter the password for alice to sign in.');
    assert.equal(server.requests.length, 0);
  });

  it('says the endpoint cannot be reached when nothing listens there', async () => {
    const gone = await startSrpServer({ userPoolId: POOL, clients: [], users: [] });
    await gone.stop();
    const err = await refusal(signIn(request({ connection: { ...connection, endpointUrl: gone.endpoint } })));
    assert.match(err.message, new RegExp(`^Could not reach the endpoint ${gone.endpoint.replace(/[.]/g, '\\.')} to sign in`));
  });

  it('is also satisfied by an independent client: amazon-cognito-identity-js signs in, and fails with a wrong password', async () => {
    const pool = new identity.CognitoUserPool({ UserPoolId: POOL, ClientId: PUBLIC_CLIENT, endpoint: server.endpoint });
    const attempt = (password: string) =>
      new Promise<{ ok: true; idToken: string } | { ok: false; code?: string; message: string }>((resolve) => {
        // The reference answers with USER_ID_FOR_SRP as USERNAME, so it needs a user for whom both are the same.
        new identity.CognitoUser({ Username: 'bob', Pool: pool }).authenticateUser(new identity.AuthenticationDetails({ Username: 'bob', Password: password }), {
          onSuccess: (session) => resolve({ ok: true, idToken: session.getIdToken().getJwtToken() }),
          onFailure: (err) => resolve({ ok: false, code: err.code, message: err.message }),
        });
      });
    const good = await attempt('bobs-Passw0rd');
    assert.ok(good.ok, JSON.stringify(good));
    const bad = await attempt('bobs-Passw0rd-typo');
    assert.deepEqual(bad, { ok: false, code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});
