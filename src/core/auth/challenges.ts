/**
 * The challenges of a sign-in: those answered without a person (PASSWORD_VERIFIER, DEVICE_SRP_AUTH,
 * DEVICE_PASSWORD_VERIFIER) and the ones turned into a `Challenge` for the UI and answered from its reply.
 */
import type { AuthenticationResultType, NewDeviceMetadataType } from '@aws-sdk/client-cognito-identity-provider';
import { UserFacingError } from '../errors';
import { forgetSecret, registerSecret } from '../redact';
import { tokensFrom, UnsupportedChallengeError } from './result';
import { computeA, devicePasswordVerifier, formatTimestamp, generateSmallA, passwordVerifier } from './srp';
import { absorbUsername, type CognitoAnswer, type Engine, listParam, nonEmpty, objectParam, param, required, respond, traced } from './engine';
import {
  type Challenge,
  type ChallengeAnswer,
  CODE_CHALLENGES,
  type CodeChallengeName,
  type SelectableFactor,
  type SignInChallengeStep,
  type SignInDone,
  type SignInState,
  type SignInStep,
  USER_AUTH_FACTORS,
  WEB_AUTHN_NOTE,
} from './signInTypes';

export interface SrpPending {
  password: string;
  a: bigint;
  A: bigint;
}

/** Starts SRP: the client's A, kept with the password only until PASSWORD_VERIFIER is answered. */
export function beginSrp(password: string): SrpPending {
  const a = generateSmallA();
  return { password, a, A: computeA(a) };
}

async function answerPasswordVerifier(e: Engine, answer: CognitoAnswer, srp: SrpPending): Promise<CognitoAnswer> {
  const params = answer.ChallengeParameters;
  const userIdForSrp = required(params, 'USER_ID_FOR_SRP', 'PASSWORD_VERIFIER');
  // Cognito signs with its internal id but looks the user up by the USERNAME it gave back (they differ for email/alias sign-in).
  e.username = param(params, 'USERNAME') ?? userIdForSrp;
  const proof = passwordVerifier({
    userPoolId: e.connection.userPoolId,
    userIdForSrp,
    password: srp.password,
    a: srp.a,
    A: srp.A,
    srpB: required(params, 'SRP_B', 'PASSWORD_VERIFIER'),
    salt: required(params, 'SALT', 'PASSWORD_VERIFIER'),
    secretBlock: required(params, 'SECRET_BLOCK', 'PASSWORD_VERIFIER'),
    timestamp: formatTimestamp(new Date(e.clock.now())),
  });
  return respond(
    e,
    'PASSWORD_VERIFIER',
    { PASSWORD_CLAIM_SECRET_BLOCK: proof.secretBlock, PASSWORD_CLAIM_SIGNATURE: proof.signature, TIMESTAMP: proof.timestamp },
    answer.Session,
  );
}

function deviceMissing(): UserFacingError {
  return new UserFacingError(
    'Cognito asked this device to prove it is remembered, but no device secrets are stored for this user here; forget the device in the pool (or sign in without it) and sign in again.',
    'DeviceNotRemembered',
  );
}

/** DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER, answered from the stored device secrets. */
async function answerDeviceChallenges(e: Engine, answer: CognitoAnswer): Promise<CognitoAnswer> {
  const device = e.device;
  if (!device) throw deviceMissing();
  const a = generateSmallA();
  const A = computeA(a);
  const challenge = await respond(e, 'DEVICE_SRP_AUTH', { DEVICE_KEY: device.deviceKey, SRP_A: A.toString(16) }, answer.Session);
  if (challenge.ChallengeName !== 'DEVICE_PASSWORD_VERIFIER') return challenge;
  absorbUsername(e, challenge);
  const params = challenge.ChallengeParameters;
  const proof = devicePasswordVerifier({
    deviceGroupKey: device.deviceGroupKey,
    deviceKey: device.deviceKey,
    devicePassword: device.devicePassword,
    a,
    A,
    srpB: required(params, 'SRP_B', 'DEVICE_PASSWORD_VERIFIER'),
    salt: required(params, 'SALT', 'DEVICE_PASSWORD_VERIFIER'),
    secretBlock: required(params, 'SECRET_BLOCK', 'DEVICE_PASSWORD_VERIFIER'),
    timestamp: formatTimestamp(new Date(e.clock.now())),
  });
  return respond(
    e,
    'DEVICE_PASSWORD_VERIFIER',
    { DEVICE_KEY: device.deviceKey, PASSWORD_CLAIM_SECRET_BLOCK: proof.secretBlock, PASSWORD_CLAIM_SIGNATURE: proof.signature, TIMESTAMP: proof.timestamp },
    challenge.Session,
  );
}

