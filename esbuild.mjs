// One build, three outputs: the extension and the CLI for Node (CJS, `vscode` external) and the webview for the browser (IIFE).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const node = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // SDK packages ship both builds; prefer the Node ones.
  mainFields: ['module', 'main'],
};

const targets = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { tokenPanel: 'webview/tokenPanel.ts', signInPanel: 'webview/signInPanel.ts', userBrowser: 'webview/userBrowser.ts' },
    outdir: 'dist/webview',
  },
];
if (withTests) {
  // Extension-host tests run inside VS Code, which loads plain JS.
  targets.push({
    ...node,
    entryPoints: { 'test/suite/index': 'test/extensionHost/index.ts', 'test/runElectron': 'test/runElectron.ts' },
    outdir: 'out',
    external: ['vscode', 'mocha', '@vscode/test-electron'],
  });
}

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
