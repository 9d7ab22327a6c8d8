/**
 * Entry point VS Code loads as `extensionTestsPath` (code-server here, @vscode/test-electron elsewhere).
 * Suites are imported statically so esbuild bundles them; list every `*.test.ts` of this folder below the globals.
 */
import { HOST_TESTS_BEGIN } from '../support/hostProtocol';
import { mocha } from './mochaGlobals';
import './smoke.test';
import './extension.test';
import './signIn.test';
import './refresh.test';
import './signOut.test';
import './account.test';
import './devices.test';
import './clientMetadata.test';
import './tokenTools.test';
import './exports.test';
import './userPools.test';
import './identity.test';
import './views.test';
import './stall.test';
import './cognitoLocal.test';

export function run(): Promise<void> {
  console.log(HOST_TESTS_BEGIN);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
