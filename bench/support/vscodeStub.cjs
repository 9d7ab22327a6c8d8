// A small stand-in for the `vscode` module, enough to load dist/extension.js in plain node and call activate()
// (for timing module load and activation; the real API is exercised by the host and e2e suites).
// Preload with `node -r ./bench/support/vscodeStub.cjs`; COGNITO_BENCH_SETTINGS / COGNITO_BENCH_SECRETS (JSON) seed
// the configuration and SecretStorage, so a signed-in session can be restored as after a window reload.
const Module = require('node:module');

class Disposable {
  constructor(fn) { this.fn = fn; }
  static from(...ds) { return new Disposable(() => ds.forEach((d) => d.dispose())); }
  dispose() { this.fn?.(); this.fn = undefined; }
}
class EventEmitter {
  listeners = new Set();
  event = (fn) => { this.listeners.add(fn); return new Disposable(() => this.listeners.delete(fn)); };
  fire(v) { for (const fn of [...this.listeners]) fn(v); }
  dispose() { this.listeners.clear(); }
}
class TreeItem { constructor(label, collapsibleState) { this.label = label; this.collapsibleState = collapsibleState; } }
class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } static File = new ThemeIcon('file'); static Folder = new ThemeIcon('folder'); }
class ThemeColor { constructor(id) { this.id = id; } }
class MarkdownString { constructor(value = '') { this.value = value; } appendMarkdown(v) { this.value += v; return this; } appendText(v) { this.value += v; return this; } }
class Uri {
  constructor(scheme, path) { this.scheme = scheme; this.path = path; this.fsPath = path; }
  static file(p) { return new Uri('file', p); }
  static parse(s) { return new Uri(s.split(':')[0], s); }
  static from(c) { return new Uri(c.scheme, c.path ?? ''); }
  static joinPath(base, ...parts) { return new Uri(base.scheme, [base.path, ...parts].join('/')); }
  toString() { return `${this.scheme}:${this.path}`; }
}
const disposable = () => new Disposable();
const settings = JSON.parse(process.env.COGNITO_BENCH_SETTINGS ?? '{}');
const channel = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, appendLine() {}, show() {}, dispose() {} };

const vscode = {
  Disposable, EventEmitter, TreeItem, ThemeIcon, ThemeColor, MarkdownString, Uri,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  ConfigurationTarget: { Global: 1, Workspace: 2 },
  QuickInputButtons: { Back: {} },
  env: { clipboard: { readText: async () => '', writeText: async () => {} } },
  commands: { registerCommand: disposable, executeCommand: async () => undefined },
  window: {
    createOutputChannel: () => channel,
    createTreeView: () => ({ dispose() {}, onDidChangeVisibility: () => disposable() }),
    registerTreeDataProvider: disposable,
    createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
  },
  workspace: {
    getConfiguration: (section) => ({
      get: (key, fallback) => settings[`${section}.${key}`] ?? fallback,
      update: async () => {},
    }),
    onDidChangeConfiguration: () => disposable(),
    registerTextDocumentContentProvider: disposable,
    onDidCloseTextDocument: () => disposable(),
    onDidChangeTextDocument: () => disposable(),
  },
  languages: { registerHoverProvider: disposable, registerCodeLensProvider: disposable },
};

/** An ExtensionContext whose SecretStorage is seeded from COGNITO_BENCH_SECRETS. */
vscode.benchContext = () => {
  const secrets = new Map(Object.entries(JSON.parse(process.env.COGNITO_BENCH_SECRETS ?? '{}')));
  const changed = new EventEmitter();
  return {
    subscriptions: [],
    extension: { packageJSON: { version: 'bench' } },
    extensionUri: Uri.file(process.cwd()),
    logUri: Uri.file('/tmp'),
    globalState: { get: () => undefined, update: async () => {}, keys: () => [] },
    environmentVariableCollection: { persistent: true, description: undefined, clear() {}, replace() {}, forEach() {}, delete() {} },
    secrets: {
      get: async (k) => secrets.get(k),
      store: async (k, v) => { secrets.set(k, v); changed.fire({ key: k }); },
      delete: async (k) => { secrets.delete(k); changed.fire({ key: k }); },
      onDidChange: changed.event,
    },
  };
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
