/** The token panel's browser side: says `ready`, renders each `state` push, sends Copy / Re-verify as requests. */
import './litNonce';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import './tokenPanel.css';
import { TOKEN_WHICH, type PanelState, type TokenWhich } from '../src/shared/protocol';
import { createClient } from '../src/shared/rpc';
import { h, renderSummary, renderToken, tickRelativeTimes, type PanelActions } from './render';
import { tabLabel } from './viewModel';

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

const client = createClient((message) => vscode.postMessage(message), {
  onProblem: (problem) => console.warn(`Token panel: ${problem}`),
});

let state: PanelState | undefined;
let appliedSelectSeq = -1;
let tabs: HTMLElement & { selectedIndex: number } | undefined;
const headers = new Map<TokenWhich, HTMLElement>();
const panels = new Map<TokenWhich, HTMLElement>();
let summary: HTMLElement | undefined;

function showStatus(status: HTMLElement, text: string, isError: boolean): void {
  status.textContent = text;
  status.classList.toggle('error-text', isError);
  if (!isError) {
    setTimeout(() => {
      if (status.textContent === text) status.textContent = '';
    }, 3000);
  }
}

async function withButton(button: HTMLElement, work: () => Promise<void>): Promise<void> {
  button.setAttribute('disabled', '');
  try {
    await work();
  } finally {
    button.removeAttribute('disabled');
  }
}

const actions: PanelActions = {
  copy(which, status, button) {
    void withButton(button, async () => {
      try {
        await client.request('copyToken', { which });
        showStatus(status, 'Copied', false);
      } catch (err) {
        showStatus(status, (err as Error).message, true);
      }
    });
  },
  reverify(status, button) {
    void withButton(button, async () => {
      try {
        await client.request('reverify', {});
      } catch (err) {
        showStatus(status, (err as Error).message, true);
      }
    });
  },
};

function buildShell(): void {
  tabs = h('vscode-tabs', { 'aria-label': 'Tokens' }) as HTMLElement & { selectedIndex: number };
  for (const which of TOKEN_WHICH) {
    const header = h('vscode-tab-header', { slot: 'header', 'data-tab': which });
    const panel = h('vscode-tab-panel', { 'data-panel': which });
    headers.set(which, header);
    panels.set(which, panel);
    tabs.append(header, panel);
  }
  summary = h('header');
  app.replaceChildren(summary, tabs);
}

function apply(next: PanelState): void {
  state = next;
  if (!tabs) buildShell();
  const now = Date.now();
  const freshSummary = renderSummary(next);
  summary?.replaceWith(freshSummary);
  summary = freshSummary;
  for (const which of TOKEN_WHICH) {
    const token = next.tokens[which];
    // A single token from the editor has no partner: its tab alone is shown.
    const hidden = next.only !== undefined && next.only !== which;
    headers.get(which)!.hidden = hidden;
    panels.get(which)!.hidden = hidden;
    headers.get(which)!.textContent = tabLabel(token);
    panels.get(which)!.replaceChildren(...(hidden ? [] : [renderToken(token, now, actions)]));
  }
  if (next.selectSeq !== appliedSelectSeq || next.only) {
    appliedSelectSeq = next.selectSeq;
    tabs!.selectedIndex = TOKEN_WHICH.indexOf(next.only ?? next.selected);
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const push = client.receive(event.data);
  if (push?.kind === 'push' && push.event === 'state') apply(push.data);
});

setInterval(() => tickRelativeTimes(app, state, Date.now()), 1000);

client.request('ready', {}).catch((err: Error) => {
  app.replaceChildren(h('p', { class: 'error-text' }, `The panel could not reach the editor: ${err.message}`));
});
