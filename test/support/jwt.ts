/** Well-formed JWTs with a (fake) signature part, for tests and benchmarks that need a token's shape: the editor scanner skips unsigned ones. */
export function fakeJwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'test' }): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part(header)}.${part(payload)}.${Buffer.from('not-a-real-signature').toString('base64url')}`;
}

/** An ID token's claims as Cognito shapes them, expiring `expiresInSec` from `nowSec`. */
export function idClaims(nowSec: number, expiresInSec = 3600, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: '3f2a9c1e-0000-4000-8000-000000000001',
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1',
    aud: 'testclient123',
    token_use: 'id',
    'cognito:username': 'alice',
    email: 'alice@example.com',
    auth_time: nowSec - 10,
    iat: nowSec,
    exp: nowSec + expiresInSec,
    ...extra,
  };
}
