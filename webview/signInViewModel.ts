/**
 * What the sign-in panel shows and sends, computed from plain values: no DOM, so mocha tests it directly and the
 * renderer only places text and reads fields.
 */
import { unmetPolicy } from '../src/shared/passwordPolicy';
import type { AnswerParams, ChallengeView, ConnectionOption, FactorName, FlowName, StartParams, StepView } from '../src/shared/signInProtocol';

export const FLOW_OPTIONS: readonly { value: FlowName; label: string }[] = [
  { value: 'srp', label: 'SRP — the password never leaves this machine (USER_SRP_AUTH)' },
  { value: 'password', label: 'Password (USER_PASSWORD_AUTH)' },
  { value: 'admin', label: 'Admin, signed with an AWS profile (ADMIN_USER_PASSWORD_AUTH)' },
  { value: 'custom', label: 'Custom challenges (CUSTOM_AUTH)' },
  { value: 'user-auth', label: 'Choice-based (USER_AUTH)' },
];

export const FACTOR_OPTIONS: readonly { value: FactorName | ''; label: string }[] = [
  { value: '', label: 'Let Cognito offer the choices' },
  { value: 'PASSWORD', label: 'Password' },
  { value: 'PASSWORD_SRP', label: 'Password (SRP)' },
  { value: 'EMAIL_OTP', label: 'Code by email' },
  { value: 'SMS_OTP', label: 'Code by SMS' },
];

const MFA_LABELS: Record<string, string> = { SOFTWARE_TOKEN_MFA: 'Authenticator app (TOTP)', SMS_MFA: 'Text message (SMS)', EMAIL_OTP: 'Email' };
const FACTOR_LABELS: Record<string, string> = {
  PASSWORD: 'Password',
  PASSWORD_SRP: 'Password (SRP)',
  EMAIL_OTP: 'Code by email',
  SMS_OTP: 'Code by SMS',
  WEB_AUTHN: 'Passkey (WebAuthn)',
};

export const mfaLabel = (name: string) => MFA_LABELS[name] ?? name;
export const factorLabel = (name: string) => FACTOR_LABELS[name] ?? name;

export function connectionLabel(c: ConnectionOption): string {
  return `${c.name} — ${c.userPoolId}${c.signedInAs ? ` (signed in as ${c.signedInAs})` : ''}`;
}

/** Which start-form fields apply to a flow (and, for user-auth, to the chosen factor). */
export function startFields(flow: FlowName, factor: string): { password: 'required' | 'optional' | 'hidden'; profile: boolean; factor: boolean } {
  switch (flow) {
    case 'admin':
      return { password: 'required', profile: true, factor: false };
    case 'custom':
      return { password: 'optional', profile: false, factor: false };
    case 'user-auth':
      return { password: factor === 'PASSWORD' || factor === 'PASSWORD_SRP' ? 'required' : 'hidden', profile: false, factor: true };
    default:
      return { password: 'required', profile: false, factor: false };
  }
}

export interface StartValues {
  connectionId: string;
  username: string;
  password: string;
  flow: FlowName;
  profile: string;
  factor: string;
  rememberDevice: boolean;
}

/** The start request, or the sentence saying what is missing (checked here so the user hears it before a round trip). */
export function startRequest(v: StartValues): { ok: true; params: StartParams } | { ok: false; error: string } {
  if (!v.connectionId) return { ok: false, error: 'Choose a connection; add one with "Cognito: Add Connection" if the list is empty.' };
  if (!v.username.trim()) return { ok: false, error: 'Enter the username.' };
  const fields = startFields(v.flow, v.factor);
  if (fields.password === 'required' && !v.password) return { ok: false, error: 'Enter the password.' };
  const params: StartParams = { connectionId: v.connectionId, username: v.username.trim(), flow: v.flow, rememberDevice: v.rememberDevice };
  if (fields.password !== 'hidden' && v.password) params.password = v.password;
  if (fields.profile && v.profile.trim()) params.profile = v.profile.trim();
  if (fields.factor && v.factor) params.factor = v.factor as FactorName;
  return { ok: true, params };
}

export interface ChallengeText {
  title: string;
  intro: string;
  submit: string;
}

/** Heading, explanation and button text of each challenge. */
export function challengeText(c: ChallengeView): ChallengeText {
  switch (c.name) {
    case 'NEW_PASSWORD_REQUIRED':
      return {
        title: 'Choose a new password',
        intro: `${
          c.requiredAttributes.length
            ? `Cognito requires a new password, and the pool needs ${c.requiredAttributes.join(', ')} with it.`
            : 'Cognito requires a new password before the first sign-in (the current one was temporary).'
        }${c.policy ? '' : " The pool's password policy could not be read here; Cognito checks it when you submit."}`,
        submit: 'Set password and continue',
      };
    case 'SOFTWARE_TOKEN_MFA':
      return { title: 'Authenticator code', intro: 'Enter the 6-digit code your authenticator app shows for this account.', submit: 'Verify' };
    case 'SMS_MFA':
    case 'SMS_OTP':
      return { title: 'SMS code', intro: `Enter the code sent${c.destination ? ` to ${c.destination}` : ' by text message'}.`, submit: 'Verify' };
    case 'EMAIL_OTP':
      return { title: 'Email code', intro: `Enter the code sent${c.destination ? ` to ${c.destination}` : ' by email'}.`, submit: 'Verify' };
    case 'SELECT_MFA_TYPE':
      return { title: 'Choose a second factor', intro: 'This account has more than one second factor; choose the one to use now.', submit: 'Continue' };
    case 'MFA_SETUP':
      return {
        title: 'Set up an authenticator app',
        intro: 'This pool requires MFA. Scan the QR code with an authenticator app (or type the secret into it), then enter the code it shows.',
        submit: 'Verify and turn on',
      };
    case 'CUSTOM_CHALLENGE':
      return { title: 'Custom challenge', intro: "The pool's Lambda triggers ask a question; its parameters are below.", submit: 'Answer' };
    case 'SELECT_CHALLENGE':
      return { title: 'How do you want to sign in?', intro: 'Cognito offers these ways to sign in for this account.', submit: 'Continue' };
  }
}

