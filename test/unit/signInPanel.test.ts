/**
 * The sign-in panel's pure parts: the protocol guards (both directions), the step view-model on the host and in the
 * webview, the QR code, the trace document, and the page's CSP.
 */
import assert from 'node:assert/strict';
import QRCode from 'qrcode';
import type { SignInChallengeStep, SignInDone } from '../../src/core/auth/flow';
import { redactParameters, type SignInTrace } from '../../src/core/auth/trace';
import type { Connection } from '../../src/core/connection';
import { registerSecret, redact } from '../../src/core/redact';
import {
  answerOf,
  challengeView,
  codePrompt,
  confirmProblem,
  connectionOptions,
  flowNeedsPassword,
  issuerOf,
  outcomeOfStep,
  qrSvgOf,
  secretsOfAnswer,
  stepView,
  traceDocumentText,
} from '../../src/extension/panels/signInPanelState';
import { buildWebviewHtml } from '../../src/extension/panels/webviewHtml';
import type { ReplyMessage } from '../../src/shared/protocol';
import { createClientFor, createDispatcherFor } from '../../src/shared/rpc';
import type { SignInHandlers, SignInPushMessage, SignInRequests, StepView } from '../../src/shared/signInProtocol';
import { isQrSvg, parseSignInHostMessage, parseSignInRequest, parseStepView } from '../../src/shared/signInValidate';
import { answerRequest, challengeText, doneLines, groupSecret, isNewStep, startFields, startRequest } from '../../webview/signInViewModel';

const conn: Connection = { id: 'dev', name: 'Dev MFA', region: 'us-east-1', userPoolId: 'us-east-1_AbC', clientId: 'client1' };
const URI = 'otpauth://totp/Dev%20MFA:mallory?secret=ASDFASDFASDF&issuer=Dev%20MFA';

function state(challengeName: string) {
  return { version: 1 as const, connection: conn, flow: 'srp' as const, typedUsername: 'mallory', username: 'mallory', challengeName, issuer: 'Dev MFA', trace: [] };
}

