import { createHmac } from 'node:crypto';

/** SECRET_HASH for app clients with a secret: base64(HMAC-SHA256(key = client secret, message = username + clientId)). */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', Buffer.from(clientSecret, 'utf8')).update(`${username}${clientId}`, 'utf8').digest('base64');
}
