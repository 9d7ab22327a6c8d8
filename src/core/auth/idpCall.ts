/** One Cognito user-pool call with a fresh client, its failure turned into one sentence. */
import { cognitoIdpClient, targetOf } from '../aws';
import type { Connection } from '../connection';
import { toUserFacing, type ErrorContext } from '../errors';
import { UserPoolClient } from '../userPoolClient';

export type Idp = Awaited<ReturnType<typeof cognitoIdpClient>>;

async function withClient<C, T>(connection: Connection, action: string, open: () => C | Promise<C>, close: (c: C) => void, fn: (c: C) => Promise<T>, ctx: Partial<ErrorContext>): Promise<T> {
  let client: C | undefined;
  try {
    client = await open();
    return await fn(client);
  } catch (err) {
    throw toUserFacing(err, { action, userPoolId: connection.userPoolId, clientId: connection.clientId, endpointUrl: connection.endpointUrl, ...ctx });
  } finally {
    if (client) close(client);
  }
}

/**
 * Runs `fn` with an unsigned SDK client for the connection (these operations are authorised by tokens or the
 * app client, not AWS credentials) and destroys it afterwards. `action` completes "Could not ..." sentences.
 */
export function withIdp<T>(connection: Connection, action: string, fn: (idp: Idp) => Promise<T>, ctx: Partial<ErrorContext> = {}): Promise<T> {
  return withClient(connection, action, () => cognitoIdpClient(targetOf(connection)), (idp) => idp.client.destroy(), fn, ctx);
}

/** Same as withIdp for the operations UserPoolClient speaks without the SDK (refresh, revoke, sign-out, devices). */
export function withUserPool<T>(connection: Connection, action: string, fn: (client: UserPoolClient) => Promise<T>, ctx: Partial<ErrorContext> = {}): Promise<T> {
  return withClient(connection, action, () => new UserPoolClient(targetOf(connection)), (client) => client.destroy(), fn, ctx);
}