describe('sign-in panel: request guard', () => {
  const ok = (raw: unknown) => {
    const parsed = parseSignInRequest(raw);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    return parsed.request;
  };
  const refused = (raw: unknown) => {
    const parsed = parseSignInRequest(raw);
    assert.equal(parsed.ok, false, `accepted ${JSON.stringify(raw)}`);
    return parsed.ok ? '' : parsed.error;
  };

  it('accepts a start with each flow and the optional fields', () => {
    for (const flow of ['srp', 'password', 'admin', 'custom', 'user-auth']) {
      const req = ok({ id: 1, method: 'start', params: { connectionId: 'dev', username: 'alice', password: 'pw', flow, rememberDevice: false } });
      assert.equal(req.method, 'start');
    }
    ok({ id: 2, method: 'start', params: { connectionId: 'dev', username: 'alice', flow: 'user-auth', factor: 'EMAIL_OTP', rememberDevice: true } });
    ok({ id: 3, method: 'start', params: { connectionId: 'dev', username: 'alice', password: 'pw', flow: 'admin', profile: 'ops', rememberDevice: false } });
  });

  it('refuses starts with unknown flows, factors, extra fields or wrong types, naming the field', () => {
    const base = { connectionId: 'dev', username: 'alice', password: 'pw', flow: 'srp', rememberDevice: false };
    assert.match(refused({ id: 1, method: 'start', params: { ...base, flow: 'kerberos' } }), /"flow" must be one of "srp", "password", "admin", "custom", "user-auth", not "kerberos"/);
    assert.match(refused({ id: 1, method: 'start', params: { ...base, factor: 'WEB_AUTHN' } }), /"factor" must be one of/);
    assert.match(refused({ id: 1, method: 'start', params: { ...base, clientSecret: 'x' } }), /unexpected field "clientSecret"/);
    assert.match(refused({ id: 1, method: 'start', params: { ...base, rememberDevice: 'yes' } }), /"rememberDevice" must be true or false/);
    assert.match(refused({ id: 1, method: 'start', params: { ...base, username: '   ' } }), /"username" must not be empty/);
    assert.match(refused({ id: 1, method: 'start', params: { ...base, password: 'x'.repeat(300) } }), /"password" is longer than 256/);
  });

  it('accepts every answer shape of the core and refuses the wrong fields for a challenge', () => {
    ok({ id: 1, method: 'answer', params: { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'N3w!', attributes: { email: 'a@b.c', 'custom:team': 'x' } } });
    for (const name of ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_OTP']) ok({ id: 1, method: 'answer', params: { name, code: '123456' } });
    ok({ id: 1, method: 'answer', params: { name: 'SELECT_MFA_TYPE', choice: 'SMS_MFA' } });
    ok({ id: 1, method: 'answer', params: { name: 'MFA_SETUP', code: '123456', friendlyDeviceName: 'phone' } });
    ok({ id: 1, method: 'answer', params: { name: 'CUSTOM_CHALLENGE', answer: '42' } });
    ok({ id: 1, method: 'answer', params: { name: 'SELECT_CHALLENGE', choice: 'PASSWORD', password: 'pw' } });

    assert.match(refused({ id: 1, method: 'answer', params: { name: 'SOFTWARE_TOKEN_MFA', code: '1', newPassword: 'x' } }), /unexpected field "newPassword"/);
    assert.match(refused({ id: 1, method: 'answer', params: { name: 'DEVICE_SRP_AUTH', code: '1' } }), /"name" must be one of/);
    assert.match(refused({ id: 1, method: 'answer', params: { name: 'SMS_MFA', code: '' } }), /"code" must not be empty/);
    assert.match(refused({ id: 1, method: 'answer', params: { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'x', attributes: { '<img>': 'x' } } }), /not a Cognito attribute/);
    assert.match(refused({ id: 1, method: 'answer', params: { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'x', attributes: { email: 5 } } }), /value for "email" that is not text/);
  });

  it('refuses unknown methods naming the sign-in panel methods, and malformed envelopes', () => {
    assert.match(refused({ id: 4, method: 'copyToken', params: {} }), /^Unknown method "copyToken"; the sign-in panel accepts ready, start, answer, restart, showTokens, rememberDevice\.$/);
    assert.match(refused({ id: -1, method: 'ready' }), /non-negative integer/);
    assert.match(refused({ id: 1, method: 'ready', params: {}, extra: 1 }), /unexpected field "extra"/);
    assert.match(refused({ id: 1, method: 'restart', params: { now: true } }), /unexpected field "now"/);
  });
});

describe('sign-in panel: QR code', () => {
  it('draws the otpauth URI as an SVG of paths that the guard accepts, sized to the symbol', async () => {
    const svg = await qrSvgOf(URI);
    assert.ok(isQrSvg(svg));
    const size = QRCode.create(URI, { errorCorrectionLevel: 'M' }).modules.size;
    assert.match(svg, new RegExp(`viewBox="0 0 ${size + 4} ${size + 4}"`));
    assert.notEqual(await qrSvgOf(URI.replace('ASDF', 'QWER')), svg, 'another secret gives another picture');
  });

  it('refuses anything that is not a plain QR SVG', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 41 41" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h41v41H0z"/></svg>\n';
    assert.ok(isQrSvg(svg));
    for (const bad of [
      svg.replace('<path', '<script>alert(1)</script><path'),
      svg.replace('<path fill', '<path onload="alert(1)" fill'),
      svg.replace('</svg>', '<foreignObject><div/></foreignObject></svg>'),
      svg.replace('d="M0 0h41v41H0z"', 'd="url(javascript:1)"'),
      svg.replace('<svg ', '<svg onload="x()" '),
      `<div>${svg}</div>`,
      42,
    ]) {
      assert.equal(isQrSvg(bad), false, String(bad));
    }
  });
});

