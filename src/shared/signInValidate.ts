/**
 * Runtime guards for the sign-in panel protocol, in the style of validate.ts: each guard returns a sentence naming
 * the first problem, or undefined. The host checks every request; the webview checks every push and step it renders.
 */
import { isPasswordPolicyView } from './passwordPolicy';
import {
  CODE_CHALLENGE_NAMES,
  FACTOR_NAMES,
  FLOW_NAMES,
  type SignInMethod,
  type SignInPanelState,
  type SignInPushMessage,
  type SignInRequestMessage,
  type StepView,
} from './signInProtocol';
import type { ParsedHostMessageOf } from './rpc';
import { describe, exactObject, isRecord, parseHostMessageWith, parseRequestWith, type Guard, type ParsedRequestOf } from './validate';

/** Long enough for any Cognito value (passwords are at most 256, custom answers a few KB), short enough to refuse junk. */
const MAX_TEXT = 4096;

const text =
  (opts: { optional?: boolean; nonEmpty?: boolean; max?: number } = {}): Guard =>
  (value) => {
    if (value === undefined && opts.optional) return undefined;
    if (typeof value !== 'string') return `must be text, not ${describe(value)}.`;
    if (value.length > (opts.max ?? MAX_TEXT)) return `is longer than ${opts.max ?? MAX_TEXT} characters.`;
    if (opts.nonEmpty && !value.trim()) return 'must not be empty.';
    return undefined;
  };

const oneOf =
  (choices: readonly string[], optional = false): Guard =>
  (value) => {
    if (value === undefined && optional) return undefined;
    return typeof value === 'string' && choices.includes(value)
      ? undefined
      : `must be one of ${choices.map((c) => `"${c}"`).join(', ')}, not ${typeof value === 'string' ? `"${value.slice(0, 40)}"` : describe(value)}.`;
  };

const bool: Guard = (value) => (typeof value === 'boolean' ? undefined : `must be true or false, not ${describe(value)}.`);

/** Attribute maps: Cognito attribute names (custom:… included) to text. */
const attributeMap: Guard = (value) => {
  if (value === undefined) return undefined;
  if (!isRecord(value)) return `must be an object, not ${describe(value)}.`;
  const entries = Object.entries(value);
  if (entries.length > 50) return 'has more than 50 attributes.';
  for (const [name, v] of entries) {
    if (!/^[\w:.-]{1,128}$/.test(name)) return `has an attribute name that is not a Cognito attribute ("${name.slice(0, 40)}").`;
    if (typeof v !== 'string' || v.length > 2048) return `has a value for "${name}" that is not text.`;
  }
  return undefined;
};

const startParams = exactObject('The params of "start"', {
  connectionId: text({ nonEmpty: true, max: 200 }),
  username: text({ nonEmpty: true, max: 256 }),
  password: text({ optional: true, max: 256 }),
  flow: oneOf(FLOW_NAMES),
  profile: text({ optional: true, max: 200 }),
  factor: oneOf(FACTOR_NAMES, true),
  rememberDevice: bool,
});

const ANSWERS: Record<string, Guard> = {
  NEW_PASSWORD_REQUIRED: exactObject('The answer to NEW_PASSWORD_REQUIRED', {
    name: oneOf(['NEW_PASSWORD_REQUIRED']),
    newPassword: text({ nonEmpty: true, max: 256 }),
    attributes: attributeMap,
  }),
  SELECT_MFA_TYPE: exactObject('The answer to SELECT_MFA_TYPE', { name: oneOf(['SELECT_MFA_TYPE']), choice: text({ nonEmpty: true, max: 64 }) }),
  MFA_SETUP: exactObject('The answer to MFA_SETUP', {
    name: oneOf(['MFA_SETUP']),
    code: text({ nonEmpty: true, max: 64 }),
    friendlyDeviceName: text({ optional: true, max: 128 }),
  }),
  CUSTOM_CHALLENGE: exactObject('The answer to CUSTOM_CHALLENGE', { name: oneOf(['CUSTOM_CHALLENGE']), answer: text({ nonEmpty: true }) }),
  SELECT_CHALLENGE: exactObject('The answer to SELECT_CHALLENGE', {
    name: oneOf(['SELECT_CHALLENGE']),
    choice: text({ nonEmpty: true, max: 64 }),
    password: text({ optional: true, max: 256 }),
  }),
};
for (const name of CODE_CHALLENGE_NAMES) ANSWERS[name] = exactObject(`The answer to ${name}`, { name: oneOf([name]), code: text({ nonEmpty: true, max: 64 }) });

const answerParams: Guard = (value) => {
  if (!isRecord(value)) return `The params of "answer" must be an object, not ${describe(value)}.`;
  const name = value.name;
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(ANSWERS, name)) {
    return `The params of "answer": "name" must be one of ${Object.keys(ANSWERS).map((n) => `"${n}"`).join(', ')}.`;
  }
  return ANSWERS[name](value);
};

