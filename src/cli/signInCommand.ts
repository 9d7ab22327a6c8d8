/** `sign-in`: every flow, with challenges answered on a terminal or from options and stdin. */
import { answerChallenge, SIGN_IN_FLOWS, startSignIn, type Challenge, type ChallengeAnswer, type SignInFlow, type SignInStep, type UserAuthFactor } from '../core/auth/flow';
import { setTotpPreferred } from '../core/auth/mfa';
import { formatTrace } from '../core/auth/trace';
import { validateClientId, type Connection } from '../core/connection';
import { UserFacingError } from '../core/errors';
import { registerSecret } from '../core/redact';
import { attributesOf, check, list, need, passwordOf, poolOf, print, str, UsageError, type CommandContext, type CommandSpec, type PoolTarget } from './common';
import { promptHidden } from './io';
import { SAVE_SESSION_OPTIONS, saveSession, sessionToSave } from './saveSession';

const CMD = 'sign-in';
const FACTORS: readonly string[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP'];

function clientMetadataOf(ctx: CommandContext): Record<string, string> | undefined {
  const text = str(ctx.values, 'client-metadata');
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError('--client-metadata must be a JSON object of strings, e.g. \'{"tenant":"acme"}\'.', CMD);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new UsageError('--client-metadata must be a JSON object whose values are strings.', CMD);
  }
  return parsed as Record<string, string>;
}

/**
 * Hands out --mfa-code once and --challenge-answer choices in order, custom-challenge answers from stdin
 * (--challenge-answer-stdin, a line each); asks on a terminal when they run out.
 */
class Answers {
  private mfaCode: string | undefined;
  private readonly choices: string[];
  constructor(private readonly ctx: CommandContext) {
    this.mfaCode = str(ctx.values, 'mfa-code');
    this.choices = list(ctx.values, 'challenge-answer');
  }

  private fail(sentence: string): never {
    throw new UserFacingError(sentence, 'ChallengeNeedsAnswer');
  }

  async code(question: string, missing: string): Promise<string> {
    if (this.mfaCode) {
      const code = this.mfaCode;
      this.mfaCode = undefined;
      return code;
    }
    if (this.ctx.io.isTTY) return promptHidden(this.ctx.io, question);
    return this.fail(missing);
  }

  async choice(question: string, missing: string): Promise<string> {
    const next = this.choices.shift();
    if (next !== undefined) return next;
    if (this.ctx.io.isTTY) return promptHidden(this.ctx.io, question, { echo: true });
    return this.fail(missing);
  }

  /** A custom-challenge answer: a secret, so from stdin or a hidden prompt, never from the command line. */
  async secretAnswer(question: string, missing: string): Promise<string> {
    if (this.choices.length) {
      return this.fail('--challenge-answer values are for choices (SELECT_MFA_TYPE, SELECT_CHALLENGE); custom challenge answers are secrets, so pipe them with --challenge-answer-stdin.');
    }
    if (this.ctx.values['challenge-answer-stdin']) {
      const line = await this.ctx.stdin.take();
      if (line) return line;
      return this.fail(`${missing.replace(/;.*$/, '')}, but stdin has no more lines for --challenge-answer-stdin (one answer per line, after any password lines).`);
    }
    if (this.ctx.io.isTTY) return promptHidden(this.ctx.io, question);
    return this.fail(missing);
  }

  async newPassword(username: string): Promise<string> {
    if (this.ctx.values['new-password-stdin']) {
      const line = await this.ctx.stdin.take();
      if (!line) throw new UsageError('--new-password-stdin was given but stdin has no line for the new password (it follows the password line when --password-stdin is given too).', CMD);
      return line;
    }
    if (this.ctx.io.isTTY) {
      const first = await promptHidden(this.ctx.io, `New password for ${username}: `);
      const again = await promptHidden(this.ctx.io, 'Repeat the new password: ');
      if (first !== again) throw new UserFacingError('The two new passwords differ; run sign-in again.', 'InvalidInput');
      return first;
    }
    return this.fail(`Cognito requires a new password for ${username}; pipe it with --new-password-stdin.`);
  }
}

async function answerFor(ctx: CommandContext, challenge: Challenge, username: string, answers: Answers, password: () => Promise<string>): Promise<ChallengeAnswer> {
  const { io } = ctx;
  switch (challenge.name) {
    case 'NEW_PASSWORD_REQUIRED': {
      const newPassword = await answers.newPassword(username);
      registerSecret(newPassword);
      const given = attributesOf(ctx.values, CMD);
      const attributes: Record<string, string> = {};
      for (const name of challenge.requiredAttributes) {
        if (given[name] !== undefined) attributes[name] = given[name];
        else if (io.isTTY) attributes[name] = await promptHidden(io, `${name}: `, { echo: true });
        else throw new UserFacingError(`Cognito requires ${name} with the new password; pass --attribute ${name}=VALUE.`, 'ChallengeNeedsAnswer');
      }
      return { name: challenge.name, newPassword, attributes };
    }
    case 'SMS_MFA':
    case 'SOFTWARE_TOKEN_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const where = challenge.destination ? ` sent to ${challenge.destination}` : challenge.name === 'SOFTWARE_TOKEN_MFA' ? ' from your authenticator app' : '';
      const code = await answers.code(`Code${where}: `, `Cognito asks for a ${challenge.name} code${where}; pass it with --mfa-code CODE.`);
      return { name: challenge.name, code };
    }
    case 'SELECT_MFA_TYPE': {
      const choice = await answers.choice(`MFA method (${challenge.choices.join(', ')}): `, `Cognito asks which MFA method to use (${challenge.choices.join(', ')}); pass --challenge-answer NAME.`);
      return { name: challenge.name, choice: choice.trim() };
    }
    case 'MFA_SETUP': {
      // The URI goes to stderr for the person at the terminal; the secret itself is in it.
      io.stderr.write(`Set up an authenticator app with this URI (or enter the secret ${challenge.secretCode}):\n${challenge.otpauthUri}\n`);
      const code = await answers.code(
        'Code from the authenticator app: ',
        'Cognito requires an authenticator app for this user: add the URI above to one and pass its current code with --mfa-code CODE (on a terminal, sign-in asks for it).',
      );
      return { name: challenge.name, code };
    }
    case 'CUSTOM_CHALLENGE': {
      if (io.isTTY) io.stderr.write(`Custom challenge: ${JSON.stringify(challenge.parameters)}\n`);
      const answer = await answers.secretAnswer('Answer: ', `Cognito asks a custom challenge (${Object.keys(challenge.parameters).join(', ') || 'no parameters'}); pipe the answer with --challenge-answer-stdin (one line per challenge).`);
      registerSecret(answer);
      return { name: challenge.name, answer };
    }
    case 'SELECT_CHALLENGE': {
      const usable = challenge.choices.filter((c) => c.supported).map((c) => c.name);
      const choice = (await answers.choice(`Sign in with (${usable.join(', ')}): `, `Cognito asks how to sign in (${usable.join(', ')}); pass --challenge-answer NAME.`)).trim();
      if (choice === 'PASSWORD' || choice === 'PASSWORD_SRP') return { name: challenge.name, choice, password: await password() };
      return { name: challenge.name, choice };
    }
  }
}

