#!/usr/bin/env node
// `npm run demo`: set up, build and pack, then run test/support/demo.ts (moto + code-server) until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vsceArgs } from './vsix.mjs';
import { runOnProjectNode } from './node22.mjs';

// Everything below (mocha, tsx, code-server, the CLI) runs on the Node 22 the project needs.
runOnProjectNode('demo');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vsix = join(root, '.tmp', 'cognito-explorer.vsix');
// The banner says how long the whole start took, set-up included.
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', COGNITO_EXPLORER_VSIX: vsix, DEMO_STARTED_AT: String(Date.now()) };
let stepNumber = 0;

function step(label, args) {
  stepNumber += 1;
  console.log(`demo: [${stepNumber}/4] ${label}`);
  const res = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  if (res.status !== 0) {
    console.error(`demo: ${label} failed`);
    process.exit(res.status ?? 1);
  }
}

step('test tools (the first run installs them: a few minutes, with progress)', [join(root, 'scripts', 'setup.mjs')]);
step('building the extension and the CLI', ['esbuild.mjs', '--production']);
mkdirSync(dirname(vsix), { recursive: true });
rmSync(vsix, { force: true });
step('packing the .vsix', vsceArgs(root, vsix));
console.log('demo: [4/4] starting moto, the SRP-verifying front and code-server');

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'support', 'demo.ts')], { cwd: root, stdio: 'inherit', env });
// Forward signals even when they were sent to this process only; the child's stop is idempotent.
process.on('SIGINT', () => child.kill('SIGINT'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 0));
