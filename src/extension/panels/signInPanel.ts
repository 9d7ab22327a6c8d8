/**
 * The sign-in panel: one webview that walks through a sign-in as a form (connection, username, password, flow), then
 * each challenge in turn (new password, codes, MFA choice, MFA setup with its QR code, custom and select challenges).
 * Passwords and codes arrive as request params, are registered with the log redactor at once and never sent back.
 */
import * as vscode from 'vscode';
import type { SignInChallengeStep, SignInStep } from '../../core/auth/flow';
import { passwordPolicyOf } from '../../core/auth/passwordPolicy';
import { withCallScope } from '../../core/aws';
import { explainError, UserFacingError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { registerSecret } from '../../core/redact';
import type { PasswordPolicyView } from '../../shared/passwordPolicy';
import { createDispatcherFor } from '../../shared/rpc';
import type { FormDefaults, SignInHandlers, SignInPanelState, SignInPushMessage, StartParams, StepView } from '../../shared/signInProtocol';
import { parseSignInRequest } from '../../shared/signInValidate';
import type { ReplyMessage } from '../../shared/protocol';
import { beginSignIn, continueSignIn, finishSignIn, lastUsername, rememberDevice, tracksDevices, type Attempt, type SignInHost } from '../signIn/signInSteps';
import { logFailure } from '../platform/failureLog';
import { answerOf, connectionOptions, secretsOfAnswer, stepView } from './signInPanelState';
import { buildWebviewHtml, createNonce } from './webviewHtml';

export interface SignInPanelDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  host: SignInHost;
}

export interface ShowOptions {
  connectionId?: string;
  /** A sign-in the palette started, continued here (MFA setup's QR code). */
  adopt?: { attempt: Attempt; step: SignInChallengeStep };
}

const VIEW_TYPE = 'cognitoExplorer.signInPanel';

/** After tokens arrive: what "Show tokens" and "Remember this device" need. The access token stays in memory only. */
interface Finished {
  attempt: Attempt;
  accessToken: string;
  offeredDevice?: { deviceKey: string; deviceGroupKey: string };
  view: Extract<StepView, { kind: 'done' }>;
}

export class SignInPanel implements vscode.Disposable {
  private static current: SignInPanel | undefined;

  /** Opens the panel (one for all connections), or reveals it; a given connection is preselected unless a sign-in is under way. */
  static show(deps: SignInPanelDeps, opts: ShowOptions = {}): SignInPanel {
    const panel = SignInPanel.current ?? new SignInPanel(deps);
    SignInPanel.current = panel;
    panel.panel.reveal(undefined, false);
    if (opts.adopt) void panel.adopt(opts.adopt.attempt, opts.adopt.step);
    else if (opts.connectionId && !panel.attempt) {
      panel.form = { ...panel.form, connectionId: opts.connectionId, username: lastUsername(deps.host, opts.connectionId) ?? panel.form.username };
      panel.step = { kind: 'form' };
      panel.pushState();
    }
    return panel;
  }