function otpauthUri(issuer: string, username: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(username)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

function stateOf(e: Engine, challengeName: string, session: string | undefined, expected?: SignInState['expected']): SignInState {
  return {
    version: 1,
    connection: e.connection,
    flow: e.flow,
    typedUsername: e.typedUsername,
    username: e.username,
    challengeName,
    ...(session ? { session } : {}),
    ...(expected ? { expected } : {}),
    ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
    ...(e.profile ? { profile: e.profile } : {}),
    ...(e.device ? { deviceKey: e.device.deviceKey } : {}),
    issuer: e.issuer,
    trace: e.trace,
  };
}

interface AdvanceOptions {
  srp?: SrpPending;
  /** The one-shot signIn(): stop at the first challenge a person must answer, without side effects. */
  noPeople?: boolean;
}

/** Answers what needs no person, then returns tokens or the next challenge for the UI. */
export async function advance(e: Engine, first: CognitoAnswer, opts: AdvanceOptions = {}): Promise<SignInStep> {
  let answer = first;
  let srp = opts.srp;
  for (;;) {
    absorbUsername(e, answer);
    const name = answer.ChallengeName;
    if (!name) return done(e, answer.AuthenticationResult);
    if (name === 'PASSWORD_VERIFIER') {
      if (!srp) throw new UnsupportedChallengeError(name, 'it is part of SRP, which this request did not start');
      const pending = srp;
      srp = undefined;
      answer = await answerPasswordVerifier(e, answer, pending);
      continue;
    }
    if (name === 'DEVICE_SRP_AUTH') {
      answer = await answerDeviceChallenges(e, answer);
      continue;
    }
    if (opts.noPeople) throw new UnsupportedChallengeError(name);
    return challengeStep(e, answer);
  }
}

function done(e: Engine, result: AuthenticationResultType | undefined): SignInDone {
  const tokens = tokensFrom(result, e.clock, e.connection);
  const meta: NewDeviceMetadataType | undefined = result?.NewDeviceMetadata;
  return {
    kind: 'done',
    tokens,
    username: e.typedUsername,
    cognitoUsername: e.username,
    ...(meta?.DeviceKey && meta.DeviceGroupKey ? { newDevice: { deviceKey: meta.DeviceKey, deviceGroupKey: meta.DeviceGroupKey } } : {}),
    ...(e.mfaSetUp ? { mfaSetUp: e.mfaSetUp } : {}),
    trace: e.trace,
  };
}

async function challengeStep(e: Engine, answer: CognitoAnswer): Promise<SignInChallengeStep> {
  const name = answer.ChallengeName as string;
  const params = answer.ChallengeParameters ?? {};
  const step = (challenge: Challenge, session = answer.Session, expected?: SignInState['expected']): SignInChallengeStep => ({
    kind: 'challenge',
    challenge,
    state: stateOf(e, name, session, expected),
    trace: e.trace,
  });
  if (name === 'NEW_PASSWORD_REQUIRED') {
    const requiredAttributes = listParam(params.requiredAttributes).map((a) => a.replace(/^userAttributes\./, ''));
    const userAttributes = objectParam(params.userAttributes);
    // Cognito rejects these two when they are sent back, and they are not the user's to set.
    delete userAttributes.email_verified;
    delete userAttributes.phone_number_verified;
    return step({ name, requiredAttributes, userAttributes }, answer.Session, { requiredAttributes });
  }
  if (CODE_CHALLENGES.includes(name)) {
    const destination = param(params, 'CODE_DELIVERY_DESTINATION');
    const deliveryMedium = param(params, 'CODE_DELIVERY_DELIVERY_MEDIUM');
    return step({ name: name as CodeChallengeName, ...(destination ? { destination } : {}), ...(deliveryMedium ? { deliveryMedium } : {}) });
  }
  if (name === 'SELECT_MFA_TYPE') {
    const choices = listParam(params.MFAS_CAN_CHOOSE);
    return step({ name, choices }, answer.Session, { choices });
  }
  if (name === 'MFA_SETUP') {
    const canSetUp = listParam(params.MFAS_CAN_SETUP);
    if (canSetUp.length && !canSetUp.includes('SOFTWARE_TOKEN_MFA')) {
      throw new UserFacingError(
        `This user must set up MFA, and the pool offers only ${canSetUp.join(', ')}; the editor sets up authenticator apps (TOTP). Add a verified phone number or email to the user, or enable authenticator apps in the pool.`,
        'UnsupportedMfaSetup',
      );
    }
    const associated = await traced<{ SecretCode?: string; Session?: string }>(e, 'AssociateSoftwareToken', { Session: answer.Session }, {
      parameters: {},
      session: answer.Session,
    });
    if (!associated.SecretCode) throw new UserFacingError('Cognito did not return an authenticator secret for MFA setup; try signing in again.', 'NoSecretCode');
    registerSecret(associated.SecretCode);
    return step(
      { name, otpauthUri: otpauthUri(e.issuer, e.typedUsername, associated.SecretCode), secretCode: associated.SecretCode },
      associated.Session ?? answer.Session,
    );
  }
  if (name === 'CUSTOM_CHALLENGE') {
    const parameters = objectParam(params);
    delete parameters.USERNAME;
    delete parameters.USER_ID_FOR_SRP;
    return step({ name, parameters });
  }
  if (name === 'SELECT_CHALLENGE') {
    const available = answer.AvailableChallenges?.length ? answer.AvailableChallenges : listParam(params.AvailableChallenges ?? params.availableChallenges);
    const choices = available.map((c): SelectableFactor => (c === 'WEB_AUTHN' ? { name: c, supported: false, note: WEB_AUTHN_NOTE } : { name: c, supported: USER_AUTH_FACTORS.includes(c) }));
    return step({ name, choices }, answer.Session, { choices: available });
  }
  throw new UnsupportedChallengeError(name, 'the editor does not know this challenge; complete it with the AWS CLI (respond-to-auth-challenge)');
}

export async function answerOnce(e: Engine, state: SignInState, answer: ChallengeAnswer): Promise<SignInStep> {
  const session = state.session;
  switch (answer.name) {
    case 'NEW_PASSWORD_REQUIRED': {
      if (!answer.newPassword) throw new UserFacingError('Enter the new password.', 'InvalidInput');
      const attributes = Object.fromEntries(Object.entries(answer.attributes ?? {}).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
      const missing = (state.expected?.requiredAttributes ?? []).filter((name) => !(name in attributes));
      if (missing.length) throw new UserFacingError(`The pool requires ${missing.join(', ')} with the new password; fill ${missing.length === 1 ? 'it' : 'them'} in.`, 'MissingAttributes');
      const responses: Record<string, string> = { NEW_PASSWORD: answer.newPassword };
      for (const [name, value] of Object.entries(attributes)) responses[`userAttributes.${name}`] = value;
      return advance(e, await respond(e, 'NEW_PASSWORD_REQUIRED', responses, session));
    }
    case 'SMS_MFA':
    case 'SOFTWARE_TOKEN_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const code = nonEmpty(answer.code, 'code');
      return advance(e, await respond(e, answer.name, { [`${answer.name}_CODE`]: code }, session));
    }
    case 'SELECT_MFA_TYPE': {
      const choices = state.expected?.choices ?? [];
      if (choices.length && !choices.includes(answer.choice)) throw new UserFacingError(`Choose one of ${choices.join(', ')}.`, 'InvalidInput');
      return advance(e, await respond(e, 'SELECT_MFA_TYPE', { ANSWER: nonEmpty(answer.choice, 'MFA type') }, session));
    }
    case 'MFA_SETUP': {
      const code = nonEmpty(answer.code, 'code from the authenticator app');
      const friendly = answer.friendlyDeviceName?.trim();
      const verified = await traced<{ Status?: string; Session?: string }>(
        e,
        'VerifySoftwareToken',
        { Session: session, UserCode: code, ...(friendly ? { FriendlyDeviceName: friendly } : {}) },
        { parameters: { UserCode: code, ...(friendly ? { FriendlyDeviceName: friendly } : {}) }, session },
      );
      if (verified.Status !== 'SUCCESS') throw new UserFacingError('The authenticator code was not accepted; check the device clock and enter a fresh code.', 'CodeMismatchException');
      e.mfaSetUp = 'SOFTWARE_TOKEN_MFA';
      return advance(e, await respond(e, 'MFA_SETUP', {}, verified.Session ?? session));
    }
    case 'CUSTOM_CHALLENGE': {
      if (typeof answer.answer !== 'string' || answer.answer === '') throw new UserFacingError('Enter the answer to the challenge.', 'InvalidInput');
      registerSecret(answer.answer);
      try {
        return await advance(e, await respond(e, 'CUSTOM_CHALLENGE', { ANSWER: answer.answer }, session));
      } finally {
        forgetSecret(answer.answer);
      }
    }
    case 'SELECT_CHALLENGE': {
      const choice = nonEmpty(answer.choice, 'sign-in method');
      if (choice === 'WEB_AUTHN') throw new UserFacingError(WEB_AUTHN_NOTE, 'WebAuthnUnsupported');
      const offered = state.expected?.choices ?? [];
      if (offered.length && !offered.includes(choice)) throw new UserFacingError(`Choose one of ${offered.filter((c) => c !== 'WEB_AUTHN').join(', ')}.`, 'InvalidInput');
      if (choice === 'PASSWORD' || choice === 'PASSWORD_SRP') {
        if (!answer.password) throw new UserFacingError(`Enter the password for ${state.typedUsername}.`, 'InvalidInput');
        registerSecret(answer.password);
        try {
          if (choice === 'PASSWORD') return await advance(e, await respond(e, 'SELECT_CHALLENGE', { ANSWER: choice, PASSWORD: answer.password }, session));
          const srp = beginSrp(answer.password);
          return await advance(e, await respond(e, 'SELECT_CHALLENGE', { ANSWER: choice, SRP_A: srp.A.toString(16) }, session), { srp });
        } finally {
          forgetSecret(answer.password);
        }
      }
      return advance(e, await respond(e, 'SELECT_CHALLENGE', { ANSWER: choice }, session));
    }
    default:
      throw new UserFacingError(`"${String((answer as { name?: unknown }).name)}" is not a challenge this sign-in can answer.`, 'InvalidInput');
  }
}
