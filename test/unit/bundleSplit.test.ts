import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { loadedUpFront, nodeBuildOptions } from '../../esbuild.mjs';

/** Packages that must load on first use only: never in what an entry file requires before it runs. */
const HEAVY = /node_modules\/(@aws-sdk|@smithy|@aws-crypto|jose|qrcode)\//;
/**
 * The modules outside the bundle that dist/extension.js may require before it runs: node loads these builtins while
 * it starts anyway. Others (node:crypto above all, ~5 ms with the streams it pulls in) load where they are used.
 */
const EAGER_EXTERNALS = ['vscode', 'node:async_hooks', 'node:events', 'node:fs', 'node:path', 'node:url', 'node:util'];

describe('bundle split (the real build, read from esbuild\'s metafile)', () => {
  let metafile: esbuild.Metafile;

  before(async function () {
    this.timeout(120_000);
    metafile = (await esbuild.build(nodeBuildOptions({ production: true }))).metafile;
  });

  for (const entry of ['dist/extension.js', 'dist/cli.js']) {
    it(`${entry} loads no AWS SDK, jose or qrcode before it runs`, () => {
      const upFront = loadedUpFront(metafile, entry);
      assert.ok(upFront.has(entry), `${entry} is an output of the build`);
      const heavy = [...upFront].flatMap(([file, { inputs }]) => inputs.filter((i) => HEAVY.test(i)).map((i) => `${file} <- ${i}`));
      assert.deepEqual(heavy.slice(0, 10), [], 'a static import pulled a heavy package into the entry; load it with await import() where it is used');
    });
  }

  it('dist/extension.js requires no node builtin before it runs but those node has loaded already', () => {
    const upFront = [...loadedUpFront(metafile, 'dist/extension.js').keys()];
    const externals = upFront.flatMap((file) => metafile.outputs[file].imports.filter((i) => i.external && i.kind !== 'dynamic-import').map((i) => i.path));
    assert.ok(externals.includes('vscode'), 'the metafile lists what the eager set requires from outside');
    const inputsOf = (path: string) => upFront.flatMap((file) => Object.keys(metafile.outputs[file].inputs)).filter((i) => metafile.inputs[i]?.imports.some((imp) => imp.path === path && imp.kind !== 'dynamic-import'));
    const unexpected = [...new Set(externals)].filter((path) => !EAGER_EXTERNALS.includes(path)).map((path) => `${path} <- ${inputsOf(path).join(', ')}`);
    assert.deepEqual(unexpected, [], 'load these where they are used (process.getBuiltinModule for a builtin)');
  });

  it('still builds the SDK clients, jose and qrcode, each reached only through a dynamic import', () => {
    const upFront = new Set([...loadedUpFront(metafile, 'dist/extension.js').keys(), ...loadedUpFront(metafile, 'dist/cli.js').keys()]);
    const lazy = Object.entries(metafile.outputs).filter(([file]) => !upFront.has(file) && file.endsWith('.js'));
    for (const pkg of ['@aws-sdk/client-cognito-identity-provider', '@aws-sdk/client-cognito-identity', '@aws-sdk/client-s3', 'jose', 'qrcode']) {
      assert.ok(lazy.some(([, out]) => Object.keys(out.inputs).some((i) => i.includes(`node_modules/${pkg}/`))), `${pkg} is in a lazily loaded file`);
    }
  });
});
