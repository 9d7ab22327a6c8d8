/**
 * What moto does not implement, answered in AWS's own wire shape by the proxy in front of it, so the SDK's parsing
 * and ours run on the bytes a region sends: a user's remembered devices (AdminListDevices) and an identity pool's
 * roles and role mappings (GetIdentityPoolRoles). Everything else comes from moto.
 */
import assert from 'node:assert/strict';
import type { AdminTarget } from '../../src/core/pools/adminTarget';
import { describeIdentityPool } from '../../src/core/pools/pools';
import { getUser } from '../../src/core/pools/users';
import { useAdminFixture } from '../support/awsProfile';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';

const AUTH_ROLE = 'arn:aws:iam::123456789012:role/explorer-auth';
const GUEST_ROLE = 'arn:aws:iam::123456789012:role/explorer-guest';
const ADMIN_ROLE = 'arn:aws:iam::123456789012:role/explorer-admin';

describe('pools: operations moto lacks, answered in AWS wire format', function () {
  this.timeout(120_000);
  const fixture = useAdminFixture('poolsanswered');
  let proxy: FaultProxy;
  let t: AdminTarget;

  before(async () => {
    proxy = await startFaultProxy(fixture().moto.endpoint);
    t = { ...fixture().t, endpointUrl: proxy.endpoint };
  });
  after(() => proxy.stop());
  afterEach(() => {
    proxy.rule = () => undefined;
  });

  it("a user's remembered and not-remembered devices, with dates from AWS's epoch seconds", async () => {
    const poolId = fixture().seeded.pool.id;
    proxy.rule = (req) =>
      req.operation === 'AdminListDevices'
        ? {
            answer: {
              Devices: [
                {
                  DeviceKey: 'us-east-1_0b3c4d5e-1111-2222-3333-444455556666',
                  DeviceAttributes: [
                    { Name: 'device_name', Value: 'Chrome on Linux' },
                    { Name: 'last_ip_used', Value: '203.0.113.7' },
                    { Name: 'device_status', Value: 'remembered' },
                  ],
                  DeviceCreateDate: 1764000000.123,
                  DeviceLastModifiedDate: 1764100000,
                  DeviceLastAuthenticatedDate: 1764200000,
                },
                { DeviceKey: 'us-east-1_9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff', DeviceAttributes: [{ Name: 'device_status', Value: 'not_remembered' }], DeviceCreateDate: 1764300000 },
              ],
            },
          }
        : undefined;
    const alice = await getUser(t, poolId, 'alice');
    const asked = proxy.seen.find((r) => r.operation === 'AdminListDevices');
    assert.deepEqual(asked?.body, { UserPoolId: poolId, Username: 'alice', Limit: 60 });
    assert.equal(alice.devicesError, undefined);
    assert.deepEqual(alice.devices, [
      {
        key: 'us-east-1_0b3c4d5e-1111-2222-3333-444455556666',
        name: 'Chrome on Linux',
        lastIp: '203.0.113.7',
        created: new Date(1764000000123),
        lastAuthenticated: new Date(1764200000000),
        remembered: true,
      },
      { key: 'us-east-1_9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff', created: new Date(1764300000000), remembered: false },
    ]);
    // The rest of the user still comes from moto.
    assert.deepEqual(alice.groups.sort(), ['admins', 'readers']);
  });

  it('a devices failure is a sentence beside a user that still shows', async () => {
    proxy.rule = (req) => (req.operation === 'AdminListDevices' ? { type: 'AccessDeniedException', message: 'User is not authorized to perform: cognito-idp:AdminListDevices' } : undefined);
    const alice = await getUser(t, fixture().seeded.pool.id, 'alice');
    assert.equal(alice.username, 'alice');
    assert.deepEqual(alice.devices, []);
    assert.equal(alice.devicesError, "Access denied while trying to list the user's devices: the credentials' role does not allow it.");
  });

  it('moto itself lacks AdminListDevices: the user shows, and the sentence says why the devices are missing', async () => {
    const direct = fixture().t;
    const alice = await getUser(direct, fixture().seeded.pool.id, 'alice');
    assert.equal(alice.username, 'alice');
    assert.deepEqual(alice.devices, []);
    assert.equal(alice.devicesError, `Devices are not shown: ${direct.endpointUrl} could not list them (local emulators such as moto do not implement AdminListDevices).`);
  });

  it("an identity pool's roles and rule-based role mappings", async () => {
    const { identityPool, pool } = fixture().seeded;
    const provider = `cognito-idp.us-east-1.amazonaws.com/${pool.id}:${pool.publicClient.id}`;
    proxy.rule = (req) =>
      req.operation === 'GetIdentityPoolRoles'
        ? {
            answer: {
              IdentityPoolId: identityPool.id,
              Roles: { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE },
              RoleMappings: {
                [provider]: {
                  Type: 'Rules',
                  AmbiguousRoleResolution: 'AuthenticatedRole',
                  RulesConfiguration: { Rules: [{ Claim: 'cognito:groups', MatchType: 'Contains', Value: 'admins', RoleARN: ADMIN_ROLE }] },
                },
              },
            },
          }
        : undefined;
    const details = await describeIdentityPool(t, identityPool.id);
    assert.equal(details.name, identityPool.name);
    assert.equal(details.rolesError, undefined);
    assert.deepEqual(details.roles, { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE });
    assert.deepEqual(details.roleMappings, {
      [provider]: { type: 'Rules', ambiguousRoleResolution: 'AuthenticatedRole', rules: [{ claim: 'cognito:groups', matchType: 'Contains', value: 'admins', roleArn: ADMIN_ROLE }] },
    });
  });

  it('token-based role mapping, and a roles failure that leaves the pool readable', async () => {
    const { identityPool, pool } = fixture().seeded;
    const provider = `cognito-idp.us-east-1.amazonaws.com/${pool.id}:${pool.publicClient.id}`;
    proxy.rule = (req) =>
      req.operation === 'GetIdentityPoolRoles'
        ? { answer: { IdentityPoolId: identityPool.id, Roles: { authenticated: AUTH_ROLE }, RoleMappings: { [provider]: { Type: 'Token', AmbiguousRoleResolution: 'Deny' } } } }
        : undefined;
    const token = await describeIdentityPool(t, identityPool.id);
    assert.deepEqual(token.roleMappings, { [provider]: { type: 'Token', ambiguousRoleResolution: 'Deny', rules: [] } });

    proxy.rule = (req) => (req.operation === 'GetIdentityPoolRoles' ? { type: 'AccessDeniedException', message: 'User is not authorized to perform: cognito-identity:GetIdentityPoolRoles' } : undefined);
    const denied = await describeIdentityPool(t, identityPool.id);
    assert.equal(denied.name, identityPool.name);
    assert.deepEqual(denied.roles, {});
    assert.equal(denied.rolesError, `Access denied while trying to read the roles of identity pool ${identityPool.id}: the credentials' role does not allow it.`);
  });
});
