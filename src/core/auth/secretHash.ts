/** SECRET_HASH for app clients with a secret: base64(HMAC-SHA256(key = client secret, message = username + clientId)). */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  // node:crypto on first use: importing it costs ~5 ms at load, and this module is on the extension's activation path.
  return process.getBuiltinModule('node:crypto').createHmac('sha256', Buffer.from(clientSecret, 'utf8')).update(`${username}${clientId}`, 'utf8').digest('base64');
}