describe('sign-in panel: host step view-model', () => {
  it('turns each core challenge into the view the webview renders', async () => {
    assert.deepEqual(challengeView({ name: 'NEW_PASSWORD_REQUIRED', requiredAttributes: ['name'], userAttributes: { email: 'm@example.com' } }), {
      name: 'NEW_PASSWORD_REQUIRED',
      requiredAttributes: ['name'],
      userAttributes: { email: 'm@example.com' },
    });
    assert.deepEqual(challengeView({ name: 'SMS_MFA', destination: '+*******1234', deliveryMedium: 'SMS' }), { name: 'SMS_MFA', destination: '+*******1234', deliveryMedium: 'SMS' });
    assert.deepEqual(challengeView({ name: 'SOFTWARE_TOKEN_MFA' }), { name: 'SOFTWARE_TOKEN_MFA' });
    assert.deepEqual(challengeView({ name: 'SELECT_CHALLENGE', choices: [{ name: 'EMAIL_OTP', supported: true }, { name: 'WEB_AUTHN', supported: false, note: 'not here' }] }), {
      name: 'SELECT_CHALLENGE',
      choices: [{ name: 'EMAIL_OTP', supported: true }, { name: 'WEB_AUTHN', supported: false, note: 'not here' }],
    });

    const setup: SignInChallengeStep = { kind: 'challenge', challenge: { name: 'MFA_SETUP', otpauthUri: URI, secretCode: 'ASDFASDFASDF' }, state: state('MFA_SETUP'), trace: [] };
    const view = await stepView(setup, { connection: conn, number: 2, validFor: '', mfaSetUp: false, device: 'none' });
    assert.equal(view.kind, 'challenge');
    assert.ok(view.kind === 'challenge' && view.challenge.name === 'MFA_SETUP');
    if (view.kind === 'challenge' && view.challenge.name === 'MFA_SETUP') {
      assert.equal(view.challenge.secretCode, 'ASDFASDFASDF');
      assert.equal(view.challenge.issuer, 'Dev MFA');
      assert.ok(isQrSvg(view.challenge.qrSvg));
    }
    assert.equal(parseStepView(view).ok, true, 'the webview accepts what the host builds');
    assert.equal(issuerOf(URI), 'Dev MFA');
  });

  it('builds the finished step and the trace outcome', async () => {
    const done = { kind: 'done', tokens: { idToken: 'a', accessToken: 'b', expiresIn: 3600, tokenType: 'Bearer', obtainedAt: 0 }, username: 'mallory', cognitoUsername: 'mallory', trace: [] } as unknown as SignInDone;
    const view = await stepView(done, { connection: conn, number: 2, validFor: 'valid for 60 min', mfaSetUp: true, device: 'remembered' });
    assert.deepEqual(view, { kind: 'done', connectionId: 'dev', connectionName: 'Dev MFA', username: 'mallory', validFor: 'valid for 60 min', mfaSetUp: true, device: 'remembered' });
    assert.equal(outcomeOfStep(done), 'signed in');
    assert.equal(outcomeOfStep({ kind: 'challenge', challenge: { name: 'SMS_MFA' }, state: state('SMS_MFA'), trace: [] }), 'waiting for SMS_MFA');
    assert.equal(outcomeOfStep({ error: 'Incorrect username or password.' }), 'failed: Incorrect username or password.');
  });

  it("maps webview answers to the core's, trimming codes and dropping blank attributes, and lists their secrets", () => {
    assert.deepEqual(answerOf({ name: 'SOFTWARE_TOKEN_MFA', code: ' 123456 ' }), { name: 'SOFTWARE_TOKEN_MFA', code: '123456' });
    assert.deepEqual(answerOf({ name: 'NEW_PASSWORD_REQUIRED', newPassword: ' keep spaces ', attributes: { name: ' Mal ', phone_number: ' ' } }), {
      name: 'NEW_PASSWORD_REQUIRED',
      newPassword: ' keep spaces ',
      attributes: { name: 'Mal' },
    });
    assert.deepEqual(answerOf({ name: 'MFA_SETUP', code: '123456', friendlyDeviceName: '  ' }), { name: 'MFA_SETUP', code: '123456' });
    assert.deepEqual(secretsOfAnswer({ name: 'NEW_PASSWORD_REQUIRED', newPassword: 'N3w!' }), ['N3w!']);
    assert.deepEqual(secretsOfAnswer({ name: 'CUSTOM_CHALLENGE', answer: '42' }), ['42']);
    assert.deepEqual(secretsOfAnswer({ name: 'SELECT_CHALLENGE', choice: 'PASSWORD', password: 'pw' }), ['pw']);
    assert.deepEqual(secretsOfAnswer({ name: 'SELECT_MFA_TYPE', choice: 'SMS_MFA' }), []);
    assert.deepEqual(secretsOfAnswer({ name: 'EMAIL_OTP', code: '999' }), ['999']);
  });

  it('knows which flows need a password, and words the palette prompts', () => {
    assert.deepEqual(['srp', 'password', 'admin', 'custom', 'user-auth'].map((f) => flowNeedsPassword(f as never)), [true, true, true, false, false]);
    assert.equal(flowNeedsPassword('user-auth', 'PASSWORD_SRP'), true);
    assert.equal(codePrompt({ name: 'SMS_MFA', destination: '+*******1234' }).prompt, 'The code sent to +*******1234');
    assert.equal(codePrompt({ name: 'EMAIL_OTP' }).prompt, 'The code sent by email');
    assert.equal(confirmProblem('a', 'b'), 'The two passwords differ; type the same new password twice.');
    assert.equal(confirmProblem('a', 'a'), undefined);
    assert.deepEqual(connectionOptions([conn], () => 'alice', () => true), [{ id: 'dev', name: 'Dev MFA', userPoolId: 'us-east-1_AbC', signedInAs: 'alice', tracksDevices: true }]);
  });

  it('writes the trace document with parameter names and no secret values', () => {
    const password = 'Mallory-Secret-9!';
    const trace: SignInTrace = [
      { at: 0, operation: 'InitiateAuth', authFlow: 'USER_PASSWORD_AUTH', parameters: redactParameters({ USERNAME: 'mallory', PASSWORD: password }), outcome: 'challenge NEW_PASSWORD_REQUIRED' },
      { at: 1, operation: 'RespondToAuthChallenge', challengeName: 'NEW_PASSWORD_REQUIRED', parameters: redactParameters({ USERNAME: 'mallory', NEW_PASSWORD: 'N3w-Pass!', Session: 'sess' }), outcome: 'tokens' },
    ];
    const text = traceDocumentText({ connectionName: 'Dev MFA', username: 'mallory', flow: 'USER_PASSWORD_AUTH', outcome: 'signed in', at: Date.UTC(2026, 0, 2), trace });
    assert.match(text, /^Sign-in trace: Dev MFA\nUser: mallory {4}Flow: USER_PASSWORD_AUTH {4}Started: 2026-01-02T00:00:00\.000Z\nOutcome: signed in\n/);
    assert.match(text, /^1 InitiateAuth USER_PASSWORD_AUTH \{USERNAME=mallory, PASSWORD=\[redacted\]\} -> challenge NEW_PASSWORD_REQUIRED$/m);
    assert.match(text, /^2 RespondToAuthChallenge NEW_PASSWORD_REQUIRED \{USERNAME=mallory, NEW_PASSWORD=\[redacted\], Session=\[redacted\]\} -> tokens$/m);
    assert.ok(!text.includes(password) && !text.includes('N3w-Pass!') && !text.includes('sess}'));
    assert.match(traceDocumentText({ connectionName: 'x', username: 'u', flow: 'USER_SRP_AUTH', outcome: 'failed: no', at: 0, trace: [] }), /\(no request reached Cognito\)/);
  });
});

