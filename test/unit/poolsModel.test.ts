import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayName, mapAttributes, mergeAttrMaps, parseAttrMap, parseAttrMapJson } from '../../src/core/pools/attrMap';
import { listAwsProfiles, parseIni, regionOfProfile, SsoSessionExpiredError } from '../../src/core/pools/adminTarget';
import { AdaptiveLimit } from '../../src/core/pools/listAll';
import { listUserPools, toAppClientDetails, toPoolDetails } from '../../src/core/pools/pools';
import { allowedFlows, preflight } from '../../src/core/pools/preflight';
import { generatePassword } from '../../src/core/pools/admin';
import { refusal } from '../support/assertions';
import { installTestProfile } from '../support/awsProfile';

describe('attribute maps', () => {
  it('renames mapped attributes, custom: ones included, and leaves the rest under their Cognito names', () => {
    const { map, error } = parseAttrMap({ given_name: 'First name', 'custom:tier': 'Tier' });
    assert.equal(error, undefined);
    assert.equal(displayName(map, 'given_name'), 'First name');
    assert.equal(displayName(map, 'custom:tier'), 'Tier');
    assert.equal(displayName(map, 'custom:team'), 'custom:team');
    assert.deepEqual(mapAttributes(map, { email: 'a@b', 'custom:tier': 'gold' }), { email: 'a@b', Tier: 'gold' });
  });

  it('an invalid map gets one sentence and is ignored', () => {
    const cases: [unknown, RegExp][] = [
      [['given_name'], /must be an object .* not an array; it was ignored\.$/],
      ['First name', /not a string; it was ignored\.$/],
      [{ given_name: 3 }, /display name for "given_name" must be a non-empty string \(it is a number\)/],
      [{ given_name: '' }, /\(it is empty\)/],
      [{ given_name: 'Name', family_name: 'name' }, /shows both "given_name" and "family_name" as "name"/],
      [{ '': 'x' }, /empty attribute name/],
    ];
    for (const [value, sentence] of cases) {
      const { map, error } = parseAttrMap(value);
      assert.match(error ?? '', sentence, JSON.stringify(value));
      assert.equal(error!.split('. ').length, 1, error);
      assert.equal(map.entries.size, 0);
    }
    assert.match(parseAttrMapJson('{not json').error!, /is not valid JSON/);
    assert.equal(parseAttrMap(undefined).error, undefined);
  });

  it('a pool\'s map overrides the global one and takes its display names', () => {
    const global = parseAttrMap({ given_name: 'First name', 'custom:tier': 'Level' }).map;
    const pool = parseAttrMap({ 'custom:plan': 'Level', family_name: 'Surname' }).map;
    const merged = mergeAttrMaps(global, pool);
    assert.deepEqual(Object.fromEntries(merged.entries), { given_name: 'First name', 'custom:plan': 'Level', family_name: 'Surname' });
    assert.equal(mergeAttrMaps(global), global);
  });
});

