import assert from 'node:assert/strict';
import { activityBarItem, runCommand } from '../support/browser';
import { useWorkbench } from './workbench';

describe('e2e smoke: the packed extension in code-server', function () {
  this.timeout(120_000);
  const wb = useWorkbench();

  it('shows the Cognito view container in the activity bar', async () => {
    const item = activityBarItem(wb().page, 'Cognito');
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await item.getAttribute('aria-label')) ?? '', /^Cognito/);
  });

  it('lists the extension among the enabled extensions', async () => {
    await runCommand(wb().page, 'Extensions: Show Enabled Extensions');
    const row = wb().page.locator('.extensions-viewlet .monaco-list-row').filter({ hasText: 'Cognito Explorer' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
  });
});
