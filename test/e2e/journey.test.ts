/**
 * The whole walking-skeleton journey, clicked through the real workbench: add a connection, sign in,
 * watch the countdown, verify the tokens, get credentials, browse S3, open a terminal with them, sign out.
 * Then the user-data dir, extension storage and logs are scanned for every secret the journey handled.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import type { Page } from 'playwright-core';
import { notifications, quickInput, runCommand, screenshot, statusBarItem, treeRow, webviewFrame } from '../support/browser';
import { identityClient, seedStandard, type Seeded } from '../support/seed';
import { answerStep, inputStep, useWorkbench } from './workbench';

const CONTAINER = 'cognitoExplorer';

async function expand(page: Page, label: string | RegExp): Promise<void> {
  const row = treeRow(page, CONTAINER, label).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
}

/** Every file under `dir` (skipping binary caches) that contains one of `needles`, with the needle's name. */
function findSecrets(dir: string, needles: Record<string, string>): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) {
        // The extension's own files (the unpacked .vsix) are not state.
        if (!/cognito-explorer\.cognito-explorer-/.test(entry)) walk(path);
      } else if (stat.isFile() && stat.size < 50_000_000) {
        const text = readFileSync(path).toString('latin1');
        for (const [name, value] of Object.entries(needles)) if (text.includes(value)) hits.push(`${name} in ${path}`);
      }
    }
  };
  walk(dir);
  return hits;
}

/**
 * Everything the workbench keeps in the browser (globalState, workspace state and secrets live in IndexedDB on the web), as text.
 * Plain JS in a string: the test runner's transpiler adds helpers that do not exist in the page.
 */
const DUMP_BROWSER_STORAGE = `(async () => {
  const decode = (value) => {
    if (value instanceof ArrayBuffer) return new TextDecoder().decode(value);
    if (ArrayBuffer.isView(value)) return new TextDecoder().decode(value);
    if (Array.isArray(value)) return value.map(decode);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
    return value;
  };
  const request = (req) => new Promise((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error); });
  const parts = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
  for (const info of await indexedDB.databases()) {
    if (!info.name) continue;
    const db = await request(indexedDB.open(info.name));
    for (const store of Array.from(db.objectStoreNames)) {
      const tx = db.transaction(store, 'readonly');
      const keys = await request(tx.objectStore(store).getAllKeys());
      const values = await request(tx.objectStore(store).getAll());
      parts.push(info.name + '/' + store + ': ' + JSON.stringify(decode(keys)) + ' ' + JSON.stringify(decode(values)));
    }
    db.close();
  }
  return parts.join('\\n');
})()`;

async function browserStorageDump(page: Page): Promise<string> {
  return page.evaluate(DUMP_BROWSER_STORAGE) as Promise<string>;
}

