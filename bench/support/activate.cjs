// Child process of bench/extension.bench.ts: times require() of the extension bundle and activate() with the
// vscode stub (a signed-in session restored from SecretStorage), and prints what it measured as one JSON line.
require('./vscodeStub.cjs');
const Module = require('node:module');

// The files node reads and compiles (a chunk carried inside dist/extension.js is a module, not a file read).
const read = [];
const js = Module._extensions['.js'];
Module._extensions['.js'] = function (module, file) {
  read.push(file);
  return js.call(this, module, file);
};
const t0 = process.hrtime.bigint();
const extension = require(process.argv[2]);
const t1 = process.hrtime.bigint();
const vscode = require('vscode');
const api = extension.activate(vscode.benchContext());
const t2 = process.hrtime.bigint();
api.sessions.ready.then(() => {
  const loaded = Object.keys(require.cache).filter((f) => f.includes('dist') || f.includes('node_modules'));
  const statusBar = api.statusBar.visible ? api.statusBar.item.text : null;
  const out = { requireMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6, signedIn: api.sessions.all().length, statusBar, loaded, read };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
});
