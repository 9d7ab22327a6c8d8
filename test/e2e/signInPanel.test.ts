/**
 * The sign-in panel in a real VS Code (code-server) against moto with real TOTP codes: a user with a temporary password
 * in a pool with MFA ON signs in through the panel, sets a new password, sets up an authenticator app from the QR code
 * (the test computes the code), then signs out and signs in again answering the TOTP challenge.
 */
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { runCommand, screenshot, statusBarItem, treeRow, webviewFrame } from '../support/browser';
import { createClient, createMfaPool, createUser } from '../support/seed';
import { MOTO_TOTP_SECRET, totp } from '../support/totp';
import { useWorkbench } from './workbench';

const CONTAINER = 'cognitoExplorer';
const TEMP_PASSWORD = 'Temp-Passw0rd!';
const NEW_PASSWORD = 'Mallory-N3w-Passw0rd!';

/** A fresh code: when the current 30 s window is about to end, wait for the next so the code stays valid while typed. */
async function freshCode(page: Page): Promise<string> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 5_000) await page.waitForTimeout(left + 500);
  return totp(MOTO_TOTP_SECRET);
}

/** Types into the <input> inside a vscode-textfield (Playwright's CSS pierces its open shadow root). */
async function type(frame: FrameLocator, id: string, value: string): Promise<void> {
  const input = frame.locator(`vscode-textfield#${id} input`);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(value);
}

async function inputValue(frame: FrameLocator, id: string): Promise<string> {
  return frame.locator(`vscode-textfield#${id} input`).inputValue();
}

