// One build: the extension and the CLI for Node (`vscode` external), and the webview for the browser (IIFE).
//
// The Node side is split so that activation and `--help` load only what they use: every `await import(...)` (the AWS
// SDK clients, jose, qrcode, panel hosts, CLI commands) becomes its own file, loaded when that code first runs, and
// code shared by several of them lives once in dist/chunks. esbuild splits only ESM output, and the extension host
// loads CommonJS, so each output file is then rewritten from ESM to CJS (`import()` becomes `require()`).
// test/unit/bundleSplit.test.ts fails when a heavy package creeps back into what dist/extension.js or dist/cli.js
// load up front.
import * as esbuild from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
export const NODE_TARGET = 'node22';
/** The files package.json's `main` and `bin` point at. */
export const NODE_ENTRIES = { extension: 'src/extension/extension.ts', cli: 'src/cli/main.ts' };
const SHEBANG = { cli: '#!/usr/bin/env node\n' };

/** esbuild options of the split Node build (ESM with splitting; `writeNodeOutputs` turns it into CJS files). */
export function nodeBuildOptions({ production = false } = {}) {
  return {
    absWorkingDir: root,
    entryPoints: NODE_ENTRIES,
    outdir: join(root, 'dist'),
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: NODE_TARGET,
    external: ['vscode'],
    // SDK packages ship both builds; prefer the ESM ones, which split into shared chunks.
    mainFields: ['module', 'main'],
    minify: production,
    // Inline here so the CJS rewrite can carry the mapping on to the .map file it writes.
    sourcemap: production ? false : 'inline',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    write: false,
  };
}

/**
 * esbuild's CJS interop copies every export of a module twice (`__toCommonJS` when it is defined, `__toESM` when it is
 * imported): for the SDK's chunk, ~850 getters each time, a tenth of a sign-in's CPU. Between our own chunks, which
 * all come from ESM and carry __esModule, the exports object can be handed over as it is.
 */
function withoutInteropCopies(code) {
  return code
    .replace(/\b__toESM\((require\("\.{1,2}\/[^"]+\.js"\))\)/g, '$1')
    .replace(/^module\.exports = __toCommonJS\((\w+)\);$/m, 'module.exports = __defProp($1, "__esModule", { value: true });');
}

/** Rewrites each ESM output file as CJS and writes it; stale chunks from earlier builds are removed first. */
export async function writeNodeOutputs(result, { production = false } = {}) {
  rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });
  await Promise.all(
    result.outputFiles.map(async (file) => {
      const name = basename(file.path, '.js');
      const options = { platform: 'node', target: NODE_TARGET, legalComments: 'none' };
      const cjs = await esbuild.transform(file.text, {
        ...options,
        format: 'cjs',
        supported: { 'dynamic-import': false },
        sourcemap: production ? false : 'external',
        sourcefile: relative(dirname(file.path), file.path),
      });
      let code = withoutInteropCopies(cjs.code);
      // Minified last, so the helpers above still have their names when they are rewritten; unused ones drop out.
      if (production) code = (await esbuild.transform(code, { ...options, format: 'cjs', minify: true, treeShaking: true })).code;
      mkdirSync(dirname(file.path), { recursive: true });
      const isEntry = dirname(file.path) === join(root, 'dist');
      const mapLine = cjs.map ? `//# sourceMappingURL=${name}.js.map\n` : '';
      writeFileSync(file.path, `${(isEntry && SHEBANG[name]) || ''}${code}${mapLine}`);
      if (cjs.map) writeFileSync(`${file.path}.map`, cjs.map);
      else rmSync(`${file.path}.map`, { force: true });
    }),
  );
}

/**
 * The output files `entry` (e.g. 'dist/extension.js') loads before its first line runs: itself and the chunks it
 * requires statically, transitively, with the metafile's inputs of each. Dynamic imports are not followed.
 */
export function loadedUpFront(metafile, entry) {
  const files = new Map();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop();
    const out = metafile.outputs[file];
    if (files.has(file) || !out) continue;
    files.set(file, { bytes: out.bytes, inputs: Object.keys(out.inputs) });
    for (const imp of out.imports) if (imp.kind === 'import-statement' && !imp.external) stack.push(imp.path);
  }
  return files;
}

function webviewOptions(production) {
  return {
    absWorkingDir: root,
    bundle: true,
    minify: production,
    sourcemap: production ? false : 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    legalComments: 'none',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { tokenPanel: 'webview/tokenPanel.ts', signInPanel: 'webview/signInPanel.ts', userBrowser: 'webview/userBrowser.ts' },
    outdir: join(root, 'dist', 'webview'),
  };
}

/** Extension-host tests run inside VS Code, which loads plain JS: one CJS file, everything it imports inside. */
function testOptions() {
  return {
    absWorkingDir: root,
    bundle: true,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    mainFields: ['module', 'main'],
    entryPoints: { 'test/suite/index': 'test/extensionHost/index.ts', 'test/runElectron': 'test/runElectron.ts' },
    outdir: join(root, 'out'),
    external: ['vscode', 'mocha', '@vscode/test-electron'],
  };
}

async function main() {
  const production = process.argv.includes('--production');
  const watch = process.argv.includes('--watch');
  const others = [webviewOptions(production), ...(process.argv.includes('--tests') ? [testOptions()] : [])];
  const node = nodeBuildOptions({ production });
  if (!watch) {
    const [result] = await Promise.all([esbuild.build(node), ...others.map((o) => esbuild.build(o))]);
    await writeNodeOutputs(result, { production });
    return;
  }
  const rewrite = {
    name: 'write-cjs',
    setup(build) {
      build.onEnd(async (result) => {
        if (result.errors.length === 0) await writeNodeOutputs(result, { production });
      });
    },
  };
  const contexts = await Promise.all([esbuild.context({ ...node, plugins: [rewrite] }), ...others.map((o) => esbuild.context(o))]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
