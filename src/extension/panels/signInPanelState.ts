/**
 * Pure pieces of the sign-in experience (panel and palette): challenge views, prompt texts, the QR code, the trace
 * document. No `vscode` here, so unit tests cover them.
 */
import type { Challenge, ChallengeAnswer, SignInFlow, SignInStep } from '../../core/auth/flow';
import { formatTrace, type SignInTrace } from '../../core/auth/trace';
import type { Connection } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import type { AnswerParams, ChallengeView, ConnectionOption, FlowName, StepView } from '../../shared/signInProtocol';
import type { PasswordPolicyView } from '../../shared/passwordPolicy';
import { isQrSvg } from '../../shared/signInValidate';

/** The Cognito name of a flow, for log lines and the trace header. */
export function flowAuthName(flow: SignInFlow): string {
  return { srp: 'USER_SRP_AUTH', password: 'USER_PASSWORD_AUTH', admin: 'ADMIN_USER_PASSWORD_AUTH', custom: 'CUSTOM_AUTH', 'user-auth': 'USER_AUTH' }[flow];
}

/** Whether a flow cannot start without a password (custom and user-auth may). */
export function flowNeedsPassword(flow: FlowName, factor?: string): boolean {
  if (flow === 'srp' || flow === 'password' || flow === 'admin') return true;
  return flow === 'user-auth' && (factor === 'PASSWORD' || factor === 'PASSWORD_SRP');
}

/** The otpauth URI as an SVG QR code (quiet zone included, dark on light so phones read it on any theme). */
export async function qrSvgOf(otpauthUri: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
  if (!isQrSvg(svg)) throw new UserFacingError('The QR code for the authenticator app could not be drawn; type the secret shown instead.', 'QrCodeFailed');
  return svg;
}

/** The issuer authenticator apps show: the `issuer` parameter of the otpauth URI. */
export function issuerOf(otpauthUri: string): string {
  const match = /[?&]issuer=([^&]*)/.exec(otpauthUri);
  return match ? decodeURIComponent(match[1]) : '';
}

/** What the webview shows for a core challenge; MFA setup needs the QR code made first. */
export function challengeView(challenge: Challenge, qrSvg?: string, policy?: PasswordPolicyView): ChallengeView {
  switch (challenge.name) {
    case 'MFA_SETUP':
      if (!qrSvg) throw new Error('MFA setup needs its QR code');
      return { name: 'MFA_SETUP', qrSvg, secretCode: challenge.secretCode, issuer: issuerOf(challenge.otpauthUri) };
    case 'NEW_PASSWORD_REQUIRED':
      return { name: challenge.name, requiredAttributes: [...challenge.requiredAttributes], userAttributes: { ...challenge.userAttributes }, ...(policy ? { policy } : {}) };
    case 'SELECT_MFA_TYPE':
      return { name: challenge.name, choices: [...challenge.choices] };
    case 'CUSTOM_CHALLENGE':
      return { name: challenge.name, parameters: { ...challenge.parameters } };
    case 'SELECT_CHALLENGE':
      return { name: challenge.name, choices: challenge.choices.map((c) => ({ name: c.name, supported: c.supported, ...(c.note ? { note: c.note } : {}) })) };
    default:
      return {
        name: challenge.name,
        ...(challenge.destination ? { destination: challenge.destination } : {}),
        ...(challenge.deliveryMedium ? { deliveryMedium: challenge.deliveryMedium } : {}),
      };
  }
}

/** The step the webview renders next, from the core's step. */
export async function stepView(
  step: SignInStep,
  ctx: { connection: Connection; number: number; validFor: string; mfaSetUp: boolean; device: 'none' | 'offered' | 'remembered'; policy?: PasswordPolicyView },
): Promise<StepView> {
  if (step.kind === 'challenge') {
    const qr = step.challenge.name === 'MFA_SETUP' ? await qrSvgOf(step.challenge.otpauthUri) : undefined;
    return { kind: 'challenge', connectionName: ctx.connection.name, username: step.state.typedUsername, challenge: challengeView(step.challenge, qr, ctx.policy), number: ctx.number };
  }
  return {
    kind: 'done',
    connectionId: ctx.connection.id,
    connectionName: ctx.connection.name,
    username: step.username,
    validFor: ctx.validFor,
    mfaSetUp: ctx.mfaSetUp,
    device: ctx.device,
  };
}

