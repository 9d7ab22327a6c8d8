import assert from 'node:assert/strict';
import { connectionFromDraft, draftProblem, parseConnections, settingOf } from '../../src/extension/connections/connectionsModel';
import { draftOfIdentity } from '../../src/extension/connections/identitySettings';

const POOL = 'us-east-1:00000000-0000-0000-0000-000000000001';
const backend = { loginUrl: 'https://api.example.com/api/login/', identityUrl: 'https://api.example.com/api/cognito/', loginFormat: 'form', username: 'dana' };

describe('connection identity settings', () => {
  it('reads guest and developer connections without a user pool, and writes them back unchanged', () => {
    const raw = [
      { id: 'g', name: 'guests', identityPoolId: POOL, identityFlow: 'guest' },
      { id: 'd', name: 'backend', region: 'us-east-1', identityPoolId: POOL, identityFlow: 'developer', developerBackend: backend },
      { id: 'p', name: 'provider', identityPoolId: POOL, identityFlow: 'developer', developerIdentity: { providerName: 'login.acme.app', awsProfile: 'dev' } },
      { id: 'b', name: 'basic', userPoolId: 'us-east-1_Pool1', clientId: 'client1', identityPoolId: POOL, identityFlow: 'basic' },
    ];
    const { connections, problems } = parseConnections(raw);
    assert.deepEqual(problems, []);
    assert.deepEqual(connections.map((c) => [c.id, c.region, c.identityFlow]), [['g', 'us-east-1', 'guest'], ['d', 'us-east-1', 'developer'], ['p', 'us-east-1', 'developer'], ['b', 'us-east-1', 'basic']]);
    assert.deepEqual(connections[1].developerBackend, backend);
    assert.deepEqual(connections[2].developerIdentity, { providerName: 'login.acme.app', awsProfile: 'dev' });
    assert.deepEqual(parseConnections(connections.map(settingOf)).connections, connections, 'settingOf round-trips');
    assert.equal('identityFlow' in settingOf({ ...connections[3], identityFlow: 'enhanced' }), false, 'the default flow is not written');
  });

  it('skips entries whose identity settings cannot work, with a sentence each', () => {
    const { connections, problems } = parseConnections([
      { id: 'a', name: 'no pool', region: 'us-east-1', identityFlow: 'guest' },
      { id: 'b', name: 'bad flow', userPoolId: 'us-east-1_Pool1', clientId: 'c', identityPoolId: POOL, identityFlow: 'magic' },
      { id: 'c', name: 'nothing to log in to', identityPoolId: POOL, identityFlow: 'developer' },
      { id: 'd', name: 'bad url', identityPoolId: POOL, identityFlow: 'developer', developerBackend: { loginUrl: 'ftp://x' } },
      { id: 'e', name: 'enhanced without pool', identityPoolId: POOL },
    ]);
    assert.deepEqual(connections, []);
    assert.match(problems.pop()!, /^Connection "enhanced without pool" was skipped: "" is not a user pool id; /);
    assert.deepEqual(problems, [
      'Connection "no pool" was skipped: The guest flow needs an identity pool id.',
      'Connection "bad flow" was skipped: identityFlow "magic" is not one of enhanced, basic, guest, developer.',
      'Connection "nothing to log in to" was skipped: The developer flow needs your backend\'s login URL (developerBackend) or a developer provider name (developerIdentity).',
      'Connection "bad url" was skipped: A backend URL must start with http:// or https://.',
    ]);
  });

  it('builds connections from the add/edit steps\' draft and back', () => {
    const draft = { name: 'gist', region: 'us-east-1', userPoolId: '', clientId: '', identityPoolId: POOL, identityFlow: 'developer', loginUrl: backend.loginUrl, identityUrl: backend.identityUrl, loginFormat: 'form', backendUsername: 'dana' };
    assert.equal(draftProblem(draft), undefined);
    const conn = connectionFromDraft(draft, 'gist-1');
    assert.deepEqual(conn.developerBackend, backend);
    assert.equal(conn.developerIdentity, undefined, 'a backend means no developer provider');
    assert.deepEqual(draftOfIdentity(conn), { identityFlow: 'developer', loginUrl: backend.loginUrl, identityUrl: backend.identityUrl, loginFormat: 'form', backendUsername: 'dana' });
    assert.match(draftProblem({ ...draft, identityFlow: 'enhanced' })!, /is not a user pool id/);
    assert.deepEqual(connectionFromDraft({ ...draft, identityPoolId: '' }, 'x').identityFlow, undefined, 'no identity pool, no identity settings');
    const provider = connectionFromDraft({ ...draft, loginUrl: '', providerName: 'login.acme.app', userIdentifier: 'u-1' }, 'p');
    assert.deepEqual(provider.developerIdentity, { providerName: 'login.acme.app', userIdentifier: 'u-1' });
  });
});
