import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('extension package and entry', () => {
  it('registers exactly the commands package.json declares (scripts/checkCommands.mjs)', function () {
    this.timeout(10_000);
    const res = spawnSync(process.execPath, [join(root, 'scripts', 'checkCommands.mjs')], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, new RegExp(`${pkg.contributes.commands.length} commands declared and registered`));
  });

  it('gives every command the Cognito category and hides node-only commands from the palette', () => {
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'Cognito', c.command);
      assert.match(c.command, /^cognitoExplorer\.[a-z]+[A-Z][A-Za-z]*$/);
    }
    const hidden = pkg.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
    assert.ok(hidden.includes('cognitoExplorer.loadMore'));
    assert.ok(hidden.includes('cognitoExplorer.showErrorDetails'));
  });

  it('declares the view container, the four views and a welcome text with a button for each', () => {
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar.map((c: { id: string; title: string }) => [c.id, c.title]), [['cognitoExplorer', 'Cognito']]);
    const views = pkg.contributes.views.cognitoExplorer.map((v: { id: string }) => v.id);
    assert.deepEqual(views, ['cognitoExplorer.connections', 'cognitoExplorer.sessions', 'cognitoExplorer.resources', 'cognitoExplorer.userPools']);
    for (const view of views) {
      const welcomes = pkg.contributes.viewsWelcome.filter((w: { view: string }) => w.view === view);
      assert.ok(welcomes.length > 0, view);
      for (const w of welcomes) assert.match(w.contents, /\[[^\]]+\]\(command:cognitoExplorer\.\w+\)/);
    }
  });
});
