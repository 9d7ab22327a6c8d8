/** MFA settings of the signed-in user: authenticator-app (TOTP) setup outside sign-in, and the preferred factor. */
import type { Connection } from '../connection';
import { UserFacingError } from '../errors';
import { registerSecret } from '../redact';
import { withIdp } from './idpCall';

/** Makes the authenticator app (TOTP) the user's enabled and preferred MFA; call after an MFA_SETUP sign-in (SignInDone.mfaSetUp). */
export async function setTotpPreferred(connection: Connection, accessToken: string): Promise<void> {
  await withIdp(connection, 'make the authenticator app the preferred MFA', ({ sdk, client }) =>
    client.send(new sdk.SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })),
  );
}

/** Starts registering an authenticator app for a signed-in user: the secret and the otpauth URI for a QR code. */
export async function associateTotp(connection: Connection, accessToken: string, label: { issuer: string; username: string }): Promise<{ secretCode: string; otpauthUri: string }> {
  const out = await withIdp(connection, 'set up an authenticator app', ({ sdk, client }) => client.send(new sdk.AssociateSoftwareTokenCommand({ AccessToken: accessToken })));
  if (!out.SecretCode) throw new UserFacingError('Cognito did not return an authenticator secret; try again.', 'NoSecretCode');
  registerSecret(out.SecretCode);
  const issuer = encodeURIComponent(label.issuer);
  return {
    secretCode: out.SecretCode,
    otpauthUri: `otpauth://totp/${issuer}:${encodeURIComponent(label.username)}?secret=${encodeURIComponent(out.SecretCode)}&issuer=${issuer}`,
  };
}

/** Checks a code from the newly registered authenticator app; then setTotpPreferred turns it on. */
export async function verifyTotp(connection: Connection, accessToken: string, code: string, friendlyDeviceName?: string): Promise<void> {
  if (!code?.trim()) throw new UserFacingError('Enter the code from the authenticator app.', 'InvalidInput');
  const out = await withIdp(connection, 'verify the authenticator code', ({ sdk, client }) =>
    client.send(new sdk.VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code.trim(), ...(friendlyDeviceName ? { FriendlyDeviceName: friendlyDeviceName } : {}) })),
  );
  if (out.Status !== 'SUCCESS') throw new UserFacingError('The authenticator code was not accepted; check the device clock and enter a fresh code.', 'CodeMismatchException');
}
