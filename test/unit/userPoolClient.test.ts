/**
 * The SDK-free user-pool client against a scripted server on 127.0.0.1: what it sends, and every answer form side
 * by side with the AWS SDK's client (same error name, message, $fault, status and sentence), retries as the SDK's
 * standard mode, the deadline of a silent server, cancellation and the response size cap.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { cognitoIdpClient, MAX_ATTEMPTS, withCallScope } from '../../src/core/aws';
import { explainError } from '../../src/core/errors';
import { MAX_RESPONSE_BYTES, UserPoolClient } from '../../src/core/userPoolClient';
import { listenOnLoopback } from '../support/loopback';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

interface Seen {
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers the n-th request with answers[n] (the last one repeats); records what arrived. */
async function scripted(...answers: Answer[]) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      answers[Math.min(seen.length - 1, answers.length - 1)](req, res);
    });
  });
  const { endpoint, stop } = await listenOnLoopback(server);
  return { endpoint, seen, stop };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
const raw = (status: number, body: string, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
};
const silent: Answer = () => {};
const reset: Answer = (req) => req.socket.destroy();

const INPUT = { AuthFlow: 'USER_SRP_AUTH' as const, ClientId: 'client1', AuthParameters: { USERNAME: 'alice', SRP_A: 'abc123' }, ClientMetadata: { tenant: 'acme' } };
const CTX = { action: 'sign in', userPoolId: 'us-east-1_Test1', clientId: 'client1' };

async function ours(endpoint: string, scope: { deadlineMs?: number; signal?: AbortSignal } = {}) {
  const client = new UserPoolClient({ region: 'us-east-1', endpointUrl: endpoint });
  try {
    return await withCallScope(scope, () => client.send('InitiateAuth', INPUT));
  } finally {
    client.destroy();
  }
}

async function sdks(endpoint: string, scope: { deadlineMs?: number; signal?: AbortSignal } = {}) {
  return withCallScope(scope, async () => {
    const { sdk, client } = await cognitoIdpClient({ region: 'us-east-1', endpointUrl: endpoint });
    try {
      return await client.send(new sdk.InitiateAuthCommand(INPUT));
    } finally {
      client.destroy();
    }
  });
}

async function failure(call: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await call;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  assert.fail('the call succeeded');
}

/** The parts of an error the rest of the code reads (each server has its own port, so the endpoint is named ENDPOINT). */
function shape(err: Error & Record<string, unknown>, endpoint: string) {
  const meta = err.$metadata as { httpStatusCode?: number } | undefined;
  const sentence = explainError(err, CTX).replaceAll(endpoint, 'ENDPOINT');
  return { name: err.name, message: err.message.split('\n')[0], fault: err.$fault, status: meta?.httpStatusCode, sentence };
}

/** Runs the same scripted answers against both clients and expects the same error. */
async function sameAsSdk(...answers: Answer[]) {
  const a = await scripted(...answers);
  const b = await scripted(...answers);
  try {
    const mine = shape(await failure(ours(a.endpoint)), a.endpoint);
    const theirs = shape(await failure(sdks(b.endpoint)), b.endpoint);
    assert.deepEqual(mine, theirs);
    assert.equal(a.seen.length, b.seen.length, 'as many attempts as the SDK');
    return mine;
  } finally {
    await a.stop();
    await b.stop();
  }
}

