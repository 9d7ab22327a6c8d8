/**
 * The sign-in panel's browser side: says `ready`, renders the form or the challenge the host pushed, sends each
 * step as one request and shows the host's sentence inline when it fails. Secret fields are cleared after every
 * attempt and never kept anywhere else.
 */
import './litNonce';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './signInPanel.css';
import { createClientFor } from '../src/shared/rpc';
import type { ChallengeView, FlowName, SignInPanelState, SignInPushMessage, SignInRequests, StepView } from '../src/shared/signInProtocol';
import { isQrSvg, parseSignInHostMessage, parseStepView } from '../src/shared/signInValidate';
import { h } from './render';
import {
  answerRequest,
  challengeText,
  connectionLabel,
  doneLines,
  factorLabel,
  FACTOR_OPTIONS,
  FLOW_OPTIONS,
  groupSecret,
  isNewStep,
  mfaLabel,
  startFields,
  startRequest,
  type AnswerValues,
} from './signInViewModel';
import { policyChecks, type PasswordPolicyView } from '../src/shared/passwordPolicy';

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

const client = createClientFor<SignInRequests, SignInPushMessage>((message) => vscode.postMessage(message), parseSignInHostMessage, {
  // A sign-in through SMS or a slow Lambda trigger can take a while; the host answers every request exactly once.
  timeoutMs: 120_000,
  onProblem: (problem) => console.warn(`Sign-in panel: ${problem}`),
});

type Field = HTMLElement & { value: string; disabled: boolean; type?: string };
type Box = HTMLElement & { checked: boolean };

let state: SignInPanelState | undefined;
let shown: StepView | undefined;
let errorLine: HTMLElement | undefined;
let busy = false;

function field(id: string, label: string, opts: { type?: string; value?: string; placeholder?: string; hint?: string; autocomplete?: string } = {}): { row: HTMLElement; input: Field } {
  const input = h('vscode-textfield', {
    id,
    name: id,
    type: opts.type ?? 'text',
    placeholder: opts.placeholder,
    autocomplete: opts.autocomplete ?? 'off',
  }) as Field;
  if (opts.value) input.value = opts.value;
  const row = h('div', { class: 'row', 'data-row': id }, h('vscode-label', { for: id }, label), input, opts.hint ? h('div', { class: 'hint' }, opts.hint) : null);
  return { row, input };
}

function select(id: string, label: string, options: { value: string; label: string }[], value: string | undefined): { row: HTMLElement; input: Field } {
  const input = h('vscode-single-select', { id, name: id }) as Field;
  for (const o of options) {
    const option = h('vscode-option', { value: o.value, selected: o.value === value }, o.label);
    input.append(option);
  }
  const row = h('div', { class: 'row', 'data-row': id }, h('vscode-label', { for: id }, label), input);
  return { row, input };
}

function valueOf(id: string): string {
  return (document.getElementById(id) as Field | null)?.value ?? '';
}

function showError(text: string): void {
  if (!errorLine) return;
  errorLine.textContent = text;
  errorLine.hidden = !text;
}

/** Empties every password and code field: after a failure the user types them again, nothing keeps them. */
function clearSecrets(): void {
  for (const el of Array.from(app.querySelectorAll<Field>('vscode-textfield[data-secret]'))) el.value = '';
}

function setBusy(on: boolean, button: HTMLElement, busyText: string): void {
  busy = on;
  for (const b of Array.from(app.querySelectorAll<HTMLElement>('vscode-button'))) b.toggleAttribute('disabled', on);
  if (on) {
    button.dataset.label = button.textContent ?? '';
    button.textContent = busyText;
  } else if (button.dataset.label !== undefined) {
    button.textContent = button.dataset.label;
  }
}

/** Sends one step; the host's step comes back and replaces the view, a failure stays inline under the form. */
async function send(button: HTMLElement, busyText: string, request: () => Promise<unknown>): Promise<void> {
  if (busy) return;
  showError('');
  setBusy(true, button, busyText);
  let next: StepView | undefined;
  try {
    const parsed = parseStepView(await request());
    if (!parsed.ok) throw new Error(parsed.error);
    next = parsed.step;
  } catch (err) {
    clearSecrets();
    showError((err as Error).message);
  } finally {
    setBusy(false, button, busyText);
  }
  if (next && state) {
    state = { ...state, step: next };
    render(true);
  }
}

