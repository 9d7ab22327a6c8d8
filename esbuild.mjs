// One build: the extension and the CLI for Node (`vscode` external), and the webview for the browser (IIFE).
//
// The Node side is split so that activation and each CLI command load only what they use: every `await import(...)` (the AWS
// SDK clients, jose, qrcode, panel hosts, CLI commands) becomes its own file, loaded when that code first runs, and
// code shared by several of them lives once in dist/chunks. esbuild splits only ESM output, and the extension host
// loads CommonJS, so each output file is then rewritten from ESM to CJS (`import()` becomes `require()`). Each entry
// file then carries the chunks it requires up front (`link`): activation reads one file, not ~25. dist/cli.js is
// built apart from that, into one file (see CLI_ENTRY). test/unit/bundleSplit.test.ts fails when a heavy package
// creeps back into what dist/extension.js or dist/cli-run.js load up front.
import * as esbuild from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
export const NODE_TARGET = 'node22';
/** The split build's entries: package.json's `main`, and the CLI's commands, which dist/cli.js hands over to. */
export const NODE_ENTRIES = { extension: 'src/extension/extension.ts', 'cli-run': 'src/cli/run.ts' };
/**
 * package.json's `bin`, built on its own into one file that needs no other: it answers --help and --version itself
 * (with nothing else to load, the whole process costs about what starting node does), and loads dist/cli-run.js for
 * everything else.
 */
export const CLI_ENTRY = 'src/cli/main.ts';
const SHEBANG = { cli: '#!/usr/bin/env node\n' };
/**
 * Beyond what it requires up front, an entry links the chunks of these sources (see `link`): `decode` without
 * --verify needs nothing but dist/cli.js and dist/cli-run.js (it went through 14 files).
 */
const LINKED_TOO = { 'dist/cli-run.js': ['src/cli/decodeCommand.ts'] };

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

/** main.ts's `import('./run')` is the split build's dist/cli-run.js, one copy of every module for both. */
const runFromSplitBuild = {
  name: 'cli-run-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/run$/ }, () => ({ path: './cli-run.js', external: true }));
  },
};

/** esbuild options of dist/cli.js: main.ts and what it imports statically (help text, the process's streams). */
export function cliBuildOptions({ production = false } = {}) {
  return { ...nodeBuildOptions({ production }), entryPoints: { cli: CLI_ENTRY }, splitting: false, plugins: [runFromSplitBuild] };
}

