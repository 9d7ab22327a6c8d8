/**
 * A misbehaving endpoint never hangs us: against a local server that stalls, drips, throttles, answers 502 with
 * an empty body, redirects, breaks the connection or sends terminal escapes, the CLI exits 1 with one `error:`
 * line and the core calls the extension uses reject with a sentence naming the endpoint, all within the deadline.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { getUser } from '../../src/core/account/selfService';
import { startSignIn } from '../../src/core/auth/flow';
import { refreshTokens } from '../../src/core/auth/refresh';
import { withCallScope } from '../../src/core/aws';
import type { Connection } from '../../src/core/connection';
import { explainError } from '../../src/core/errors';
import { getCredentialsForUser } from '../../src/core/identity/credentials';
import { listBuckets } from '../../src/core/resources/s3';
import { buildCli, runCliProcess } from '../support/cliBinary';
import { type Fault, type FaultServer, startFaultServer } from '../support/faultServer';

const DEADLINE_S = 1.5;
// A hang would run until the test's timeout; anything under this bound ended by itself near the deadline.
const BOUND_MS = DEADLINE_S * 1000 + 6_000;
const POOL = 'us-east-1_Faulty1';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const ID_TOKEN = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`, token_use: 'id', exp: 4102444800 })}.${randomBytes(16).toString('base64url')}`;

const EXPECTED: Record<Fault, RegExp> = {
  stall: new RegExp(`did not answer within ${DEADLINE_S} seconds`),
  drip: new RegExp(`did not answer within ${DEADLINE_S} seconds`),
  throttle: /is throttling requests \(HTTP (400, ThrottlingException|503, SlowDown)\); wait a moment and try again\.$/,
  'bad-gateway': /answered HTTP 502 without an AWS error/,
  redirect: /answered HTTP 302, a redirect to http:\/\/127\.0\.0\.1:9\/\S*; AWS APIs never redirect/,
  reset: /closed the connection before answering/,
  hostile: /Bad\\x1b\]0;pwned\\x07 thing\\x1b\[2J/,
};

// The key set is fetched with fetch(), not the SDK: its sentences say the same things in the JWKS's words.
const JWKS_EXPECTED: Record<Fault, RegExp> = {
  stall: new RegExp(`no answer within ${DEADLINE_S} s`),
  drip: new RegExp(`no answer within ${DEADLINE_S} s`),
  throttle: /did not answer 200 OK \(HTTP 503\)/,
  'bad-gateway': /did not answer 200 OK \(HTTP 502\)/,
  redirect: /answered with a redirect/,
  reset: /closed the connection before answering/,
  hostile: /did not answer 200 OK \(HTTP 400\)/,
};

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

async function timed(work: () => Promise<unknown>): Promise<{ sentence: string; ms: number }> {
  const started = Date.now();
  try {
    await withCallScope({ deadlineMs: DEADLINE_S * 1000 }, work);
  } catch (err) {
    return { sentence: explainError(err), ms: Date.now() - started };
  }
  assert.fail('the call succeeded against a faulty endpoint');
}

describe('faulty endpoints: every call ends within its deadline with a sentence', function () {
  this.timeout(120_000);
  const servers = new Map<Fault, FaultServer>();

  before(async () => {
    await buildCli();
    for (const fault of Object.keys(EXPECTED) as Fault[]) servers.set(fault, await startFaultServer(fault));
  });

  after(async () => {
    for (const s of servers.values()) await s.stop();
  });

  const connectionFor = (fault: Fault): Connection => ({
    id: `fault-${fault}`,
    name: fault,
    region: 'us-east-1',
    userPoolId: POOL,
    clientId: 'faultclient',
    identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
    endpointUrl: servers.get(fault)!.endpoint,
  });

  const CORE_CALLS: Record<string, (conn: Connection) => Promise<unknown>> = {
    'sign-in (SRP)': (conn) => startSignIn({ connection: conn, username: 'alice', password: 'Passw0rd!', flow: 'srp' }),
    'sign-in (password)': (conn) => startSignIn({ connection: conn, username: 'alice', password: 'Passw0rd!', flow: 'password' }),
    refresh: (conn) => refreshTokens(conn, 'opaque-refresh-token'),
    'get user': (conn) => getUser(conn, ID_TOKEN),
    'AWS credentials': (conn) => getCredentialsForUser(conn, ID_TOKEN),
    'list buckets': (conn) => listBuckets({ region: 'us-east-1', endpointUrl: conn.endpointUrl, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } }),
  };

  for (const fault of Object.keys(EXPECTED) as Fault[]) {
    describe(fault, () => {
      for (const [what, call] of Object.entries(CORE_CALLS)) {
        it(`core: ${what}`, async () => {
          const conn = connectionFor(fault);
          const { sentence, ms } = await timed(() => call(conn));
          assert.match(sentence, EXPECTED[fault]);
          if (fault !== 'hostile') assert.ok(sentence.includes(conn.endpointUrl!), `names the endpoint: ${sentence}`);
          assert.doesNotMatch(sentence, CONTROL);
          assert.ok(ms < BOUND_MS, `took ${ms} ms`);
        });
      }

      it('CLI: sign-in exits 1 with one error line', async () => {
        const endpoint = servers.get(fault)!.endpoint;
        const r = await runCliProcess(
          ['sign-in', '--user-pool-id', POOL, '--client-id', 'faultclient', '--endpoint-url', endpoint, '--username', 'alice', '--password-stdin', '--timeout', String(DEADLINE_S)],
          { input: 'Passw0rd!\n', killAfterMs: BOUND_MS },
        );
        assert.equal(r.code, 1, r.stderr);
        assert.equal(r.stdout, '');
        const lines = r.stderr.split('\n').filter(Boolean);
        assert.equal(lines.length, 1, `one stderr line, got:\n${r.stderr}`);
        assert.match(lines[0], /^error: /);
        assert.match(lines[0], EXPECTED[fault]);
        assert.doesNotMatch(r.stderr, /@smithy|WARN|NodeVersionSupportWarning/);
        assert.doesNotMatch(lines[0], CONTROL);
      });

      it('CLI: decode --verify (the JWKS fetch) exits 1 with one error line', async () => {
        const endpoint = servers.get(fault)!.endpoint;
        const r = await runCliProcess(['decode', '--verify', '--client-id', 'faultclient', '--endpoint-url', endpoint, '--timeout', String(DEADLINE_S), ID_TOKEN], { killAfterMs: BOUND_MS });
        assert.equal(r.code, 1, r.stderr);
        const lines = r.stderr.split('\n').filter(Boolean);
        assert.equal(lines.length, 1, `one stderr line, got:\n${r.stderr}`);
        assert.match(lines[0], JWKS_EXPECTED[fault]);
        assert.ok(lines[0].includes(endpoint), lines[0]);
        assert.doesNotMatch(lines[0], CONTROL);
      });

      it('CLI: credentials exits 1 with one error line', async () => {
        const endpoint = servers.get(fault)!.endpoint;
        const r = await runCliProcess(['credentials', '--identity-pool-id', 'us-east-1:00000000-0000-0000-0000-000000000000', '--endpoint-url', endpoint, '--timeout', String(DEADLINE_S)], {
          input: `${ID_TOKEN}\n`,
          killAfterMs: BOUND_MS,
        });
        assert.equal(r.code, 1, r.stderr);
        const lines = r.stderr.split('\n').filter(Boolean);
        assert.equal(lines.length, 1, `one stderr line, got:\n${r.stderr}`);
        assert.match(lines[0], EXPECTED[fault]);
        assert.doesNotMatch(lines[0], CONTROL);
      });
    });
  }

  it('a cancelled scope ends a stalled call at once with "Cancelled."', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    await assert.rejects(
      withCallScope({ signal: controller.signal, deadlineMs: 60_000 }, () => startSignIn({ connection: connectionFor('stall'), username: 'alice', password: 'Passw0rd!', flow: 'password' })),
      (err: unknown) => explainError(err) === 'Cancelled.',
    );
    assert.ok(Date.now() - started < 5_000);
  });

  it('a port fetch refuses gets a sentence saying so, not "(bad port)"', async () => {
    const r = await runCliProcess(['decode', '--verify', '--client-id', 'faultclient', '--endpoint-url', 'http://127.0.0.1:6000', ID_TOKEN], { killAfterMs: BOUND_MS });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Node refuses to fetch from port 6000 \(it belongs to another protocol\); run the emulator on another port\.\n$/);
    assert.doesNotMatch(r.stderr, /\(bad port\)/);
  });

  it('the CLI refuses a --timeout that is not a number of seconds', async () => {
    const r = await runCliProcess(['sign-in', '--user-pool-id', POOL, '--client-id', 'c', '--username', 'a', '--timeout', 'soon'], { killAfterMs: BOUND_MS });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: --timeout takes seconds/);
  });
});
