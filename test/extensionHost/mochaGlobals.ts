// Evaluated before any test file (index.ts imports it first), so `describe`/`it` exist when the suites load.
import Mocha from 'mocha';
import { join } from 'node:path';
import { repoRoot } from '../support/paths';

export const mocha = new Mocha({
  ui: 'bdd',
  color: false,
  timeout: 30_000,
  // Loaded by path at run time: it must share this mocha instance from the root node_modules.
  reporter: join(repoRoot, 'test', 'support', 'summaryReporter.cjs'),
  ...(process.env.MOCHA_GREP ? { grep: process.env.MOCHA_GREP } : {}),
});
mocha.suite.emit('pre-require', globalThis, 'extension-host', mocha);