function submitButton(id: string, text: string, onClick: (b: HTMLElement) => void, secondary = false): HTMLElement {
  const b = h('vscode-button', { id, secondary, 'data-action': id }, text);
  b.addEventListener('click', () => onClick(b));
  return b;
}

/** Enter in any field submits the step, as in a native form. */
function submitOnEnter(form: HTMLElement, button: HTMLElement): void {
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && (e.target as HTMLElement).tagName === 'VSCODE-TEXTFIELD') {
      e.preventDefault();
      button.click();
    }
  });
}

function renderForm(s: SignInPanelState): HTMLElement {
  const form = h('section', { class: 'form', 'aria-label': 'Sign in' });
  if (!s.connections.length) {
    form.append(h('p', { class: 'muted' }, 'There are no connections yet. Add one with "Cognito: Add Connection", then come back here.'));
    return form;
  }
  const connection = select('connection', 'Connection', s.connections.map((c) => ({ value: c.id, label: connectionLabel(c) })), s.form.connectionId ?? s.connections[0].id);
  const username = field('username', 'Username', { value: s.form.username, placeholder: 'alice, or alice@example.com when the pool signs in with email', autocomplete: 'username' });
  const flow = select('flow', 'Sign-in flow', FLOW_OPTIONS.map((o) => ({ ...o })), s.form.flow);
  const profile = field('profile', 'AWS profile (admin flow)', { value: s.form.profile, placeholder: 'default credentials when empty', hint: 'Its credentials sign AdminInitiateAuth; they never reach this panel.' });
  const factor = select('factor', 'Sign in with', FACTOR_OPTIONS.map((o) => ({ ...o })), '');
  const password = field('password', 'Password', { type: 'password', autocomplete: 'current-password' });
  password.input.dataset.secret = '';
  const remember = h('vscode-checkbox', { id: 'remember-device', label: 'Remember this device (the pool tracks devices)' }) as Box;
  const rememberRow = h('div', { class: 'row', 'data-row': 'remember-device' }, remember);
  const submit = submitButton('sign-in', 'Sign in', (b) => {
    const req = startRequest({
      connectionId: connection.input.value,
      username: username.input.value,
      password: password.input.value,
      flow: flow.input.value as FlowName,
      profile: profile.input.value,
      factor: factor.input.value,
      rememberDevice: !rememberRow.hidden && remember.checked,
    });
    if (!req.ok) {
      showError(req.error);
      return;
    }
    void send(b, 'Signing in…', () => client.request('start', req.params));
  });

  const sync = () => {
    const f = startFields(flow.input.value as FlowName, factor.input.value);
    profile.row.hidden = !f.profile;
    factor.row.hidden = !f.factor;
    password.row.hidden = f.password === 'hidden';
    const label = password.row.querySelector('vscode-label');
    if (label) label.textContent = f.password === 'optional' ? 'Password (optional: when given, SRP runs before the custom challenges)' : 'Password';
    const chosen = s.connections.find((c) => c.id === connection.input.value);
    rememberRow.hidden = !chosen?.tracksDevices;
  };
  flow.input.addEventListener('change', sync);
  factor.input.addEventListener('change', sync);
  connection.input.addEventListener('change', sync);
  form.append(connection.row, username.row, flow.row, profile.row, factor.row, password.row, rememberRow, h('div', { class: 'actions' }, submit));
  submitOnEnter(form, submit);
  // The custom elements upgrade on append; read their values after that.
  queueMicrotask(sync);
  return form;
}

function radios(id: string, choices: { value: string; label: string; disabled?: boolean; note?: string }[]): HTMLElement {
  const group = h('vscode-radio-group', { id, variant: 'vertical' });
  choices.forEach((c, i) => {
    group.append(h('vscode-radio', { name: id, value: c.value, label: c.note ? `${c.label} — ${c.note}` : c.label, checked: i === choices.findIndex((x) => !x.disabled), disabled: c.disabled }));
  });
  return group;
}

function checkedRadio(id: string): string {
  const checked = Array.from(document.querySelectorAll<HTMLElement & { checked: boolean; value: string }>(`#${id} vscode-radio`)).find((r) => r.checked);
  return checked?.value ?? '';
}