/** Both Node builds, written as CJS; returns their results (split build first). */
export async function buildNode({ production = false, outdir } = {}) {
  const results = await Promise.all([esbuild.build(nodeBuildOptions({ production })), esbuild.build(cliBuildOptions({ production }))]);
  await writeNodeOutputs(results, { production, outdir });
  return results;
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

const TRANSFORM = { platform: 'node', target: NODE_TARGET, legalComments: 'none' };

/** One output file as CJS: its code and, in development builds, its source map (to the TypeScript sources). */
async function toCjs(text, path, production) {
  const cjs = await esbuild.transform(text, {
    ...TRANSFORM,
    format: 'cjs',
    supported: { 'dynamic-import': false },
    sourcemap: production ? false : 'external',
    sourcefile: basename(path),
  });
  let code = withoutInteropCopies(cjs.code);
  // Minified last, so the helpers above still have their names when they are rewritten; unused ones drop out.
  if (production) code = (await esbuild.transform(code, { ...TRANSFORM, format: 'cjs', minify: true, treeShaking: true })).code;
  return { code, map: cjs.map ? JSON.parse(cjs.map) : undefined };
}

/**
 * Rewrites each ESM output file of one or more builds as CJS, links the entry files, and writes them to `outdir`
 * (dist/ unless a test asks for another place); a build that writes chunks removes stale chunks first.
 */
export async function writeNodeOutputs(results, { production = false, outdir = join(root, 'dist') } = {}) {
  const built = [results].flat();
  const outputFiles = built.flatMap((result) => result.outputFiles);
  if (outputFiles.some((file) => file.path.startsWith(join(root, 'dist', 'chunks')))) rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
  const files = new Map(
    await Promise.all(outputFiles.map(async (file) => [relative(root, file.path).split(sep).join('/'), await toCjs(file.text, file.path, production)])),
  );
  const written = new Map(files);
  for (const { metafile } of built) {
    for (const name of Object.keys(NODE_ENTRIES)) if (metafile.outputs[`dist/${name}.js`]) written.set(`dist/${name}.js`, await link(`dist/${name}.js`, files, metafile, production));
  }
  for (const [file, { code, map }] of written) {
    const path = join(outdir, relative('dist', file));
    mkdirSync(dirname(path), { recursive: true });
    const name = basename(file, '.js');
    const mapLine = map ? `//# sourceMappingURL=${name}.js.map\n` : '';
    writeFileSync(path, `${(file === `dist/${name}.js` && SHEBANG[name]) || ''}${code}${mapLine}`);
    if (map) writeFileSync(`${path}.map`, JSON.stringify(map));
    else rmSync(`${path}.map`, { force: true });
  }
}

/** What linked entry files call their chunks by (see `link`). */
const LINKED = '__linkedChunk';

/**
 * The part of a linked entry that loads its chunks; copied into the entry as source text, never run here. `chunks`
 * maps a chunk's path (from the entry's folder) to its code as a function of the module wrapper's parameters.
 */
function linkedChunkLoader(chunks) {
  const Module = require('node:module');
  const { dirname, join } = require('node:path');
  return (name) => {
    const filename = join(__dirname, name);
    const cached = require.cache[filename];
    if (cached) return cached.exports;
    const chunk = new Module(filename, module);
    chunk.filename = filename;
    chunk.paths = Module._nodeModulePaths(dirname(filename));
    require.cache[filename] = chunk;
    try {
      chunks[name].call(chunk.exports, chunk.exports, (id) => chunk.require(id), chunk, filename, dirname(filename));
    } catch (err) {
      delete require.cache[filename];
      throw err;
    }
    chunk.loaded = true;
    return chunk.exports;
  };
}

/**
 * Module loading is a cost of its own: node resolves, stats, reads and compiles each file, a few tenths of a ms
 * apiece, and activation needs ~25 chunks. So an entry file carries the chunks it requires up front, each run on its
 * first require as the module node would have made of that chunk's file: the same filename, registered in
 * require.cache before it runs (`linkedChunkLoader`). A chunk loaded later that requires one of those files gets that
 * same instance from the cache, so each module still exists once (instanceof holds across chunks). The chunk files
 * stay on disk, for that resolution and for the other entry. Returns the entry's linked code and source map.
 */
async function link(entry, files, metafile, production) {
  const outputOf = (input) => Object.keys(metafile.outputs).find((file) => metafile.outputs[file].entryPoint === input);
  const roots = [entry, ...(LINKED_TOO[entry] ?? []).map(outputOf)];
  const linked = [...new Set(roots.flatMap((file) => [...loadedUpFront(metafile, file).keys()]))].filter((file) => file !== entry);
  if (!linked.length) return files.get(entry);
  const entryDir = posix.dirname(entry);
  const nameOf = (file) => JSON.stringify(posix.relative(entryDir, file));
  const rewrite = (file) => {
    const { code } = files.get(file);
    // The require a linked chunk is given takes an id and nothing else (no resolve, cache or main).
    if (code.includes(LINKED) || /\brequire\.(resolve|cache|main|extensions)\b/.test(code)) throw new Error(`${file} cannot be linked into ${entry}`);
    return code.replace(/\brequire\("(\.{1,2}\/[^"]+\.js)"\)/g, (call, spec) => {
      const target = posix.join(posix.dirname(file), spec);
      return linked.includes(target) ? `${LINKED}(${nameOf(target)})` : call;
    });
  };
  let loader = `(${linkedChunkLoader})`;
  if (production) loader = (await esbuild.transform(loader, { ...TRANSFORM, minifyWhitespace: true, minifyIdentifiers: true })).code.replace(/;\s*$/, '');
  // Parenthesised functions, which V8 compiles at once instead of pre-parsing them first: they all run at load.
  const parts = [`var ${LINKED}=${loader}({\n`];
  for (const file of linked) parts.push(`${nameOf(file)}:(function(exports,require,module,__filename,__dirname){\n`, { file, code: rewrite(file) }, '\n}),\n');
  parts.push('});\n', { file: entry, code: rewrite(entry) });
  let code = '';
  const pieces = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      code += part;
      continue;
    }
    const { map } = files.get(part.file);
    if (map) pieces.push({ line: code.split('\n').length - 1, lineCount: part.code.split('\n').length, map: { ...map, sources: map.sources.map((s) => posix.relative(entryDir, posix.join(posix.dirname(part.file), s))) } });
    code += part.code;
  }
  return { code, map: pieces.length ? concatMaps(pieces) : undefined };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A source map's mappings as absolute segments per generated line: [column, source, line, column, name?]. */
