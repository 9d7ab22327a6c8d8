/**
 * The real webview bundles in Chromium, under the real page and CSP, fed state that carries attacker-controlled text
 * (token claims, challenge parameters, user attributes, connection names). Everything must render as text: no element
 * the data describes may appear, and no handler in it may run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildPanelState } from '../../src/extension/panels/tokenPanelState';
import { buildWebviewHtml } from '../../src/extension/panels/webviewHtml';
import type { ChallengeView, SignInPushMessage } from '../../src/shared/signInProtocol';
import { launchBrowser, type WorkbenchBrowser } from '../support/browser';
import { repoRoot } from '../support/paths';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('webviews render hostile data as text (bundles in Chromium)', function () {
  this.timeout(60_000);
  let out: string;
  let server: Server;
  let origin: string;
  let browser: WorkbenchBrowser;
  const pages: Record<string, string> = {};

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'cognito-explorer-webview-'));
    await build({
      entryPoints: { tokenPanel: join(repoRoot, 'webview/tokenPanel.ts'), signInPanel: join(repoRoot, 'webview/signInPanel.ts') },
      outdir: out,
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      logLevel: 'warning',
    });
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (pages[path]) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(pages[path]);
        return;
      }
      const file = /^\/(tokenPanel|signInPanel)\.(js|css)$/.exec(path);
      if (!file) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': file[2] === 'js' ? 'text/javascript' : 'text/css' });
      res.end(readFileSync(join(out, `${file[1]}.${file[2]}`)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const panel of ['tokenPanel', 'signInPanel']) {
      pages[`/${panel}.html`] = buildWebviewHtml({
        cspSource: origin,
        nonce: 'abcdefghijklmnopqrstuv==',
        scriptUri: `${origin}/${panel}.js`,
        styleUri: `${origin}/${panel}.css`,
        title: panel,
      });
    }
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(out, { recursive: true, force: true });
  });

  // Page code goes in as source text: functions compiled by tsx carry helpers (__name) the page does not have.
  const STUB = `window.acquireVsCodeApi = () => ({
    postMessage: (m) => {
      (window.__sent ??= []).push(m);
      if (m.method === 'ready') setTimeout(() => window.postMessage({ kind: 'reply', id: m.id, ok: true, result: null }, '*'));
    },
    getState: () => undefined,
    setState: () => undefined,
  });`;

  /** Opens a panel page with a stand-in for VS Code's webview API that answers `ready`, then pushes `push`. */
  async function open(panel: string, push: unknown): Promise<void> {
    const page = browser.page;
    await page.addInitScript({ content: STUB });
    await page.goto(`${origin}/${panel}.html`);
    await page.waitForFunction("(window.__sent ?? []).some((m) => m.method === 'ready')");
    await page.evaluate(`window.postMessage(${JSON.stringify(push)}, '*')`);
  }

  const inspect = `({
    imgs: document.querySelectorAll('img').length,
    scripts: document.querySelectorAll('script').length,
    pwned: window.__pwned,
    text: document.body.textContent ?? '',
    values: Array.from(document.querySelectorAll('vscode-textfield, input')).map((e) => e.value ?? e.getAttribute('value')),
  })`;
  interface Found {
    imgs: number;
    scripts: number;
    pwned?: number;
    text: string;
    values: string[];
  }

  async function assertInert(marker: string): Promise<Found> {
    const page = browser.page;
    await page.waitForFunction(`document.body.textContent.includes(${JSON.stringify(marker)})`, undefined, { timeout: 10_000 });
    const found = (await page.evaluate(inspect)) as Found;
    assert.equal(found.imgs, 0, 'no <img> from the data');
    assert.equal(found.scripts, 1, "only the nonce'd bundle script");
    assert.equal(found.pwned, undefined, 'no handler or script from the data ran');
    return found;
  }

  it('token panel: claims, claim names, header values, username and connection name', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { name: HOSTILE, [HOSTILE]: 'value', token_use: 'id', 'cognito:groups': [HOSTILE], iat: now, exp: now + 3600, marker: 'hostile-claims-rendered' };
    const token = `${b64({ alg: 'RS256', kid: HOSTILE })}.${b64(payload)}.c2ln`;
    const state = buildPanelState(
      { id: 'c1', name: HOSTILE, region: 'us-east-1', userPoolId: 'us-east-1_abc', clientId: 'client1' },
      { connectionId: 'c1', username: HOSTILE, tokens: { idToken: token, accessToken: token, refreshToken: 'r', expiresIn: 3600, tokenType: 'Bearer', obtainedAt: Date.now() } } as never,
      'id',
      1,
      { id: { status: 'done', result: { verified: false, reason: HOSTILE, checks: [{ name: 'signature', ok: false, detail: HOSTILE }] } }, access: { status: 'error', error: HOSTILE } },
    );
    await open('tokenPanel', { kind: 'push', event: 'state', data: state });
    assert.ok((await assertInert('hostile-claims-rendered')).text.includes(HOSTILE), 'the hostile text is shown literally');
  });

  it('sign-in panel: custom challenge parameters and the connection and user names', async () => {
    const push: SignInPushMessage = {
      kind: 'push',
      event: 'state',
      data: {
        connections: [{ id: 'c1', name: HOSTILE, userPoolId: 'us-east-1_abc', tracksDevices: false }],
        form: { connectionId: 'c1', flow: 'custom' },
        step: {
          kind: 'challenge',
          connectionName: HOSTILE,
          username: HOSTILE,
          number: 1,
          challenge: { name: 'CUSTOM_CHALLENGE', parameters: { question: HOSTILE, [HOSTILE]: 'hostile-challenge-rendered' } },
        },
      },
    };
    await open('signInPanel', push);
    assert.ok((await assertInert('hostile-challenge-rendered')).text.includes(HOSTILE), 'the hostile text is shown literally');
  });

  /** The sign-in panel's state at a NEW_PASSWORD_REQUIRED step of alice on "dev". */
  const newPasswordPush = (challenge: Omit<Extract<ChallengeView, { name: 'NEW_PASSWORD_REQUIRED' }>, 'name'>): SignInPushMessage => ({
    kind: 'push',
    event: 'state',
    data: {
      connections: [{ id: 'c1', name: 'dev', userPoolId: 'us-east-1_abc', tracksDevices: false }],
      form: { connectionId: 'c1', flow: 'password' },
      step: { kind: 'challenge', connectionName: 'dev', username: 'alice', number: 1, challenge: { name: 'NEW_PASSWORD_REQUIRED', ...challenge } },
    },
  });

  it('sign-in panel: user attributes of a new-password challenge', async () => {
    const push = newPasswordPush({ requiredAttributes: ['name'], userAttributes: { name: HOSTILE, email: 'hostile-attributes-rendered' } });
    await open('signInPanel', push);
    const found = await assertInert('hostile-attributes-rendered');
    assert.ok(found.values.includes(HOSTILE), `the required attribute is prefilled as a value: ${JSON.stringify(found.values)}`);
  });

  it('sign-in panel: shows the pool\'s password policy and checks the new password while typing', async () => {
    const push = newPasswordPush({
      requiredAttributes: [],
      userAttributes: {},
      policy: { minimumLength: 10, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: false },
    });
    await open('signInPanel', push);
    const page = browser.page;
    await page.waitForSelector('#password-policy li');
    const rules = () => page.evaluate("Array.from(document.querySelectorAll('#password-policy li')).map((li) => [li.textContent, li.dataset.met])") as Promise<[string, string][]>;
    assert.deepEqual(await rules(), [
      ['Needs at least 10 characters', 'false'],
      ['Needs an uppercase letter', 'false'],
      ['Needs a lowercase letter', 'false'],
      ['Needs a number', 'false'],
    ]);
    const input = page.locator('#new-password input');
    await input.pressSequentially('short1');
    assert.deepEqual((await rules()).map(([, met]) => met), ['false', 'false', 'true', 'true']);
    await page.locator('#confirm-password input').fill('short1');
    await page.click('#submit-answer');
    await page.waitForFunction("document.body.textContent.includes(\"The pool's password policy asks for at least 10 characters and an uppercase letter\")");
    assert.equal(await page.evaluate("(window.__sent ?? []).filter((m) => m.method === 'answer').length"), 0, 'nothing sent while the policy is unmet');
    await input.pressSequentially('-Longer');
    assert.deepEqual((await rules()).map(([text, met]) => `${met} ${text.replace(/^(Has|Needs) /, '')}`), [
      'true at least 10 characters',
      'true an uppercase letter',
      'true a lowercase letter',
      'true a number',
    ]);
    assert.match((await rules())[0][0], /^Has /);
  });
});
