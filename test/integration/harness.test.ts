import assert from 'node:assert/strict';
import { ListGroupsCommand, ListUserPoolClientsCommand, ListUserPoolsCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { useMoto } from '../support/moto';
import { adminTokens, identityClient, idpClient, s3, seedStandard, type Seeded } from '../support/seed';

describe('test harness: moto fixture and standard seed', function () {
  const moto = useMoto();
  let seeded: Seeded;

  before(async function () {
    this.timeout(30_000);
    seeded = await seedStandard(moto().endpoint);
  });

  it('serves on a loopback port the OS picked', () => {
    assert.match(moto().endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(moto().port > 0);
  });

  it('lists both seeded user pools', async () => {
    const out = await idpClient(moto().endpoint).send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const byId = new Map(out.UserPools!.map((p) => [p.Id, p.Name]));
    assert.equal(byId.get(seeded.pool.id), 'explorer-usernames');
    assert.equal(byId.get(seeded.emailPool.id), 'explorer-emails');
    assert.match(seeded.pool.id, /^us-east-1_/);
  });

  it('creates users with email attributes, groups and the right status', async () => {
    const out = await idpClient(moto().endpoint).send(new ListUsersCommand({ UserPoolId: seeded.pool.id }));
    const users = new Map(out.Users!.map((u) => [u.Username, u]));
    assert.deepEqual([...users.keys()].sort(), ['alice', 'bob', 'dora', 'newcomer']);
    assert.equal(users.get('alice')!.UserStatus, 'CONFIRMED');
    assert.equal(users.get('newcomer')!.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(users.get('dora')!.Enabled, false);
    const email = users.get('alice')!.Attributes!.find((a) => a.Name === 'email')?.Value;
    assert.equal(email, 'alice@example.com');
    const groups = await idpClient(moto().endpoint).send(new ListGroupsCommand({ UserPoolId: seeded.pool.id }));
    assert.deepEqual(groups.Groups!.map((g) => g.GroupName).sort(), ['admins', 'readers']);
  });

  it('gives one client a secret and the other none', async () => {
    const out = await idpClient(moto().endpoint).send(new ListUserPoolClientsCommand({ UserPoolId: seeded.pool.id }));
    assert.equal(out.UserPoolClients!.length, 2);
    assert.ok(seeded.pool.secretClient.secret.length > 10);
    assert.equal(seeded.pool.publicClient.secret, undefined);
  });

  it('seeded passwords work and ID tokens carry the email', async () => {
    const idToken = (await adminTokens(moto().endpoint, seeded.pool.id, seeded.pool.publicClient.id, seeded.pool.alice)).IdToken!;
    const payload = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8'));
    assert.equal(payload.email, 'alice@example.com');
    assert.equal(payload.sub, seeded.pool.alice.sub);
  });

  it('lets the email pool user sign in with the email address', async () => {
    const out = await adminTokens(moto().endpoint, seeded.emailPool.id, seeded.emailPool.publicClient.id, seeded.emailPool.user);
    assert.ok(out.AccessToken);
  });

  it('points the identity pool at the pools and their public clients', async () => {
    const out = await identityClient(moto().endpoint).send(new DescribeIdentityPoolCommand({ IdentityPoolId: seeded.identityPool.id }));
    const providers = out.CognitoIdentityProviders!.map((p) => `${p.ProviderName}|${p.ClientId}`).sort();
    assert.deepEqual(
      providers,
      [
        `cognito-idp.us-east-1.amazonaws.com/${seeded.pool.id}|${seeded.pool.publicClient.id}`,
        `cognito-idp.us-east-1.amazonaws.com/${seeded.emailPool.id}|${seeded.emailPool.publicClient.id}`,
      ].sort(),
    );
  });

  it('lists both buckets and the objects under their prefixes', async () => {
    const client = s3(moto().endpoint);
    const buckets = await client.send(new ListBucketsCommand({}));
    assert.deepEqual(buckets.Buckets!.map((b) => b.Name).sort(), ['seed-archive', 'seed-reports']);
    const top = await client.send(new ListObjectsV2Command({ Bucket: seeded.bucket.name, Delimiter: '/' }));
    assert.deepEqual(top.CommonPrefixes!.map((p) => p.Prefix), ['reports/']);
    assert.deepEqual(top.Contents!.map((o) => o.Key), ['readme.txt']);
    const q1 = await client.send(new GetObjectCommand({ Bucket: seeded.bucket.name, Key: 'reports/2026/q1.csv' }));
    assert.equal(await q1.Body!.transformToString(), 'quarter,revenue\nq1,100\n');
  });

  it('reset wipes everything', async () => {
    await moto().reset();
    const pools = await idpClient(moto().endpoint).send(new ListUserPoolsCommand({ MaxResults: 60 }));
    assert.equal(pools.UserPools!.length, 0);
    const buckets = await s3(moto().endpoint).send(new ListBucketsCommand({}));
    assert.equal(buckets.Buckets?.length ?? 0, 0);
  });
});