describe('e2e journey: connection -> sign in -> tokens -> credentials -> resources -> terminal -> sign out', function () {
  this.timeout(240_000);
  let seeded: Seeded;
  const envDump = join(mkdtempSync(join(tmpdir(), 'cognito-explorer-e2e-')), 'env.txt');
  const wb = useWorkbench({
    keepDirs: true,
    activityLabel: 'Cognito',
    prepare: async (moto) => {
      seeded = await seedStandard(moto.endpoint, { bucketPrefix: 'journey' });
      return {};
    },
  });
  const copied: Record<string, string> = {};
  let keptDir: string | undefined;

  after(() => {
    rmSync(join(envDump, '..'), { recursive: true, force: true });
    if (keptDir) rmSync(keptDir, { recursive: true, force: true, maxRetries: 3 });
  });

  it('starts with welcome text and an Add Connection button', async () => {
    const { page } = wb();
    await page.locator(`.activitybar .action-item .action-label[aria-label^="Cognito"]`).first().click();
    const welcome = page.locator('.welcome-view-content').filter({ hasText: 'No Cognito connections yet' });
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    await welcome.getByRole('button', { name: 'Add Connection' }).waitFor({ state: 'visible' });
    await screenshot(page, 'journey-01-welcome');
  });

  it('adds a connection through the multi-step input, validating as the user types', async () => {
    const { page } = wb();
    await runCommand(page, 'Cognito: Add Connection');
    await answerStep(page, /A name for this connection/, 'Journey pool');
    await answerStep(page, /AWS region of the user pool/, 'us-east-1');
    // A pool id from another region is refused while typing, with the reason.
    await inputStep(page, /User pool id/).waitFor({ state: 'visible', timeout: 15_000 });
    await quickInput(page).fill('eu-west-1_abc');
    await inputStep(page, /starts with eu-west-1 but the region is us-east-1/).waitFor({ timeout: 15_000 });
    // The validation message replaces the prompt, so this step is answered by what it shows now.
    await answerStep(page, /starts with eu-west-1/, seeded.pool.id);
    await answerStep(page, /App client id/, seeded.pool.publicClient.id);
    await answerStep(page, /Client secret, only if/, '');
    await answerStep(page, /Identity pool id/, seeded.identityPool.id);
    await answerStep(page, /Endpoint URL/, seeded.endpoint);
    await treeRow(page, CONTAINER, 'Journey pool').first().waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('signs in with SRP through the palette and shows the session and a live countdown', async () => {
    const { page } = wb();
    await runCommand(page, 'Cognito: Sign In');
    await answerStep(page, /Username/, seeded.pool.alice.username);
    await inputStep(page, /Password for alice/).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await quickInput(page).getAttribute('type'), 'password', 'the password input is masked');
    await answerStep(page, /Password for alice/, seeded.pool.alice.password);

    const status = statusBarItem(page, /alice · \d+:\d\d/);
    await status.waitFor({ state: 'visible', timeout: 30_000 });
    const first = (await status.innerText()).trim();
    await page.waitForTimeout(2_500);
    const later = (await status.innerText()).trim();
    assert.notEqual(first, later, `the countdown ticks (${first} then ${later})`);

    await expand(page, /^Journey pool/);
    await expand(page, /alice/);
    await treeRow(page, CONTAINER, 'ID token').first().waitFor({ state: 'visible' });
    await treeRow(page, CONTAINER, 'Access token').first().waitFor({ state: 'visible' });
    await treeRow(page, CONTAINER, /expires in (59|60) min/).first().waitFor({ state: 'visible' });
    await screenshot(page, 'journey-02-signed-in');
  });

  it('opens the token panel from the status bar and shows "Signature valid" for both tokens', async () => {
    const { page } = wb();
    await statusBarItem(page, /alice · /).first().click();
    const frame = webviewFrame(page);
    const idHeadline = frame.locator('[data-testid="headline-id"]');
    await idHeadline.waitFor({ state: 'visible', timeout: 30_000 });
    await frame.getByText('Signature valid').first().waitFor({ timeout: 30_000 });
    assert.match(await idHeadline.innerText(), /Signature valid/);
    await frame.getByText('cognito:username').first().waitFor();

    const readClipboard = () => page.evaluate('navigator.clipboard.readText()') as Promise<string>;
    await frame.locator('vscode-tab-panel[data-panel="id"] vscode-button[data-action="copy"]').click();
    await frame.getByText('Copied').first().waitFor({ timeout: 10_000 });
    copied.idToken = await readClipboard();
    assert.match(copied.idToken, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);

    await frame.locator('vscode-tab-header[data-tab="access"]').click();
    await frame.locator('[data-testid="headline-access"]').filter({ hasText: 'Signature valid' }).waitFor({ timeout: 30_000 });
    await frame.locator('vscode-tab-panel[data-panel="access"] vscode-button[data-action="copy"]').click();
    const deadline = Date.now() + 10_000;
    do {
      copied.accessToken = await readClipboard();
      if (copied.accessToken !== copied.idToken) break;
      await page.waitForTimeout(200);
    } while (Date.now() < deadline);
    assert.notEqual(copied.accessToken, copied.idToken);
    await screenshot(page, 'journey-03-token-panel');
  });

  it('gets AWS credentials from the identity pool and shows the identity and expiry', async () => {
    const { page } = wb();
    await runCommand(page, 'Cognito: Get AWS Credentials');
    await treeRow(page, CONTAINER, /AWS credentials/).first().waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, CONTAINER, new RegExp(`us-east-1:`)).first().waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('lists the seeded bucket, its prefixes and objects in the Resources view', async () => {
    const { page } = wb();
    await expand(page, seeded.bucket.name);
    await expand(page, /^reports\/?$/);
    await expand(page, /^2026\/?$/);
    await treeRow(page, CONTAINER, 'q1.csv').first().waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, CONTAINER, 'q2.csv').first().waitFor({ state: 'visible' });
    await treeRow(page, CONTAINER, 'readme.txt').first().waitFor({ state: 'visible' });
    await treeRow(page, CONTAINER, seeded.otherBucket.name).first().waitFor({ state: 'visible' });
    await screenshot(page, 'journey-04-resources');
  });

  it('opens a terminal whose environment holds the credentials, nothing typed by the extension', async () => {
    const { page } = wb();
    await runCommand(page, 'Cognito: Open Terminal with Credentials');
    const terminal = page.locator('.terminal-wrapper.active .xterm, .terminal .xterm').first();
    await terminal.waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForTimeout(1_500);
    await terminal.click();
    // The test (not the extension) types a command that dumps the variables to a file it can read.
    await page.keyboard.type(`printenv AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION AWS_ENDPOINT_URL AWS_CREDENTIAL_EXPIRATION > ${envDump}`);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 20_000;
    while (!existsSync(envDump) || readFileSync(envDump, 'utf8').split('\n').length < 6) {
      if (Date.now() > deadline) assert.fail('the terminal did not write its environment');
      await page.waitForTimeout(200);
    }
    const [accessKeyId, secretAccessKey, sessionToken, region, endpoint, expiration] = readFileSync(envDump, 'utf8').trim().split('\n');
    // moto hands every identity the same keys, so the test can ask for them itself to compare.
    const identity = identityClient(seeded.endpoint);
    const logins = { [`cognito-idp.us-east-1.amazonaws.com/${seeded.pool.id}`]: copied.idToken };
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: seeded.identityPool.id, Logins: logins }));
    const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
    assert.equal(accessKeyId, Credentials?.AccessKeyId);
    assert.equal(secretAccessKey, Credentials?.SecretKey);
    assert.equal(sessionToken, Credentials?.SessionToken);
    assert.equal(region, 'us-east-1');
    assert.equal(endpoint, seeded.endpoint);
    assert.ok(!Number.isNaN(Date.parse(expiration)), `AWS_CREDENTIAL_EXPIRATION is a date: ${expiration}`);
    copied.secretAccessKey = secretAccessKey;
    rmSync(envDump, { force: true });
    await screenshot(page, 'journey-05-terminal');
  });

  it('signs out: tokens, credentials, views and status bar are cleared', async () => {
    const { page } = wb();
    await runCommand(page, 'Cognito: Sign Out');
    await statusBarItem(page, /alice · /).first().waitFor({ state: 'detached', timeout: 15_000 });
    await treeRow(page, CONTAINER, 'ID token').first().waitFor({ state: 'detached', timeout: 15_000 });
    await treeRow(page, CONTAINER, seeded.bucket.name).first().waitFor({ state: 'detached', timeout: 15_000 });
    await notifications(page).filter({ hasText: 'Signed out of Journey pool' }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'journey-06-signed-out');
  });

  it('left no password, token or secret key in user data, extension storage or logs', async () => {
    const { server } = wb();
    keptDir = server.dirs.root;
    assert.ok(copied.idToken && copied.accessToken && copied.secretAccessKey, 'the journey captured the secrets to look for');
    const needles = {
      password: seeded.pool.alice.password,
      idToken: copied.idToken,
      accessToken: copied.accessToken,
      // Signatures are the unique tail of a JWT: a token stored in pieces or re-encoded still shows them.
      idTokenSignature: copied.idToken.split('.')[2],
      accessTokenSignature: copied.accessToken.split('.')[2],
      secretAccessKey: copied.secretAccessKey,
    };
    const hits = findSecrets(server.dirs.root, needles);
    assert.deepEqual(hits, [], `secrets found on disk:\n${hits.join('\n')}`);
    const storage = await browserStorageDump(wb().page);
    assert.match(storage, /cognitoExplorer|cognito-explorer/, 'the dump holds the workbench state the extension touched');
    const inBrowser = Object.entries(needles).filter(([, value]) => storage.includes(value)).map(([name]) => name);
    assert.deepEqual(inBrowser, [], `secrets left in the browser's storage: ${inBrowser.join(', ')}`);
    // The scan looked at real state: settings hold the connection, logs exist.
    const settings = readFileSync(join(server.dirs.userData, 'User', 'settings.json'), 'utf8');
    assert.match(settings, /Journey pool/);
  });
});
