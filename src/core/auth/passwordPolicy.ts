/** The password policy of a connection's pool, for new-password steps: read with DescribeUserPool when possible. */
import { cognitoIdpClient, targetOf, withCallScope } from '../aws';
import type { Connection } from '../connection';
import type { PasswordPolicyView } from '../../shared/passwordPolicy';

// Emulators accept any signature, so their pools are described with placeholder keys; AWS needs real credentials.
const EMULATOR_KEYS = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };
const POLICY_DEADLINE_MS = 4_000;

/**
 * The pool's policy, or undefined when it cannot be read (no AWS credentials, no permission, an emulator without
 * DescribeUserPool): then Cognito's own answer to a weak password is what the user sees. `profile` signs on AWS.
 */
export async function passwordPolicyOf(conn: Connection, opts: { profile?: string } = {}): Promise<PasswordPolicyView | undefined> {
  const target = { ...targetOf(conn, conn.endpointUrl ? EMULATOR_KEYS : undefined), ...(opts.profile && !conn.endpointUrl ? { profile: opts.profile } : {}) };
  try {
    const { sdk, client } = await cognitoIdpClient(target, true);
    try {
      const out = await withCallScope({ deadlineMs: POLICY_DEADLINE_MS }, () => client.send(new sdk.DescribeUserPoolCommand({ UserPoolId: conn.userPoolId })));
      const p = out.UserPool?.Policies?.PasswordPolicy;
      if (!p) return undefined;
      return {
        minimumLength: p.MinimumLength ?? 8,
        requireUppercase: p.RequireUppercase ?? false,
        requireLowercase: p.RequireLowercase ?? false,
        requireNumbers: p.RequireNumbers ?? false,
        requireSymbols: p.RequireSymbols ?? false,
      };
    } finally {
      client.destroy();
    }
  } catch {
    return undefined;
  }
}
