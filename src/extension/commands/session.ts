import * as vscode from 'vscode';
import type { Challenge, ChallengeAnswer, SignInChallengeStep, SignInFlow, SignInStep, UserAuthFactor } from '../../core/auth/flow';
import type { Connection } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import { registerSecret } from '../../core/redact';
import type { AuthFlow } from '../connections/connectionsModel';
import { loadedPanels, signInPanelModule, signInSteps, signInUi, tokenPanelModule } from '../lazy';
import type { SignInTraceStore } from '../signIn/signInTrace';
import type { Attempt, SignInHost } from '../signIn/signInSteps';
import { automationArg, connectionIdOf, type CommandDeps, pickConnection, requireSession } from './deps';
import { withCancellableProgress } from '../platform/progress';
import { passwordPolicyOf } from '../../core/auth/passwordPolicy';
import { policyChecks, unmetPolicy } from '../../shared/passwordPolicy';

/**
 * Lets scripts and tests sign in without prompts; never logged. `answers` are used in order, one per challenge
 * (custom challenges may need several); a challenge without an answer left fails instead of prompting.
 */
export interface SignInArgs {
  connectionId: string;
  username: string;
  password: string;
  flow: AuthFlow;
  /** admin flow: the AWS profile (default: the setting cognitoExplorer.adminProfile, then the default chain). */
  profile: string;
  /** user-auth flow: the factor to ask for first. */
  factor: UserAuthFactor;
  answers: ChallengeAnswer[];
  rememberDevice: boolean;
}

const FLOWS: readonly string[] = ['srp', 'password', 'admin', 'custom', 'user-auth'];
const FACTORS: readonly string[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP'];
/** Wrong codes are common; the palette asks again this many times before giving up. */
const MAX_TRIES = 3;

class Cancelled extends Error {}

function cancelledIfUndefined<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}

const TRACE_SCHEME = 'cognito-explorer-trace';

