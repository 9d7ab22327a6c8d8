import assert from 'node:assert/strict';
import {
  changesIdentity,
  connectionFromDraft,
  draftProblem,
  newConnectionId,
  parseAuthFlow,
  parseConnections,
  parsePageSize,
  parseRequestTimeout,
  settingOf,
  slugOf,
} from '../../src/extension/connections/connectionsModel';

const valid = { id: 'dev', name: 'dev pool', region: 'us-east-1', userPoolId: 'us-east-1_Abc123', clientId: 'client123' };

describe('extension connections model', () => {
  it('keeps valid entries and reports each invalid one in a sentence', () => {
    const { connections, problems } = parseConnections([
      valid,
      { name: 'wrong region', region: 'eu-west-1', userPoolId: 'us-east-1_Abc123', clientId: 'c' },
      'nonsense',
      { ...valid, name: 'duplicate id' },
    ]);
    assert.deepEqual(connections, [valid]);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /"wrong region" was skipped: The pool id starts with us-east-1 but the region is eu-west-1/);
    assert.match(problems[1], /#3 is not an object/);
    assert.match(problems[2], /already uses the id "dev"/);
  });

  it('derives region and id for hand-written entries, and drops unknown fields', () => {
    const { connections, problems } = parseConnections([
      { name: 'Local Moto!', userPoolId: 'us-east-1_xyz', clientId: 'abc', endpointUrl: 'http://127.0.0.1:5000', password: 'hunter2', hasClientSecret: 'yes' },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(connections, [
      { id: 'local-moto', name: 'Local Moto!', region: 'us-east-1', userPoolId: 'us-east-1_xyz', clientId: 'abc', endpointUrl: 'http://127.0.0.1:5000' },
    ]);
  });

  it('treats a missing setting as no connections and a non-array as a problem', () => {
    assert.deepEqual(parseConnections(undefined), { connections: [], problems: [] });
    assert.equal(parseConnections({}).problems.length, 1);
  });

  it('validates a draft with the same rules as the input steps', () => {
    const draft = { name: 'a', region: 'us-east-1', userPoolId: 'us-east-1_Abc', clientId: 'c1' };
    assert.equal(draftProblem(draft), undefined);
    assert.match(draftProblem(draft, ['a'])!, /already exists/);
    assert.match(draftProblem({ ...draft, region: 'eu-west-1' })!, /pool id starts with us-east-1 but the region is eu-west-1/);
    assert.match(draftProblem({ ...draft, identityPoolId: 'eu-west-1:1234-abcd' })!, /identity pool id starts with eu-west-1/);
    assert.match(draftProblem({ ...draft, endpointUrl: 'ftp://x' })!, /http/);
  });

  it('stores only non-secret fields and flags the presence of a client secret', () => {
    const conn = connectionFromDraft(
      { name: ' a ', region: 'us-east-1', userPoolId: 'us-east-1_Abc', clientId: 'c1', clientSecret: 'shh-secret', endpointUrl: 'http://127.0.0.1:5000/', identityPoolId: '' },
      'a-1',
    );
    assert.deepEqual(conn, { id: 'a-1', name: 'a', region: 'us-east-1', userPoolId: 'us-east-1_Abc', clientId: 'c1', endpointUrl: 'http://127.0.0.1:5000', hasClientSecret: true });
    assert.ok(!JSON.stringify(conn).includes('shh-secret'));
  });

  it('makes ids from names with a random suffix', () => {
    assert.equal(slugOf('  Dev Pool (EU) '), 'dev-pool-eu');
    assert.equal(slugOf('!!!'), 'connection');
    const a = newConnectionId('Dev Pool');
    const b = newConnectionId('Dev Pool');
    assert.match(a, /^dev-pool-[0-9a-f]{8}$/);
    assert.notEqual(a, b);
  });

  it('reads clientMetadata, treats an empty object as none, and skips an entry whose metadata is invalid', () => {
    const { connections, problems } = parseConnections([
      { ...valid, clientMetadata: { tenant: 'acme', stage: 'beta' } },
      { ...valid, id: 'empty', name: 'empty', clientMetadata: {} },
      { ...valid, id: 'numeric', name: 'numeric', clientMetadata: { tenant: 7 } },
      { ...valid, id: 'listed', name: 'listed', clientMetadata: ['tenant'] },
    ]);
    assert.deepEqual(connections[0].clientMetadata, { tenant: 'acme', stage: 'beta' });
    assert.equal('clientMetadata' in connections[1], false);
    assert.deepEqual(connections.map((c) => c.id), ['dev', 'empty']);
    assert.deepEqual(problems, [
      'Connection "numeric" was skipped: clientMetadata "tenant" must be a string (it is number); quote the value.',
      'Connection "listed" was skipped: clientMetadata must be an object of strings, for example {"tenant": "acme"}.',
    ]);
  });

  it('writes connections so that reading them back gives the same connections (clientMetadata included)', () => {
    const full = {
      ...valid,
      identityPoolId: 'us-east-1:1a2b-3c4d',
      endpointUrl: 'http://127.0.0.1:5000',
      hasClientSecret: true,
      refreshTokenRotation: true,
      clientMetadata: { tenant: 'acme', 'custom:stage': 'beta' },
    };
    const plain = { ...valid, id: 'plain', name: 'plain' };
    const written = [full, plain].map(settingOf);
    // Through JSON, as VS Code stores settings.
    const { connections, problems } = parseConnections(JSON.parse(JSON.stringify(written)));
    assert.deepEqual(problems, []);
    assert.deepEqual(connections, [full, plain]);
    assert.equal('clientMetadata' in settingOf({ ...valid, clientMetadata: {} }), false);
    // A copy: later edits of the written value never reach the connection in memory.
    assert.notEqual(written[0].clientMetadata, full.clientMetadata);
  });

  it('knows which edits invalidate a session', () => {
    assert.equal(changesIdentity(valid, { ...valid, name: 'renamed', identityPoolId: 'us-east-1:1-2' }), false);
    assert.equal(changesIdentity(valid, { ...valid, clientId: 'other' }), true);
    assert.equal(changesIdentity(valid, { ...valid, endpointUrl: 'http://127.0.0.1:1' }), true);
  });

  it('reads the auth flow and page size defensively', () => {
    assert.equal(parseAuthFlow('password'), 'password');
    assert.equal(parseAuthFlow('PASSWORD'), 'srp');
    assert.equal(parseAuthFlow(undefined), 'srp');
    assert.equal(parsePageSize(2), 2);
    assert.equal(parseRequestTimeout(5), 5000);
    assert.equal(parseRequestTimeout(undefined), 20_000);
    assert.equal(parseRequestTimeout(0), 20_000);
    assert.equal(parseRequestTimeout('5'), 20_000);
    assert.equal(parsePageSize(5000), 1000);
    assert.equal(parsePageSize(0), 1000);
    assert.equal(parsePageSize('10'), 1000);
  });
});
