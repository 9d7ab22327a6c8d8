import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { UserFacingError } from '../../src/core/errors';
import { commandLine, configFilePath, credentialsFilePath, writeCredentialsProfile, writeProcessProfile } from '../../src/core/export/awsFiles';
import { parseCredentialsJson, quoteDotenv, toCredentialsJson, toDotenv } from '../../src/core/export/formats';
import { forgetCachedSession, listCachedSessions, loadCachedSession, saveCachedSession, sessionCacheDir, type CachedSession } from '../../src/core/export/sessionCache';
import { credentialsFromSession } from '../../src/core/export/sessionCredentials';
import type { IdentityCredentials } from '../../src/core/session';

const creds: IdentityCredentials = {
  identityId: 'us-east-1:0000-1111',
  accessKeyId: 'ASIAEXAMPLE123456789',
  secretAccessKey: 'short/secret+value=',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVz+ZWFzdC0x=',
  expiration: '2026-01-02T03:04:05.000Z',
};

const mode = (p: string) => statSync(p).mode & 0o777;

describe('AWS file paths', () => {
  it('honour AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (with ~), else ~/.aws', () => {
    assert.equal(credentialsFilePath({ HOME: '/h' }), '/h/.aws/credentials');
    assert.equal(configFilePath({ HOME: '/h' }), '/h/.aws/config');
    assert.equal(credentialsFilePath({ HOME: '/h', AWS_SHARED_CREDENTIALS_FILE: '~/creds' }), '/h/creds');
    assert.equal(configFilePath({ HOME: '/h', AWS_CONFIG_FILE: '/etc/aws.conf' }), '/etc/aws.conf');
  });
});

describe('writeCredentialsProfile and writeProcessProfile on disk', () => {
  let dir: string;
  let env: Record<string, string>;
  const file = () => env.AWS_SHARED_CREDENTIALS_FILE;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'awsfiles-'));
    env = { HOME: dir, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'nested', 'credentials'), AWS_CONFIG_FILE: join(dir, 'nested', 'config') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the file with mode 0600 (its folder 0700) whatever the umask, and the SDK reads the profile', async () => {
    const old = process.umask(0o022);
    try {
      const written = await writeCredentialsProfile('cognito', creds, env);
      assert.deepEqual(written, { path: file(), profile: 'cognito', createdFile: true, addedProfile: true });
    } finally {
      process.umask(old);
    }
    assert.equal(mode(file()), 0o600);
    assert.equal(mode(join(dir, 'nested')), 0o700);
    const read = await loadSharedConfigFiles({ filepath: file(), configFilepath: join(dir, 'none'), ignoreCache: true });
    assert.deepEqual(read.credentialsFile.cognito, { aws_access_key_id: creds.accessKeyId, aws_secret_access_key: creds.secretAccessKey, aws_session_token: creds.sessionToken });
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['credentials'], 'no temp file left behind');
  });

  it("keeps an existing file's mode and writes through a symlink", async () => {
    mkdirSync(join(dir, 'nested'));
    const real = join(dir, 'dotfiles-credentials');
    writeFileSync(real, '[default]\naws_access_key_id = KEEP\n');
    chmodSync(real, 0o640);
    symlinkSync(real, file());
    const written = await writeCredentialsProfile('cognito', creds, env);
    assert.equal(written.path, real);
    assert.equal(mode(real), 0o640);
    assert.ok(readFileSync(real, 'utf8').startsWith('[default]\naws_access_key_id = KEEP\n\n[cognito]\n'));
    assert.ok(statSync(file()).isFile() && readdirSync(join(dir, 'nested')).length === 1, 'the symlink is still there');
  });

  it('refuses a file that is not INI and touches nothing (bytes, time, no temp file)', async () => {
    mkdirSync(join(dir, 'nested'));
    const original = '{"AccessKeyId": "x"}\n';
    writeFileSync(file(), original);
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(file(), past, past);
    await assert.rejects(writeCredentialsProfile('cognito', creds, env), (err: unknown) => err instanceof UserFacingError && /holds JSON.*nothing was changed\.$/.test(err.message));
    assert.equal(readFileSync(file(), 'utf8'), original);
    assert.equal(statSync(file()).mtime.getTime(), past.getTime());
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['credentials']);
  });

  it('says so in one sentence when the path is a folder', async () => {
    mkdirSync(file(), { recursive: true });
    await assert.rejects(writeCredentialsProfile('cognito', creds, env), /is a folder, not a file; nothing was changed\.$/);
  });

  it('writes a credential_process profile that the SDK reads and that a shell and shlex split the same way', async () => {
    const argv = ['/opt/my tools/node', "/opt/it's/cli.js", 'credential-process', '--connection', 'dev'];
    const written = await writeProcessProfile('cognito', { argv, region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' }, env);
    assert.equal(written.path, env.AWS_CONFIG_FILE);
    const text = readFileSync(env.AWS_CONFIG_FILE, 'utf8');
    assert.match(text, /^\[profile cognito\]\ncredential_process = /);
    const read = await loadSharedConfigFiles({ filepath: join(dir, 'none'), configFilepath: env.AWS_CONFIG_FILE, ignoreCache: true });
    const line = read.configFile.cognito.credential_process!;
    assert.equal(read.configFile.cognito.region, 'us-east-1');
    assert.equal(read.configFile.cognito.endpoint_url, 'http://127.0.0.1:5000');
    // The JS SDK runs the line through /bin/sh; botocore splits it with shlex. Both must see the same argv.
    const sh = spawnSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
    assert.deepEqual(sh.stdout.split('\0').slice(0, -1), argv);
    const py = spawnSync('python3', ['-c', 'import shlex,sys,json; print(json.dumps(shlex.split(sys.argv[1])))', line], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(py.stdout), argv);
    assert.equal(commandLine(['C:\\Program Files\\node.exe', 'x'], true), '"C:\\Program Files\\node.exe" x');
  });
});

