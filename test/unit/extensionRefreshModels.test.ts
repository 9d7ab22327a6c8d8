/** The pure parts of the account and device commands: attribute parsing, wording, the device list. */
import assert from 'node:assert/strict';
import { deliveryText, editableAttributes, needsCode, parseAttributePairs, validateEmail } from '../../src/extension/account/accountModel';
import { parseConnections } from '../../src/extension/connections/connectionsModel';
import { deviceRows } from '../../src/extension/account/devicesModel';

describe('extension: account self-service helpers', () => {
  it('parses name=value pairs and names the first bad one', () => {
    assert.deepEqual(parseAttributePairs('name=Alice Example, custom:team=blue\nlocale = en-GB'), { attributes: { name: 'Alice Example', 'custom:team': 'blue', locale: 'en-GB' } });
    assert.deepEqual(parseAttributePairs('  '), { attributes: {} });
    assert.deepEqual(parseAttributePairs('website=https://x.example/?a=b'), { attributes: { website: 'https://x.example/?a=b' } });
    assert.deepEqual(parseAttributePairs('name=A, oops'), { problem: '"oops" is not name=value; write attributes like name=Alice, custom:team=blue.' });
    assert.deepEqual(parseAttributePairs('=x'), { problem: '"=x" is not name=value; write attributes like name=Alice, custom:team=blue.' });
    assert.deepEqual(parseAttributePairs('my name=x'), { problem: '"my name" is not an attribute name; use names like email, name or custom:team.' });
  });

  it('offers only attributes a user may change, standard ones first', () => {
    assert.deepEqual(editableAttributes({ sub: 's', 'custom:team': 'b', email_verified: 'true', name: 'A', email: 'a@x', identities: '[]' }), ['email', 'name', 'custom:team']);
    assert.equal(needsCode('email'), true);
    assert.equal(needsCode('phone_number'), true);
    assert.equal(needsCode('name'), false);
  });

  it('says where a code went, and checks emails', () => {
    assert.equal(deliveryText({ destination: 'a***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' }), ' to a***@e*** by email');
    assert.equal(deliveryText({ destination: '+*******1234', deliveryMedium: 'SMS' }), ' to +*******1234 by SMS');
    assert.equal(deliveryText(undefined), '');
    assert.equal(validateEmail(''), undefined);
    assert.equal(validateEmail('a@b.example'), undefined);
    assert.equal(validateEmail('alice'), '"alice" is not an email address.');
  });
});

describe('extension: remembered devices list', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  const devices = [
    { deviceKey: 'us-east-1_old', name: 'laptop', rememberedStatus: 'remembered', lastAuthenticatedAt: '2026-02-27T12:00:00Z', lastIp: '10.0.0.1', attributes: {} },
    { deviceKey: 'us-east-1_new', rememberedStatus: 'not_remembered', lastModifiedAt: '2026-03-01T11:30:00Z', attributes: {} },
    { deviceKey: 'us-east-1_this', name: 'Cognito Explorer', rememberedStatus: 'not_remembered', createdAt: '2026-01-01T00:00:00Z', attributes: {} },
  ];

  it('puts this editor first, then by last use, with the actions that make sense', () => {
    const rows = deviceRows(devices, 'us-east-1_this', now);
    assert.deepEqual(
      rows.map((r) => [r.label, r.description, r.detail, r.actions]),
      [
        ['Cognito Explorer', 'this editor · not remembered', 'last used 59 d 12 h ago · us-east-1_this', ['forget', 'remember']],
        ['us-east-1_new', 'not remembered', 'last used 30 min ago', ['forget', 'remember']],
        ['laptop', 'remembered', 'last used 2 d ago · from 10.0.0.1 · us-east-1_old', ['forget', 'notRemember']],
      ],
    );
    assert.deepEqual(rows.map((r) => r.current), [true, false, false]);
    assert.deepEqual(deviceRows([], undefined, now), []);
    assert.equal(deviceRows([{ deviceKey: 'k', attributes: {} }], undefined, now)[0].detail, 'never used');
  });
});

describe('extension: refresh-token rotation in the connection setting', () => {
  it('keeps refreshTokenRotation only when it is true', () => {
    const base = { name: 'rot', userPoolId: 'us-east-1_Rot1', clientId: 'rotclient' };
    const { connections } = parseConnections([{ ...base, id: 'a', refreshTokenRotation: true }, { ...base, id: 'b', name: 'b', refreshTokenRotation: 'yes' }]);
    assert.equal(connections[0].refreshTokenRotation, true);
    assert.equal('refreshTokenRotation' in connections[1], false);
  });
});