/** The secret in groups of four, easier to type into an app. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

export interface AnswerValues {
  newPassword?: string;
  confirmPassword?: string;
  attributes?: Record<string, string>;
  code?: string;
  choice?: string;
  friendlyDeviceName?: string;
  answer?: string;
  password?: string;
}

/** The answer request for the challenge shown, or the sentence saying what is missing. */
export function answerRequest(c: ChallengeView, v: AnswerValues): { ok: true; params: AnswerParams } | { ok: false; error: string } {
  switch (c.name) {
    case 'NEW_PASSWORD_REQUIRED': {
      if (!v.newPassword) return { ok: false, error: 'Enter the new password.' };
      const unmet = c.policy ? unmetPolicy(c.policy, v.newPassword) : undefined;
      if (unmet) return { ok: false, error: `The pool's password policy asks for ${unmet}; change the new password.` };
      if (v.newPassword !== v.confirmPassword) return { ok: false, error: 'The two passwords differ; type the same new password twice.' };
      const attributes = Object.fromEntries(Object.entries(v.attributes ?? {}).map(([k, val]) => [k, val.trim()]).filter(([, val]) => val !== ''));
      const missing = c.requiredAttributes.filter((a) => !attributes[a]);
      if (missing.length) return { ok: false, error: `Fill in ${missing.join(', ')}; the pool requires ${missing.length === 1 ? 'it' : 'them'}.` };
      return { ok: true, params: { name: c.name, newPassword: v.newPassword, ...(Object.keys(attributes).length ? { attributes } : {}) } };
    }
    case 'SELECT_MFA_TYPE':
      if (!v.choice) return { ok: false, error: 'Choose a second factor.' };
      return { ok: true, params: { name: c.name, choice: v.choice } };
    case 'MFA_SETUP': {
      const code = (v.code ?? '').replace(/\s+/g, '');
      if (!code) return { ok: false, error: 'Enter the code from the authenticator app.' };
      const friendly = v.friendlyDeviceName?.trim();
      return { ok: true, params: { name: c.name, code, ...(friendly ? { friendlyDeviceName: friendly } : {}) } };
    }
    case 'CUSTOM_CHALLENGE':
      if (!v.answer) return { ok: false, error: 'Enter the answer to the challenge.' };
      return { ok: true, params: { name: c.name, answer: v.answer } };
    case 'SELECT_CHALLENGE': {
      const picked = c.choices.find((x) => x.name === v.choice);
      if (!picked) return { ok: false, error: 'Choose how to sign in.' };
      if (!picked.supported) return { ok: false, error: picked.note ?? `${factorLabel(picked.name)} is not supported in the editor; choose another way.` };
      if (picked.name === 'PASSWORD' || picked.name === 'PASSWORD_SRP') {
        if (!v.password) return { ok: false, error: 'Enter the password.' };
        return { ok: true, params: { name: c.name, choice: picked.name, password: v.password } };
      }
      return { ok: true, params: { name: c.name, choice: picked.name } };
    }
    default: {
      const code = (v.code ?? '').replace(/\s+/g, '');
      if (!code) return { ok: false, error: 'Enter the code.' };
      return { ok: true, params: { name: c.name, code } };
    }
  }
}

/** One line under "Signed in as …". */
export function doneLines(step: Extract<StepView, { kind: 'done' }>): string[] {
  return [
    `The tokens are in SecretStorage and ${step.validFor}.`,
    step.mfaSetUp ? 'The authenticator app is now the second factor of this account.' : '',
    step.device === 'remembered' ? 'This device is remembered: later sign-ins answer the device challenge by themselves.' : '',
    step.device === 'offered' ? 'This pool tracks devices; you can remember this one.' : '',
  ].filter(Boolean);
}

/** Whether a step replaces the one shown (a new kind, or the next challenge) rather than only refreshing it. */
export function isNewStep(before: StepView | undefined, after: StepView): boolean {
  if (!before || before.kind !== after.kind) return true;
  if (before.kind === 'challenge' && after.kind === 'challenge') return before.number !== after.number || before.challenge.name !== after.challenge.name;
  if (before.kind === 'done' && after.kind === 'done') return before.connectionId !== after.connectionId || before.username !== after.username || before.device !== after.device;
  return false;
}