describe('UserPoolClient (unsigned user-pool calls without the SDK)', function () {
  this.timeout(30_000);

  it('sends what the SDK sends (POST /, X-Amz-Target, JSON 1.1 body) and returns the answer', async () => {
    const answer = { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: { SRP_B: 'ff', SALT: '01', SECRET_BLOCK: 'c2Vj', USER_ID_FOR_SRP: 'alice' } };
    const a = await scripted(json(200, answer));
    const b = await scripted(json(200, answer));
    try {
      const mine = await ours(a.endpoint);
      const { $metadata, ...theirs } = await sdks(b.endpoint);
      assert.equal($metadata.httpStatusCode, 200);
      assert.deepEqual(mine, theirs);
      assert.equal(a.seen[0].headers['x-amz-target'], 'AWSCognitoIdentityProviderService.InitiateAuth');
      assert.equal(a.seen[0].headers['x-amz-target'], b.seen[0].headers['x-amz-target']);
      assert.equal(a.seen[0].headers['content-type'], b.seen[0].headers['content-type']);
      assert.deepEqual(JSON.parse(a.seen[0].body), JSON.parse(b.seen[0].body));
      assert.equal(a.seen[0].headers.authorization, undefined, 'no signature, no placeholder keys');
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('keeps the path of an endpoint and the connection open between calls', async () => {
    const paths: string[] = [];
    const ports = new Set<number>();
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      ports.add(req.socket.remotePort ?? 0);
      req.resume();
      req.on('end', () => json(200, {})(req, res));
    });
    const { endpoint, stop } = await listenOnLoopback(server);
    const client = new UserPoolClient({ region: 'us-east-1', endpointUrl: `${endpoint}/local_pool` });
    try {
      await client.send('InitiateAuth', INPUT);
      await client.send('RespondToAuthChallenge', { ClientId: 'client1', ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: { USERNAME: 'alice' } });
      assert.deepEqual(paths, ['/local_pool/', '/local_pool/']);
      assert.equal(ports.size, 1, 'one connection for both steps');
    } finally {
      client.destroy();
      await stop();
    }
  });

  it('reads the error name as the SDK does: __type with its namespace, the errortype header with its :suffix, a code field', async () => {
    const namespaced = await sameAsSdk(json(400, { __type: 'com.amazonaws.cognito.identity.idp.model#NotAuthorizedException', message: 'Incorrect username or password.' }));
    assert.equal(namespaced.sentence, 'Incorrect username or password for pool us-east-1_Test1.');
    const header = await sameAsSdk(json(400, { message: 'User does not exist.' }, { 'x-amzn-errortype': 'UserNotFoundException:http://internal.amazon.com/coral/com.amazonaws.cognito/' }));
    assert.equal(header.name, 'UserNotFoundException');
    const code = await sameAsSdk(json(400, { code: 'InvalidParameterException', Message: 'USER_SRP_AUTH flow not enabled for this client' }));
    assert.match(code.sentence, /USER_SRP_AUTH is not enabled for app client client1/);
  });

  it("gives emulators' own error names and bare HTTP answers the SDK's shape", async () => {
    const unsupported = await sameAsSdk(json(500, { __type: 'CognitoLocal#Unsupported', message: 'Cognito Local unsupported feature: InitAuth with AuthFlow=USER_SRP_AUTH' }));
    assert.match(unsupported.sentence, /cognito-local does not support SRP/);
    // 500s are retried first, as by the SDK; the last answer is explained.
    const badGateway = await sameAsSdk(raw(502, ''));
    assert.match(badGateway.sentence, /answered HTTP 502 without an AWS error/);
    const redirect = await sameAsSdk(raw(302, '', { location: 'http://127.0.0.1:9/login' }));
    assert.match(redirect.sentence, /answered HTTP 302, a redirect to http:\/\/127\.0\.0\.1:9\/login/);
    const html = await sameAsSdk(raw(500, '<html><body>Internal error</body></html>', { 'content-type': 'text/html' }));
    assert.match(html.sentence, /sent an answer that is not a valid AWS response \(HTTP 500\)/);
    const htmlOk = await sameAsSdk(raw(200, '<html>captive portal</html>', { 'content-type': 'text/html' }));
    assert.match(htmlOk.sentence, /not a valid AWS response \(HTTP 200\)/);
  });

  it('escapes control characters of a hostile message like the SDK path does', async () => {
    const hostile = await sameAsSdk(json(400, { __type: 'InvalidParameterException', message: 'Bad\u001b]0;pwned\u0007 thing\u001b[2J\r\nerror: forged line' }));
    assert.doesNotMatch(hostile.sentence, /[\u0000-\u001f]/);
    assert.match(hostile.sentence, /Bad\\x1b\]0;pwned\\x07 thing/);
  });

  it('retries throttling and 5xx answers like the SDK (at most MAX_ATTEMPTS), and not a refusal', async () => {
    const ok = json(200, { AuthenticationResult: { AccessToken: 'a' } });
    const throttled = await scripted(json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }), json(429, { __type: 'TooManyRequestsException', message: 'Too many' }), ok);
    const unavailable = await scripted(json(503, { __type: 'InternalErrorException', message: 'busy' }), ok);
    try {
      assert.deepEqual(await ours(throttled.endpoint), { AuthenticationResult: { AccessToken: 'a' } });
      assert.equal(throttled.seen.length, 3);
      assert.deepEqual(await ours(unavailable.endpoint), { AuthenticationResult: { AccessToken: 'a' } });
      assert.equal(unavailable.seen.length, 2);
    } finally {
      await throttled.stop();
      await unavailable.stop();
    }
    const always = await sameAsSdk(json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }));
    assert.match(always.sentence, /is throttling requests \(HTTP 400, ThrottlingException\)/);
    const refused = await scripted(json(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }));
    try {
      await failure(ours(refused.endpoint));
      assert.equal(refused.seen.length, 1);
    } finally {
      await refused.stop();
    }
    assert.equal(MAX_ATTEMPTS, 3);
  });

  it('retries a connection broken before the answer, then says it was closed', async () => {
    const broken = await sameAsSdk(reset);
    assert.match(broken.sentence, /closed the connection before answering/);
  });

  it('ends a silent server at the deadline with the same sentence as the SDK path', async () => {
    const a = await scripted(silent);
    const b = await scripted(silent);
    try {
      const mine = await failure(ours(a.endpoint, { deadlineMs: 300 }));
      const theirs = await failure(sdks(b.endpoint, { deadlineMs: 300 }));
      assert.equal(mine.name, 'DeadlineExceeded');
      assert.equal(explainError(mine, CTX).replace(a.endpoint, 'ENDPOINT'), explainError(theirs, CTX).replace(b.endpoint, 'ENDPOINT'));
      assert.match(explainError(mine, CTX), new RegExp(`^Could not sign in: ${a.endpoint} did not answer within 0.3 seconds`));
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('explains a throttled call cut short by the deadline with the last answer, not "did not answer"', async () => {
    const s = await scripted(json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }));
    try {
      // The retries wait up to 0.5 s, then up to 1 s: the deadline usually ends the call during a wait.
      const err = await failure(ours(s.endpoint, { deadlineMs: 600 }));
      assert.match(explainError(err, CTX), /is throttling requests \(HTTP 400, ThrottlingException\)/);
    } finally {
      await s.stop();
    }
  });

  it('is cancelled by the scope\'s signal, as every SDK call is', async () => {
    const s = await scripted(silent);
    try {
      const controller = new AbortController();
      const call = ours(s.endpoint, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const err = await failure(call);
      assert.equal(explainError(err, CTX), 'Cancelled.');
    } finally {
      await s.stop();
    }
  });

  it('refuses an answer larger than the cap without reading it all', async () => {
    const s = await scripted(json(200, { Session: 'x'.repeat(MAX_RESPONSE_BYTES + 10) }));
    try {
      const err = await failure(ours(s.endpoint));
      const sentence = explainError(err, CTX);
      assert.match(sentence, /^Could not sign in: http:\/\/127\.0\.0\.1:\d+ sent an answer larger than 1024 KB, which is not a Cognito response\.$/);
      assert.equal(s.seen.length, 1);
    } finally {
      await s.stop();
    }
  });

  it('puts no part of the request (passwords, SRP values) into its errors', async () => {
    const s = await scripted(json(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }));
    try {
      const err = await failure(ours(s.endpoint));
      const everything = JSON.stringify({ ...err, message: err.message, $response: err.$response });
      assert.doesNotMatch(everything, /abc123|acme/);
    } finally {
      await s.stop();
    }
  });
});
