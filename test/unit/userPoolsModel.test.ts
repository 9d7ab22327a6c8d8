import assert from 'node:assert/strict';
import { parseAttrMap } from '../../src/core/pools/attrMap';
import type { UserDetails } from '../../src/core/pools/users';
import { bullets, detailsDocument, mdText, signInSummary, warningLines } from '../../src/extension/pools/detailsText';
import type { AppClientDetails, PoolDetails } from '../../src/core/pools/pools';
import { parseAttributeMaps, parsePoolAccess, regionOfPool, targetFor } from '../../src/extension/pools/poolSettings';
import { columnOptions, detailsView, exportCsv, exportJson, statusText, toRow } from '../../src/extension/pools/userViews';

const ada: UserDetails = {
  username: 'ada',
  sub: 'aaaa-1111',
  status: 'CONFIRMED',
  enabled: true,
  created: new Date('2026-01-02T03:04:05Z'),
  attributes: { email: 'ada@example.com', given_name: 'Ada', 'custom:tier': '=HYPERLINK("x")', name: 'evil\u001b[2Jname' },
  groups: ['admins'],
  mfaOptions: [],
  devices: [{ key: 'us-east-1_dev', name: 'laptop', lastAuthenticated: new Date('2026-02-01T00:00:00Z') }],
};

describe('User Pools view: settings', () => {
  it('reads the admin access: profile, regions (invalid ones named and dropped), endpoint', () => {
    const { access, problems } = parsePoolAccess({ profile: ' dev-sso ', regions: ['eu-west-1', 'mars-1', 'eu-west-1'], endpointUrl: 'http://127.0.0.1:5000' });
    assert.deepEqual(access, { profile: 'dev-sso', regions: ['eu-west-1'], endpointUrl: 'http://127.0.0.1:5000', configured: true });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /"mars-1".*not an AWS region.*skipped\.$/);
    assert.deepEqual(parsePoolAccess({}).access, { regions: ['us-east-1'], configured: false });
    assert.equal(parsePoolAccess({ regions: ['us-east-1'], regionsSet: true }).access.configured, true);
    assert.match(parsePoolAccess({ endpointUrl: 'ftp://x' }).problems[0], /^cognitoExplorer\.userPools\.endpointUrl: /);
    assert.deepEqual(targetFor({ profile: 'p' }, 'us-east-1'), { region: 'us-east-1', profile: 'p' });
    assert.equal(regionOfPool('eu-central-1_AbC'), 'eu-central-1');
    assert.equal(regionOfPool('local_6mMsEx9W'), undefined);
  });

  it('merges the global attribute map with the pool\'s, and ignores an invalid one with one sentence', () => {
    const maps = parseAttributeMaps({ given_name: 'First name', email: 'E-mail' }, { 'us-east-1_A': { email: 'Work email' }, 'us-east-1_B': ['not', 'a', 'map'] });
    assert.equal(maps.forPool('us-east-1_A').entries.get('email'), 'Work email');
    assert.equal(maps.forPool('us-east-1_A').entries.get('given_name'), 'First name');
    assert.equal(maps.forPool('us-east-1_B').entries.get('email'), 'E-mail');
    assert.equal(maps.problems.length, 1);
    assert.match(maps.problems[0], /^The attribute map of pool us-east-1_B in cognitoExplorer\.attributeMapsByPool is ignored: /);
    const bad = parseAttributeMaps('nope', 7);
    assert.equal(bad.problems.length, 2);
    assert.equal(bad.forPool('x').entries.size, 0);
  });
});

