/**
 * A JWT typed into an editor, as a person meets it: the hover says whose token it is and when it expires, the
 * "Decode token" lens opens the token panel, and the panel's expiry line and expiry row tick by themselves.
 */
import assert from 'node:assert/strict';
import { runCommand, screenshot, webviewFrame } from '../support/browser';
import { fakeJwt, idClaims } from '../support/jwt';
import { useWorkbench } from './workbench';

describe('e2e: tokens in the editor', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ activityLabel: 'Cognito' });

  it('hovers a token typed into a new file and decodes it from the lens; the expiry ticks', async () => {
    const { page } = wb();
    await runCommand(page, 'File: New Untitled Text File');
    const editor = page.locator('.monaco-editor textarea').first();
    await editor.waitFor({ state: 'attached', timeout: 15_000 });
    // Within a minute of its expiry from here on (either side), the relative times change every second.
    const token = fakeJwt(idClaims(Math.floor(Date.now() / 1000), 50, { 'cognito:username': 'erin', email: 'erin@example.com' }));
    await page.keyboard.insertText(`# pasted from a log\nAuthorization: Bearer ${token}\n`);

    const lens = page.locator('.codelens-decoration a', { hasText: 'Decode token' }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });

    await page.locator('.view-line', { hasText: 'Authorization: Bearer' }).first().hover({ position: { x: 260, y: 5 } });
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Cognito ID token' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    const hoverText = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.match(hoverText, /Cognito ID token of erin \(erin@example\.com\)/);
    assert.match(hoverText, /Pool: us-east-1_TestPool1 \(us-east-1\)/);
    assert.match(hoverText, /(expires in|Expired) \d+ s (ago )?\(20\d\d-/);
    await screenshot(page, 'editor-tokens-hover');
    await page.keyboard.press('Escape');

    await lens.click();
    const frame = webviewFrame(page);
    const expiry = frame.locator('[data-expiry]').first();
    await expiry.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('h1').innerText(), 'ID token of erin');
    const row = frame.locator('td.relative[data-claim="exp"]').first();
    const first = { line: await expiry.innerText(), row: await row.innerText() };
    assert.match(first.line, /^(Expires in \d+ s|Expired \d+ s ago)$/);
    await page.waitForTimeout(2_500);
    const later = { line: await expiry.innerText(), row: await row.innerText() };
    assert.notEqual(later.line, first.line, 'the expiry line ticks');
    assert.notEqual(later.row, first.row, 'the expiry row ticks');
    await screenshot(page, 'editor-tokens-panel');
  });
});
