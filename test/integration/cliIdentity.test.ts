import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oneErrorLine, runInProcess as run } from '../support/cliRun';
import { startDeveloperBackend, type DeveloperBackendFixture } from '../support/developerBackend';
import { useMoto } from '../support/moto';
import { adminTokens, createIdentityPool, seedStandard, type Seeded } from '../support/seed';

const ROLE = 'arn:aws:iam::123456789012:role/Readers';
const PROVIDER = 'login.explorer.cli';

describe('CLI credentials: every identity-pool flow against moto', function () {
  this.timeout(30_000);
  const moto = useMoto();
  let seeded: Seeded;
  let idToken: string;
  let devPool: string;
  let backend: DeveloperBackendFixture;
  const base = (pool: string) => ['credentials', '--identity-pool-id', pool, '--endpoint-url', moto().endpoint];
  const json = (stdout: string) => JSON.parse(stdout) as Record<string, string>;

  before(async () => {
    seeded = await seedStandard(moto().endpoint, { bucketPrefix: 'cli-flows' });
    idToken = (await adminTokens(moto().endpoint, seeded.pool.id, seeded.pool.publicClient.id, seeded.pool.bob)).IdToken!;
    devPool = await createIdentityPool(moto().endpoint, { name: 'cli_guests', providers: [], allowUnauthenticated: true, developerProviderName: PROVIDER });
    backend = await startDeveloperBackend({ motoEndpoint: moto().endpoint, identityPoolId: devPool, providerName: PROVIDER, users: { dana: 'Dana-Backend-1!' } });
  });

  after(() => backend?.stop());

  it('--flow guest needs no token, and --identity-id keeps the identity', async () => {
    const first = await run([...base(devPool), '--flow', 'guest']);
    assert.equal(first.code, 0, first.stderr);
    const id = json(first.stdout).IdentityId;
    assert.match(id, /^us-east-1:/);
    const again = await run([...base(devPool), '--flow', 'guest', '--identity-id', id, '--output', 'env']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^export AWS_ACCESS_KEY_ID='/m);
    assert.match(again.stdout, /^export AWS_REGION='us-east-1'$/m);
  });

  it('--flow basic --role-arn assumes the role with the ID token from stdin', async () => {
    const r = await run([...base(seeded.identityPool.id), '--flow', 'basic', '--role-arn', ROLE], { stdin: `${idToken}\n` });
    assert.equal(r.code, 0, r.stderr);
    const creds = json(r.stdout);
    assert.ok(creds.AccessKeyId && creds.SecretAccessKey && creds.SessionToken);
    assert.ok(Date.parse(creds.Expiration) > Date.now());
  });

  it('--role-arn with the enhanced flow is refused when the token lists no roles, saying why', async () => {
    const r = await run([...base(seeded.identityPool.id), '--role-arn', ROLE], { stdin: `${idToken}\n` });
    assert.equal(r.code, 1);
    oneErrorLine(r, /^error: The ID token lists no roles \(no cognito:roles claim\), so the identity pool cannot give arn:aws:iam::123456789012:role\/Readers: /);
  });

  it('--flow developer --login-url logs in to the backend with the password from stdin', async () => {
    const argv = [...base(devPool), '--flow', 'developer', '--login-url', backend.loginUrl, '--identity-url', backend.identityUrl, '--username', 'dana', '--password-stdin', '--output', 'text'];
    const r = await run(argv, { stdin: 'Dana-Backend-1!\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^IdentityId\tus-east-1:[0-9a-f-]+$/m);
    const wrong = await run(argv, { stdin: 'nope\n' });
    assert.equal(wrong.code, 1);
    oneErrorLine(wrong, /refused the login \(HTTP 400: .*\); check the username and password\.$/);
    assert.ok(!wrong.stderr.includes('nope'), 'the password never reaches stderr');
  });

  it('--flow developer --developer-provider signs GetOpenIdTokenForDeveloperIdentity with --profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-identity-'));
    const saved = { creds: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE, imds: process.env.AWS_EC2_METADATA_DISABLED };
    try {
      writeFileSync(join(dir, 'credentials'), '[backend-dev]\naws_access_key_id = test\naws_secret_access_key = test\n', { mode: 0o600 });
      writeFileSync(join(dir, 'config'), '[profile backend-dev]\nregion = us-east-1\n');
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
      process.env.AWS_CONFIG_FILE = join(dir, 'config');
      // No instance metadata service here: without this the missing profile waits for its timeouts.
      process.env.AWS_EC2_METADATA_DISABLED = 'true';
      const argv = [...base(devPool), '--flow', 'developer', '--developer-provider', PROVIDER, '--developer-user-id', 'user-7'];
      const r = await run([...argv, '--profile', 'backend-dev']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(json(r.stdout).IdentityId, /^us-east-1:/);
      const missing = await run([...argv, '--profile', 'no-such-profile']);
      assert.equal(missing.code, 1);
      oneErrorLine(missing, /^error: No AWS credentials in the profile "no-such-profile" to call GetOpenIdTokenForDeveloperIdentity; /);
    } finally {
      process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
      process.env.AWS_CONFIG_FILE = saved.config;
      if (saved.imds === undefined) delete process.env.AWS_EC2_METADATA_DISABLED;
      else process.env.AWS_EC2_METADATA_DISABLED = saved.imds;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors exit 2 with one sentence', async () => {
    const magic = await run([...base(devPool), '--flow', 'magic']);
    assert.equal(magic.code, 2);
    oneErrorLine(magic, /--flow must be one of enhanced, basic, guest, developer, not "magic"/);
    const bare = await run([...base(devPool), '--flow', 'developer']);
    assert.equal(bare.code, 2);
    oneErrorLine(bare, /--flow developer needs --login-url \(your backend\) or --developer-provider/);
    const badRole = await run([...base(devPool), '--flow', 'guest', '--role-arn', 'Readers']);
    assert.equal(badRole.code, 2);
    oneErrorLine(badRole, /"Readers" is not an IAM role ARN/);
  });
});