/** One params guard per method; `satisfies` makes the compiler insist on a guard for every method. */
const PARAMS = {
  ready: exactObject('The params of "ready"', {}),
  start: startParams,
  answer: answerParams,
  restart: exactObject('The params of "restart"', {}),
  showTokens: exactObject('The params of "showTokens"', {}),
  rememberDevice: exactObject('The params of "rememberDevice"', {}),
} satisfies Record<SignInMethod, Guard>;

/** The host's check of every message from the sign-in panel (see parseRequestWith). */
export function parseSignInRequest(raw: unknown): ParsedRequestOf<SignInRequestMessage> {
  return parseRequestWith<SignInRequestMessage>(PARAMS, raw, 'sign-in panel');
}

/**
 * The QR code the host makes with the `qrcode` package: one <svg> holding only <path> elements with a fill or stroke
 * colour and path data. Anything else (scripts, handlers, links, foreign objects) is refused before it is parsed.
 */
const QR_SVG = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d{1,4} \d{1,4}" shape-rendering="crispEdges">(<path (fill|stroke)="#[0-9a-fA-F]{6}" d="[MmHhVvZz0-9. ]+"\/>)+<\/svg>\n?$/;

export function isQrSvg(value: unknown): value is string {
  return typeof value === 'string' && value.length < 200_000 && QR_SVG.test(value);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringMap = (v: unknown) => isRecord(v) && Object.values(v).every(isString);
const isStringList = (v: unknown) => Array.isArray(v) && v.every(isString);

function challengeProblem(c: unknown): string | undefined {
  if (!isRecord(c) || !isString(c.name)) return 'The challenge has no name.';
  switch (c.name) {
    case 'NEW_PASSWORD_REQUIRED':
      if (c.policy !== undefined && !isPasswordPolicyView(c.policy)) return 'The new-password challenge has an invalid password policy.';
      return isStringList(c.requiredAttributes) && isStringMap(c.userAttributes) ? undefined : 'The new-password challenge is incomplete.';
    case 'SELECT_MFA_TYPE':
      return isStringList(c.choices) ? undefined : 'The MFA choice has no choices.';
    case 'MFA_SETUP':
      if (!isQrSvg(c.qrSvg)) return 'The MFA setup QR code is not a plain QR code SVG.';
      return isString(c.secretCode) && isString(c.issuer) ? undefined : 'The MFA setup has no secret.';
    case 'CUSTOM_CHALLENGE':
      return isStringMap(c.parameters) ? undefined : 'The custom challenge has no parameters.';
    case 'SELECT_CHALLENGE':
      return Array.isArray(c.choices) && c.choices.every((x) => isRecord(x) && isString(x.name) && typeof x.supported === 'boolean')
        ? undefined
        : 'The sign-in choice has no valid choices.';
    default:
      if (!(CODE_CHALLENGE_NAMES as readonly string[]).includes(c.name)) return `Unknown challenge "${c.name.slice(0, 40)}".`;
      return (c.destination === undefined || isString(c.destination)) && (c.deliveryMedium === undefined || isString(c.deliveryMedium)) ? undefined : 'The code challenge is malformed.';
  }
}

/** The webview's check of a step before rendering it. */
export function stepViewProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'The step must be an object.';
  if (value.kind === 'form') return undefined;
  if (value.kind === 'challenge') {
    if (!isString(value.connectionName) || !isString(value.username) || typeof value.number !== 'number') return 'The challenge step is incomplete.';
    return challengeProblem(value.challenge);
  }
  if (value.kind === 'done') {
    if (!isString(value.connectionId) || !isString(value.connectionName) || !isString(value.username) || !isString(value.validFor)) return 'The finished step is incomplete.';
    if (typeof value.mfaSetUp !== 'boolean' || !['none', 'offered', 'remembered'].includes(value.device as string)) return 'The finished step is incomplete.';
    return undefined;
  }
  return 'The step has no valid kind.';
}

export function parseStepView(value: unknown): { ok: true; step: StepView } | { ok: false; error: string } {
  const problem = stepViewProblem(value);
  return problem ? { ok: false, error: problem } : { ok: true, step: value as StepView };
}

function panelStateProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'The state must be an object.';
  if (!Array.isArray(value.connections)) return 'The state has no connections.';
  for (const c of value.connections) {
    if (!isRecord(c) || !isString(c.id) || !isString(c.name) || !isString(c.userPoolId) || typeof c.tracksDevices !== 'boolean') return 'The state has an invalid connection.';
    if (c.signedInAs !== undefined && !isString(c.signedInAs)) return 'The state has an invalid connection.';
  }
  const form = value.form;
  if (!isRecord(form) || !(FLOW_NAMES as readonly unknown[]).includes(form.flow)) return 'The state has no valid form defaults.';
  for (const k of ['connectionId', 'username', 'profile']) if (form[k] !== undefined && !isString(form[k])) return 'The state has invalid form defaults.';
  return stepViewProblem(value.step);
}

/** The sign-in panel's guard for what the host sends. */
export function parseSignInHostMessage(raw: unknown): ParsedHostMessageOf<SignInPushMessage> {
  return parseHostMessageWith<SignInPanelState>(raw, panelStateProblem);
}