export const signInCommand: CommandSpec = {
  options: {
    username: { type: 'string' },
    'auth-flow': { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'new-password-stdin': { type: 'boolean' },
    profile: { type: 'string' },
    'client-metadata': { type: 'string' },
    'preferred-challenge': { type: 'string' },
    'mfa-code': { type: 'string' },
    'challenge-answer': { type: 'string', multiple: true },
    'challenge-answer-stdin': { type: 'boolean' },
    attribute: { type: 'string', multiple: true },
    issuer: { type: 'string' },
    ...SAVE_SESSION_OPTIONS,
  },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const userPoolId = need(ctx.values, 'user-pool-id', CMD);
    const clientId = need(ctx.values, 'client-id', CMD);
    const username = need(ctx.values, 'username', CMD);
    const flow = (str(ctx.values, 'auth-flow') ?? 'srp') as SignInFlow;
    if (!SIGN_IN_FLOWS.includes(flow)) throw new UsageError(`--auth-flow must be one of ${SIGN_IN_FLOWS.join(', ')}, not "${flow}".`, CMD);
    const profile = str(ctx.values, 'profile');
    if (profile && flow !== 'admin') throw new UsageError('--profile is for --auth-flow admin (the AWS credentials that sign AdminInitiateAuth).', CMD);
    const preferred = str(ctx.values, 'preferred-challenge');
    if (preferred && flow !== 'user-auth') throw new UsageError('--preferred-challenge is for --auth-flow user-auth.', CMD);
    if (preferred && !FACTORS.includes(preferred)) throw new UsageError(`--preferred-challenge must be one of ${FACTORS.join(', ')}.`, CMD);
    check(validateClientId(clientId), CMD);
    const saveAs = sessionToSave(ctx, CMD);
    const pool = poolOf({ ...ctx, values: { ...ctx.values, 'user-pool-id': userPoolId } }, CMD) as PoolTarget;
    const clientMetadata = clientMetadataOf(ctx);
    const clientSecret = ctx.io.env.COGNITO_CLIENT_SECRET || undefined;
    registerSecret(clientSecret);

    // custom and user-auth need a password only when one is given (custom then starts with SRP) or chosen later.
    const passwordGiven = Boolean(ctx.values['password-stdin'] || ctx.io.env.COGNITO_PASSWORD);
    const needsPassword = flow === 'srp' || flow === 'password' || flow === 'admin' || preferred === 'PASSWORD' || preferred === 'PASSWORD_SRP' || passwordGiven;
    let cached: string | undefined;
    const password = async () => {
      cached ??= await passwordOf(ctx, username, CMD);
      registerSecret(cached);
      return cached;
    };
    const connection: Connection = { id: 'cli', name: str(ctx.values, 'issuer') ?? 'cli', clientId, hasClientSecret: Boolean(clientSecret), ...pool };
    const answers = new Answers(ctx);
    let step: SignInStep = await startSignIn(
      {
        connection,
        username,
        ...(needsPassword ? { password: await password() } : {}),
        flow,
        clientSecret,
        clientMetadata,
        ...(preferred ? { preferredChallenge: preferred as UserAuthFactor } : {}),
        ...(profile ? { profile } : {}),
        issuer: str(ctx.values, 'issuer') ?? pool.userPoolId,
      },
      { logger: ctx.logger },
    );
    while (step.kind === 'challenge') {
      const answer = await answerFor(ctx, step.challenge, username, answers, password);
      step = await answerChallenge(step.state, answer, { clientSecret }, { logger: ctx.logger });
    }
    for (const line of formatTrace(step.trace)) ctx.logger.debug(`trace ${line}`);
    if (step.mfaSetUp) await setTotpPreferred(connection, step.tokens.accessToken);
    const { tokens } = step;
    if (saveAs) {
      await saveSession(ctx, saveAs, connection, username, tokens);
      return 0;
    }
    print(ctx, {
      AccessToken: tokens.accessToken,
      IdToken: tokens.idToken,
      RefreshToken: tokens.refreshToken,
      ExpiresIn: tokens.expiresIn,
      TokenType: tokens.tokenType,
    });
    return 0;
  },
};
