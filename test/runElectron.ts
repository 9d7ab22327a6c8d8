/**
 * Runs the extension-host suites in a downloaded VS Code (Electron) for contributors with internet access.
 * Build first with `node esbuild.mjs --tests`; then `npm run test:electron`. Offline machines use test/support/hostTests.ts (code-server).
 */
import { runTests } from '@vscode/test-electron';
import { join, resolve } from 'node:path';
import { startMoto } from './support/moto';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  const moto = await startMoto();
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? '1.103.2',
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'suite', 'index.js'),
      launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { COGNITO_EXPLORER_TEST_ENDPOINT: moto.endpoint },
    });
  } finally {
    await moto.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
