import assert from 'node:assert/strict';
import {
  assertValidConnection,
  issuerOf,
  jwksUrlOf,
  loginsProviderOf,
  regionOfPool,
  validateClientId,
  validateClientMetadata,
  validateEndpointUrl,
  validateIdentityPoolId,
  validateName,
  validateRegion,
  validateUserPoolId,
  type Connection,
} from '../../src/core/connection';

describe('connection validators', () => {
  it('accept good values', () => {
    assert.equal(validateName('dev pool'), undefined);
    assert.equal(validateRegion('us-east-1'), undefined);
    assert.equal(validateRegion('us-gov-west-1'), undefined);
    assert.equal(validateUserPoolId('eu-west-2_AbC123xyz', 'eu-west-2'), undefined);
    assert.equal(validateClientId('4l8r3m6v0k2example1abcd'), undefined);
    assert.equal(validateIdentityPoolId('us-east-1:1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d', 'us-east-1'), undefined);
    assert.equal(validateIdentityPoolId(''), undefined, 'identity pool is optional');
    assert.equal(validateEndpointUrl('http://127.0.0.1:5000'), undefined);
    assert.equal(validateEndpointUrl(''), undefined, 'endpoint is optional');
  });

  it('explain what is wrong in one sentence', () => {
    assert.match(validateName('  ')!, /Enter a name/);
    assert.match(validateName('x', ['x'])!, /already exists/);
    assert.match(validateRegion('useast1')!, /not an AWS region/);
    assert.match(validateUserPoolId('abc')!, /not a user pool id; it looks like us-east-1_AbC123xyz/);
    assert.equal(
      validateUserPoolId('us-east-1_abc', 'eu-west-1'),
      'The pool id starts with us-east-1 but the region is eu-west-1; a pool id always begins with its own region.',
    );
    assert.match(validateClientId('has spaces')!, /1 to 128 letters, digits, underscores or plus signs/);
    assert.match(validateIdentityPoolId('us-east-1_abc')!, /not an identity pool id/);
    assert.match(validateIdentityPoolId('us-west-2:1a2b', 'us-east-1')!, /starts with us-west-2 but the region is us-east-1/);
    assert.match(validateEndpointUrl('localhost:5000')!, /must start with http/);
    assert.match(validateEndpointUrl('not a url')!, /not a URL/);
  });

  it('assertValidConnection throws for the first invalid field, naming the connection', () => {
    const good: Connection = { id: '1', name: 'dev', region: 'us-east-1', userPoolId: 'us-east-1_abc', clientId: 'client1' };
    assert.doesNotThrow(() => assertValidConnection(good));
    assert.throws(() => assertValidConnection({ ...good, userPoolId: 'eu-west-1_abc' }), /Connection "dev": The pool id starts with eu-west-1/);
    assert.doesNotThrow(() => assertValidConnection({ ...good, clientMetadata: { tenant: 'acme' } }));
    assert.throws(() => assertValidConnection({ ...good, clientMetadata: { tenant: '' } }), /Connection "dev": clientMetadata "tenant" is empty/);
  });

  it('validateClientMetadata accepts absent or string objects up to the limits', () => {
    assert.equal(validateClientMetadata(undefined), undefined);
    assert.equal(validateClientMetadata({}), undefined);
    assert.equal(validateClientMetadata({ tenant: 'acme', 'custom:stage': 'beta' }), undefined);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    assert.equal(validateClientMetadata(fifty), undefined);
    assert.equal(validateClientMetadata({ ['k'.repeat(256)]: 'v'.repeat(256) }), undefined);
  });

  it('validateClientMetadata rejects non-objects, non-strings, empties and oversize entries', () => {
    for (const bad of [null, 'tenant=acme', ['a'], 42]) assert.match(validateClientMetadata(bad)!, /must be an object of strings/);
    assert.match(validateClientMetadata({ tenant: 7 })!, /"tenant" must be a string \(it is number\)/);
    assert.match(validateClientMetadata({ tags: ['a'] })!, /"tags" must be a string \(it is an array\)/);
    assert.match(validateClientMetadata({ gone: null })!, /"gone" must be a string \(it is null\)/);
    assert.match(validateClientMetadata({ nested: { a: 'b' } })!, /"nested" must be a string \(it is object\)/);
    assert.match(validateClientMetadata({ '': 'x' })!, /empty key/);
    assert.match(validateClientMetadata({ tenant: '' })!, /"tenant" is empty/);
    assert.match(validateClientMetadata({ ['k'.repeat(257)]: 'v' })!, /key is longer than 256 characters/);
    assert.match(validateClientMetadata({ tenant: 'v'.repeat(257) })!, /"tenant" is longer than 256 characters/);
    const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    assert.match(validateClientMetadata(fiftyOne)!, /has 51 keys; keep it to 50 or fewer/);
  });
});

describe('connection addresses', () => {
  const conn = { region: 'eu-west-1', userPoolId: 'eu-west-1_Pool1' };
  it('derives region, issuer and the Logins provider from the pool', () => {
    assert.equal(regionOfPool('eu-west-1_Pool1'), 'eu-west-1');
    assert.equal(issuerOf(conn), 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1');
    assert.equal(loginsProviderOf(conn), 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1');
  });

  it('fetches the JWKS from AWS, or from the emulator when an endpoint is set', () => {
    assert.equal(jwksUrlOf(conn), 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1/.well-known/jwks.json');
    assert.equal(jwksUrlOf({ ...conn, endpointUrl: 'http://127.0.0.1:5000/' }), 'http://127.0.0.1:5000/eu-west-1_Pool1/.well-known/jwks.json');
  });
});