/** The QR code: the host's SVG, checked against the plain-QR pattern, parsed as XML (never as HTML) and adopted. */
function qrElement(svg: string): HTMLElement {
  const holder = h('div', { class: 'qr', id: 'qr', role: 'img', 'aria-label': 'QR code of the authenticator secret' });
  if (!isQrSvg(svg)) {
    holder.append(h('p', { class: 'error-text' }, 'The QR code could not be shown; type the secret below instead.'));
    return holder;
  }
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  if (doc.documentElement.nodeName === 'svg') holder.append(document.importNode(doc.documentElement, true));
  return holder;
}

/** The pool's password rules under the new-password field, each marked met or not as the user types. */
function policyList(policy: PasswordPolicyView, input: Field): HTMLElement {
  const list = h('ul', { class: 'policy', id: 'password-policy', 'aria-label': "The pool's password policy", 'aria-live': 'polite' });
  const update = () => {
    list.replaceChildren(
      ...policyChecks(policy, input.value).map((check) => h('li', { class: check.met ? 'met' : 'unmet', 'data-met': String(check.met) }, `${check.met ? 'Has' : 'Needs'} ${check.rule}`)),
    );
  };
  input.addEventListener('input', update);
  update();
  return list;
}

function challengeBody(c: ChallengeView): { body: HTMLElement[]; values: () => AnswerValues } {
  switch (c.name) {
    case 'NEW_PASSWORD_REQUIRED': {
      const pw = field('new-password', 'New password', { type: 'password', autocomplete: 'new-password' });
      const confirm = field('confirm-password', 'Type it again', { type: 'password', autocomplete: 'new-password' });
      pw.input.dataset.secret = '';
      confirm.input.dataset.secret = '';
      const attrs = c.requiredAttributes.map((a) => field(`attr-${a}`, a, { value: c.userAttributes[a] }));
      const policy = c.policy ? policyList(c.policy, pw.input) : null;
      const current = Object.entries(c.userAttributes).filter(([k]) => !c.requiredAttributes.includes(k));
      const known = current.length
        ? h('details', { class: 'attributes' }, h('summary', {}, 'Current attributes'), h('dl', {}, ...current.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])))
        : null;
      return {
        body: [pw.row, ...(policy ? [policy] : []), confirm.row, ...attrs.map((a) => a.row), ...(known ? [known] : [])],
        values: () => ({
          newPassword: pw.input.value,
          confirmPassword: confirm.input.value,
          attributes: Object.fromEntries(c.requiredAttributes.map((a, i) => [a, attrs[i].input.value])),
        }),
      };
    }
    case 'SELECT_MFA_TYPE': {
      const group = radios('mfa-choice', c.choices.map((x) => ({ value: x, label: mfaLabel(x) })));
      return { body: [group], values: () => ({ choice: checkedRadio('mfa-choice') }) };
    }
    case 'MFA_SETUP': {
      const secret = h('code', { id: 'secret-code', class: 'secret' }, groupSecret(c.secretCode));
      const code = field('code', 'Code from the app', { placeholder: '123456', autocomplete: 'one-time-code' });
      code.input.dataset.secret = '';
      const device = field('friendly-device-name', 'Name of this authenticator (optional)', { placeholder: 'Phone' });
      return {
        body: [
          h('div', { class: 'setup' }, qrElement(c.qrSvg), h('div', { class: 'setup-text' }, h('p', {}, 'Or type this secret into the app', c.issuer ? ` (account "${c.issuer}")` : '', ':'), secret)),
          code.row,
          device.row,
        ],
        values: () => ({ code: code.input.value, friendlyDeviceName: device.input.value }),
      };
    }
    case 'CUSTOM_CHALLENGE': {
      const entries = Object.entries(c.parameters);
      const params = entries.length
        ? h('dl', { class: 'parameters' }, ...entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))
        : h('p', { class: 'muted' }, 'The challenge came without parameters.');
      const answer = field('answer', 'Answer', { type: 'password' });
      answer.input.dataset.secret = '';
      return { body: [params, answer.row], values: () => ({ answer: answer.input.value }) };
    }
    case 'SELECT_CHALLENGE': {
      const group = radios(
        'factor-choice',
        c.choices.map((x) => ({ value: x.name, label: factorLabel(x.name), disabled: !x.supported, note: x.supported ? undefined : 'not supported in the editor' })),
      );
      const notes = c.choices.filter((x) => !x.supported && x.note).map((x) => h('p', { class: 'hint' }, x.note!));
      const pw = field('choice-password', 'Password (for Password and Password (SRP))', { type: 'password', autocomplete: 'current-password' });
      pw.input.dataset.secret = '';
      const sync = () => (pw.row.hidden = !['PASSWORD', 'PASSWORD_SRP'].includes(checkedRadio('factor-choice')));
      group.addEventListener('change', sync);
      queueMicrotask(sync);
      return { body: [group, ...notes, pw.row], values: () => ({ choice: checkedRadio('factor-choice'), password: pw.input.value }) };
    }
    default: {
      const code = field('code', 'Code', { placeholder: '123456', autocomplete: 'one-time-code' });
      code.input.dataset.secret = '';
      return { body: [code.row], values: () => ({ code: code.input.value }) };
    }
  }
}

