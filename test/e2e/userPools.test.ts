/**
 * The User Pools view and the user browser clicked through in code-server against moto: open the view, load more
 * users, filter, open the browser, search, open a user, disable them, see the tree follow, export CSV and read it.
 * With COGNITO_EXPLORER_SCREENSHOTS=1 it also refreshes the README's screenshots (light and dark) in media/.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminGetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Locator, Page } from 'playwright-core';
import { quickInput, runCommand, screenshot, treeRow, webviewFrame } from '../support/browser';
import { repoRoot } from '../support/paths';
import { createPool, idpClient } from '../support/seed';
import { seedManyUsers } from '../support/seedUsers';
import { useWorkbench } from './workbench';

const CONTAINER = 'cognitoExplorer';
const POOL = 'e2e-users';
const SHOTS = process.env.COGNITO_EXPLORER_SCREENSHOTS === '1';

async function pick(page: Page, text: string): Promise<void> {
  const input = quickInput(page);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  await page.locator('.quick-input-widget .monaco-list-row[role="option"]').filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await input.press('Enter');
}

function row(page: Page, text: string | RegExp): Locator {
  return treeRow(page, CONTAINER, text).first();
}

/** Clicks one of a row's inline actions (they show on hover). */
async function inlineAction(page: Page, target: Locator, title: string): Promise<void> {
  await target.hover();
  await target.locator(`.action-label[aria-label^="${title}"]`).first().click();
}

async function setTheme(page: Page, theme: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  await pick(page, theme);
  await page.waitForTimeout(800);
}