  static disposeAll(): void {
    SignInPanel.current?.dispose();
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly dispatch: (raw: unknown) => Promise<void>;
  private webviewReady = false;
  private disposed = false;
  private busy = false;
  // Closing the panel cancels the step in flight; each call also has its deadline, so "busy" always ends.
  private readonly cancel = new AbortController();
  private readonly policies = new Map<string, PasswordPolicyView | undefined>();
  private form: FormDefaults;
  private step: StepView = { kind: 'form' };
  private attempt: Attempt | undefined;
  private finished: Finished | undefined;

  private constructor(private readonly deps: SignInPanelDeps) {
    const { settings } = deps.host.deps;
    this.form = { flow: settings.read().defaultAuthFlow, ...(settings.read().adminProfile ? { profile: settings.read().adminProfile } : {}) };
    const root = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'Cognito: Sign In',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      // Kept alive when hidden: a half-answered challenge and the typed (non-secret) fields survive a tab switch.
      { enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: true },
    );
    const webview = this.panel.webview;
    webview.html = buildWebviewHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'signInPanel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'signInPanel.css')).toString(),
      title: 'Cognito: Sign In',
      loadingText: 'Loading the sign-in form…',
    });

    const handlers: SignInHandlers = {
      ready: () => {
        this.webviewReady = true;
        this.pushState();
        return null;
      },
      start: (params) => this.exclusive(() => this.start(params)),
      answer: (params) => {
        for (const secret of secretsOfAnswer(params)) registerSecret(secret);
        return this.exclusive(async () => {
          const attempt = this.attempt;
          if (!attempt?.state || this.step.kind !== 'challenge') throw new UserFacingError('No sign-in is waiting for an answer; start again.', 'InvalidState');
          if (this.step.challenge.name !== params.name) throw new UserFacingError(`The sign-in is waiting for ${this.step.challenge.name}, not ${params.name}.`, 'InvalidInput');
          return this.advance(attempt, await continueSignIn(this.deps.host, attempt, answerOf(params)));
        });
      },
      restart: () => {
        this.attempt = undefined;
        this.finished = undefined;
        return this.setStep({ kind: 'form' });
      },
      showTokens: async () => {
        const id = this.finished?.view.connectionId;
        if (!id) throw new UserFacingError('Sign in first; then the tokens can be shown.', 'NotSignedIn');
        await vscode.commands.executeCommand('cognitoExplorer.showTokens', { connectionId: id });
        return null;
      },
      rememberDevice: () =>
        this.exclusive(async () => {
          const f = this.finished;
          if (!f?.offeredDevice) throw new UserFacingError('Cognito did not offer a device to remember in this sign-in.', 'NoDevice');
          await rememberDevice(this.deps.host, f.attempt, f.accessToken, f.offeredDevice);
          f.offeredDevice = undefined;
          f.view = { ...f.view, device: 'remembered' };
          return this.setStep(f.view);
        }),
    };
    this.dispatch = createDispatcherFor({ panel: 'sign-in panel', parse: parseSignInRequest }, handlers, (reply) => this.post(reply), {
      explain: (err) => explainError(err),
      onProblem: (problem, err) => (err ? logFailure(this.deps.logger, problem, err) : this.deps.logger.warn(problem)),
    });

    const { sessions } = deps.host.deps;
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => void this.dispatch(message)),
      // Sign-ins and sign-outs elsewhere, and connection edits (sessions reload on settings changes), change the dropdown.
      sessions.onDidChange(() => this.pushState()),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  /** One step at a time: a double click must not send the same answer twice (Cognito sessions are single-use). */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy) throw new UserFacingError('A sign-in step is still running; wait for it to finish.', 'Busy');
    this.busy = true;
    try {
      return await withCallScope({ signal: this.cancel.signal }, work);
    } finally {
      this.busy = false;
    }
  }

  private async start(params: StartParams): Promise<StepView> {
    registerSecret(params.password);
    const { host } = this.deps;
    const connection = host.deps.settings.connection(params.connectionId);
    if (!connection) throw new UserFacingError('That connection no longer exists; pick another one.', 'NoSuchConnection');
    const profile = params.profile?.trim() || undefined;
    this.form = { connectionId: connection.id, username: params.username.trim(), flow: params.flow, ...(profile ? { profile } : {}) };
    this.attempt = undefined;
    this.finished = undefined;
    const { attempt, step } = await beginSignIn(host, {
      connection,
      username: params.username,
      password: params.password || undefined,
      flow: params.flow,
      profile: profile ?? host.deps.settings.read().adminProfile,
      factor: params.factor,
      rememberDevice: params.rememberDevice,
    });
    return this.advance(attempt, step);
  }

  /** Shows the next challenge, or finishes the sign-in and shows who is signed in. */
  private async advance(attempt: Attempt, step: SignInStep): Promise<StepView> {
    this.attempt = attempt;
    if (step.kind === 'challenge') {
      const policy = step.challenge.name === 'NEW_PASSWORD_REQUIRED' ? await this.policyOf(attempt) : undefined;
      return this.setStep(await stepView(step, { connection: attempt.connection, number: attempt.challenges, validFor: '', mfaSetUp: false, device: 'none', policy }));
    }
    const done = await finishSignIn(this.deps.host, attempt, step);
    const view = (await stepView(step, { connection: attempt.connection, number: attempt.challenges, validFor: done.validFor, mfaSetUp: done.mfaSetUp, device: done.device })) as Finished['view'];
    this.finished = { attempt, accessToken: step.tokens.accessToken, ...(done.offeredDevice ? { offeredDevice: done.offeredDevice } : {}), view };
    this.attempt = undefined;
    return this.setStep(view);
  }

  /** The pool's password policy, read once per pool (DescribeUserPool with the admin profile, or the emulator). */
  private async policyOf(attempt: Attempt): Promise<PasswordPolicyView | undefined> {
    const key = `${attempt.connection.endpointUrl ?? ''} ${attempt.connection.userPoolId}`;
    if (!this.policies.has(key)) this.policies.set(key, await passwordPolicyOf(attempt.connection, { profile: this.form.profile ?? this.deps.host.deps.settings.read().adminProfile }));
    return this.policies.get(key);
  }

  private async adopt(attempt: Attempt, step: SignInChallengeStep): Promise<void> {
    this.form = { ...this.form, connectionId: attempt.connection.id, username: attempt.username, flow: attempt.flow };
    this.finished = undefined;
    try {
      await this.advance(attempt, step);
    } catch (err) {
      this.deps.logger.warn(`The sign-in panel could not continue the sign-in: ${explainError(err)}`, err);
    }
    this.pushState();
  }

  private setStep(step: StepView): StepView {
    this.step = step;
    return step;
  }

  private state(): SignInPanelState {
    const { settings, sessions } = this.deps.host.deps;
    const connections = connectionOptions(settings.connections(), (id) => sessions.get(id)?.username, (id) => tracksDevices(this.deps.host, id));
    const form = { ...this.form };
    if (!form.connectionId || !connections.some((c) => c.id === form.connectionId)) {
      form.connectionId = connections[0]?.id;
      form.username = form.connectionId ? lastUsername(this.deps.host, form.connectionId) : undefined;
    }
    if (form.connectionId && !form.username) form.username = lastUsername(this.deps.host, form.connectionId);
    return { connections, form: JSON.parse(JSON.stringify(form)) as FormDefaults, step: this.step };
  }

  private pushState(): void {
    if (!this.webviewReady || this.disposed) return;
    void this.post({ kind: 'push', event: 'state', data: this.state() });
  }

  private post(message: ReplyMessage | SignInPushMessage): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancel.abort();
    if (SignInPanel.current === this) SignInPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
