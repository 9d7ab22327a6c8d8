/**
 * New-password steps against moto: the pool's policy is read with DescribeUserPool (the emulator takes placeholder
 * keys), a password that misses it is refused by Cognito with our sentence, never moto's "does not confirm to".
 */
import assert from 'node:assert/strict';
import { answerChallenge, startSignIn } from '../../src/core/auth/flow';
import { passwordPolicyOf } from '../../src/core/auth/passwordPolicy';
import type { Connection } from '../../src/core/connection';
import { explainError } from '../../src/core/errors';
import { unmetPolicy } from '../../src/shared/passwordPolicy';
import { useMoto } from '../support/moto';
import { createClient, createPool, createUser } from '../support/seed';

describe('password policy in new-password steps (moto)', function () {
  this.timeout(60_000);
  const moto = useMoto();
  let conn: Connection;

  before(async () => {
    const endpoint = moto().endpoint;
    const poolId = await createPool(endpoint, { name: 'policy-pool', passwordPolicy: { MinimumLength: 12, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: false } });
    const client = await createClient(endpoint, poolId, { name: 'policy-client' });
    await createUser(endpoint, poolId, { username: 'nina', email: 'nina@example.com', password: 'Temporary-Pass1', temporary: true });
    conn = { id: 'policy', name: 'policy', region: 'us-east-1', userPoolId: poolId, clientId: client.id, endpointUrl: endpoint };
  });

  it('reads the pool\'s own policy with DescribeUserPool', async () => {
    assert.deepEqual(await passwordPolicyOf(conn), { minimumLength: 12, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: false });
  });

  it('is undefined, not an error, when the pool cannot be described', async () => {
    assert.equal(await passwordPolicyOf({ ...conn, userPoolId: 'us-east-1_Missing1' }), undefined);
  });

  it('a weak new password gets our sentence; one that meets the policy read above signs in', async () => {
    const step = await startSignIn({ connection: conn, username: 'nina', password: 'Temporary-Pass1', flow: 'password' });
    assert.equal(step.kind === 'challenge' && step.challenge.name, 'NEW_PASSWORD_REQUIRED');
    if (step.kind !== 'challenge') return;
    const policy = (await passwordPolicyOf(conn))!;
    assert.equal(unmetPolicy(policy, 'Short1a'), 'at least 12 characters');
    await assert.rejects(answerChallenge(step.state, { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'Short1a' }), (err: unknown) => {
      const sentence = explainError(err);
      assert.match(sentence, /^The new password does not meet the pool's password policy/);
      assert.doesNotMatch(sentence, /confirm to/);
      return true;
    });
    const again = await startSignIn({ connection: conn, username: 'nina', password: 'Temporary-Pass1', flow: 'password' });
    assert.ok(again.kind === 'challenge');
    const good = 'Long-enough-Passw0rd';
    assert.equal(unmetPolicy(policy, good), undefined);
    const done = await answerChallenge(again.state, { name: 'NEW_PASSWORD_REQUIRED', newPassword: good });
    assert.equal(done.kind, 'done');
  });
});