describe('User Pools view: users as rows, details and exports', () => {
  it('makes rows of plain text: control characters escaped, dates as ISO', () => {
    const row = toRow(ada);
    assert.equal(row.created, '2026-01-02T03:04:05.000Z');
    assert.equal(row.attributes.name, 'evil\\x1b[2Jname');
    assert.equal(statusText({ status: 'FORCE_CHANGE_PASSWORD', enabled: false }), 'disabled · force change password');
  });

  it('offers base and attribute columns under their mapped names', () => {
    const map = parseAttrMap({ given_name: 'First name', 'custom:tier': 'Tier' }).map;
    const cols = columnOptions(map, ['custom:tier', 'custom:other']);
    assert.deepEqual(cols.slice(0, 5).map((c) => c.key), ['username', 'status', 'enabled', 'created', 'modified']);
    assert.equal(cols.find((c) => c.key === 'attr:given_name')?.title, 'First name');
    assert.equal(cols.find((c) => c.key === 'attr:custom:tier')?.title, 'Tier');
    assert.equal(cols.find((c) => c.key === 'attr:custom:other')?.title, 'custom:other');
  });

  it('details list attributes by mapped name, groups and devices', () => {
    const view = detailsView(ada, parseAttrMap({ given_name: 'First name' }).map);
    assert.deepEqual(view.attributes.find((a) => a.name === 'given_name'), { name: 'given_name', title: 'First name', value: 'Ada' });
    assert.deepEqual(view.groups, ['admins']);
    assert.deepEqual(view.devices, [{ key: 'us-east-1_dev', name: 'laptop', lastAuthenticated: '2026-02-01T00:00:00.000Z' }]);
    assert.equal(view.devicesUnavailable, undefined);
    const unread = detailsView({ ...ada, devices: [], devicesError: 'Devices are not shown.' }, parseAttrMap({}).map);
    assert.equal(unread.devicesUnavailable, true, 'the pane says "not available", not "none"');
    assert.deepEqual(unread.problems, ['Devices are not shown.']);
  });

  it('exports the view as RFC 4180 CSV with formula cells escaped, and as JSON with the titles', () => {
    const rows = [toRow(ada), toRow({ ...ada, username: 'bob, "the builder"', attributes: { email: 'bob@example.com' } })];
    const titles = new Map<`attr:${string}` | 'username', string>([['username', 'User'], ['attr:custom:tier', 'Tier']]);
    const csv = exportCsv(rows, ['username', 'attr:custom:tier'], titles);
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'User,Tier');
    assert.ok(lines[1].startsWith('ada,'));
    assert.ok(!lines[1].includes(',=HYPERLINK'), `formula escaped: ${lines[1]}`);
    assert.equal(lines[2], '"bob, ""the builder""",');
    assert.equal(lines[3], '');
    const json = JSON.parse(exportJson(rows, ['username', 'attr:custom:tier'], titles));
    assert.deepEqual(json[1], { User: 'bob, "the builder"', Tier: '' });
  });
});

describe('User Pools view: details documents', () => {
  it('renders plain data as Markdown that cannot inject links, HTML or emphasis', () => {
    assert.equal(mdText('[x](javascript:1) <b>*hi*</b>'), '\\[x\\](javascript:1) \\<b\\>\\*hi\\*\\</b\\>');
    const lines = bullets({ explicitAuthFlows: ['ALLOW_USER_SRP_AUTH'], hasSecret: true, created: new Date('2026-01-01T00:00:00Z'), empty: [], missing: undefined });
    assert.deepEqual(lines, ['- **Explicit Auth Flows**', '  - ALLOW\\_USER\\_SRP\\_AUTH', '- **Has Secret**: yes', '- **Created**: 2026-01-01T00:00:00.000Z']);
    assert.deepEqual(warningLines([{ severity: 'error', sentence: 'USER_SRP_AUTH is not enabled on this client: Sign In with SRP will fail.' }]), ['- ⛔ USER\\_SRP\\_AUTH is not enabled on this client: Sign In with SRP will fail.']);
    assert.match(detailsDocument('App client web', [{ heading: 'Sign-in preflight', lines: ['x'] }]), /^# App client web\n\n## Sign-in preflight\n\nx\n/);
  });

  it('sums up what decides a sign-in: secret, flows, attributes, validities, MFA, devices, policy, triggers, schema', () => {
    const pool = {
      id: 'us-east-1_A', name: 'p', region: 'us-east-1', usernameAttributes: ['email'], aliasAttributes: [], autoVerifiedAttributes: [], mfa: 'OPTIONAL',
      passwordPolicy: { minimumLength: 12, requireSymbols: true }, triggers: { PreSignUp: 'arn:aws:lambda:x' },
      schema: [{ name: 'email', required: true, mutable: true, custom: false }, { name: 'custom:tier', required: false, mutable: true, custom: true }],
      adminCreateUserOnly: false, issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A', accountRecovery: [],
      deviceTracking: { challengeRequiredOnNewDevice: true, onlyRememberedOnUserPrompt: true },
    } as PoolDetails;
    const client = {
      id: 'c', name: 'web', poolId: 'us-east-1_A', hasSecret: true, explicitAuthFlows: ['ALLOW_USER_SRP_AUTH'], readAttributes: ['email'], writeAttributes: [],
      accessToken: { value: 60, unit: 'minutes' }, idToken: { unit: 'hours' }, refreshToken: { value: 30, unit: 'days' }, tokenRevocation: true, refreshTokenRotation: false,
      supportedIdentityProviders: [], callbackUrls: [], logoutUrls: [], oauthFlows: [], oauthScopes: [],
    } as AppClientDetails;
    const lines = signInSummary(pool, client).join('\n');
    assert.match(lines, /Client secret\*\*: yes/);
    assert.match(lines, /Explicit auth flows\*\*: ALLOW\\_USER\\_SRP\\_AUTH/);
    assert.match(lines, /access 60 minutes, ID default, refresh 30 days/);
    assert.match(lines, /Device tracking\*\*: challenge on new devices, remembered when the user asks/);
    assert.match(lines, /Password policy\*\*: at least 12 characters, symbols/);
    assert.match(lines, /Lambda triggers\*\*: PreSignUp/);
    assert.match(lines, /Required attributes\*\*: email; custom attributes: custom:tier/);
  });
});
