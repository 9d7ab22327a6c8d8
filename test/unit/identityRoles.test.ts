import assert from 'node:assert/strict';
import { identityOwner, identityIdsKey, IdentityIdStore } from '../../src/core/identity/identityIds';
import { validateBackend, validateProviderName } from '../../src/core/identity/developer';
import { defaultRole, roleChoiceProblem, roleOptions, rolesOfClaims, validateRoleArn } from '../../src/core/identity/roles';
import { MemorySecretStore } from '../../src/core/ports';
import { unsignedJwt } from '../support/recordingCognito';

const READERS = 'arn:aws:iam::123456789012:role/Readers';
const WRITERS = 'arn:aws:iam::123456789012:role/Writers';
const ADMINS = 'arn:aws:iam::123456789012:role/team/Admins';

describe('identity roles', () => {
  it('reads cognito:roles and cognito:preferred_role, ignoring values that are not role ARNs', () => {
    assert.deepEqual(rolesOfClaims({ 'cognito:roles': [READERS, WRITERS, 'not-a-role', 42, READERS], 'cognito:preferred_role': WRITERS }), { roles: [READERS, WRITERS], preferred: WRITERS });
    assert.deepEqual(rolesOfClaims({ 'cognito:roles': ADMINS }), { roles: [ADMINS] });
    assert.deepEqual(rolesOfClaims({}), { roles: [] });
    assert.deepEqual(rolesOfClaims({ 'cognito:roles': [READERS], 'cognito:preferred_role': '\u001b]0;x' }), { roles: [READERS] });
  });

  it('offers the preferred role first and marks the remembered one', () => {
    const options = roleOptions({ roles: [READERS, WRITERS, ADMINS], preferred: ADMINS }, WRITERS);
    assert.deepEqual(options.map((o) => o.arn), [ADMINS, READERS, WRITERS]);
    assert.deepEqual(options.map((o) => [o.preferred, o.remembered]), [[true, false], [false, false], [false, true]]);
  });

  it('uses the remembered role while the token still lists it, else the preferred one', () => {
    const token = { roles: [READERS, WRITERS], preferred: READERS };
    assert.equal(defaultRole(token, WRITERS), WRITERS);
    assert.equal(defaultRole(token, ADMINS), READERS, 'a role the token no longer lists is not used');
    assert.equal(defaultRole({ roles: [] }, WRITERS), undefined);
  });

  it('explains why a role cannot be chosen', () => {
    assert.match(roleChoiceProblem(READERS, { roles: [] })!, /^The ID token lists no roles \(no cognito:roles claim\), so the identity pool cannot give .*"Choose role from token"/);
    assert.equal(
      roleChoiceProblem(ADMINS, { roles: [READERS, WRITERS] }),
      `${ADMINS} is not one of the roles in the ID token (${READERS}, ${WRITERS}); choose one of those, or add the user to a group with that role and sign in again.`,
    );
    assert.equal(roleChoiceProblem(READERS, { roles: [READERS] }), undefined);
    assert.match(roleChoiceProblem('Readers', { roles: [READERS] })!, /^"Readers" is not an IAM role ARN/);
  });

  it('validates role ARNs, provider names and backend fields with sentences, escaping what it echoes', () => {
    assert.equal(validateRoleArn(READERS), undefined);
    assert.equal(validateRoleArn('arn:aws-cn:iam::123456789012:role/x'), undefined);
    assert.equal(validateRoleArn('arn:aws:iam::123:role/x\u001b[2J'), '"arn:aws:iam::123:role/x\\x1b[2J" is not an IAM role ARN; it looks like arn:aws:iam::123456789012:role/Readers.');
    assert.equal(validateProviderName('login.mycompany.myapp'), undefined);
    assert.match(validateProviderName('has space')!, /is not a developer provider name/);
    assert.equal(validateBackend({ loginUrl: 'http://127.0.0.1:8000/api/login/', identityUrl: 'http://127.0.0.1:8000/api/cognito/' }), undefined);
    assert.match(validateBackend({})!, /^Enter the backend's login URL/);
    assert.match(validateBackend({ loginUrl: 'ftp://x' })!, /^A backend URL must start with http:\/\/ or https:\/\/\.$/);
    assert.match(validateBackend({ loginUrl: 'http://x', loginFormat: 'xml' as 'json' })!, /"json" or "form"/);
  });
});

describe('identity ids per user and connection', () => {
  const pool = 'us-east-1:00000000-0000-0000-0000-000000000001';

  it('keys a user pool user by sub (not by the name typed), guests by the pool, developers by their backend name', () => {
    const token = unsignedJwt({ sub: 'sub-123', 'cognito:username': 'bob' });
    assert.equal(identityOwner('enhanced', pool, { idToken: token, username: 'Bob@Example.com' }), `${pool}|user|sub-123`);
    assert.equal(identityOwner('basic', pool, { idToken: token }), identityOwner('enhanced', pool, { idToken: token }), 'both flows reach the same identity');
    assert.equal(identityOwner('guest', pool, { username: 'anyone' }), `${pool}|guest`);
    assert.equal(identityOwner('developer', pool, { username: 'dana' }), `${pool}|developer|dana`);
    assert.equal(identityOwner('enhanced', pool, { idToken: 'garbage', username: 'bob' }), `${pool}|user|bob`);
  });

  it('stores them in one secret per connection, and forgets them with the connection', async () => {
    const secrets = new MemorySecretStore();
    const ids = new IdentityIdStore(secrets);
    await ids.set('c1', 'a', 'us-east-1:aaaa');
    await ids.set('c1', 'b', 'us-east-1:bbbb');
    await ids.set('c2', 'a', 'us-east-1:cccc');
    assert.equal(await ids.get('c1', 'a'), 'us-east-1:aaaa');
    assert.equal(await ids.get('c1', 'b'), 'us-east-1:bbbb');
    assert.equal(await ids.get('c2', 'a'), 'us-east-1:cccc');
    assert.deepEqual(secrets.keys().sort(), [identityIdsKey('c1'), identityIdsKey('c2')]);
    await ids.clear('c1');
    assert.equal(await ids.get('c1', 'a'), undefined);
    assert.equal(await ids.get('c2', 'a'), 'us-east-1:cccc');
    await secrets.store(identityIdsKey('c3'), 'not json');
    assert.equal(await ids.get('c3', 'a'), undefined, 'a damaged entry reads as empty');
  });
});
