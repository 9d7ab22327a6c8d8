/** Builds the panel's DOM from the pushed state. Text goes in through textContent only, never as HTML. */
import type { PanelState, TokenView, TokenWhich } from '../src/shared/protocol';
import { checkRows, claimRows, expirySummary, formatRelative, headline, isTimeWarning, prettyJson, timeRows } from './viewModel';

type Child = Node | string | null | undefined | false;

export function h(tag: string, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) el.setAttribute(name, '');
    else if (typeof value === 'string') el.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

function table(caption: string, head: string[], rows: Node[][], className: string): HTMLElement {
  return h(
    'table',
    { class: className },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => (c instanceof HTMLElement && c.tagName === 'TD' ? c : h('td', {}, c)))))),
  );
}

function section(title: string, ...content: Child[]): HTMLElement {
  return h('section', { class: 'block' }, h('h2', {}, title), ...content);
}

export interface PanelActions {
  copy(which: TokenWhich, status: HTMLElement, button: HTMLElement): void;
  reverify(status: HTMLElement, button: HTMLElement): void;
}

function verificationBlock(token: TokenView): HTMLElement {
  const v = token.verification;
  if (token.decodeError) return section('Verification', h('p', { class: 'muted' }, 'Nothing to verify: the token could not be decoded.'));
  if (v.status === 'pending') return section('Verification', h('p', { class: 'muted' }, 'Checking the signature against the pool\'s JWKS…'));
  if (v.status === 'error') return section('Verification', h('p', { class: 'error-text' }, v.error));
  const rows = checkRows(v.result.checks).map((r) => [
    h('td', { class: `mark ${r.ok ? 'ok' : 'bad'}`, 'aria-label': r.ok ? 'passed' : 'failed' }, r.mark),
    h('td', { class: 'check-name' }, r.label),
    h('td', {}, r.detail),
  ]);
  return section('Verification', table('Verification checks', ['', 'Check', 'Result'], rows, 'checks'));
}

function timesBlock(token: TokenView, now: number): HTMLElement {
  const rows = timeRows(token.times, now).map((r) => [
    h('td', {}, h('code', {}, r.claim)),
    h('td', {}, r.label),
    h('td', {}, r.local),
    h('td', {}, r.utc),
    h('td', { class: r.warning ? 'relative bad' : 'relative', 'data-rel-epoch': String(r.epoch), 'data-claim': r.claim }, r.relative),
  ]);
  if (!rows.length) return section('Times', h('p', { class: 'muted' }, 'This token carries no time claims.'));
  return section('Times', table('Token times', ['Claim', '', 'Local', 'UTC', 'Relative'], rows, 'times'));
}

function claimsBlock(token: TokenView): HTMLElement {
  const rows = claimRows(token.claims).map((r) => [h('td', {}, h('code', {}, r.claim)), h('td', { class: 'value' }, r.value), h('td', {}, r.meaning)]);
  if (!rows.length) return section('Claims', h('p', { class: 'muted' }, 'No claims to explain.'));
  return section('Claims', table('Claims explained', ['Claim', 'Value', 'Meaning'], rows, 'claims'));
}

/** The content of one tab panel. */
export function renderToken(token: TokenView, now: number, actions: PanelActions): HTMLElement {
  const head = headline(token);
  const status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const copy = h('vscode-button', { 'data-action': 'copy' }, 'Copy token');
  const reverify = h('vscode-button', { secondary: true, 'data-action': 'reverify' }, 'Re-verify');
  copy.addEventListener('click', () => actions.copy(token.which, status, copy));
  reverify.addEventListener('click', () => actions.reverify(status, reverify));

  const mark = head.tone === 'ok' ? '✓' : head.tone === 'bad' ? '✗' : '…';
  const banner = h(
    'section',
    { class: `banner tone-${head.tone}${head.verdictOk === false ? ' verdict-bad' : ''}`, 'data-testid': `headline-${token.which}` },
    h('div', { class: 'headline' }, h('span', { class: 'mark', 'aria-hidden': 'true' }, mark), h('span', { class: 'headline-text' }, head.text)),
    head.verdict ? h('div', { class: `verdict ${head.verdictOk ? 'ok' : 'bad'}` }, head.verdict) : null,
    token.decodeError ? null : h('div', { class: 'expiry', 'data-expiry': '' }, expirySummary(token.times, now)),
  );

  const parts: Child[] = [banner, h('div', { class: 'actions' }, copy, reverify, status)];
  if (!token.decodeError) {
    parts.push(
      verificationBlock(token),
      timesBlock(token, now),
      claimsBlock(token),
      section('Header', h('pre', { class: 'json' }, prettyJson(token.header))),
      section('Payload', h('pre', { class: 'json' }, prettyJson(token.payload))),
    );
  }
  return h('div', { class: 'token', 'data-which': token.which }, ...parts);
}

export function renderSummary(state: PanelState): HTMLElement {
  const c = state.connection;
  return h(
    'header',
    { class: 'summary' },
    h('h1', {}, state.only ? `${state.only === 'id' ? 'ID' : 'Access'} token of ${state.username}` : `Tokens of ${state.username}`),
    h(
      'p',
      { class: 'muted' },
      `${c.name} · pool ${c.userPoolId} · client ${c.clientId}${c.endpointUrl ? ` · endpoint ${c.endpointUrl}` : ''}`,
    ),
  );
}

/** Refreshes every relative time in place, once a second, without rebuilding the tables. */
export function tickRelativeTimes(root: ParentNode, state: PanelState | undefined, now: number): void {
  root.querySelectorAll<HTMLElement>('[data-rel-epoch]').forEach((el) => {
    const ms = Number(el.dataset.relEpoch) * 1000;
    el.textContent = formatRelative(ms, now);
    el.classList.toggle('bad', isTimeWarning(el.dataset.claim ?? '', ms, now));
  });
  if (!state) return;
  for (const which of ['id', 'access'] as const) {
    const el = root.querySelector<HTMLElement>(`.token[data-which="${which}"] [data-expiry]`);
    if (el) el.textContent = expirySummary(state.tokens[which].times, now);
  }
}
