/** Many users in one pool, fast: bare AdminCreateUser calls (no invitation) a few at a time. */
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { idpClient } from './seed';

/** Creates `count` users named `${prefix}00000`… with an email and a given_name; resolves to their usernames. */
export async function seedManyUsers(endpoint: string, poolId: string, count: number, opts: { prefix?: string; parallel?: number; onProgress?(done: number): void } = {}): Promise<string[]> {
  const idp = idpClient(endpoint);
  const prefix = opts.prefix ?? 'user';
  const names = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      await idp.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: name,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: `${name}@example.com` },
            { Name: 'given_name', Value: `Given ${name}` },
          ],
        }),
      );
      done++;
      if (done % 500 === 0) opts.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: opts.parallel ?? 8 }, worker));
  idp.destroy();
  return names;
}
