import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { cliBuildOptions, loadedUpFront, nodeBuildOptions, writeNodeOutputs } from '../../esbuild.mjs';

/** Packages that must load on first use only: never in what an entry file requires before it runs. */
const HEAVY = /node_modules\/(@aws-sdk|@smithy|@aws-crypto|jose|qrcode)\//;
/**
 * The modules outside the bundle that dist/extension.js may require before it runs: node loads these builtins while
 * it starts anyway. Others (node:crypto above all, ~5 ms with the streams it pulls in) load where they are used.
 */
const EAGER_EXTERNALS = ['vscode', 'node:async_hooks', 'node:events', 'node:fs', 'node:path', 'node:url', 'node:util'];

describe('bundle split (the real build, read from esbuild\'s metafile)', () => {
  let metafile: esbuild.Metafile;
  let cli: esbuild.Metafile;

  before(async function () {
    this.timeout(120_000);
    [metafile, cli] = (await Promise.all([esbuild.build(nodeBuildOptions({ production: true })), esbuild.build(cliBuildOptions({ production: true }))])).map((r) => r.metafile);
  });

  it('dist/cli.js requires no file of ours before it runs, and hands commands to dist/cli-run.js', () => {
    const out = cli.outputs['dist/cli.js'];
    assert.deepEqual(out.imports.filter((i) => !i.external), []);
    assert.deepEqual(out.imports.filter((i) => !i.path.startsWith('node:')).map((i) => [i.path, i.kind]), [['./cli-run.js', 'dynamic-import']]);
    assert.ok(metafile.outputs['dist/cli-run.js'], 'the split build has dist/cli-run.js');
    assert.deepEqual(Object.keys(out.inputs).filter((i) => HEAVY.test(i) || i.startsWith('src/core/')), [], 'no core module is copied into dist/cli.js');
  });

  for (const entry of ['dist/extension.js', 'dist/cli-run.js']) {
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
    const upFront = new Set([...loadedUpFront(metafile, 'dist/extension.js').keys(), ...loadedUpFront(metafile, 'dist/cli-run.js').keys()]);
    const lazy = Object.entries(metafile.outputs).filter(([file]) => !upFront.has(file) && file.endsWith('.js'));
    for (const pkg of ['@aws-sdk/client-cognito-identity-provider', '@aws-sdk/client-cognito-identity', '@aws-sdk/client-s3', 'jose', 'qrcode']) {
      assert.ok(lazy.some(([, out]) => Object.keys(out.inputs).some((i) => i.includes(`node_modules/${pkg}/`))), `${pkg} is in a lazily loaded file`);
    }
  });
});

/** Every output file dist/extension.js can reach, by static imports and dynamic ones. */
function reachable(metafile: esbuild.Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file) || !metafile.outputs[file]) continue;
    seen.add(file);
    for (const imp of metafile.outputs[file].imports) if (!imp.external) stack.push(imp.path);
  }
  return [...seen];
}

describe('dist/extension.js carries the chunks it needs up front (production build, run in plain node)', function () {
  this.timeout(180_000);
  let dir: string;
  let linked: string[];
  let lazy: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cognito-linked-'));
    const result = await esbuild.build(nodeBuildOptions({ production: true }));
    await writeNodeOutputs(result, { production: true, outdir: dir });
    const onDisk = (file: string) => join(dir, relative('dist', file));
    const upFront = new Set(loadedUpFront(result.metafile, 'dist/extension.js').keys());
    linked = [...upFront].filter((file) => file !== 'dist/extension.js').map(onDisk);
    lazy = reachable(result.metafile, 'dist/extension.js').filter((file) => !upFront.has(file) && file.endsWith('.js')).map(onDisk);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Loads the entry with `vscode` stubbed, then every lazy chunk; reports the files node read and compiled. */
  function load(): { atLoad: string[]; afterLazy: string[]; cached: boolean; same: boolean; cryptoAtLoad: boolean; cryptoAfter: boolean } {
    const script = `
      const Module = require('node:module');
      const read = [];
      const js = Module._extensions['.js'];
      Module._extensions['.js'] = function (m, file) { read.push(file); return js.call(this, m, file); };
      require(${JSON.stringify(join(dir, 'extension.js'))});
      const atLoad = [...read];
      const cryptoAtLoad = process.moduleLoadList.includes('NativeModule crypto');
      const linked = ${JSON.stringify(linked)};
      const cached = linked.every((file) => require.cache[file]?.loaded);
      const instances = linked.map((file) => require.cache[file]?.exports);
      for (const file of ${JSON.stringify(lazy)}) require(file);
      const same = linked.every((file, i) => require(file) === instances[i]);
      process.stdout.write(JSON.stringify({ atLoad, afterLazy: read.slice(atLoad.length), cached, same, cryptoAtLoad, cryptoAfter: process.moduleLoadList.includes('NativeModule crypto') }));`;
    // A file, not -e: node -e loads node:crypto itself.
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, script);
    const stub = join(__dirname, '..', '..', 'bench', 'support', 'vscodeStub.cjs');
    const res = spawnSync(process.execPath, ['-r', stub, probe], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(res.status, 0, res.stderr);
    return JSON.parse(res.stdout);
  }

  it('reads and compiles one file at load, and never a file whose chunk it carries', () => {
    assert.ok(linked.length > 5, `the entry requires chunks up front (${linked.length})`);
    const run = load();
    assert.deepEqual(run.atLoad, [join(dir, 'extension.js')]);
    assert.ok(run.cached, 'each carried chunk is in require.cache under its own file name');
    assert.ok(run.afterLazy.length > 10, `the lazy chunks were loaded from disk (${run.afterLazy.length})`);
    assert.deepEqual(run.afterLazy.filter((file) => linked.includes(file)), [], 'a lazy chunk loaded a second copy of a carried chunk');
    assert.ok(run.same, 'requiring a carried chunk by its file gives the instance the entry made');
  });

  it('does not load node:crypto until something uses it', () => {
    const run = load();
    assert.equal(run.cryptoAtLoad, false);
    assert.equal(run.cryptoAfter, true, 'the probe sees node:crypto once the lazy chunks (the SDK, SRP) are loaded');
  });
});
