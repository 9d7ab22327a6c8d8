/** Removes secrets from anything about to be logged. Applied to every log line by every Logger implementation. */

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\b/g;
const ACCESS_KEY = /\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g;
const SECRET_FIELDS =
  /("?(?:password|newPassword|PASSWORD|NEW_PASSWORD|previousPassword|proposedPassword|secret|clientSecret|ClientSecret|SECRET_HASH|secretAccessKey|SecretKey|SecretAccessKey|aws_secret_access_key|sessionToken|SessionToken|aws_session_token|refreshToken|RefreshToken|REFRESH_TOKEN|accessToken|AccessToken|idToken|IdToken|PASSWORD_CLAIM_SIGNATURE|SRP_A|SRP_B|SECRET_BLOCK|Session|session|token|Token)"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;}&]+)/g;

const known = new Set<string>();

/** Registers an exact secret value (a password the user typed, a token) so it is removed wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) known.add(value);
}

export function forgetSecret(value: string | undefined): void {
  if (value) known.delete(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(JWT, '[redacted-jwt]')
    .replace(ACCESS_KEY, (m) => `${m.slice(0, 4)}…[redacted]`)
    .replace(SECRET_FIELDS, (_m, key: string) => `${key}[redacted]`);
}

/** Formats any value (Error, object, string) for a log line, redacted. */
export function redactValue(value: unknown): string {
  if (value instanceof Error) return redact(value.stack ?? `${value.name}: ${value.message}`);
  if (typeof value === 'string') return redact(value);
  try {
    return redact(JSON.stringify(value));
  } catch {
    return redact(String(value));
  }
}