describe('sign-in panel: webview view-model', () => {
  it('shows the fields each flow needs', () => {
    assert.deepEqual(startFields('srp', ''), { password: 'required', profile: false, factor: false });
    assert.deepEqual(startFields('admin', ''), { password: 'required', profile: true, factor: false });
    assert.deepEqual(startFields('custom', ''), { password: 'optional', profile: false, factor: false });
    assert.deepEqual(startFields('user-auth', ''), { password: 'hidden', profile: false, factor: true });
    assert.deepEqual(startFields('user-auth', 'PASSWORD'), { password: 'required', profile: false, factor: true });
  });

  it('builds the start request only from the fields that apply, or says what is missing', () => {
    const base = { connectionId: 'dev', username: ' alice ', password: 'pw', flow: 'srp' as const, profile: 'ops', factor: 'EMAIL_OTP', rememberDevice: true };
    assert.deepEqual(startRequest(base), { ok: true, params: { connectionId: 'dev', username: 'alice', flow: 'srp', rememberDevice: true, password: 'pw' } });
    assert.deepEqual(startRequest({ ...base, flow: 'admin' }), { ok: true, params: { connectionId: 'dev', username: 'alice', flow: 'admin', rememberDevice: true, password: 'pw', profile: 'ops' } });
    assert.deepEqual(startRequest({ ...base, flow: 'user-auth' }), { ok: true, params: { connectionId: 'dev', username: 'alice', flow: 'user-auth', rememberDevice: true, factor: 'EMAIL_OTP' } });
    assert.deepEqual(startRequest({ ...base, flow: 'custom', password: '' }), { ok: true, params: { connectionId: 'dev', username: 'alice', flow: 'custom', rememberDevice: true } });
    assert.deepEqual(startRequest({ ...base, password: '' }), { ok: false, error: 'Enter the password.' });
    assert.deepEqual(startRequest({ ...base, username: ' ' }), { ok: false, error: 'Enter the username.' });
    assert.equal(startRequest({ ...base, connectionId: '' }).ok, false);
    const built = startRequest(base);
    assert.ok(built.ok && parseSignInRequest({ id: 1, method: 'start', params: built.params }).ok, 'the host accepts what the form builds');
  });

  it('builds answers for each challenge and refuses incomplete ones', () => {
    const np = { name: 'NEW_PASSWORD_REQUIRED' as const, requiredAttributes: ['name'], userAttributes: {} };
    assert.deepEqual(answerRequest(np, { newPassword: 'a', confirmPassword: 'b', attributes: { name: 'M' } }), { ok: false, error: 'The two passwords differ; type the same new password twice.' });
    assert.deepEqual(answerRequest(np, { newPassword: 'a', confirmPassword: 'a', attributes: { name: ' ' } }), { ok: false, error: 'Fill in name; the pool requires it.' });
    assert.deepEqual(answerRequest(np, { newPassword: 'a', confirmPassword: 'a', attributes: { name: ' M ' } }), { ok: true, params: { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'a', attributes: { name: 'M' } } });
    assert.deepEqual(answerRequest({ name: 'SOFTWARE_TOKEN_MFA' }, { code: '123 456' }), { ok: true, params: { name: 'SOFTWARE_TOKEN_MFA', code: '123456' } });
    assert.deepEqual(answerRequest({ name: 'SMS_MFA' }, { code: '' }), { ok: false, error: 'Enter the code.' });
    assert.deepEqual(answerRequest({ name: 'MFA_SETUP', qrSvg: '', secretCode: 'S', issuer: 'i' }, { code: '654321', friendlyDeviceName: ' Phone ' }), {
      ok: true,
      params: { name: 'MFA_SETUP', code: '654321', friendlyDeviceName: 'Phone' },
    });
    const select = { name: 'SELECT_CHALLENGE' as const, choices: [{ name: 'PASSWORD', supported: true }, { name: 'WEB_AUTHN', supported: false, note: 'Passkeys are not supported in the editor.' }] };
    assert.deepEqual(answerRequest(select, { choice: 'WEB_AUTHN' }), { ok: false, error: 'Passkeys are not supported in the editor.' });
    assert.deepEqual(answerRequest(select, { choice: 'PASSWORD' }), { ok: false, error: 'Enter the password.' });
    assert.deepEqual(answerRequest(select, { choice: 'PASSWORD', password: 'pw' }), { ok: true, params: { name: 'SELECT_CHALLENGE', choice: 'PASSWORD', password: 'pw' } });
    assert.deepEqual(answerRequest({ name: 'SELECT_MFA_TYPE', choices: ['SMS_MFA'] }, { choice: '' }), { ok: false, error: 'Choose a second factor.' });
    assert.deepEqual(answerRequest({ name: 'CUSTOM_CHALLENGE', parameters: {} }, { answer: '42' }), { ok: true, params: { name: 'CUSTOM_CHALLENGE', answer: '42' } });
    assert.match(challengeText({ name: 'SMS_MFA', destination: '+***12' }).intro, /sent to \+\*\*\*12/);
    assert.equal(challengeText({ name: 'MFA_SETUP', qrSvg: '', secretCode: '', issuer: '' }).submit, 'Verify and turn on');
  });

  it('groups the secret, tells new steps from refreshes, and words the finished step', () => {
    assert.equal(groupSecret('ASDFASDFASDF'), 'ASDF ASDF ASDF');
    const challenge: StepView = { kind: 'challenge', connectionName: 'c', username: 'u', challenge: { name: 'CUSTOM_CHALLENGE', parameters: {} }, number: 1 };
    assert.equal(isNewStep(undefined, { kind: 'form' }), true);
    assert.equal(isNewStep(challenge, { ...challenge }), false);
    assert.equal(isNewStep(challenge, { ...challenge, number: 2 }), true, 'a repeated custom challenge is a new question');
    const done: Extract<StepView, { kind: 'done' }> = { kind: 'done', connectionId: 'c', connectionName: 'C', username: 'u', validFor: 'valid for 60 min', mfaSetUp: true, device: 'offered' };
    assert.deepEqual(doneLines(done), [
      'The tokens are in SecretStorage and valid for 60 min.',
      'The authenticator app is now the second factor of this account.',
      'This pool tracks devices; you can remember this one.',
    ]);
  });
});

