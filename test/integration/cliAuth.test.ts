/**
 * The CLI's sign-in challenges and account commands against moto, run in-process (runCli) with stdin, env and
 * terminal flag as a user would give them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/run';
import { decodeToken } from '../../src/core/tokens/decode';
import { useMoto } from '../support/moto';
import { createClient, createMfaPool, createUser, enableSmsMfa, forgotPasswordCode, seedStandard, type Seeded } from '../support/seed';
import { MOTO_TOTP_SECRET, totp } from '../support/totp';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(into: Buffer[]): Writable {
  return new Writable({ write: (c, _e, cb) => (into.push(Buffer.from(c)), cb()) });
}

async function cli(argv: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const code = await runCli(argv, { stdin: Readable.from(opts.input ? [Buffer.from(opts.input)] : []), stdout: sink(out), stderr: sink(err), env: opts.env ?? {}, isTTY: false });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

function oneLine(r: Run): string {
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `expected one stderr line, got:\n${r.stderr}`);
  return lines[0];
}

describe('CLI sign-in challenges and account commands (against moto)', function () {
  this.timeout(60_000);
  const moto = useMoto({ env: { MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true' } });
  let seeded: Seeded;
  let endpoint: string;
  const pool = (clientId = seeded.pool.publicClient.id, poolId = seeded.pool.id) => ['--user-pool-id', poolId, '--client-id', clientId, '--endpoint-url', endpoint];

  before(async () => {
    endpoint = moto().endpoint;
    seeded = await seedStandard(endpoint, { bucketPrefix: 'cliauth' });
  });

  it('answers NEW_PASSWORD_REQUIRED from stdin line 2, then MFA setup with --mfa-code, then TOTP on the next sign-in', async () => {
    const poolId = await createMfaPool(endpoint, { name: 'cli-mfa' });
    const client = await createClient(endpoint, poolId, { name: 'cli-web' });
    await createUser(endpoint, poolId, { username: 'tina', email: 'tina@example.com', password: 'Temp-Passw0rd!', temporary: true });
    const args = ['sign-in', ...pool(client.id, poolId), '--username', 'tina', '--auth-flow', 'password', '--password-stdin'];

    const noCode = await cli([...args, '--new-password-stdin'], { input: 'Temp-Passw0rd!\nTina-N3w-Passw0rd!\n' });
    assert.equal(noCode.code, 1);
    assert.equal(noCode.stdout, '');
    const lines = noCode.stderr.trim().split('\n');
    assert.equal(lines[1], `otpauth://totp/${poolId}:tina?secret=${MOTO_TOTP_SECRET}&issuer=${poolId}`);
    assert.equal(lines.at(-1), 'error: Cognito requires an authenticator app for this user: add the URI above to one and pass its current code with --mfa-code CODE (on a terminal, sign-in asks for it).');

    // The new password took effect before MFA setup stopped, so the next run starts from MFA_SETUP (moto: after SRP).
    const setup = await cli(['sign-in', ...pool(client.id, poolId), '--username', 'tina', '--password-stdin', '--mfa-code', totp(MOTO_TOTP_SECRET)], { input: 'Tina-N3w-Passw0rd!\n' });
    assert.equal(setup.code, 0, setup.stderr);
    assert.match(setup.stderr, /^Set up an authenticator app/);
    assert.equal(decodeToken(JSON.parse(setup.stdout).IdToken).payload['cognito:username'], 'tina');

    const missing = await cli(args, { input: 'Tina-N3w-Passw0rd!\n' });
    assert.equal(missing.code, 1);
    assert.equal(oneLine(missing), 'error: Cognito asks for a SOFTWARE_TOKEN_MFA code from your authenticator app; pass it with --mfa-code CODE.');
    const ok = await cli([...args, '--mfa-code', totp(MOTO_TOTP_SECRET), '--debug'], { input: 'Tina-N3w-Passw0rd!\n' });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /trace 2 RespondToAuthChallenge SOFTWARE_TOKEN_MFA \{USERNAME=tina, SOFTWARE_TOKEN_MFA_CODE=\[redacted\], Session=\[redacted\]\} -> tokens/);
    assert.ok(!ok.stderr.includes('Tina-N3w-Passw0rd!'));
  });

  it('takes the new password from line 1 without --password-stdin, and required attributes from --attribute', async () => {
    await createUser(endpoint, seeded.pool.id, { username: 'nadia', email: 'nadia@example.com', password: 'Temp-Passw0rd!', temporary: true });
    const r = await cli(['sign-in', ...pool(), '--username', 'nadia', '--auth-flow', 'password', '--new-password-stdin', '--output', 'text'], {
      input: 'Nadia-N3w-Passw0rd!\n',
      env: { COGNITO_PASSWORD: 'Temp-Passw0rd!' },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^AccessToken\t/);
    const without = await cli(['sign-in', ...pool(), '--username', 'newcomer', '--auth-flow', 'password', '--password-stdin'], { input: `${seeded.pool.newcomer.password}\n` });
    assert.equal(oneLine(without), 'error: Cognito requires a new password for newcomer; pipe it with --new-password-stdin.');
  });

  it('SMS MFA with a client secret, answered by --mfa-code; admin flow with --profile', async () => {
    await createUser(endpoint, seeded.pool.id, { username: 'simon', email: 'simon@example.com', password: 'Simon-Passw0rd!' });
    await enableSmsMfa(endpoint, seeded.pool.id, 'simon');
    const env = { COGNITO_CLIENT_SECRET: seeded.pool.secretClient.secret };
    const sms = await cli(['sign-in', ...pool(seeded.pool.secretClient.id), '--username', 'simon', '--auth-flow', 'password', '--password-stdin', '--mfa-code', '424242'], { input: 'Simon-Passw0rd!\n', env });
    assert.equal(sms.code, 0, sms.stderr);

    const dir = mkdtempSync(join(tmpdir(), 'cli-profile-'));
    const saved = { creds: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE };
    try {
      writeFileSync(join(dir, 'credentials'), '[cli-admin]\naws_access_key_id = AKIDCLIEXAMPLE\naws_secret_access_key = cli-secret\n');
      writeFileSync(join(dir, 'config'), '');
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
      process.env.AWS_CONFIG_FILE = join(dir, 'config');
      const admin = await cli(['sign-in', ...pool(), '--username', 'alice', '--auth-flow', 'admin', '--profile', 'cli-admin', '--password-stdin'], { input: `${seeded.pool.alice.password}\n` });
      assert.equal(admin.code, 0, admin.stderr);
      const usage = await cli(['sign-in', ...pool(), '--username', 'alice', '--profile', 'cli-admin', '--password-stdin'], { input: 'x\n' });
      assert.equal(usage.code, 2);
    } finally {
      if (saved.creds === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      else process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = saved.config;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asks for the MFA code on a terminal, without echo', async () => {
    await createUser(endpoint, seeded.pool.id, { username: 'tess', email: 'tess@example.com', password: 'Tess-Passw0rd!' });
    await enableSmsMfa(endpoint, seeded.pool.id, 'tess');
    const stdin = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const done = runCli(['sign-in', ...pool(), '--username', 'tess', '--auth-flow', 'password'], { stdin: stdin as Readable, stdout: sink(out), stderr: sink(err), env: {}, isTTY: true });
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 200 && !pattern.test(Buffer.concat(err).toString()); i++) await new Promise((r) => setTimeout(r, 25));
      assert.match(Buffer.concat(err).toString(), pattern);
    };
    await waitFor(/Password for tess: $/);
    stdin.write('Tess-Passw0rd!\r');
    await waitFor(/Code: $/);
    stdin.write('135790\r');
    assert.equal(await done, 0, Buffer.concat(err).toString());
    const stderr = Buffer.concat(err).toString();
    assert.ok(!stderr.includes('135790') && !stderr.includes('Tess-Passw0rd!'), 'nothing typed is echoed');
    assert.ok(JSON.parse(Buffer.concat(out).toString()).AccessToken);
  });

  it('refresh keeps the refresh token; after global-sign-out it exits 1 with "sign in again"', async () => {
    const signIn = await cli(['sign-in', ...pool(), '--username', 'bob', '--auth-flow', 'password', '--password-stdin'], { input: `${seeded.pool.bob.password}\n` });
    assert.equal(signIn.code, 0, signIn.stderr);
    const tokens = JSON.parse(signIn.stdout);
    const refreshed = await cli(['refresh', ...pool()], { input: signIn.stdout });
    assert.equal(refreshed.code, 0, refreshed.stderr);
    const fresh = JSON.parse(refreshed.stdout);
    assert.equal(fresh.RefreshToken, tokens.RefreshToken);
    assert.notEqual(fresh.AccessToken, tokens.AccessToken);
    const raw = await cli(['refresh', ...pool()], { input: `${tokens.RefreshToken}\n` });
    assert.equal(raw.code, 0, raw.stderr);

    const out = await cli(['global-sign-out', '--endpoint-url', endpoint], { input: refreshed.stdout });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), { SignedOut: true });
    const ended = await cli(['refresh', ...pool()], { input: `${tokens.RefreshToken}\n` });
    assert.equal(ended.code, 1);
    assert.equal(oneLine(ended), 'error: The refresh token is no longer valid (expired, revoked or signed out); sign in again.');
  });

  it('sign-up, confirm-sign-up, forgot-password, confirm-forgot-password and change-password', async () => {
    const up = await cli(['sign-up', ...pool(), '--username', 'uma', '--attribute', 'email=uma@example.com', '--attribute', 'name=Uma', '--password-stdin'], { input: 'Uma-Passw0rd!\n' });
    assert.equal(up.code, 0, up.stderr);
    const signedUp = JSON.parse(up.stdout);
    assert.equal(signedUp.UserConfirmed, false);
    assert.match(signedUp.UserSub, /^[0-9a-f-]{36}$/);
    const confirm = await cli(['confirm-sign-up', ...pool(), '--username', 'uma', '--code', '123456']);
    assert.equal(confirm.code, 0, confirm.stderr);

    const forgot = await cli(['forgot-password', ...pool(), '--username', 'uma']);
    assert.equal(forgot.code, 0, forgot.stderr);
    assert.ok(JSON.parse(forgot.stdout).CodeDeliveryDetails.Destination);
    const code = await forgotPasswordCode(endpoint, seeded.pool.publicClient.id, 'uma');
    const reset = await cli(['confirm-forgot-password', ...pool(), '--username', 'uma', '--code', code], { input: 'Uma-N3w-Passw0rd!\n' });
    assert.equal(reset.code, 0, reset.stderr);

    const signIn = await cli(['sign-in', ...pool(), '--username', 'uma', '--auth-flow', 'password', '--password-stdin'], { input: 'Uma-N3w-Passw0rd!\n' });
    assert.equal(signIn.code, 0, signIn.stderr);
    const access = JSON.parse(signIn.stdout).AccessToken as string;
    const change = await cli(['change-password', '--endpoint-url', endpoint], { input: `${access}\nUma-N3w-Passw0rd!\nUma-Third-Passw0rd!\n` });
    assert.equal(change.code, 0, change.stderr);
    const again = await cli(['sign-in', ...pool(), '--username', 'uma', '--auth-flow', 'password', '--password-stdin'], { input: 'Uma-Third-Passw0rd!\n' });
    assert.equal(again.code, 0, again.stderr);
    const short = await cli(['change-password', '--endpoint-url', endpoint], { input: `${access}\n` });
    assert.equal(short.code, 2);
    assert.match(oneLine(short), /reads three lines from stdin: the access token, the current password, the new password/);

    const exists = await cli(['sign-up', ...pool(), '--username', 'uma', '--password-stdin'], { input: 'Uma-Passw0rd!\n' });
    assert.equal(exists.code, 1);
    assert.match(oneLine(exists), /^error: An account with this username already exists for pool /);
  });

  it('refuses flags that would carry secrets', async () => {
    for (const flag of ['--new-password=Secret-1!', '--access-token=eyJabc', '--refresh-token=abc']) {
      const r = await cli(['sign-in', ...pool(), '--username', 'x', flag]);
      assert.equal(r.code, 2);
      assert.ok(!r.stderr.includes(flag.split('=')[1]), 'the value is not echoed');
    }
  });
});