/** The webview's answer as the core's ChallengeAnswer, with blank optional fields dropped. */
export function answerOf(params: AnswerParams): ChallengeAnswer {
  switch (params.name) {
    case 'NEW_PASSWORD_REQUIRED': {
      const attributes = Object.fromEntries(Object.entries(params.attributes ?? {}).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
      return { name: params.name, newPassword: params.newPassword, ...(Object.keys(attributes).length ? { attributes } : {}) };
    }
    case 'MFA_SETUP':
      return { name: params.name, code: params.code.trim(), ...(params.friendlyDeviceName?.trim() ? { friendlyDeviceName: params.friendlyDeviceName.trim() } : {}) };
    case 'SELECT_CHALLENGE':
      return { name: params.name, choice: params.choice, ...(params.password ? { password: params.password } : {}) };
    case 'SELECT_MFA_TYPE':
      return { name: params.name, choice: params.choice };
    case 'CUSTOM_CHALLENGE':
      return { name: params.name, answer: params.answer };
    default:
      return { name: params.name, code: params.code.trim() };
  }
}

/** The secrets inside an answer, to register with the log redactor before anything else happens. */
export function secretsOfAnswer(params: AnswerParams): string[] {
  switch (params.name) {
    case 'NEW_PASSWORD_REQUIRED':
      return [params.newPassword];
    case 'CUSTOM_CHALLENGE':
      return [params.answer];
    case 'SELECT_CHALLENGE':
      return params.password ? [params.password] : [];
    case 'SELECT_MFA_TYPE':
      return [];
    default:
      return [params.code];
  }
}

export function connectionOptions(connections: Connection[], signedInAs: (id: string) => string | undefined, tracksDevices: (id: string) => boolean): ConnectionOption[] {
  return connections.map((c) => {
    const user = signedInAs(c.id);
    return { id: c.id, name: c.name, userPoolId: c.userPoolId, ...(user ? { signedInAs: user } : {}), tracksDevices: tracksDevices(c.id) };
  });
}

/** How a step ended, for the trace header: "signed in", "waiting for SOFTWARE_TOKEN_MFA", "failed: …". */
export function outcomeOfStep(step: SignInStep | { error: string }): string {
  if ('error' in step) return `failed: ${step.error}`;
  return step.kind === 'done' ? 'signed in' : `waiting for ${step.challenge.name}`;
}

export interface TraceDocument {
  connectionName: string;
  username: string;
  flow: string;
  outcome: string;
  at: number;
  trace: SignInTrace;
}

/** The read-only document the "Sign-in trace" node opens: a header, then formatTrace() lines. */
export function traceDocumentText(entry: TraceDocument): string {
  return [
    `Sign-in trace: ${entry.connectionName}`,
    `User: ${entry.username}    Flow: ${entry.flow}    Started: ${new Date(entry.at).toISOString()}`,
    `Outcome: ${entry.outcome}`,
    'Parameter names as sent; values only where they are not secret, everything else reads [redacted].',
    '',
    ...(entry.trace.length ? formatTrace(entry.trace) : ['(no request reached Cognito)']),
    '',
  ].join('\n');
}

/** The palette's wording for a code challenge. */
export function codePrompt(challenge: { name: string; destination?: string; deliveryMedium?: string }): { title: string; prompt: string } {
  const where = challenge.destination ? ` sent to ${challenge.destination}` : challenge.deliveryMedium ? ` sent by ${challenge.deliveryMedium.toLowerCase()}` : '';
  switch (challenge.name) {
    case 'SOFTWARE_TOKEN_MFA':
      return { title: 'Authenticator code', prompt: 'The 6-digit code from your authenticator app' };
    case 'SMS_MFA':
    case 'SMS_OTP':
      return { title: 'SMS code', prompt: `The code${where || ' sent by SMS'}` };
    case 'EMAIL_OTP':
      return { title: 'Email code', prompt: `The code${where || ' sent by email'}` };
    default:
      return { title: challenge.name, prompt: `The code for ${challenge.name}` };
  }
}

/** Cognito's MFA type names, as people say them. */
export function mfaTypeLabel(name: string): string {
  return ({ SOFTWARE_TOKEN_MFA: 'Authenticator app (TOTP)', SMS_MFA: 'Text message (SMS)', EMAIL_OTP: 'Email' } as Record<string, string>)[name] ?? name;
}

/** USER_AUTH factor names, as people say them. */
export function factorLabel(name: string): string {
  return (
    ({ PASSWORD: 'Password', PASSWORD_SRP: 'Password (SRP)', EMAIL_OTP: 'Code by email', SMS_OTP: 'Code by SMS', WEB_AUTHN: 'Passkey (WebAuthn)' } as Record<string, string>)[name] ?? name
  );
}

/** Checks a new password twice typed by the palette (the panel checks its own confirm field). */
export function confirmProblem(first: string, second: string): string | undefined {
  return first === second ? undefined : 'The two passwords differ; type the same new password twice.';
}