describe('dotenv and JSON formats', () => {
  it('writes NAME=value lines that need no quoting for AWS values', () => {
    assert.equal(
      toDotenv(creds, { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' }),
      [
        `AWS_ACCESS_KEY_ID=${creds.accessKeyId}`,
        `AWS_SECRET_ACCESS_KEY=${creds.secretAccessKey}`,
        `AWS_SESSION_TOKEN=${creds.sessionToken}`,
        'AWS_REGION=us-east-1',
        'AWS_DEFAULT_REGION=us-east-1',
        `AWS_CREDENTIAL_EXPIRATION=${creds.expiration}`,
        'AWS_ENDPOINT_URL=http://127.0.0.1:5000',
        '',
      ].join('\n'),
    );
    assert.equal(quoteDotenv('X', 'a b'), '"a b"');
    assert.throws(() => quoteDotenv('X', 'a"b'), /dotenv readers do not agree/);
  });

  it('round-trips the JSON through parseCredentialsJson, and reads credential_process and STS shapes', () => {
    const json = JSON.stringify(toCredentialsJson(creds, { region: 'eu-west-1' }));
    assert.deepEqual(Object.keys(JSON.parse(json)), ['IdentityId', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration', 'Region']);
    assert.deepEqual(parseCredentialsJson(json), { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken, expiration: creds.expiration });
    assert.equal(parseCredentialsJson(JSON.stringify({ Credentials: { AccessKeyId: 'A', SecretAccessKey: 'S', SessionToken: 'T' } })).accessKeyId, 'A');
    assert.throws(() => parseCredentialsJson('nope'), /not JSON/);
    assert.throws(() => parseCredentialsJson('{"AccessKeyId":"A"}'), /has no AccessKeyId, SecretAccessKey and SessionToken/);
  });
});

describe('session cache', () => {
  let dir: string;
  let env: Record<string, string>;
  const session = (name: string): CachedSession => ({
    version: 1,
    name,
    region: 'us-east-1',
    userPoolId: 'us-east-1_abc',
    clientId: 'client',
    username: 'alice',
    tokens: { idToken: 'id', accessToken: 'acc', refreshToken: 'ref', expiresIn: 3600, tokenType: 'Bearer', obtainedAt: 0 },
    savedAt: '2026-01-01T00:00:00.000Z',
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cache-'));
    env = { HOME: dir, XDG_CACHE_HOME: join(dir, 'xdg') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lives under XDG_CACHE_HOME, else ~/.cache', () => {
    assert.equal(sessionCacheDir(env), join(dir, 'xdg', 'cognito-explorer', 'sessions'));
    assert.equal(sessionCacheDir({ HOME: '/h' }), '/h/.cache/cognito-explorer/sessions');
  });

  it('saves with mode 0600 in a 0700 folder, lists, loads and forgets', async () => {
    mkdirSync(sessionCacheDir(env), { recursive: true, mode: 0o755 });
    chmodSync(sessionCacheDir(env), 0o755);
    const file = await saveCachedSession(env, session('dev'));
    await saveCachedSession(env, session('prod'));
    assert.equal(mode(file), 0o600);
    assert.equal(mode(sessionCacheDir(env)), 0o700);
    assert.deepEqual((await listCachedSessions(env)).map((s) => s.name), ['dev', 'prod']);
    assert.equal((await loadCachedSession(env, 'dev'))?.tokens.refreshToken, 'ref');
    assert.equal(await forgetCachedSession(env, 'dev'), true);
    assert.equal(await forgetCachedSession(env, 'dev'), false);
    assert.equal(await loadCachedSession(env, 'dev'), undefined);
  });

  it('reuses cached credentials while fresh: 5 minutes before expiry, or half the life of short ones', async () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    const cached = (lifeMs: number, leftMs: number, identityPoolId = 'us-east-1:pool') => ({
      ...session('dev'),
      // A closed local port: anything that is not a cache hit fails at once, which is how the test tells them apart.
      endpointUrl: 'http://127.0.0.1:9',
      identityPoolId: 'us-east-1:pool',
      tokens: { ...session('dev').tokens, obtainedAt: now },
      credentials: { ...creds, expiration: new Date(now + leftMs).toISOString(), identityPoolId, obtainedAt: now + leftMs - lifeMs },
    });
    const clock = { now: () => now };
    const hit = async (s: CachedSession) => {
      await saveCachedSession(env, s);
      return credentialsFromSession(env, 'dev', { clock }).then((r) => r.source, (err: Error) => err.message);
    };
    assert.equal(await hit(cached(3600_000, 6 * 60_000)), 'cache');
    assert.equal(await hit(cached(90_000, 50_000)), 'cache');
    // Too close to expiry, or for another identity pool: it asks the identity pool (here a closed port) again.
    const asked = /^Could not reach the endpoint http:\/\/127\.0\.0\.1:9 to get AWS credentials/;
    assert.match(await hit(cached(3600_000, 4 * 60_000)), asked);
    assert.match(await hit(cached(90_000, 40_000)), asked);
    assert.match(await hit(cached(3600_000, 30 * 60_000, 'us-east-1:other')), asked);
  });

  it('refuses names that could leave the folder, and names a damaged file', async () => {
    await assert.rejects(saveCachedSession(env, session('../x')), /cannot name a session/);
    mkdirSync(sessionCacheDir(env), { recursive: true });
    writeFileSync(join(sessionCacheDir(env), 'bad.json'), '{');
    await assert.rejects(loadCachedSession(env, 'bad'), /bad\.json is damaged; forget it and sign in again\./);
    assert.deepEqual(await listCachedSessions(env), []);
  });
});