function decodeMappings(mappings) {
  const state = [0, 0, 0, 0, 0];
  return mappings.split(';').map((line) => {
    state[0] = 0;
    return line
      ? line.split(',').map((segment) => {
          const fields = [];
          for (let i = 0, value = 0, shift = 0; i < segment.length; i++) {
            const digit = BASE64.indexOf(segment[i]);
            value += (digit & 31) << shift;
            if (digit & 32) shift += 5;
            else {
              const field = fields.length;
              state[field] += value & 1 ? -(value >>> 1) : value >>> 1;
              fields.push(state[field]);
              value = shift = 0;
            }
          }
          return fields;
        })
      : [];
  });
}

function encodeMappings(lines) {
  const state = [0, 0, 0, 0, 0];
  const vlq = (n) => {
    let v = n < 0 ? (-n << 1) | 1 : n << 1;
    let out = '';
    do {
      const digit = v & 31;
      v >>>= 5;
      out += BASE64[v ? digit | 32 : digit];
    } while (v);
    return out;
  };
  return lines
    .map((segments) => {
      state[0] = 0;
      const delta = (f, i) => {
        const d = f - state[i];
        state[i] = f;
        return vlq(d);
      };
      return segments.map((fields) => fields.map(delta).join('')).join(',');
    })
    .join(';');
}

/** One flat source map of maps that each start at column 0 of `line` (node cannot read index maps from a file). */
function concatMaps(pieces) {
  const lines = [];
  const sources = [];
  const names = [];
  for (const { line, lineCount, map } of pieces) {
    const source = sources.length;
    const name = names.length;
    sources.push(...map.sources);
    names.push(...(map.names ?? []));
    for (let i = 0; i < lineCount; i++) lines[line + i] = [];
    decodeMappings(map.mappings).forEach((segments, i) => {
      lines[line + i] = segments.map(([col, src, origLine, origCol, n]) => (src === undefined ? [col] : [col, src + source, origLine, origCol, ...(n === undefined ? [] : [n + name])]));
    });
    // An unmapped segment where each map starts, so a lookup before its first mapping does not land in the map before.
    if (!lines[line]?.length || lines[line][0][0] > 0) (lines[line] ??= []).unshift([0]);
  }
  return { version: 3, sources, names, mappings: encodeMappings(Array.from(lines, (segments) => segments ?? [[0]])) };
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
  if (!watch) {
    await Promise.all([buildNode({ production }), ...others.map((o) => esbuild.build(o))]);
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
  const node = [nodeBuildOptions({ production }), cliBuildOptions({ production })].map((o) => esbuild.context({ ...o, plugins: [...(o.plugins ?? []), rewrite] }));
  const contexts = await Promise.all([...node, ...others.map((o) => esbuild.context(o))]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
