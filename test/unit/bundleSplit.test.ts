import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { loadedUpFront, nodeBuildOptions } from '../../esbuild.mjs';

/** Packages that must load on first use only: never in what an entry file requires before it runs. */
const HEAVY = /node_modules\/(@aws-sdk|@smithy|@aws-crypto|jose|qrcode)\//;

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

  it('still builds the SDK clients, jose and qrcode, each reached only through a dynamic import', () => {
    const upFront = new Set([...loadedUpFront(metafile, 'dist/extension.js').keys(), ...loadedUpFront(metafile, 'dist/cli.js').keys()]);
    const lazy = Object.entries(metafile.outputs).filter(([file]) => !upFront.has(file) && file.endsWith('.js'));
    for (const pkg of ['@aws-sdk/client-cognito-identity-provider', '@aws-sdk/client-cognito-identity', '@aws-sdk/client-s3', 'jose', 'qrcode']) {
      assert.ok(lazy.some(([, out]) => Object.keys(out.inputs).some((i) => i.includes(`node_modules/${pkg}/`))), `${pkg} is in a lazily loaded file`);
    }
  });
});
