/**
 * The sign-in trace: one entry per call to Cognito during a sign-in, for the host to show ("what did the
 * extension send?"). Parameter names are kept; values are kept only where they are known not to be secret.
 */

export type TracedOperation =
  | 'InitiateAuth'
  | 'RespondToAuthChallenge'
  | 'AdminInitiateAuth'
  | 'AdminRespondToAuthChallenge'
  | 'AssociateSoftwareToken'
  | 'VerifySoftwareToken'
  | 'ConfirmDevice'
  | 'UpdateDeviceStatus';

export interface SignInTraceEntry {
  /** Milliseconds since the epoch when the request was sent. */
  at: number;
  operation: TracedOperation;
  authFlow?: string;
  /** The challenge this request answers. */
  challengeName?: string;
  /** AuthParameters / ChallengeResponses (and Session, codes...) by name; secret values are "[redacted]". */
  parameters: Record<string, string>;
  /** Names of the ClientMetadata keys sent (their values may be anything, so they are not kept). */
  clientMetadataKeys?: string[];
  /** "challenge SMS_MFA", "tokens", "tokens + new device", "SUCCESS", or "error NotAuthorizedException". */
  outcome?: string;
  /** The challenge parameters Cognito returned, by name, redacted like the request. */
  returned?: Record<string, string>;
  durationMs?: number;
}

export type SignInTrace = SignInTraceEntry[];

export const REDACTED = '[redacted]';

// Values shown as they are: identifiers and choices, never proofs, codes, passwords, sessions or tokens.
const VISIBLE = new Set([
  'USERNAME',
  'USER_ID_FOR_SRP',
  'PREFERRED_CHALLENGE',
  'CHALLENGE_NAME',
  'CODE_DELIVERY_DELIVERY_MEDIUM',
  'CODE_DELIVERY_DESTINATION',
  'MFAS_CAN_SETUP',
  'MFAS_CAN_CHOOSE',
  'requiredAttributes',
  'AvailableChallenges',
  'FriendlyDeviceName',
  'DeviceName',
  'DeviceRememberedStatus',
]);

/** ANSWER is a menu choice in these challenges, but the secret answer itself in CUSTOM_CHALLENGE. */
const CHOICE_CHALLENGES = new Set(['SELECT_CHALLENGE', 'SELECT_MFA_TYPE']);

/** Redacts a parameter map for the trace. */
export function redactParameters(params: Record<string, unknown> | undefined, challengeName?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    const visible = VISIBLE.has(name) || (name === 'ANSWER' && challengeName !== undefined && CHOICE_CHALLENGES.has(challengeName));
    out[name] = visible ? (typeof value === 'string' ? value : JSON.stringify(value)) : REDACTED;
  }
  return out;
}

/** A readable one-line outcome of a Cognito answer. */
export function outcomeOf(response: { ChallengeName?: string; AuthenticationResult?: { NewDeviceMetadata?: unknown } } | undefined): string {
  if (response?.ChallengeName) return `challenge ${response.ChallengeName}`;
  if (response?.AuthenticationResult) return response.AuthenticationResult.NewDeviceMetadata ? 'tokens + new device' : 'tokens';
  return 'answered';
}

/** "1 InitiateAuth USER_SRP_AUTH {USERNAME=alice, SRP_A=[redacted]} -> challenge PASSWORD_VERIFIER", one line per entry (braces survive log redaction). */
export function formatTrace(trace: SignInTrace): string[] {
  return trace.map((e, i) => {
    const what = [e.operation, e.authFlow, e.challengeName].filter(Boolean).join(' ');
    const params = Object.entries(e.parameters).map(([k, v]) => `${k}=${v}`).join(', ');
    return `${i + 1} ${what} {${params}}${e.outcome ? ` -> ${e.outcome}` : ''}`;
  });
}
