/** The sign-in state machine's public shapes: what a host sends, what comes back, and the plain-JSON state between steps. */
import type { AwsCredentials } from '../aws';
import type { Connection } from '../connection';
import type { Clock, Logger } from '../ports';
import type { AuthTokens } from '../session';
import type { SignInTrace } from './trace';
import type { ChallengeAnswer, CodeChallengeName } from '../../shared/challenges';

export type SignInFlow = 'srp' | 'password' | 'admin' | 'custom' | 'user-auth';
export const SIGN_IN_FLOWS: readonly SignInFlow[] = ['srp', 'password', 'admin', 'custom', 'user-auth'];

/** The factors of choice-based sign-in (USER_AUTH). */
export type UserAuthFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
export const USER_AUTH_FACTORS: readonly string[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

/** What a remembered device keeps in the host's SecretStore (see devices.ts). */
export interface DeviceSecrets {
  deviceKey: string;
  deviceGroupKey: string;
  devicePassword: string;
}

export interface StartSignInRequest {
  connection: Connection;
  username: string;
  /**
   * Needed by srp, password and admin. With custom, a password makes the flow start with SRP
   * (CHALLENGE_NAME SRP_A) before the custom challenges; with user-auth it is used when PREFERRED_CHALLENGE is
   * PASSWORD or PASSWORD_SRP.
   */
  password?: string;
  /** Defaults to 'srp', so the password never leaves the machine. */
  flow?: SignInFlow;
  clientSecret?: string;
  /** Passed to the pool's Lambda triggers with every request. */
  clientMetadata?: Record<string, string>;
  /** user-auth: the factor to try first (PREFERRED_CHALLENGE). */
  preferredChallenge?: UserAuthFactor;
  /** A device remembered earlier: its key goes out as DEVICE_KEY and its secrets answer the device challenges. */
  device?: DeviceSecrets;
  /** admin: the AWS profile whose credentials sign AdminInitiateAuth (default credential chain when absent). */
  profile?: string;
  /** admin: explicit AWS credentials, instead of a profile. */
  credentials?: AwsCredentials;
  /** Issuer shown by authenticator apps for MFA setup; defaults to the connection's name. */
  issuer?: string;
}

/** Secrets a later step needs again; the host passes them from its SecretStore, never through the state. */
export interface StepSecrets {
  clientSecret?: string;
  device?: DeviceSecrets;
  credentials?: AwsCredentials;
}

export interface SignInDeps {
  clock?: Clock;
  logger?: Logger;
}

export type { ChallengeAnswer, CodeChallengeName };

export interface SelectableFactor {
  name: string;
  supported: boolean;
  /** Why an option cannot be used here (WEB_AUTHN). */
  note?: string;
}

/** What the UI must ask for. */
export type Challenge =
  | {
      name: 'NEW_PASSWORD_REQUIRED';
      /** Attribute names (without the "userAttributes." prefix) the new password must come with. */
      requiredAttributes: string[];
      /** The user's current attributes, to show. */
      userAttributes: Record<string, string>;
    }
  | {
      name: CodeChallengeName;
      /** Masked destination ("+*******1234", "a***@e***"), when Cognito sent a code. */
      destination?: string;
      deliveryMedium?: string;
    }
  | { name: 'SELECT_MFA_TYPE'; choices: string[] }
  | {
      name: 'MFA_SETUP';
      /** otpauth://totp/<issuer>:<username>?secret=...&issuer=..., for a QR code. */
      otpauthUri: string;
      /** The same secret as text, for typing into an authenticator app. */
      secretCode: string;
    }
  | { name: 'CUSTOM_CHALLENGE'; parameters: Record<string, string> }
  | { name: 'SELECT_CHALLENGE'; choices: SelectableFactor[] };

/** Plain JSON: safe to keep between UI steps (it holds Cognito's Session, valid for minutes, and nothing else secret). */
export interface SignInState {
  version: 1;
  connection: Connection;
  flow: SignInFlow;
  /** What the user typed. */
  typedUsername: string;
  /** The username Cognito expects in answers and SECRET_HASH (its USERNAME from the challenge parameters). */
  username: string;
  challengeName: string;
  session?: string;
  /** Non-secret parts of the challenge, needed to check the answer. */
  expected?: { requiredAttributes?: string[]; choices?: string[] };
  clientMetadata?: Record<string, string>;
  profile?: string;
  deviceKey?: string;
  issuer: string;
  trace: SignInTrace;
}

export interface SignInDone {
  kind: 'done';
  tokens: AuthTokens;
  /** What the user typed. */
  username: string;
  /** The username Cognito knows the user by (for SECRET_HASH on refresh). */
  cognitoUsername: string;
  /** Cognito tracks devices and this one is new: offer "remember this device" (confirmDevice). */
  newDevice?: { deviceKey: string; deviceGroupKey: string };
  /** Set when this sign-in registered an authenticator app; call setTotpPreferred(accessToken) to make it the MFA. */
  mfaSetUp?: 'SOFTWARE_TOKEN_MFA';
  trace: SignInTrace;
}

export interface SignInChallengeStep {
  kind: 'challenge';
  challenge: Challenge;
  state: SignInState;
  trace: SignInTrace;
}

export type SignInStep = SignInDone | SignInChallengeStep;

export const CODE_CHALLENGES: readonly string[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_OTP'];
export const WEB_AUTHN_NOTE = 'Passkey sign-in (WEB_AUTHN) is not supported in the editor; choose another way to sign in.';
