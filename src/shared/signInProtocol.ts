/**
 * The sign-in panel's message protocol, declared once for the host (src/extension) and the webview (webview/).
 * Plain types and constants only: compiled for Node and for the browser, so it imports only other shared files.
 *
 * Passwords, codes and answers travel webview -> host only, as request params; the host never sends them back.
 * The one secret the host sends is the authenticator secret of MFA setup, which the user must see to type it in.
 */
import type { PasswordPolicyView } from './passwordPolicy';
import { CODE_CHALLENGE_NAMES, type ChallengeAnswer, type CodeChallengeName } from './challenges';

export type FlowName = 'srp' | 'password' | 'admin' | 'custom' | 'user-auth';
export const FLOW_NAMES: readonly FlowName[] = ['srp', 'password', 'admin', 'custom', 'user-auth'];

/** The factors a user can pick up front in choice-based sign-in (USER_AUTH); WEB_AUTHN cannot run in the editor. */
export type FactorName = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP';
export const FACTOR_NAMES: readonly FactorName[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP'];

export { CODE_CHALLENGE_NAMES, type CodeChallengeName };

export interface ConnectionOption {
  id: string;
  name: string;
  userPoolId: string;
  /** Who is signed in through it now, if anyone. */
  signedInAs?: string;
  /** A sign-in through it announced a new device before: offer "Remember this device" up front. */
  tracksDevices: boolean;
}

export interface SelectableFactorView {
  name: string;
  supported: boolean;
  note?: string;
}

/** The challenge the user must answer, as the form shows it. */
export type ChallengeView =
  | {
      name: 'NEW_PASSWORD_REQUIRED';
      requiredAttributes: string[];
      userAttributes: Record<string, string>;
      /** The pool's password policy when the host could read it (DescribeUserPool); the panel checks it while typing. */
      policy?: PasswordPolicyView;
    }
  | { name: CodeChallengeName; destination?: string; deliveryMedium?: string }
  | { name: 'SELECT_MFA_TYPE'; choices: string[] }
  | {
      name: 'MFA_SETUP';
      /** The otpauth URI as a QR code: an SVG made of <path> elements only (checked on both sides). */
      qrSvg: string;
      /** The same secret as text, for typing into an authenticator app. */
      secretCode: string;
      issuer: string;
    }
  | { name: 'CUSTOM_CHALLENGE'; parameters: Record<string, string> }
  | { name: 'SELECT_CHALLENGE'; choices: SelectableFactorView[] };

export type ChallengeViewName = ChallengeView['name'];

export type StepView =
  | { kind: 'form' }
  | {
      kind: 'challenge';
      connectionName: string;
      username: string;
      challenge: ChallengeView;
      /** Counts the challenges of this sign-in, so the webview knows a repeated challenge (custom loops) is a new one. */
      number: number;
    }
  | {
      kind: 'done';
      connectionId: string;
      connectionName: string;
      username: string;
      /** "valid for 60 min". */
      validFor: string;
      /** This sign-in registered an authenticator app as the user's MFA. */
      mfaSetUp: boolean;
      /** remembered: device confirmed and kept; offered: Cognito announced a new device the user may still remember. */
      device: 'none' | 'offered' | 'remembered';
    };

/** What the form starts from: the last choices (never a password). */
export interface FormDefaults {
  connectionId?: string;
  username?: string;
  flow: FlowName;
  profile?: string;
}

export interface SignInPanelState {
  connections: ConnectionOption[];
  form: FormDefaults;
  step: StepView;
}

export interface StartParams {
  connectionId: string;
  username: string;
  /** srp, password, admin; optional for custom (SRP first when given) and user-auth (PASSWORD / PASSWORD_SRP). */
  password?: string;
  flow: FlowName;
  /** admin: the AWS profile whose credentials sign AdminInitiateAuth (empty: the default chain). */
  profile?: string;
  /** user-auth: the factor to ask for first. */
  factor?: FactorName;
  rememberDevice: boolean;
}

/** Same shapes as the core's ChallengeAnswer. */
export type AnswerParams = ChallengeAnswer;

/** Every request the webview may make: its params and its result. */
export interface SignInRequests {
  /** The webview is listening: the host pushes `state` now and whenever connections or sessions change. */
  ready: { params: Record<string, never>; result: null };
  /** Starts a sign-in; the next step (a challenge, or done) comes back, a failure as the error sentence. */
  start: { params: StartParams; result: StepView };
  /** Answers the challenge shown; a wrong answer leaves the challenge in place. */
  answer: { params: AnswerParams; result: StepView };
  /** Drops the sign-in in progress and shows the form again. */
  restart: { params: Record<string, never>; result: StepView };
  /** Opens the token panel of the connection just signed in to. */
  showTokens: { params: Record<string, never>; result: null };
  /** Remembers the device Cognito announced after a sign-in without "Remember this device" ticked. */
  rememberDevice: { params: Record<string, never>; result: StepView };
}

export type SignInMethod = keyof SignInRequests;
export type SignInParams<M extends SignInMethod> = SignInRequests[M]['params'];
export type SignInResult<M extends SignInMethod> = SignInRequests[M]['result'];

export type SignInRequestMessage = { [M in SignInMethod]: { id: number; method: M; params: SignInParams<M> } }[SignInMethod];

export type SignInPushMessage = { kind: 'push'; event: 'state'; data: SignInPanelState };

/** The host's handler map: the compiler insists on one handler per method. */
export type SignInHandlers = { [M in SignInMethod]: (params: SignInParams<M>) => SignInResult<M> | Promise<SignInResult<M>> };