/** The trace document of a connection: the path names it in the tab, the query keys it. */
function traceUri(connectionId: string, connectionName: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/Sign-in trace - ${connectionName.replace(/[\\/]/g, '-')}.log`, query: connectionId });
}

const titleOf = (conn: Connection) => `Cognito: Sign In to ${conn.name}`;

async function askText(conn: Connection, opts: { prompt: string; password?: boolean; value?: string; placeHolder?: string; optional?: boolean; validate?: (v: string) => string | undefined }): Promise<string> {
  return cancelledIfUndefined(
    await vscode.window.showInputBox({
      title: titleOf(conn),
      prompt: opts.prompt,
      password: opts.password,
      value: opts.value,
      placeHolder: opts.placeHolder,
      ignoreFocusOut: true,
      validateInput: (v) => opts.validate?.(v) ?? (opts.optional || v.trim() ? undefined : 'This cannot be empty.'),
    }),
  );
}

async function askPick<T>(conn: Connection, placeHolder: string, items: (vscode.QuickPickItem & { value: T })[]): Promise<T> {
  const picked = await vscode.window.showQuickPick(items, { title: titleOf(conn), placeHolder, ignoreFocusOut: true });
  return cancelledIfUndefined(picked).value;
}

/** Asks the palette user for the answer to one challenge; `handOff` opens the panel instead (MFA setup's QR code). */
async function askAnswer(conn: Connection, challenge: Challenge, handOff: () => Promise<void>): Promise<ChallengeAnswer | 'handedOff'> {
  const { codePrompt, confirmProblem, factorLabel, mfaTypeLabel } = await signInUi();
  switch (challenge.name) {
    case 'NEW_PASSWORD_REQUIRED': {
      const policy = await passwordPolicyOf(conn);
      const rules = policy ? ` (the pool asks for ${policyChecks(policy, '').map((c) => c.rule).join(', ')})` : '';
      const newPassword = await askText(conn, {
        prompt: `Cognito requires a new password${rules}: type it`,
        password: true,
        validate: (v) => {
          const unmet = policy && v ? unmetPolicy(policy, v) : undefined;
          return unmet ? `The pool's password policy asks for ${unmet}.` : undefined;
        },
      });
      registerSecret(newPassword);
      await askText(conn, { prompt: 'Type the new password again', password: true, validate: (v) => (v ? confirmProblem(newPassword, v) : 'Type the new password again.') });
      const attributes: Record<string, string> = {};
      for (const name of challenge.requiredAttributes) {
        attributes[name] = await askText(conn, { prompt: `The pool requires "${name}" with the new password`, value: challenge.userAttributes[name] });
      }
      return { name: challenge.name, newPassword, ...(Object.keys(attributes).length ? { attributes } : {}) };
    }
    case 'SELECT_MFA_TYPE': {
      const choice = await askPick(conn, 'Which second factor?', challenge.choices.map((c) => ({ label: mfaTypeLabel(c), description: c, value: c })));
      return { name: challenge.name, choice };
    }
    case 'MFA_SETUP': {
      const how = await askPick<'type' | 'copy' | 'panel'>(conn, `Set up an authenticator app: add the secret ${challenge.secretCode}`, [
        { label: '$(key) I typed the secret into my authenticator app', detail: challenge.secretCode, value: 'type' },
        { label: '$(copy) Copy the secret to the clipboard', value: 'copy' },
        { label: '$(preview) Open Sign-In Panel for the QR code', value: 'panel' },
      ]);
      if (how === 'panel') {
        await handOff();
        return 'handedOff';
      }
      if (how === 'copy') await vscode.env.clipboard.writeText(challenge.secretCode);
      const code = await askText(conn, { prompt: `Secret ${challenge.secretCode}: enter the 6-digit code your authenticator app shows`, placeHolder: '123456' });
      return { name: challenge.name, code: code.trim() };
    }
    case 'CUSTOM_CHALLENGE': {
      const shown = Object.entries(challenge.parameters).map(([k, v]) => `${k}: ${v}`).join(' · ');
      const answer = await askText(conn, { prompt: shown ? `Custom challenge (${shown}): your answer` : 'Custom challenge: your answer', password: true });
      return { name: challenge.name, answer };
    }
    case 'SELECT_CHALLENGE': {
      for (;;) {
        const picked = await askPick(
          conn,
          'Sign in with…',
          challenge.choices.map((c) => ({ label: factorLabel(c.name), description: c.supported ? c.name : 'not supported in the editor', detail: c.note, value: c })),
        );
        if (!picked.supported) {
          void vscode.window.showWarningMessage(picked.note ?? `${picked.name} is not supported in the editor; choose another way to sign in.`);
          continue;
        }
        if (picked.name === 'PASSWORD' || picked.name === 'PASSWORD_SRP') {
          const password = await askText(conn, { prompt: 'Password', password: true });
          registerSecret(password);
          return { name: challenge.name, choice: picked.name, password };
        }
        return { name: challenge.name, choice: picked.name };
      }
    }
    default: {
      const { prompt } = codePrompt(challenge);
      const code = await askText(conn, { prompt, placeHolder: '123456' });
      return { name: challenge.name, code: code.trim() };
    }
  }
}

