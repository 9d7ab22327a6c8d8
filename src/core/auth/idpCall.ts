/** One Cognito user-pool call with a fresh client, its failure turned into one sentence. */
import { cognitoIdpClient, targetOf } from '../aws';
import type { Connection } from '../connection';
import { toUserFacing, type ErrorContext } from '../errors';

export type Idp = Awaited<ReturnType<typeof cognitoIdpClient>>;

/**
 * Runs `fn` with an unsigned client for the connection (these operations are authorised by tokens or the
 * app client, not AWS credentials) and destroys it afterwards. `action` completes "Could not ..." sentences.
 */
export async function withIdp<T>(connection: Connection, action: string, fn: (idp: Idp) => Promise<T>, ctx: Partial<ErrorContext> = {}): Promise<T> {
  let idp: Idp | undefined;
  try {
    idp = await cognitoIdpClient(targetOf(connection));
    return await fn(idp);
  } catch (err) {
    throw toUserFacing(err, { action, userPoolId: connection.userPoolId, clientId: connection.clientId, endpointUrl: connection.endpointUrl, ...ctx });
  } finally {
    idp?.client.destroy();
  }
}
