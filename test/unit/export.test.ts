import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { UserFacingError } from '../../src/core/errors';
import { credentialEnv, quoteFish, quotePowerShell, toCredentialProcess, toShellExports } from '../../src/core/export/shell';
import type { IdentityCredentials } from '../../src/core/session';

const creds: IdentityCredentials = {
  identityId: 'us-east-1:0000-1111',
  accessKeyId: 'ASIAEXAMPLE123456789',
  secretAccessKey: 'wJalr/XUtnFEMI+K7MDENG=bPxRfiCY',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVz+ZWFzdC0x=',
  expiration: '2026-01-02T03:04:05.000Z',
};
const awkward = "it's a \"test\" with $HOME `id` $(id) \\ back\\slash and\nnewline; & | > *";

/** Evaluates the lines in a real bash and reads the variables back, so quoting is proven, not eyeballed. */
function bashEnv(script: string, names: string[]): Record<string, string> {
  const dump = names.map((n) => `printf '%s\\0' "$${n}"`).join('; ');
  const out = spawnSync('bash', ['--norc', '--noprofile', '-c', `${script}\n${dump}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  assert.equal(out.status, 0, out.stderr);
  const values = out.stdout.split('\0');
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

describe('credentialEnv', () => {
  it('holds the credentials, region twice and the expiry, in a stable order', () => {
    const env = credentialEnv(creds, { region: 'eu-west-1' });
    assert.deepEqual(env, {
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_SESSION_TOKEN: creds.sessionToken,
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_CREDENTIAL_EXPIRATION: creds.expiration,
    });
  });

  it('adds AWS_ENDPOINT_URL only for a connection with an endpoint', () => {
    assert.equal(credentialEnv(creds, { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' }).AWS_ENDPOINT_URL, 'http://127.0.0.1:5000');
    assert.equal('AWS_ENDPOINT_URL' in credentialEnv(creds, { region: 'us-east-1' }), false);
  });
});

describe('toShellExports', () => {
  it('writes bash export lines that a real bash evaluates to the exact values', () => {
    const text = toShellExports(creds, { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' });
    assert.match(text, /^export AWS_ACCESS_KEY_ID='ASIAEXAMPLE123456789'\n/);
    const names = Object.keys(credentialEnv(creds, { region: 'us-east-1', endpointUrl: 'x' }));
    assert.deepEqual(bashEnv(text, names), credentialEnv(creds, { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' }));
  });

  it('keeps quotes, spaces, $, backticks, backslashes and newlines literal in bash', () => {
    const tricky = { ...creds, sessionToken: awkward, secretAccessKey: "'", accessKeyId: "''a''" };
    const text = toShellExports(tricky, { region: 'us-east-1' }, 'bash');
    const got = bashEnv(text, ['AWS_SESSION_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID']);
    assert.equal(got.AWS_SESSION_TOKEN, awkward);
    assert.equal(got.AWS_SECRET_ACCESS_KEY, "'");
    assert.equal(got.AWS_ACCESS_KEY_ID, "''a''");
  });

  it('writes fish set -gx lines with backslash-escaped quotes', () => {
    const text = toShellExports({ ...creds, sessionToken: "a'b\\c" }, { region: 'us-east-1' }, 'fish');
    assert.match(text, /^set -gx AWS_ACCESS_KEY_ID 'ASIAEXAMPLE123456789'$/m);
    assert.match(text, /^set -gx AWS_SESSION_TOKEN 'a\\'b\\\\c'$/m);
    assert.equal(quoteFish("it's"), "'it\\'s'");
  });

  it('writes PowerShell $env: lines with doubled single quotes', () => {
    const text = toShellExports({ ...creds, sessionToken: "a'b $x" }, { region: 'us-east-1' }, 'powershell');
    assert.match(text, /^\$env:AWS_SESSION_TOKEN = 'a''b \$x'$/m);
    assert.equal(quotePowerShell('a\u2019b'), "'a\u2019\u2019b'");
  });

  it('writes cmd set lines and refuses values cmd cannot hold safely', () => {
    const text = toShellExports(creds, { region: 'us-east-1' }, 'cmd');
    assert.match(text, /^set "AWS_SECRET_ACCESS_KEY=wJalr\/XUtnFEMI\+K7MDENG=bPxRfiCY"$/m);
    assert.throws(() => toShellExports({ ...creds, sessionToken: '50%' }, { region: 'us-east-1' }, 'cmd'), (err: unknown) => {
      assert.ok(err instanceof UserFacingError);
      assert.match(err.message, /AWS_SESSION_TOKEN contains characters cmd\.exe cannot take safely/);
      assert.ok(!err.message.includes('50%'), 'the secret value is not echoed');
      return true;
    });
  });
});

describe('toCredentialProcess', () => {
  it('has exactly the shape the AWS CLI credential_process expects', () => {
    assert.deepEqual(toCredentialProcess(creds), {
      Version: 1,
      AccessKeyId: creds.accessKeyId,
      SecretAccessKey: creds.secretAccessKey,
      SessionToken: creds.sessionToken,
      Expiration: creds.expiration,
    });
  });
});
