import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

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

  it('keeps the AWS SDK out of what activation loads (only dynamic imports reach it)', async function () {
    this.timeout(30_000);
    const result = await esbuild.build({
      entryPoints: [join(root, 'src', 'extension', 'extension.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      logLevel: 'silent',
      absWorkingDir: root,
    });
    const inputs = result.metafile.inputs;
    const reached = new Set<string>();
    const stack = ['src/extension/extension.ts'];
    while (stack.length) {
      const file = stack.pop()!;
      if (reached.has(file) || !inputs[file]) continue;
      reached.add(file);
      for (const imp of inputs[file].imports) if (imp.kind !== 'dynamic-import' && !imp.external) stack.push(imp.path);
    }
    assert.ok(reached.has('src/extension/commands/session.ts'), 'the walk covers the command modules');
    const sdk = [...reached].filter((f) => /node_modules\/@(aws-sdk|smithy)\//.test(f));
    assert.deepEqual(sdk, []);
    // The SDK is in the bundle, just behind dynamic imports.
    assert.ok(Object.keys(inputs).some((f) => f.includes('@aws-sdk/client-s3')));
  });
});