describe('e2e: User Pools view and user browser', function () {
  this.timeout(300_000);
  let poolId: string;
  let page2: string[];
  const wb = useWorkbench({
    activityLabel: 'Cognito',
    env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    prepare: async (moto) => {
      poolId = await createPool(moto.endpoint, { name: POOL });
      await seedManyUsers(moto.endpoint, poolId, 130, { prefix: 'user' });
      // What the second page holds, straight from the server, so "Load more…" can be checked against it.
      const first = await idpClient(moto.endpoint).send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60 }));
      const second = await idpClient(moto.endpoint).send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken: first.PaginationToken }));
      page2 = (second.Users ?? []).map((u) => u.Username!);
      return {
        'cognitoExplorer.userPools.regions': ['us-east-1'],
        'cognitoExplorer.userPools.endpointUrl': moto.endpoint,
        'cognitoExplorer.attributeMap': { given_name: 'First name' },
        'files.simpleDialog.enable': true,
      };
    },
  });

  it('opens the User Pools view and loads more users', async () => {
    const { page } = wb();
    await page.locator('.activitybar .action-item .action-label[aria-label^="Cognito"]').first().click();
    const header = page.locator('.pane-header').filter({ hasText: 'User Pools' }).first();
    await header.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    // Give the User Pools view the room: the other views collapse.
    for (const other of ['Connections', 'Sessions', 'Resources']) {
      const h = page.locator('.pane-header').filter({ hasText: other }).first();
      if ((await h.getAttribute('aria-expanded')) === 'true') await h.click();
    }
    await row(page, POOL).waitFor({ state: 'visible', timeout: 30_000 });
    await row(page, POOL).click();
    await row(page, /^Users/).click();
    await row(page, 'user00000').waitFor({ state: 'visible', timeout: 30_000 });
    // The tree renders only the rows in view: End goes to "Load more…" at the bottom.
    await page.keyboard.press('End');
    const more = row(page, 'Load more…');
    await more.waitFor({ state: 'visible', timeout: 30_000 });
    await more.click();
    await row(page, page2[0]).waitFor({ state: 'attached', timeout: 30_000 }).catch(() => undefined);
    await page.keyboard.press('End');
    // The last user of the second page sits just above the new "Load more…" at the end.
    await row(page, page2[page2.length - 1]).waitFor({ state: 'visible', timeout: 30_000 });
    await row(page, 'Load more…').waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('filters the users on the server with the quick-input builder', async () => {
    const { page } = wb();
    await page.keyboard.press('Home');
    const users = row(page, /^Users/);
    await users.waitFor({ state: 'visible', timeout: 15_000 });
    await inlineAction(page, users, 'Filter Users');
    await pick(page, 'username');
    await pick(page, '^=');
    const input = quickInput(page);
    await input.fill('user001');
    await input.press('Enter');
    await row(page, /filter: username \^= "user001"/).waitFor({ state: 'visible', timeout: 30_000 });
    await row(page, 'user00105').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await treeRow(page, CONTAINER, 'user00005').count(), 0, 'users outside the filter are gone');
  });

  it('opens the user browser, searches, opens a user and disables them; the tree follows', async () => {
    const { page } = wb();
    await inlineAction(page, row(page, /^Users/), 'Open User Browser');
    const frame = webviewFrame(page);
    await frame.locator('#count').filter({ hasText: /^30 users$/ }).waitFor({ timeout: 60_000 });
    const search = frame.locator('#search');
    await search.fill('user00105');
    await frame.locator('#count').filter({ hasText: '1 of 30 users match "user00105"' }).waitFor({ timeout: 10_000 });
    await frame.locator('.rows .row[data-username="user00105"]').click();
    const details = frame.locator('#details');
    await details.getByRole('heading', { name: 'user00105' }).waitFor({ timeout: 30_000 });
    await details.getByText('First name (given_name)').waitFor();
    await details.locator('button[data-action="disable"]').click();
    const confirm = page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: /^Disable$/ });
    await confirm.waitFor({ state: 'visible', timeout: 15_000 });
    await confirm.click();
    await details.getByText('no (disabled)').waitFor({ timeout: 30_000 });
    await frame.locator('.rows .row.disabled-user[data-username="user00105"]').waitFor({ timeout: 10_000 });
    await row(page, 'user00105').filter({ hasText: /disabled/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'user-browser-disabled');
  });

  it('exports the current view to CSV and reads it back', async () => {
    const { page, server } = wb();
    const frame = webviewFrame(page);
    await frame.locator('#search').fill('');
    await frame.locator('#count').filter({ hasText: /^30 users$/ }).waitFor({ timeout: 10_000 });
    await frame.locator('.row.header .cell[data-key="username"]').click();
    await frame.locator('#export-csv').click();
    const input = quickInput(page);
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    const file = join(server.dirs.workspace, 'exported-users.csv');
    const valueIs = (test: string) => page.waitForFunction(`(document.querySelector('.quick-input-widget .quick-input-box input')?.value ?? '')${test}`, undefined, { timeout: 15_000 });
    // The simple file dialog fills in the suggested name itself; typing before it has would be overwritten.
    await valueIs(`.endsWith(${JSON.stringify(`${POOL}-users.csv`)})`);
    await input.fill(file);
    await valueIs(` === ${JSON.stringify(file)}`);
    await input.press('Enter');
    const status = frame.locator('#status').filter({ hasText: /^Saved 30 users to / });
    await status.waitFor({ timeout: 30_000 });
    assert.equal((await status.innerText()).replace(/^Saved 30 users to /, ''), file);
    assert.ok(existsSync(file), `${file} was written`);
    const lines = readFileSync(file, 'utf8').split('\r\n');
    assert.equal(lines[0], 'Username,email,Status,Enabled,Created');
    assert.equal(lines.length, 32, 'a header, 30 users and the final line break');
    assert.ok(lines[1].startsWith('user00100,user00100@example.com,FORCE_CHANGE_PASSWORD,yes,'), lines[1]);
    assert.ok(lines.some((l) => l.startsWith('user00105,user00105@example.com,FORCE_CHANGE_PASSWORD,no,')), 'the disabled user is exported as disabled');
  });

  it('takes the README screenshots (only with COGNITO_EXPLORER_SCREENSHOTS=1)', async function () {
    if (!SHOTS) this.skip();
    const { page } = wb();
    const shot = (name: string) => join(repoRoot, 'media', 'screenshots', `${name}.png`);
    const frame = webviewFrame(page);
    await frame.locator('.rows .row[data-username="user00105"]').click();
    await frame.locator('#details').getByRole('heading', { name: 'user00105' }).waitFor({ timeout: 30_000 });
    await row(page, 'user00105').click();
    await page.keyboard.press('ArrowRight');
    await row(page, /^Attributes/).click();
    await page.keyboard.press('ArrowRight');
    await row(page, /^First name/).waitFor({ timeout: 30_000 });
    for (const theme of ['Light Modern', 'Dark Modern']) {
      await setTheme(page, theme);
      const kind = theme.startsWith('Light') ? 'light' : 'dark';
      await page.locator('.part.editor').screenshot({ path: shot(`user-browser-${kind}`) });
      await page.locator('.part.sidebar').screenshot({ path: shot(`user-pools-${kind}`) });
    }
  });

  it('creates a user through the prompts: attributes ticked from the schema, each value checked; tree and browser gain the user in place', async () => {
    const { page } = wb();
    await runCommand(page, 'Cognito: Create User');
    await pick(page, POOL);
    const input = quickInput(page);
    await page.locator('.quick-input-widget').filter({ hasText: 'Username' }).waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('user001zz');
    await input.press('Enter');
    await pick(page, 'Create silently');
    // A multi-select quick pick's rows are checkboxes, not options.
    const option = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'First name' }).first();
    await option.waitFor({ state: 'visible', timeout: 30_000 });
    const box = option.locator('.quick-input-list-checkbox, input[type="checkbox"]');
    await ((await box.count()) ? box.first() : option).click();
    await input.press('Enter');
    await page.locator('.quick-input-widget').filter({ hasText: 'First name (given_name)' }).waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('x');
    await input.fill('');
    await page.locator('.quick-input-widget .quick-input-message').filter({ hasText: 'Type a value for First name, or go back and leave it out.' }).waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('Zed');
    await input.press('Enter');
    // The Users list is filtered by username ^= "user001", which the new user matches; the user browser too.
    await row(page, 'user001zz').waitFor({ state: 'visible', timeout: 30_000 });
    await webviewFrame(page).locator('#count').filter({ hasText: /^31 users$/ }).waitFor({ timeout: 30_000 });
    const got = await idpClient(wb().moto.endpoint).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user001zz' }));
    assert.equal(got.UserAttributes?.find((a) => a.Name === 'given_name')?.Value, 'Zed');
  });
});

