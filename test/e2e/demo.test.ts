/**
 * The demo as a newcomer meets it: the seeded demo behind its SRP-verifying front, in a real VS Code. With the default
 * SRP flow a wrong password must fail (moto alone would accept it), and the right one signs in.
 */
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { runCommand, screenshot, statusBarItem, treeRow, webviewFrame } from '../support/browser';
import { DEMO_PASSWORD, demoConnections, seedDemo, startDemoFront } from '../support/demo';
import type { SrpFront } from '../support/srpFront';
import { useWorkbench } from './workbench';

async function type(frame: FrameLocator, id: string, value: string): Promise<void> {
  const input = frame.locator(`vscode-textfield#${id} input`);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(value);
}

describe('e2e demo: a wrong password fails with SRP, the right one signs in', function () {
  this.timeout(240_000);
  let front: SrpFront | undefined;
  let poolId = '';
  const wb = useWorkbench({
    activityLabel: 'Cognito',
    motoEnv: { MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true' },
    prepare: async (moto) => {
      const ids = await seedDemo(moto.endpoint);
      poolId = ids.poolId;
      front = await startDemoFront(moto.endpoint, ids);
      return { 'cognitoExplorer.connections': demoConnections(front.endpoint, ids) };
    },
  });
  after(() => front?.stop());

  it('refuses a wrong password in the sign-in panel, then signs alice in', async () => {
    const { page } = wb();
    await page.locator('.activitybar .action-item .action-label[aria-label^="Cognito"]').first().click();
    await treeRow(page, 'cognitoExplorer', 'Demo (local emulator)').first().waitFor({ state: 'visible', timeout: 30_000 });
    await runCommand(page, 'Cognito: Open Sign-In Panel');
    const frame = webviewFrame(page);
    await frame.locator('vscode-single-select#connection').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('vscode-single-select#flow vscode-option[selected]').getAttribute('value'), 'srp', 'the demo signs in with SRP by default');
    await type(frame, 'username', 'alice');
    await type(frame, 'password', 'Wrong-Passw0rd!');
    await frame.locator('vscode-button#sign-in').click();
    const error = frame.locator('#error');
    await error.filter({ hasText: 'Incorrect username or password' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await error.innerText(), `Incorrect username or password for pool ${poolId}.`);
    await screenshot(page, 'demo-wrong-password');

    await type(frame, 'password', DEMO_PASSWORD);
    await frame.locator('vscode-button#sign-in').click();
    await frame.locator('#signed-in').filter({ hasText: 'Signed in as alice' }).waitFor({ state: 'visible', timeout: 30_000 });
    await statusBarItem(page, /alice · \d+:\d\d/).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'demo-signed-in');
  });
});