describe('e2e sign-in panel: new password -> MFA setup with QR code -> TOTP challenge', function () {
  this.timeout(240_000);
  let poolId = '';
  const wb = useWorkbench({
    activityLabel: 'Cognito',
    motoEnv: { MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true' },
    prepare: async (moto) => {
      poolId = await createMfaPool(moto.endpoint, { name: 'e2e-mfa' });
      const client = await createClient(moto.endpoint, poolId, { name: 'e2e-mfa-web' });
      await createUser(moto.endpoint, poolId, { username: 'mallory', email: 'mallory@example.com', password: TEMP_PASSWORD, temporary: true });
      // moto does not verify SRP proofs, so the wrong-password check needs USER_PASSWORD_AUTH; the panel starts from this setting.
      return {
        'cognitoExplorer.defaultAuthFlow': 'password',
        'cognitoExplorer.connections': [
          { id: 'dev-mfa', name: 'Dev MFA', region: 'us-east-1', userPoolId: poolId, clientId: client.id, endpointUrl: moto.endpoint },
        ],
      };
    },
  });

  it('opens the panel from the palette with the connection preselected', async () => {
    const { page } = wb();
    // The palette entry needs the extension's "has connections" context, set once it has activated and read the settings.
    await page.locator('.activitybar .action-item .action-label[aria-label^="Cognito"]').first().click();
    await treeRow(page, CONTAINER, 'Dev MFA').first().waitFor({ state: 'visible', timeout: 30_000 });
    await runCommand(page, 'Cognito: Open Sign-In Panel');
    const frame = webviewFrame(page);
    await frame.locator('vscode-single-select#connection').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('vscode-single-select#connection vscode-option[selected]').getAttribute('value'), 'dev-mfa');
    assert.equal(await frame.locator('vscode-single-select#flow vscode-option[selected]').getAttribute('value'), 'password');
    assert.equal(await frame.locator('vscode-textfield#password').getAttribute('type'), 'password');
    await screenshot(page, 'signin-panel-form');
  });

  it('shows a wrong password inline, keeps the username and clears the password', async () => {
    const frame = webviewFrame(wb().page);
    await type(frame, 'username', 'mallory');
    await type(frame, 'password', 'Not-The-Passw0rd!');
    await frame.locator('vscode-button#sign-in').click();
    const error = frame.locator('#error');
    await error.filter({ hasText: 'Incorrect username or password' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await error.innerText(), `Incorrect username or password for pool ${poolId}.`);
    assert.equal(await inputValue(frame, 'username'), 'mallory');
    assert.equal(await inputValue(frame, 'password'), '', 'the password is cleared after a failure');
  });

  it('answers NEW_PASSWORD_REQUIRED (checking the confirmation first)', async () => {
    const frame = webviewFrame(wb().page);
    await type(frame, 'password', TEMP_PASSWORD);
    await frame.locator('vscode-button#sign-in').click();
    await frame.locator('[data-challenge="NEW_PASSWORD_REQUIRED"]').waitFor({ state: 'visible', timeout: 30_000 });
    // The pool's policy (moto's default: 8 characters, upper, lower, number, symbol), read with DescribeUserPool.
    const rules = frame.locator('#password-policy li');
    await rules.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await rules.count(), 5);
    await type(frame, 'new-password', 'weak');
    assert.deepEqual(await rules.evaluateAll((items) => items.map((li) => li.getAttribute("data-met"))), ['false', 'false', 'true', 'false', 'false']);
    await screenshot(wb().page, 'signin-panel-password-policy');
    await type(frame, 'new-password', NEW_PASSWORD);
    assert.ok((await rules.evaluateAll((items) => items.map((li) => li.getAttribute("data-met")))).every((met) => met === 'true'));
    await type(frame, 'confirm-password', `${NEW_PASSWORD}x`);
    await frame.locator('vscode-button#submit-answer').click();
    await frame.locator('#error').filter({ hasText: 'The two passwords differ' }).waitFor({ state: 'visible', timeout: 10_000 });
    await type(frame, 'new-password', NEW_PASSWORD);
    await type(frame, 'confirm-password', NEW_PASSWORD);
    await frame.locator('vscode-button#submit-answer').click();
    await frame.locator('[data-challenge="MFA_SETUP"]').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('shows the QR code and the secret for MFA setup, and turns the authenticator on with a computed code', async () => {
    const { page } = wb();
    const frame = webviewFrame(page);
    const qr = frame.locator('#qr svg');
    await qr.waitFor({ state: 'visible', timeout: 15_000 });
    assert.ok((await qr.locator('path').count()) >= 2, 'the QR code is drawn with paths');
    const box = await qr.boundingBox();
    assert.ok(box && box.width >= 150 && box.height >= 150, `the QR code is big enough to scan (${JSON.stringify(box)})`);
    assert.equal((await frame.locator('#secret-code').innerText()).replace(/\s+/g, ''), MOTO_TOTP_SECRET);
    const shot = await screenshot(page, 'signin-panel-qr');
    console.log(`      screenshot: ${shot}`);

    await type(frame, 'code', await freshCode(page));
    await type(frame, 'friendly-device-name', 'e2e phone');
    await frame.locator('vscode-button#submit-answer').click();
    const signedIn = frame.locator('#signed-in');
    await signedIn.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await signedIn.innerText(), 'Signed in as mallory');
    await frame.getByText('The authenticator app is now the second factor of this account.').waitFor({ timeout: 10_000 });
    await statusBarItem(page, /mallory · \d+:\d\d/).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'signin-panel-done');
  });

  it('lists the sign-in trace under the connection in the Sessions view', async () => {
    const { page } = wb();
    // The five requests of the sign-in that ended with tokens (the view follows the sign-in within a moment).
    const row = treeRow(page, CONTAINER, /Sign-in trace\s*5 requests · signed in/).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, CONTAINER, /^mallory/).first().waitFor({ state: 'visible', timeout: 15_000 });
    // The trace opens as a read-only document: the request lines, values of secrets redacted. A click that lands while
    // the row re-renders is lost, so click again if nothing opened.
    const editor = page.locator('.editor-instance .view-lines');
    for (let attempt = 0; ; attempt++) {
      await row.click();
      try {
        await editor.filter({ hasText: 'VerifySoftwareToken' }).first().waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt >= 2) throw err;
      }
    }
    const text = await editor.first().innerText();
    assert.match(text, /NEW_PASSWORD=\[redacted\]/);
    assert.ok(!text.includes(NEW_PASSWORD) && !text.includes(TEMP_PASSWORD), 'no password in the trace');
    await screenshot(page, 'signin-panel-trace');
  });

  it('signs out, then signs in again through the panel answering the TOTP challenge', async () => {
    const { page } = wb();
    await runCommand(page, 'Cognito: Sign Out');
    await statusBarItem(page, /mallory · /).first().waitFor({ state: 'detached', timeout: 15_000 });

    await runCommand(page, 'Cognito: Open Sign-In Panel');
    const frame = webviewFrame(page);
    await frame.locator('vscode-button#sign-in-again').click();
    await frame.locator('vscode-textfield#username').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await inputValue(frame, 'username'), 'mallory', 'the last username is offered');
    await type(frame, 'password', NEW_PASSWORD);
    await frame.locator('vscode-button#sign-in').click();
    await frame.locator('[data-challenge="SOFTWARE_TOKEN_MFA"]').waitFor({ state: 'visible', timeout: 30_000 });
    await type(frame, 'code', await freshCode(page));
    await frame.locator('vscode-button#submit-answer').click();
    await frame.locator('#signed-in').filter({ hasText: 'Signed in as mallory' }).waitFor({ state: 'visible', timeout: 30_000 });
    await statusBarItem(page, /mallory · \d+:\d\d/).first().waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, CONTAINER, /^mallory/).first().waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'signin-panel-totp');

    await frame.locator('vscode-button#show-tokens').click();
    await page.locator('.tabs-container .tab').filter({ hasText: 'Tokens: Dev MFA' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  });
});
