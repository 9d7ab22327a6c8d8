import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ENDPOINT_ENV } from '../support/hostProtocol';

describe('extension host smoke', () => {
  it('runs inside VS Code 1.103, whose extension host is Node 22', () => {
    assert.match(vscode.version, /^1\.103\./);
    assert.equal(process.versions.node.split('.')[0], '22');
  });

  it('has Cognito Explorer loaded from the development path', async () => {
    const ext = vscode.extensions.getExtension('cognito-explorer.cognito-explorer');
    assert.ok(ext, 'extension cognito-explorer.cognito-explorer is not loaded');
    assert.equal(ext.packageJSON.displayName, 'Cognito Explorer');
  });

  it('receives the emulator endpoint from the runner', async () => {
    const endpoint = process.env[ENDPOINT_ENV];
    assert.ok(endpoint, 'COGNITO_EXPLORER_TEST_ENDPOINT is not set');
    const res = await fetch(`${endpoint}/moto-api/data.json`);
    assert.equal(res.status, 200);
  });
});