export function register(deps: CommandDeps, extra: { traces: SignInTraceStore }): void {
  const { commands, settings, sessions, logger, context } = deps;
  const host: SignInHost = { deps, traces: extra.traces };
  context.subscriptions.push({ dispose: () => loadedPanels().signInPanel?.SignInPanel.disposeAll() });

  const openPanel = async (connectionId?: string, adopt?: { attempt: Attempt; step: SignInChallengeStep }): Promise<void> => {
    (await signInPanelModule()).SignInPanel.show({ extensionUri: context.extensionUri, logger, host }, { connectionId, adopt });
  };

  /** Runs challenges until tokens arrive; automation answers are used first, people are asked otherwise. */
  async function runChallenges(conn: Connection, attempt: Attempt, first: SignInStep, scripted: ChallengeAnswer[] | undefined): Promise<SignInStep | 'handedOff'> {
    const { continueSignIn } = await signInSteps();
    let step = first;
    while (step.kind === 'challenge') {
      const current = step;
      if (scripted) {
        const answer = scripted.shift();
        if (!answer) throw new UserFacingError(`Cognito asks for ${current.challenge.name} and no answer was given for it.`, 'MissingAnswer');
        for (const secret of Object.values(answer)) if (typeof secret === 'string') registerSecret(secret);
        step = await continueSignIn(host, attempt, answer);
        continue;
      }
      for (let tries = 1; ; tries++) {
        const answer = await askAnswer(conn, current.challenge, () => openPanel(conn.id, { attempt, step: current }));
        if (answer === 'handedOff') return 'handedOff';
        try {
          step = await continueSignIn(host, attempt, answer);
          break;
        } catch (err) {
          // A wrong code keeps the challenge open; anything else (session expired, user gone) ends the sign-in.
          const code = err instanceof UserFacingError ? err.code : '';
          if (tries >= MAX_TRIES || !/CodeMismatch|InvalidPassword|InvalidInput|MissingAttributes|InvalidParameter/.test(code)) throw err;
          void vscode.window.showWarningMessage(`${(err as Error).message} Try again.`);
        }
      }
    }
    return step;
  }

  commands.register('cognitoExplorer.signIn', async (arg?: unknown): Promise<{ connectionId: string; username: string } | undefined> => {
    const given = automationArg<SignInArgs>(arg);
    const conn = await pickConnection(deps, arg, { placeHolder: 'Sign in to which connection?' });
    if (!conn) return undefined;
    if (!conn.userPoolId) {
      throw new UserFacingError(`"${conn.name}" has no user pool to sign in to: it gets ${conn.identityFlow ?? 'guest'} AWS credentials from its identity pool; use "Cognito: Get AWS Credentials".`, 'NoUserPool');
    }
    const [{ beginSignIn, finishSignIn, lastUsername, rememberDevice }, { factorLabel, flowNeedsPassword }] = await Promise.all([signInSteps(), signInUi()]);
    try {
      const configured = settings.read();
      const flow: SignInFlow = given?.flow && FLOWS.includes(given.flow) ? given.flow : configured.defaultAuthFlow;
      const username =
        given?.username ??
        (await askText(conn, {
          prompt: 'Username (or email, when the pool signs in with email)',
          value: lastUsername(host, conn.id),
        }));
      const user = username.trim();
      if (!user) return undefined;
      let profile: string | undefined;
      if (flow === 'admin') {
        profile = given?.profile ?? configured.adminProfile;
        if (profile === undefined && !given) {
          profile = (await askText(conn, { prompt: 'AWS profile whose credentials sign the admin sign-in (empty: the default credentials)', optional: true })).trim() || undefined;
        }
      }
      let factor: UserAuthFactor | undefined = given?.factor && FACTORS.includes(given.factor) ? given.factor : undefined;
      if (flow === 'user-auth' && !given) {
        factor = await askPick<UserAuthFactor | undefined>(conn, 'Sign in with…', [
          { label: 'Let Cognito offer the choices', value: undefined },
          ...FACTORS.map((f) => ({ label: factorLabel(f), description: f, value: f as UserAuthFactor })),
        ]);
      }
      let password = given?.password;
      if (password === undefined && (flowNeedsPassword(flow, factor) || (flow === 'custom' && !given))) {
        password = await askText(conn, {
          prompt: flow === 'custom' ? `Password for ${user} (empty: start with the custom challenge)` : `Password for ${user}`,
          password: true,
          optional: flow === 'custom',
        });
      }
      if (!password && flowNeedsPassword(flow, factor)) return undefined;
      registerSecret(password);
      const start = { connection: conn, username: user, password: password || undefined, flow, profile, factor, rememberDevice: given?.rememberDevice === true };
      const { attempt, step: first } = await withCancellableProgress(`Signing in to ${conn.name} as ${user}…`, () => beginSignIn(host, start));
      const scripted = given ? [...(given.answers ?? [])] : undefined;
      const last = await runChallenges(conn, attempt, first, scripted);
      if (last === 'handedOff' || last.kind !== 'done') return undefined;

      let finished = await finishSignIn(host, attempt, last);
      if (finished.device === 'offered' && !given) {
        const remember = await vscode.window.showQuickPick(['Remember this device', 'Not now'], {
          title: titleOf(conn),
          placeHolder: 'This pool tracks devices. Remember this one (its key stays in SecretStorage)?',
          ignoreFocusOut: true,
        });
        if (remember === 'Remember this device' && finished.offeredDevice) {
          await rememberDevice(host, attempt, last.tokens.accessToken, finished.offeredDevice);
          finished = { ...finished, device: 'remembered' };
        }
      }
      const extras = [finished.mfaSetUp ? 'the authenticator app is now your MFA' : '', finished.device === 'remembered' ? 'this device is remembered' : ''].filter(Boolean);
      void vscode.window.showInformationMessage(`Signed in to ${conn.name} as ${user}; the tokens are ${finished.validFor}${extras.length ? `; ${extras.join('; ')}` : ''}.`);
      return { connectionId: conn.id, username: user };
    } catch (err) {
      if (err instanceof Cancelled) {
        logger.info(`Sign-in to "${conn.name}" cancelled`);
        return undefined;
      }
      throw err;
    }
  });

  commands.register('cognitoExplorer.openSignInPanel', async (arg?: unknown): Promise<void> => {
    await openPanel(connectionIdOf(arg));
  });

  // Read-only documents whose text follows the store: an open trace shows the next sign-in's without reopening.
  const traceChanged = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    traceChanged,
    vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, {
      onDidChange: traceChanged.event,
      provideTextDocumentContent: async (uri) => {
        const entry = extra.traces.get(uri.query);
        return entry ? (await signInUi()).traceDocumentText(entry) : 'No sign-in trace for this connection any more (traces are kept in memory until the window closes).\n';
      },
    }),
    extra.traces.onDidChange((id) => {
      const entry = extra.traces.get(id);
      if (entry) traceChanged.fire(traceUri(id, entry.connectionName));
    }),
  );

  commands.register('cognitoExplorer.showSignInTrace', async (arg?: unknown): Promise<string | undefined> => {
    let id = connectionIdOf(arg);
    if (!id) {
      const ids = extra.traces.ids();
      if (ids.length === 0) throw new UserFacingError('There is no sign-in trace yet; sign in first (the trace of the last sign-in per connection is kept until the window closes).', 'NoTrace');
      id = ids.length === 1
        ? ids[0]
        : (await vscode.window.showQuickPick(ids.map((i) => ({ label: extra.traces.get(i)!.connectionName, description: extra.traces.get(i)!.outcome, id: i })), { placeHolder: 'Show the sign-in trace of which connection?' }))?.id;
      if (!id) return undefined;
    }
    const entry = extra.traces.get(id);
    if (!entry) throw new UserFacingError('There is no sign-in trace for this connection yet; sign in first.', 'NoTrace');
    const doc = await vscode.workspace.openTextDocument(traceUri(entry.connectionId, entry.connectionName));
    await vscode.window.showTextDocument(doc, { preview: true });
    // The open document catches up through onDidChange; the caller gets the current text at once.
    return (await signInUi()).traceDocumentText(entry);
  });

  commands.register('cognitoExplorer.signOut', async (arg?: unknown): Promise<boolean> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Sign out of which connection?' });
    if (!conn) return false;
    const session = sessions.get(conn.id);
    await sessions.clear(conn.id);
    logger.info(`Signed out of "${conn.name}"${session ? ` (${session.username})` : ''}; tokens and credentials removed from SecretStorage`);
    if (!automationArg(arg)) void vscode.window.showInformationMessage(`Signed out of ${conn.name}.`);
    return true;
  });

  commands.register('cognitoExplorer.showTokens', async (arg?: unknown): Promise<void> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Show the tokens of which connection?' });
    if (!conn) return;
    const session = requireSession(deps, conn);
    const which = (arg as { which?: unknown } | undefined)?.which === 'access' ? 'access' : 'id';
    // The panel follows the session from here on: refreshes, another user's sign-in, sign-out.
    const { TokenPanel, tokenPanelDeps } = await tokenPanelModule();
    TokenPanel.show(tokenPanelDeps(deps), conn, session, which);
  });
}
