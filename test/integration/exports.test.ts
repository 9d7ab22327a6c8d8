/**
 * Every export used by real clients against moto's seeded bucket: the AWS CLI (.venv/bin/aws) and the AWS SDK for
 * JS default chain (S3Client with no credentials), with the terminal environment, a written credentials profile,
 * and a credential_process profile that runs dist/cli.js.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCachedSession, saveCachedSession } from '../../src/core/export/sessionCache';
import { credentialsFromSession } from '../../src/core/export/sessionCredentials';
import { credentialEnv } from '../../src/core/export/shell';
import { buildCli, runCliBinary, runCliProcess } from '../support/cliBinary';
import { startFaultProxy } from '../support/faultProxy';
import { useMoto } from '../support/moto';
import { repoRoot } from '../support/paths';
import { seedStandard, type Seeded } from '../support/seed';

const AWS = join(repoRoot, '.venv', 'bin', 'aws');

// A child process using the SDK's default chain, so nothing but the environment and the AWS files tells it what to use.
const SDK_LIST = `
const { S3Client, ListBucketsCommand } = require('@aws-sdk/client-s3');
new S3Client({ forcePathStyle: true }).send(new ListBucketsCommand({})).then(
  (out) => console.log(JSON.stringify((out.Buckets || []).map((b) => b.Name))),
  (err) => { console.error(err.name + ': ' + err.message); process.exit(1); });`;

describe('exports used by the AWS CLI and the AWS SDK for JS (moto)', function () {
  this.timeout(120_000);
  const moto = useMoto();
  let seeded: Seeded;
  let dir: string;
  let base: Record<string, string>;

  /** Environment of a client: nothing from the developer's machine, a home and cache inside the temp folder. */
  const clientEnv = (extra: Record<string, string>) => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  });

  function awsS3Ls(env: Record<string, string>): string[] {
    const out = spawnSync(AWS, ['s3', 'ls'], { encoding: 'utf8', env: clientEnv(env), timeout: 60_000 });
    assert.equal(out.status, 0, `aws s3 ls failed: ${out.stderr}`);
    return out.stdout.trim().split('\n').map((l) => l.split(/\s+/).pop() ?? '');
  }

  function sdkList(env: Record<string, string>): string[] {
    const out = spawnSync(process.execPath, ['-e', SDK_LIST], { cwd: repoRoot, encoding: 'utf8', env: clientEnv(env), timeout: 60_000 });
    assert.equal(out.status, 0, `SDK ListBuckets failed: ${out.stderr}`);
    return JSON.parse(out.stdout) as string[];
  }

  before(async () => {
    await buildCli();
    seeded = await seedStandard(moto().endpoint);
    dir = mkdtempSync(join(tmpdir(), 'exports-'));
    base = { XDG_CACHE_HOME: join(dir, 'cache') };
    const signIn = runCliBinary(
      ['sign-in', '--user-pool-id', seeded.pool.id, '--client-id', seeded.pool.publicClient.id, '--endpoint-url', moto().endpoint, '--username', 'bob', '--auth-flow', 'password', '--save-session', 'dev', '--identity-pool-id', seeded.identityPool.id],
      { env: { ...clientEnv(base), COGNITO_PASSWORD: seeded.pool.bob.password } },
    );
    assert.equal(signIn.code, 0, signIn.stderr);
    const saved = JSON.parse(signIn.stdout);
    assert.equal(saved.Session, 'dev');
    assert.ok(!signIn.stdout.includes('eyJ'), 'with --save-session the tokens are not printed');
    assert.equal(statSync(saved.File).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'cache', 'cognito-explorer', 'sessions')).mode & 0o777, 0o700);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function sessionCreds() {
    return (await credentialsFromSession(clientEnv(base), 'dev')).credentials;
  }

  it('(a) the terminal environment: aws s3 ls and the SDK chain list the seeded bucket', async () => {
    const env = credentialEnv(await sessionCreds(), { region: 'us-east-1', endpointUrl: moto().endpoint });
    assert.ok(awsS3Ls(env).includes(seeded.bucket.name));
    assert.ok(sdkList(env).includes(seeded.bucket.name));
  });

  it('(a) credentials --output env and dotenv hold the same variables', () => {
    const session = JSON.parse(readFileSync(join(dir, 'cache', 'cognito-explorer', 'sessions', 'dev.json'), 'utf8'));
    const args = ['credentials', '--identity-pool-id', seeded.identityPool.id, '--endpoint-url', moto().endpoint];
    const env = runCliBinary([...args, '--output', 'env'], { input: `${session.tokens.idToken}\n` });
    const dotenv = runCliBinary([...args, '--output', 'dotenv'], { input: `${session.tokens.idToken}\n` });
    assert.equal(env.code, 0, env.stderr);
    assert.equal(dotenv.code, 0, dotenv.stderr);
    const names = (text: string) => text.trim().split('\n').map((l) => /([A-Z_]+)=/.exec(l)?.[1]);
    assert.deepEqual(names(env.stdout), names(dotenv.stdout));
    const fromDotenv = Object.fromEntries(dotenv.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.ok(awsS3Ls(fromDotenv).includes(seeded.bucket.name));
  });

  it('(b) write-profile: a written profile works for both, and the rest of the file keeps its bytes', () => {
    const credentialsFile = join(dir, 'aws', 'credentials');
    mkdirSync(join(dir, 'aws'));
    // No BOM here: the AWS CLI itself cannot read a credentials file that starts with one (the unit tests keep BOMs).
    const before = '# team profiles\r\n[default]\r\naws_access_key_id = KEEPME\r\n\r\n[cognito]\r\n; renewed by cognito-explorer\r\naws_session_token = old\r\n';
    writeFileSync(credentialsFile, before, { mode: 0o640 });
    const session = JSON.parse(readFileSync(join(dir, 'cache', 'cognito-explorer', 'sessions', 'dev.json'), 'utf8'));
    const json = runCliBinary(['credentials', '--identity-pool-id', seeded.identityPool.id, '--endpoint-url', moto().endpoint], { input: `${session.tokens.idToken}\n` });
    assert.equal(json.code, 0, json.stderr);
    const write = runCliBinary(['write-profile', '--aws-profile', 'cognito', '--output', 'text'], { input: json.stdout, env: { AWS_SHARED_CREDENTIALS_FILE: credentialsFile } });
    assert.equal(write.code, 0, write.stderr);
    assert.match(write.stdout, new RegExp(`^Profile cognito updated in ${credentialsFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; the credentials expire at `));
    const after = readFileSync(credentialsFile, 'utf8');
    assert.ok(after.startsWith('# team profiles\r\n[default]\r\naws_access_key_id = KEEPME\r\n\r\n[cognito]\r\n; renewed by cognito-explorer\r\naws_session_token = '));
    assert.equal(statSync(credentialsFile).mode & 0o777, 0o640);
    const env = { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_PROFILE: 'cognito', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: moto().endpoint };
    assert.ok(awsS3Ls(env).includes(seeded.bucket.name));
    assert.ok(sdkList(env).includes(seeded.bucket.name));
  });

  it('(c) a credential_process profile running dist/cli.js works for both, renewing from the session cache', async () => {
    const configFile = join(dir, 'aws', 'config');
    const write = runCliBinary(['write-profile', '--aws-profile', 'cognito-process', '--credential-process', '--connection', 'dev', '--output', 'text'], { env: { ...base, AWS_CONFIG_FILE: configFile } });
    assert.equal(write.code, 0, write.stderr);
    assert.equal(write.stdout, `Profile cognito-process created ${configFile}; its credential_process renews the credentials.\n`);
    assert.equal(statSync(configFile).mode & 0o777, 0o600);
    assert.match(readFileSync(configFile, 'utf8'), new RegExp(`credential_process = ${process.execPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\S+/dist/cli\\.js credential-process --connection dev\n`));
    assert.ok(!readFileSync(configFile, 'utf8').includes('eyJ'), 'no token in the config file');
    // Drop the cached credentials so the first call really goes to the identity pool.
    const saved = (await loadCachedSession(clientEnv(base), 'dev'))!;
    await saveCachedSession(clientEnv(base), { ...saved, credentials: undefined });
    const env = { ...base, AWS_CONFIG_FILE: configFile, AWS_PROFILE: 'cognito-process' };
    assert.ok(awsS3Ls(env).includes(seeded.bucket.name));
    assert.ok(sdkList(env).includes(seeded.bucket.name));
    assert.ok((await loadCachedSession(clientEnv(base), 'dev'))!.credentials, 'the credentials were cached');
  });

  it('credential-process answers from a warm cache without the network, and refreshes expired tokens', async () => {
    const env = clientEnv(base);
    const first = runCliBinary(['credential-process', '--connection', 'dev'], { env });
    assert.equal(first.code, 0, first.stderr);
    const printed = JSON.parse(first.stdout);
    assert.deepEqual(Object.keys(printed), ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
    // Point the saved session at a closed port: a warm call must not need it.
    const saved = (await loadCachedSession(env, 'dev'))!;
    await saveCachedSession(env, { ...saved, endpointUrl: 'http://127.0.0.1:9' });
    const warm = runCliBinary(['credential-process', '--connection', 'dev'], { env });
    assert.equal(warm.code, 0, warm.stderr);
    assert.deepEqual(JSON.parse(warm.stdout), printed);
    // credentials --connection reads the same saved session, in any output format.
    const dotenv = runCliBinary(['credentials', '--connection', 'dev', '--output', 'dotenv'], { env });
    assert.equal(dotenv.code, 0, dotenv.stderr);
    assert.ok(dotenv.stdout.includes(`AWS_SESSION_TOKEN=${printed.SessionToken}\n`));
    assert.ok(dotenv.stdout.includes('AWS_ENDPOINT_URL=http://127.0.0.1:9\n'), 'the endpoint of the saved session');
    const fish = runCliBinary(['credentials', '--connection', 'dev', '--shell', 'fish'], { env });
    assert.ok(fish.stdout.includes(`set -gx AWS_SESSION_TOKEN '${printed.SessionToken}'\n`), fish.stdout + fish.stderr);
    await saveCachedSession(env, saved);
    // Two hours later the tokens have expired: the refresh token renews them, then the identity pool is asked.
    const later = Date.now() + 2 * 3600_000;
    const renewed = await credentialsFromSession(env, 'dev', { clock: { now: () => later } });
    assert.equal(renewed.source, 'tokens');
    const after = (await loadCachedSession(env, 'dev'))!;
    assert.notEqual(after.tokens.idToken, saved.tokens.idToken);
    assert.equal(after.tokens.refreshToken, saved.tokens.refreshToken);
  });

  it('credential-process runs started together renew once: the others wait for it and print what it saved', async () => {
    const env = clientEnv(base);
    const saved = (await loadCachedSession(env, 'dev'))!;
    const proxy = await startFaultProxy(moto().endpoint);
    try {
      // Expired credentials, valid tokens: every run needs GetCredentialsForIdentity, as when a build starts 4 workers.
      // (The earlier test's clock left obtainedAt hours after this expiry: expired must still count as expired.)
      await saveCachedSession(env, { ...saved, endpointUrl: proxy.endpoint, credentials: { ...saved.credentials!, expiration: new Date(Date.now() - 1000).toISOString() } });
      const runs = await Promise.all([1, 2, 3, 4].map(() => runCliProcess(['credential-process', '--connection', 'dev'], { env })));
      for (const r of runs) assert.equal(r.code, 0, r.stderr);
      const printed = new Set(runs.map((r) => r.stdout));
      assert.equal(printed.size, 1, 'all four print the same credentials');
      assert.equal(proxy.seen.filter((r) => r.operation === 'GetCredentialsForIdentity').length, 1);
      assert.equal(proxy.seen.filter((r) => r.operation === 'GetId').length, 0, 'the saved identity id is reused');
      assert.ok(!readdirSync(join(dir, 'cache', 'cognito-explorer', 'sessions')).some((f) => f.endsWith('.lock')), 'no lock file is left');
    } finally {
      await saveCachedSession(env, saved);
      await proxy.stop();
    }
  });

  it('speaks CLI when it cannot help: no session, no identity pool, a missing client secret', async () => {
    const env = clientEnv(base);
    const none = runCliBinary(['credential-process', '--connection', 'nobody'], { env });
    assert.equal(none.code, 1);
    assert.equal(none.stderr, 'error: There is no saved session nobody; sign in with "sign-in --save-session nobody" first.\n');
    const saved = (await loadCachedSession(env, 'dev'))!;
    await saveCachedSession(env, { ...saved, name: 'nopool', identityPoolId: undefined });
    const noPool = runCliBinary(['credential-process', '--connection', 'nopool'], { env });
    assert.match(noPool.stderr, /^error: The saved session nopool has no identity pool; pass --identity-pool-id/);
    await saveCachedSession(env, { ...saved, name: 'secret', hasClientSecret: true, credentials: undefined });
    await assert.rejects(credentialsFromSession(env, 'secret', { clock: { now: () => Date.now() + 2 * 3600_000 } }), /set COGNITO_CLIENT_SECRET where the AWS CLI or SDK runs/);
    const list = runCliBinary(['sessions', 'list', '--output', 'text'], { env });
    assert.deepEqual(list.stdout.trim().split('\n').map((l) => l.split('\t')[0]), ['dev', 'nopool', 'secret']);
    assert.equal(runCliBinary(['sessions', 'forget', 'nopool'], { env }).code, 0);
    assert.equal(runCliBinary(['sessions', 'forget', 'nopool'], { env }).code, 1);
  });
});