describe('sign-in panel: host messages and the round trip', () => {
  it('accepts state pushes and replies, and refuses a push whose QR code is not plain', async () => {
    const step = await stepView({ kind: 'challenge', challenge: { name: 'MFA_SETUP', otpauthUri: URI, secretCode: 'ASDF' }, state: state('MFA_SETUP'), trace: [] }, { connection: conn, number: 1, validFor: '', mfaSetUp: false, device: 'none' });
    const push = { kind: 'push', event: 'state', data: { connections: [{ id: 'dev', name: 'Dev', userPoolId: 'p', tracksDevices: false }], form: { flow: 'srp' }, step } };
    assert.equal(parseSignInHostMessage(push).ok, true);
    const tampered = JSON.parse(JSON.stringify(push));
    tampered.data.step.challenge.qrSvg = tampered.data.step.challenge.qrSvg.replace('<path', '<image href="https://evil.example/x.png"/><path');
    assert.deepEqual(parseSignInHostMessage(tampered), { ok: false, error: 'The MFA setup QR code is not a plain QR code SVG.' });
    assert.deepEqual(parseSignInHostMessage({ kind: 'push', event: 'state', data: { ...push.data, form: { flow: 'magic' } } }), { ok: false, error: 'The state has no valid form defaults.' });
    assert.deepEqual(parseSignInHostMessage({ kind: 'reply', id: 3, ok: false, error: 'Nope.' }), { ok: true, message: { kind: 'reply', id: 3, ok: false, error: 'Nope.' } });
  });

  it('dispatches typed requests, replies once, and turns failures into sentences the client rejects with', async () => {
    const seen: string[] = [];
    const handlers: SignInHandlers = {
      ready: () => null,
      start: (p) => {
        seen.push(`start ${p.flow} ${p.username}`);
        return { kind: 'challenge', connectionName: 'Dev', username: p.username, challenge: { name: 'SOFTWARE_TOKEN_MFA' }, number: 1 };
      },
      answer: () => {
        throw new Error('the code is wrong; check it and try again');
      },
      restart: () => ({ kind: 'form' }),
      showTokens: () => null,
      rememberDevice: () => ({ kind: 'form' }),
    };
    let client: ReturnType<typeof createClientFor<SignInRequests, SignInPushMessage>> | undefined;
    const problems: string[] = [];
    const dispatch = createDispatcherFor({ panel: 'sign-in panel', parse: parseSignInRequest }, handlers, (reply: ReplyMessage) => void client!.receive(JSON.parse(JSON.stringify(reply))), {
      onProblem: (p) => problems.push(p),
    });
    client = createClientFor<SignInRequests, SignInPushMessage>((m) => void dispatch(JSON.parse(JSON.stringify(m))), parseSignInHostMessage);
    const next = await client.request('start', { connectionId: 'dev', username: 'alice', password: 'pw', flow: 'password', rememberDevice: false });
    assert.deepEqual(next, { kind: 'challenge', connectionName: 'Dev', username: 'alice', challenge: { name: 'SOFTWARE_TOKEN_MFA' }, number: 1 });
    await assert.rejects(client.request('answer', { name: 'SOFTWARE_TOKEN_MFA', code: '000000' }), { name: 'RequestError', message: 'The code is wrong; check it and try again.' });
    assert.deepEqual(seen, ['start password alice']);
    assert.equal(client.pending(), 0);
    assert.deepEqual(problems, ['Sign-in panel request "answer" failed: The code is wrong; check it and try again.']);
    await assert.rejects(client.request('start', { connectionId: 'dev', username: 'alice', flow: 'nope' as never, rememberDevice: false }), /"flow" must be one of/);
  });

  it('a password given to the panel is redacted from log lines once registered', () => {
    const password = 'Panel-Passw0rd-Unique!';
    registerSecret(password);
    assert.ok(!redact(`start failed for ${password}`).includes(password));
  });
});

describe('sign-in panel: page', () => {
  it('loads only its nonce script under a strict CSP and says what it is loading', () => {
    const source = 'https://file+.vscode-resource.vscode-cdn.net';
    const html = buildWebviewHtml({
      cspSource: source,
      nonce: 'abcdefghijklmnopqrstuv==',
      scriptUri: `${source}/ext/dist/webview/signInPanel.js`,
      styleUri: `${source}/ext/dist/webview/signInPanel.css`,
      title: 'Cognito: Sign In',
      loadingText: 'Loading the sign-in form…',
    });
    const csp = html.replace(/&#39;/g, "'");
    assert.match(csp, /content="default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abcdefghijklmnopqrstuv=='; /);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html));
    assert.match(html, /<p class="loading">Loading the sign-in form…<\/p>/);
    assert.equal((html.match(/<script /g) ?? []).length, 1);
    assert.match(html, /<script nonce="abcdefghijklmnopqrstuv==" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/signInPanel\.js"><\/script>/);
  });
});
