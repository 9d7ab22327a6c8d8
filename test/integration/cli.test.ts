import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PassThrough, Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/run';
import { secretHash } from '../../src/core/auth/secretHash';
import { decodeToken } from '../../src/core/tokens/decode';
import { buildCli, runCliBinary, type CliResult } from '../support/cliBinary';
import { useMoto } from '../support/moto';
import { seedStandard, type Seeded } from '../support/seed';

type Result = CliResult;
const cli = runCliBinary;

function stderrLine(r: Result): string {
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `expected exactly one stderr line, got:\n${r.stderr}`);
  return lines[0];
}

describe('CLI end to end (dist/cli.js against moto)', function () {
  this.timeout(60_000);
  const moto = useMoto();
  let seeded: Seeded;
  let endpoint: string;
  const pool = () => ['--user-pool-id', seeded.pool.id, '--client-id', seeded.pool.publicClient.id, '--endpoint-url', endpoint];

  before(async () => {
    await buildCli();
    endpoint = moto().endpoint;
    seeded = await seedStandard(endpoint);
  });

  it('signs in with SRP, the password on stdin, and prints the AuthenticationResult', () => {
    const r = cli(['sign-in', ...pool(), '--username', 'alice', '--password-stdin'], { input: `${seeded.pool.alice.password}\nignored second line\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['AccessToken', 'IdToken', 'RefreshToken', 'ExpiresIn', 'TokenType']);
    assert.equal(out.ExpiresIn, 3600);
    assert.equal(out.TokenType, 'Bearer');
    assert.equal(decodeToken(out.IdToken).payload['cognito:username'], 'alice');
    assert.equal(decodeToken(out.AccessToken).kind, 'access');
  });

  it('signs in with the password flow from COGNITO_PASSWORD and prints text lines', () => {
    const r = cli(['sign-in', ...pool(), '--username', 'bob', '--auth-flow', 'password', '--output', 'text'], { env: { COGNITO_PASSWORD: seeded.pool.bob.password } });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(lines.map(([k]) => k), ['AccessToken', 'IdToken', 'RefreshToken', 'ExpiresIn', 'TokenType']);
    assert.equal(decodeToken(lines[1][1]).payload['cognito:username'], 'bob');
  });

  it('exits 1 with one sentence for a wrong password, and never prints the password', () => {
    // moto does not check SRP proofs, so the password flow is what can be refused here.
    const wrong = 'Wrong-Passw0rd!';
    for (const extra of [[], ['--debug']]) {
      const r = cli(['sign-in', ...pool(), '--username', 'alice', '--auth-flow', 'password', '--password-stdin', ...extra], { input: `${wrong}\n` });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      if (extra.length === 0) assert.equal(stderrLine(r), `error: Incorrect username or password for pool ${seeded.pool.id}.`);
      else {
        assert.match(r.stderr, /^error: Incorrect username or password/m);
        assert.match(r.stderr, /\n\s+at /, '--debug adds the stack');
      }
      assert.ok(!r.stderr.includes(wrong), 'the password never reaches stderr');
    }
  });

  it('exits 1 with one sentence for a wrong pool id', () => {
    const wrongPool = 'us-east-1_WrongPool9';
    const r = cli(['sign-in', '--user-pool-id', wrongPool, '--client-id', seeded.pool.publicClient.id, '--endpoint-url', endpoint, '--username', 'alice', '--password-stdin'], {
      input: seeded.pool.alice.password,
    });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '', 'no tokens printed for the wrong pool');
    assert.equal(stderrLine(r), `error: App client ${seeded.pool.publicClient.id} belongs to user pool ${seeded.pool.id}, not ${wrongPool}; check the user pool id.`);
  });

  it('exits 1 with one sentence for a wrong client id', () => {
    const r = cli(['sign-in', '--user-pool-id', seeded.pool.id, '--client-id', 'nosuchclient123', '--endpoint-url', endpoint, '--username', 'alice', '--password-stdin'], {
      input: seeded.pool.alice.password,
    });
    assert.equal(r.code, 1);
    assert.equal(stderrLine(r), `error: App client nosuchclient123 was not found for pool ${seeded.pool.id}; check --client-id.`);
  });

  it('takes a client secret from COGNITO_CLIENT_SECRET, and fails in one line without it', () => {
    const args = ['sign-in', '--user-pool-id', seeded.pool.id, '--client-id', seeded.pool.secretClient.id, '--endpoint-url', endpoint, '--username', 'alice', '--password-stdin'];
    const ok = cli(args, { input: seeded.pool.alice.password, env: { COGNITO_CLIENT_SECRET: seeded.pool.secretClient.secret } });
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(JSON.parse(ok.stdout).IdToken);
    const missing = cli(args, { input: seeded.pool.alice.password });
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, '');
    // moto refuses with a bare NotAuthorizedException; Cognito's "Unable to verify secret hash" sentence is covered in errors.test.ts.
    assert.match(stderrLine(missing), new RegExp(`^error: .* for pool ${seeded.pool.id}; if this app client has a secret, set COGNITO_CLIENT_SECRET\\.$`));
  });

  it('keeps the SECRET_HASH moto echoes for a wrong client secret out of --debug output', () => {
    const args = ['sign-in', '--user-pool-id', seeded.pool.id, '--client-id', seeded.pool.secretClient.id, '--endpoint-url', endpoint, '--username', 'alice', '--password-stdin', '--debug'];
    const wrongSecret = 'not-the-client-secret-0123456789';
    const r = cli(args, { input: seeded.pool.alice.password, env: { COGNITO_CLIENT_SECRET: wrongSecret } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: Unable to verify the secret hash/m);
    assert.match(r.stderr, /caused by: NotAuthorizedException/, 'the cause is still logged');
    const sent = secretHash(wrongSecret, 'alice', seeded.pool.secretClient.id);
    assert.ok(!r.stderr.includes(sent), `the secret hash leaked:\n${r.stderr}`);
    assert.ok(!r.stderr.includes(wrongSecret));
  });

  it('pipes sign-in into decode --verify, checked against the JWKS moto serves at the endpoint', () => {
    const signIn = cli(['sign-in', ...pool(), '--username', 'alice', '--password-stdin'], { input: seeded.pool.alice.password });
    assert.equal(signIn.code, 0, signIn.stderr);
    const tokens = JSON.parse(signIn.stdout);
    const piped = cli(['decode', '--verify', '--endpoint-url', endpoint], { input: signIn.stdout });
    assert.equal(piped.code, 0, piped.stderr);
    const report = JSON.parse(piped.stdout);
    assert.equal(report.verified, true);
    assert.equal(report.payload.token_use, 'id');
    assert.deepEqual(report.checks.map((c: { ok: boolean }) => c.ok), [true, true, true, true, true, true, true]);

    const access = cli(['decode', '-', '--verify', '--token-use', 'access', ...pool()], { input: `Bearer ${tokens.AccessToken}\n` });
    assert.equal(access.code, 0, access.stderr);
    assert.equal(JSON.parse(access.stdout).verified, true);

    const wrongClient = cli(['decode', tokens.IdToken, '--verify', '--user-pool-id', seeded.pool.id, '--client-id', seeded.pool.secretClient.id, '--endpoint-url', endpoint]);
    assert.equal(wrongClient.code, 1);
    assert.equal(JSON.parse(wrongClient.stdout).verified, false);
    assert.equal(stderrLine(wrongClient), `error: Verification failed: aud is ${seeded.pool.publicClient.id}, not the app client ${seeded.pool.secretClient.id}.`);

    const tampered = tokens.IdToken.replace(/\.([^.]+)\./, (_m: string, p: string) => `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), 'cognito:groups': ['root'] })).toString('base64url')}.`);
    const forged = cli(['decode', tampered, '--verify', '--endpoint-url', endpoint]);
    assert.equal(forged.code, 1);
    assert.match(stderrLine(forged), /^error: Verification failed: The signature does not match/);
  });

  it('exchanges the ID token for credentials in every output format', () => {
    const signIn = cli(['sign-in', ...pool(), '--username', 'alice', '--password-stdin'], { input: seeded.pool.alice.password });
    const tokens = JSON.parse(signIn.stdout);
    const base = ['credentials', '--identity-pool-id', seeded.identityPool.id, '--endpoint-url', endpoint];

    const json = cli(base, { input: signIn.stdout });
    assert.equal(json.code, 0, json.stderr);
    const creds = JSON.parse(json.stdout);
    assert.deepEqual(Object.keys(creds), ['IdentityId', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
    assert.match(creds.IdentityId, /^us-east-1:/);
    assert.ok(Date.parse(creds.Expiration) > Date.now());

    const processOut = cli([...base, '--output', 'credential-process'], { input: `${tokens.IdToken}\n` });
    assert.equal(processOut.code, 0, processOut.stderr);
    const cp = JSON.parse(processOut.stdout);
    assert.deepEqual(Object.keys(cp), ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
    assert.equal(cp.Version, 1);

    const env = cli([...base, '--output', 'env'], { input: `${tokens.IdToken}\n` });
    assert.equal(env.code, 0, env.stderr);
    const shell = spawnSync('bash', ['--norc', '-c', `${env.stdout}\nprintf '%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_REGION" "$AWS_ENDPOINT_URL" "$AWS_CREDENTIAL_EXPIRATION"`], { encoding: 'utf8' });
    const [keyId, region, endpointUrl, expiration] = shell.stdout.trim().split('\n');
    // moto hands out the same keys every time, with a fresh expiry per call.
    assert.equal(keyId, cp.AccessKeyId);
    assert.equal(region, 'us-east-1');
    assert.equal(endpointUrl, endpoint);
    assert.ok(Date.parse(expiration) > Date.now(), expiration);
  });

  it('exits 2 for usage errors and 1 for a malformed token, in one line', () => {
    const usage = cli(['sign-in', '--nope']);
    assert.equal(usage.code, 2);
    assert.match(stderrLine(usage), /^error: Unknown option --nope for sign-in\. Run "cognito-explorer sign-in --help" for usage\.$/);
    const malformed = cli(['decode', 'not.a-token']);
    assert.equal(malformed.code, 1);
    assert.equal(stderrLine(malformed), 'error: This is not a JWT: expected three parts separated by dots, found 2.');
    const help = cli(['decode', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--verify/);
  });

  it('prompts for the password without echo when stdin is a terminal', async () => {
    const stdin = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sink = (into: Buffer[]) => new Writable({ write: (c, _e, cb) => (into.push(Buffer.from(c)), cb()) });
    const done = runCli(['sign-in', ...pool(), '--username', 'alice'], { stdin: stdin as Readable, stdout: sink(out), stderr: sink(err), env: {}, isTTY: true });
    setImmediate(() => stdin.write(`${seeded.pool.alice.password}\r`));
    const code = await done;
    const stderr = Buffer.concat(err).toString();
    assert.equal(code, 0, stderr);
    assert.equal(stderr, 'Password for alice: \n');
    assert.ok(JSON.parse(Buffer.concat(out).toString()).IdToken);
  });
});