function renderChallenge(step: Extract<StepView, { kind: 'challenge' }>): HTMLElement {
  const c = step.challenge;
  const text = challengeText(c);
  const { body, values } = challengeBody(c);
  const submit = submitButton('submit-answer', text.submit, (b) => {
    const req = answerRequest(c, values());
    if (!req.ok) {
      showError(req.error);
      return;
    }
    void send(b, 'Checking…', () => client.request('answer', req.params));
  });
  const restart = submitButton('start-over', 'Start over', (b) => void send(b, 'Starting over…', () => client.request('restart', {})), true);
  const form = h(
    'section',
    { class: 'form challenge', 'data-challenge': c.name, 'aria-label': text.title },
    h('h2', {}, text.title),
    h('p', { class: 'muted' }, `${step.username} on ${step.connectionName} · ${c.name}`),
    h('p', {}, text.intro),
    ...body,
    h('div', { class: 'actions' }, submit, restart),
  );
  submitOnEnter(form, submit);
  return form;
}

function renderDone(step: Extract<StepView, { kind: 'done' }>): HTMLElement {
  const tokens = submitButton('show-tokens', 'Show tokens', (b) => void send(b, 'Opening…', async () => {
    await client.request('showTokens', {});
    return step;
  }));
  const again = submitButton('sign-in-again', 'Sign in again', (b) => void send(b, 'Starting over…', () => client.request('restart', {})), true);
  const remember = step.device === 'offered' ? submitButton('remember-device', 'Remember this device', (b) => void send(b, 'Remembering…', () => client.request('rememberDevice', {})), true) : null;
  return h(
    'section',
    { class: 'done', 'aria-label': 'Signed in' },
    h('h2', { id: 'signed-in' }, `Signed in as ${step.username}`),
    h('p', { class: 'muted' }, step.connectionName),
    ...doneLines(step).map((line) => h('p', {}, line)),
    h('div', { class: 'actions' }, tokens, remember, again),
  );
}

function render(force: boolean): void {
  if (!state) return;
  const step = state.step;
  // A push that only refreshes the connection list must not wipe what the user is typing.
  if (!force && shown && !isNewStep(shown, step) && step.kind !== 'form') return;
  if (!force && shown?.kind === 'form' && step.kind === 'form' && app.querySelector('#username') && sameConnections(state)) {
    refreshConnections(state);
    return;
  }
  shown = step;
  errorLine = h('p', { id: 'error', class: 'error-text', role: 'alert', hidden: true });
  const content = step.kind === 'form' ? renderForm(state) : step.kind === 'challenge' ? renderChallenge(step) : renderDone(step);
  app.replaceChildren(h('h1', {}, 'Sign in to Cognito'), content, errorLine);
  const first = content.querySelector<HTMLElement>('vscode-textfield:not([hidden])');
  if (first) queueMicrotask(() => first.focus());
}

function sameConnections(s: SignInPanelState): boolean {
  const ids = Array.from(document.querySelectorAll('#connection vscode-option')).map((o) => o.getAttribute('value'));
  return ids.join('\n') === s.connections.map((c) => c.id).join('\n');
}

/** Updates the connection dropdown's labels (who is signed in) in place. */
function refreshConnections(s: SignInPanelState): void {
  const select = document.getElementById('connection');
  if (!select) return;
  for (const option of Array.from(select.querySelectorAll('vscode-option'))) {
    const c = s.connections.find((x) => x.id === option.getAttribute('value'));
    if (c) option.textContent = connectionLabel(c);
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const push = client.receive(event.data);
  if (push?.event === 'state') {
    const first = !state;
    state = push.data;
    render(first);
  }
});

client.request('ready', {}).catch((err: Error) => {
  app.replaceChildren(h('p', { class: 'error-text' }, `The panel could not reach the editor: ${err.message}`));
});
