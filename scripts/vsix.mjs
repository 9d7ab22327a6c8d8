// How the test runner and the demo pack the extension (offline: no repository URL, README links left relative).
import { join } from 'node:path';

export function vsceArgs(root, out) {
  return [
    join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '--skip-license',
    '-o',
    out,
  ];
}