describe('AWS profiles', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('reads config and credentials files named by the environment, SSO profiles included, no keys in the result', async () => {
    const installed = installTestProfile('keys-only', {
      credentials: '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n[keys-only]\naws_access_key_id = AKID2\naws_secret_access_key = s2\n',
      config: [
        '[default]', 'region = eu-west-1',
        '[profile sso-dev]', 'sso_session = corp', 'sso_account_id = 111111111111', 'sso_role_name = Dev', 'region = us-west-2',
        '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1',
        '[profile assumed]', 'role_arn = arn:aws:iam::1:role/x', 'source_profile = default', '# a comment', 's3 =', '  region = nested',
        '[profile proc]', 'credential_process = /bin/true',
      ].join('\n'),
    });
    restore = installed.restore;
    const profiles = await listAwsProfiles();
    assert.deepEqual(profiles, [
      { name: 'default', kind: 'keys', region: 'eu-west-1' },
      { name: 'assumed', kind: 'role' },
      { name: 'keys-only', kind: 'keys' },
      { name: 'proc', kind: 'process' },
      { name: 'sso-dev', kind: 'sso', region: 'us-west-2' },
    ]);
    assert.ok(!JSON.stringify(profiles).includes('AKID'));
    assert.equal(await regionOfProfile('sso-dev'), 'us-west-2');
    process.env.AWS_PROFILE = 'sso-dev';
    assert.equal(await regionOfProfile(undefined), 'us-west-2');
    assert.deepEqual(await listAwsProfiles({ AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' }), []);
    assert.equal(parseIni('[a]\nk = v = w\n').get('a')?.k, 'v = w');
  });

  it('an expired SSO session says to run aws sso login for that profile (the real SDK reading a real token cache)', async () => {
    const installed = installTestProfile('sso-dev', {
      credentials: '',
      config: '[profile sso-dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Dev\nregion = us-east-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    });
    restore = installed.restore;
    const cache = join(installed.profile.dir, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true });
    const { createHash } = await import('node:crypto');
    writeFileSync(
      join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`),
      JSON.stringify({ accessToken: 'expired-token', expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl: 'https://corp.awsapps.com/start' }),
    );
    const err = await refusal(listUserPools({ region: 'us-east-1', profile: 'sso-dev', endpointUrl: 'http://127.0.0.1:9' }));
    assert.ok(err instanceof SsoSessionExpiredError, `${err.name}: ${err.message}`);
    assert.equal(err.message, 'Your AWS SSO session for profile sso-dev has expired: run aws sso login --profile sso-dev.');
  });

  it('a profile that does not exist is named in the sentence', async () => {
    restore = installTestProfile('present').restore;
    const err = await refusal(listUserPools({ region: 'us-east-1', profile: 'absent', endpointUrl: 'http://127.0.0.1:9' }));
    assert.match(err.message, /^Could not get AWS credentials from profile "absent"; check that it exists in ~\/\.aws\/config/);
  });
});

describe('preflight', () => {
  const pool = toPoolDetails(
    {
      Id: 'us-east-1_abc',
      Name: 'p',
      MfaConfiguration: 'ON',
      UsernameAttributes: ['email'],
      LambdaConfig: { DefineAuthChallenge: 'arn:aws:lambda:us-east-1:1:function:define' },
      SchemaAttributes: [
        { Name: 'sub', Required: true, Mutable: false },
        { Name: 'email', Required: true, Mutable: true },
        { Name: 'given_name', Required: true, Mutable: true },
      ],
      IssuerConfiguration: { Type: 'UPDATED' },
    },
    'us-east-1',
  );

  it('says which sign-ins will fail and why, most serious first', () => {
    const client = toAppClientDetails({ ClientId: 'c', ClientSecret: 'shh', ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH'], ReadAttributes: ['given_name'], WriteAttributes: ['email'], EnableTokenRevocation: false });
    const warnings = preflight(pool, client);
    const sentences = warnings.map((w) => w.sentence);
    assert.equal(warnings[0].severity, 'error');
    assert.equal(warnings[0].sentence, 'CUSTOM_AUTH needs the CreateAuthChallenge and VerifyAuthChallengeResponse triggers as well: custom sign-in will fail.');
    for (const s of [
      'USER_SRP_AUTH is not enabled on this client: Sign In with SRP will fail.',
      'REFRESH_TOKEN_AUTH is not enabled on this client: sessions cannot be refreshed, so users must sign in again when their tokens expire.',
      'email is not readable by this client: it will be missing from the ID token.',
      'given_name is required by the pool but this client cannot write it: sign-up and new-password answers that need it will fail.',
      'MFA is required in this pool: every sign-in asks for a code (or for MFA setup the first time).',
      'Token revocation is off for this client: Revoke will fail; signing out only forgets the tokens here.',
    ]) {
      assert.ok(sentences.includes(s), `missing: ${s}\n${sentences.join('\n')}`);
    }
    assert.ok(sentences.some((s) => s.startsWith('This client has a secret')));
    assert.ok(!sentences.some((s) => s.startsWith('sub ')));
    assert.ok(!JSON.stringify(client).includes('shh'));
    assert.equal(pool.issuer, 'https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_abc');
  });

  it('treats an empty flow list as Cognito\'s defaults and legacy names as their ALLOW_ forms', () => {
    assert.deepEqual([...allowedFlows({ explicitAuthFlows: [] })].sort(), ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    assert.ok(allowedFlows({ explicitAuthFlows: ['ADMIN_NO_SRP_AUTH'] }).has('ALLOW_ADMIN_USER_PASSWORD_AUTH'));
    const none = preflight(pool, toAppClientDetails({ ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] }));
    assert.equal(none[0].sentence, 'No sign-in flow is enabled on this client: every sign-in will fail until one is turned on under "Authentication flows".');
  });
});

describe('listing helpers', () => {
  it('AdaptiveLimit halves on throttling and climbs back one step per run of successes', () => {
    const limit = new AdaptiveLimit(8);
    limit.throttled();
    assert.equal(limit.current, 4);
    limit.throttled();
    limit.throttled();
    limit.throttled();
    assert.equal(limit.current, 1);
    limit.succeeded();
    assert.equal(limit.current, 2);
    for (let i = 0; i < 2; i++) limit.succeeded();
    assert.equal(limit.current, 3);
    for (let i = 0; i < 100; i++) limit.succeeded();
    assert.equal(limit.current, 8);
  });

  it('generated passwords meet every Cognito policy', () => {
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword(i % 2 ? 24 : 99);
      assert.ok(pw.length >= 24 && /[A-Z]/.test(pw) && /[a-z]/.test(pw) && /\d/.test(pw) && /[!#%+\-=?@^_]/.test(pw), pw);
    }
  });
});
