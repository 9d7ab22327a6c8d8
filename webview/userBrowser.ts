/**
 * The user browser's browser side: a toolbar (search, server-side filter, columns, export), a virtualized table
 * (only the rows in view are in the DOM, re-used while scrolling) and a details pane with admin actions.
 * Text goes in through textContent only, never as HTML.
 */
import './userBrowser.css';
import { createClientFor } from '../src/shared/rpc';
import {
  cellText,
  FILTER_OPS,
  type AdminAction,
  type ColumnKey,
  type ExportFormat,
  type FilterOp,
  type LoadProgress,
  type UserBrowserPushMessage,
  type UserBrowserRequests,
  type UserBrowserState,
  type UserDetailsView,
} from '../src/shared/userBrowserProtocol';
import { parseUserBrowserHostMessage, parseUserDetails } from '../src/shared/userBrowserValidate';
import { h } from './render';
import { countLine, UserTable, visibleWindow } from './userBrowserModel';

const ROW_HEIGHT = 24;
/** Rows rendered beyond each edge: enough for a wheel notch; every one more is laid out on each long jump. */
const OVERSCAN = 3;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const client = createClientFor<UserBrowserRequests, UserBrowserPushMessage>((m) => vscode.postMessage(m), parseUserBrowserHostMessage, {
  // Admin actions wait for the user's answer in VS Code's dialogs.
  timeoutMs: 600_000,
  onProblem: (problem) => console.warn(`User browser: ${problem}`),
});

const table = new UserTable();
let state: UserBrowserState | undefined;
let progress: LoadProgress = { generation: 0, loaded: 0, done: false, cancelled: false };
let generation = -1;
let selectedUser: string | undefined;
let renderQueued = false;
/** The keyboard's row (a position in the current view); Enter opens it. */
let cursor = -1;

const heading = h('h1', {}, 'Users');
const sub = h('p', { class: 'muted' });
const searchBox = h('input', { type: 'search', id: 'search', placeholder: 'Search loaded users', 'aria-label': 'Search loaded users' }) as HTMLInputElement;
const filterAttr = h('select', { id: 'filter-attribute', 'aria-label': 'Filter attribute' }) as HTMLSelectElement;
const filterOp = h('select', { id: 'filter-op', 'aria-label': 'Filter operator' }, ...FILTER_OPS.map((op) => h('option', { value: op }, op === '=' ? '= (equals)' : '^= (starts with)'))) as HTMLSelectElement;
const filterValue = h('input', { type: 'text', id: 'filter-value', placeholder: 'value', 'aria-label': 'Filter value' }) as HTMLInputElement;
const applyFilter = h('button', { type: 'button', id: 'apply-filter' }, 'Apply filter');
const clearFilter = h('button', { type: 'button', id: 'clear-filter', class: 'secondary' }, 'Clear');
const columnsButton = h('button', { type: 'button', id: 'columns', class: 'secondary', 'aria-expanded': 'false' }, 'Columns…');
const exportCsv = h('button', { type: 'button', id: 'export-csv', class: 'secondary' }, 'Export CSV');
const exportJson = h('button', { type: 'button', id: 'export-json', class: 'secondary' }, 'Export JSON');
const cancelButton = h('button', { type: 'button', id: 'cancel', class: 'secondary' }, 'Cancel');
const countText = h('span', { id: 'count', role: 'status', 'aria-live': 'polite' });
const statusText = h('span', { id: 'status', class: 'status' });
const progressBar = h('div', { class: 'progress', 'aria-hidden': 'true' });
const columnsPanel = h('div', { id: 'columns-panel', class: 'columns-panel', hidden: true });
const header = h('div', { class: 'row header', role: 'row' });
const spacer = h('div', { class: 'spacer' });
const rowsLayer = h('div', { class: 'rows', role: 'rowgroup' });
const viewport = h('div', { class: 'viewport', id: 'table', role: 'grid', tabindex: '0' }, header, spacer, rowsLayer);
const details = h('aside', { class: 'details', id: 'details', hidden: true, 'aria-live': 'polite' });

function columns(): ColumnKey[] {
  return state?.selected.length ? state.selected : ['username'];
}

function titleOf(key: ColumnKey): string {
  return state?.columns.find((c) => c.key === key)?.title ?? key.replace(/^attr:/, '');
}

function setStatus(text: string, bad = false): void {
  statusText.textContent = text;
  statusText.classList.toggle('bad', bad);
}

/** Rebuilds the header and the row template: the grid's columns follow the chosen ones. */
function renderHeader(): void {
  const keys = columns();
  viewport.style.setProperty('--columns', `repeat(${keys.length}, minmax(9em, 1fr))`);
  viewport.style.setProperty('--min-width', `${keys.length * 10}em`);
  const sort = table.sort;
  header.replaceChildren(
    ...keys.map((key) => {
      const mark = sort?.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
      const cell = h('div', { class: 'cell', role: 'columnheader', 'data-key': key, 'aria-sort': sort?.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none' }, titleOf(key) + mark);
      cell.addEventListener('click', () => {
        table.toggleSort(key);
        renderHeader();
        scheduleRender(true);
      });
      return cell;
    }),
  );
  for (const el of Array.from(rowsLayer.children)) el.remove();
}

/**
 * A body row: its cells are placed absolutely at fixed fractions of the row, each with strict containment, so a cell
 * whose text changes is laid out on its own (a grid or flex item is always laid out with its whole row).
 */
function rowElement(): HTMLElement {
  const el = h('div', { class: 'row', role: 'row' });
  const n = columns().length;
  for (let i = 0; i < n; i++) {
    const cell = h('div', { class: 'cell', role: 'gridcell' });
    cell.style.left = `${(100 * i) / n}%`;
    cell.style.width = `${100 / n}%`;
    el.append(cell);
  }
  el.addEventListener('click', () => {
    const username = el.dataset.username;
    if (username) void openUser(username);
  });
  return el;
}

/** Puts the visible rows in place; row elements are re-used, so a scroll only rewrites their text. */
function renderRows(): void {
  renderQueued = false;
  const total = table.shown;
  // Every write is guarded: an unchanged style or text still costs a layout of the whole page.
  const height = `${total * ROW_HEIGHT}px`;
  if (spacer.style.height !== height) spacer.style.height = height;
  if (viewport.getAttribute('aria-rowcount') !== String(total + 1)) viewport.setAttribute('aria-rowcount', String(total + 1));
  const { start, end } = visibleWindow({ scrollTop: viewport.scrollTop, viewportHeight: viewport.clientHeight || 600, rowHeight: ROW_HEIGHT, total, overscan: OVERSCAN });
  const keys = columns();
  // Position p always lives in element p % size: a small scroll rewrites only the rows that came into view.
  while (rowsLayer.children.length < end - start) rowsLayer.append(rowElement());
  const size = rowsLayer.children.length;
  const used = new Set<number>();
  for (let p = start; p < end; p++) {
    const el = rowsLayer.children[p % size] as HTMLElement;
    used.add(p % size);
    const row = table.at(p)!;
    if (el.hidden) el.hidden = false;
    const transform = `translateY(${(p + 1) * ROW_HEIGHT}px)`;
    if (el.style.transform !== transform) {
      el.style.transform = transform;
      el.setAttribute('aria-rowindex', String(p + 2));
    }
    if (el.dataset.username !== row.username) el.dataset.username = row.username;
    el.classList.toggle('selected', row.username === selectedUser);
    el.classList.toggle('cursor', p === cursor);
    el.classList.toggle('disabled-user', !row.enabled);
    for (let c = 0; c < keys.length; c++) {
      const cell = el.children[c] as HTMLElement;
      const value = cellText(row, keys[c]);
      const text = cell.firstChild as Text | null;
      if (!text) cell.textContent = value;
      else if (text.data !== value) text.data = value;
    }
  }
  for (let i = 0; i < size; i++) {
    const el = rowsLayer.children[i] as HTMLElement;
    if (used.has(i) || el.hidden) continue;
    el.hidden = true;
    delete el.dataset.username;
  }
  const count = countLine(total, table.size, !progress.done, table.search);
  if (countText.textContent !== count) countText.textContent = count;
}

function scheduleRender(now = false): void {
  if (now) {
    renderRows();
    return;
  }
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(renderRows);
}

function renderProgress(): void {
  const loading = !progress.done;
  cancelButton.hidden = !loading;
  progressBar.classList.toggle('active', loading);
  if (progress.error) setStatus(progress.error, true);
  else if (progress.cancelled) setStatus(`Stopped after ${progress.loaded.toLocaleString('en-US')} users; Apply filter or Clear loads again.`);
  else if (!loading) setStatus('');
  scheduleRender();
}

function renderColumnsPanel(): void {
  if (!state) return;
  const chosen = new Set(columns());
  columnsPanel.replaceChildren(
    ...state.columns.map((c) => {
      const box = h('input', { type: 'checkbox', id: `col-${c.key}`, 'data-key': c.key, checked: chosen.has(c.key) }) as HTMLInputElement;
      box.addEventListener('change', () => {
        if (!state) return;
        const keep = state.columns.map((o) => o.key).filter((k) => (k === c.key ? box.checked : chosen.has(k)));
        state.selected = keep.length ? keep : ['username'];
        renderColumnsPanel();
        renderHeader();
        scheduleRender(true);
        void client.request('setColumns', { columns: state.selected }).catch((err: Error) => setStatus(err.message, true));
      });
      return h('label', { class: 'column-choice' }, box, c.title);
    }),
  );
}

function applyState(next: UserBrowserState): void {
  state = next;
  filterAttr.replaceChildren(...next.filterableAttributes.map((a) => h('option', { value: a }, a)));
  if (next.filter) {
    filterAttr.value = next.filter.attribute;
    filterOp.value = next.filter.op;
    filterValue.value = next.filter.value;
  }
  document.title = `Users of ${next.pool.name}`;
  heading.textContent = `Users of ${next.pool.name}`;
  sub.textContent = `${next.pool.id} · ${next.pool.region}${next.filter ? ` · filter ${next.filter.attribute} ${next.filter.op} "${next.filter.value}"` : ''}`;
  renderColumnsPanel();
  renderHeader();
  scheduleRender(true);
}

function action(label: string, act: AdminAction, danger = false): HTMLElement {
  const button = h('button', { type: 'button', class: danger ? 'danger' : 'secondary', 'data-action': act }, label);
  button.addEventListener('click', () => {
    const username = selectedUser;
    if (!username) return;
    button.setAttribute('disabled', '');
    client
      .request('action', { username, action: act })
      .then((result) => {
        if (result) detailsStatus(result.summary);
        if (result && act !== 'delete') void openUser(username);
      })
      .catch((err: Error) => detailsStatus(err.message, true))
      .finally(() => button.removeAttribute('disabled'));
  });
  return button;
}

let detailsStatusEl: HTMLElement | undefined;
function detailsStatus(text: string, bad = false): void {
  if (!detailsStatusEl) return;
  detailsStatusEl.textContent = text;
  detailsStatusEl.classList.toggle('bad', bad);
}

function definitionList(entries: [string, string][]): HTMLElement {
  return h('dl', {}, ...entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function renderDetails(view: UserDetailsView): void {
  const r = view.row;
  detailsStatusEl = h('p', { class: 'status', role: 'status' });
  const close = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Close details' }, '✕');
  close.addEventListener('click', () => {
    selectedUser = undefined;
    details.hidden = true;
    scheduleRender(true);
  });
  details.replaceChildren(
    h('div', { class: 'details-head' }, h('h2', {}, r.username), close),
    definitionList([
      ['Status', r.status],
      ['Enabled', r.enabled ? 'yes' : 'no (disabled)'],
      ['Created', r.created ?? '—'],
      ['Last modified', r.modified ?? '—'],
      ['Groups', view.groups.join(', ') || 'none'],
      ['MFA', view.mfa.join(', ') || 'none'],
      ['Preferred MFA', view.preferredMfa ?? '—'],
      ['Devices', view.devicesUnavailable ? 'not available' : view.devices.map((d) => d.name ?? d.key).join(', ') || 'none'],
    ]),
    ...view.problems.map((p) => h('p', { class: 'bad' }, p)),
    h('h3', {}, 'Attributes'),
    definitionList(view.attributes.map((a) => [a.title === a.name ? a.name : `${a.title} (${a.name})`, a.value])),
    h('h3', {}, 'Admin actions'),
    h(
      'div',
      { class: 'actions' },
      r.enabled ? action('Disable', 'disable') : action('Enable', 'enable'),
      action('Reset password', 'resetPassword'),
      action('Set password…', 'setPassword'),
      action('Confirm sign-up', 'confirmSignUp'),
      action('Verify email', 'verifyEmail'),
      action('Verify phone', 'verifyPhone'),
      action('Add to group…', 'addToGroup'),
      action('Remove from group…', 'removeFromGroup'),
      action('Sign out everywhere', 'signOutEverywhere'),
      action('Resend invitation', 'resendInvitation'),
      action('Delete…', 'delete', true),
    ),
    detailsStatusEl,
  );
  details.hidden = false;
}

async function openUser(username: string): Promise<void> {
  selectedUser = username;
  scheduleRender(true);
  details.hidden = false;
  details.replaceChildren(h('p', { class: 'muted' }, `Loading ${username}…`));
  try {
    const view = await client.request('openUser', { username });
    const problem = parseUserDetails(view);
    if (problem) throw new Error(problem);
    if (selectedUser === username) renderDetails(view);
  } catch (err) {
    details.replaceChildren(h('p', { class: 'bad' }, (err as Error).message));
  }
}

function load(filter: boolean): void {
  const spec = filter ? { attribute: filterAttr.value, op: filterOp.value as FilterOp, value: filterValue.value } : null;
  setStatus('');
  client.request('load', { filter: spec }).catch((err: Error) => setStatus(err.message, true));
}

function exportView(format: ExportFormat): void {
  const usernames = table.shownRows().map((r) => r.username);
  setStatus(`Exporting ${usernames.length.toLocaleString('en-US')} users…`);
  client
    .request('exportView', { format, usernames, columns: columns() })
    .then((result) => setStatus(result ? `Saved ${result.rows.toLocaleString('en-US')} users to ${result.path}` : ''))
    .catch((err: Error) => setStatus(err.message, true));
}

searchBox.addEventListener('input', () => {
  table.setSearch(searchBox.value);
  cursor = -1;
  viewport.scrollTop = 0;
  scheduleRender(true);
});
applyFilter.addEventListener('click', () => load(true));
filterValue.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') load(true);
});
clearFilter.addEventListener('click', () => {
  filterValue.value = '';
  load(false);
});
cancelButton.addEventListener('click', () => void client.request('cancel', {}).catch((err: Error) => setStatus(err.message, true)));
columnsButton.addEventListener('click', () => {
  columnsPanel.hidden = !columnsPanel.hidden;
  columnsButton.setAttribute('aria-expanded', String(!columnsPanel.hidden));
});
exportCsv.addEventListener('click', () => exportView('csv'));
exportJson.addEventListener('click', () => exportView('json'));
viewport.addEventListener('scroll', () => scheduleRender(), { passive: true });
viewport.addEventListener('keydown', (e) => {
  const page = Math.max(1, Math.floor(viewport.clientHeight / ROW_HEIGHT) - 1);
  const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
  if (e.key === 'Enter' && cursor >= 0) {
    const row = table.at(cursor);
    if (row) void openUser(row.username);
    e.preventDefault();
    return;
  }
  const move = moves[e.key];
  if (move === undefined || table.shown === 0) return;
  e.preventDefault();
  cursor = Math.min(table.shown - 1, Math.max(0, (cursor < 0 ? -1 : cursor) + move));
  // Keep the cursor row in view, below the sticky header.
  const top = cursor * ROW_HEIGHT;
  if (top < viewport.scrollTop) viewport.scrollTop = top;
  else if (top + 2 * ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + 2 * ROW_HEIGHT - viewport.clientHeight;
  scheduleRender(true);
});
window.addEventListener('resize', () => scheduleRender());

window.addEventListener('message', (event: MessageEvent) => {
  const push = client.receive(event.data);
  if (!push) return;
  switch (push.event) {
    case 'state':
      applyState(push.data);
      break;
    case 'rows':
      if (push.data.generation < generation) return;
      if (push.data.generation > generation) {
        generation = push.data.generation;
        table.clear();
      }
      table.append(push.data.rows);
      scheduleRender();
      break;
    case 'progress':
      if (push.data.generation < generation) return;
      if (push.data.generation > generation) {
        generation = push.data.generation;
        table.clear();
      }
      progress = push.data;
      renderProgress();
      break;
    case 'user':
      if ('removed' in push.data) {
        table.remove(push.data.removed);
        if (selectedUser === push.data.removed) {
          selectedUser = undefined;
          details.hidden = true;
        }
      } else table.upsert(push.data.row);
      scheduleRender(true);
      break;
  }
});

app.replaceChildren(
  h('header', { class: 'top' }, heading, sub),
  h(
    'div',
    { class: 'toolbar' },
    searchBox,
    h('span', { class: 'group', role: 'group', 'aria-label': 'Server-side filter' }, filterAttr, filterOp, filterValue, applyFilter, clearFilter),
    columnsButton,
    exportCsv,
    exportJson,
  ),
  columnsPanel,
  h('div', { class: 'statusline' }, countText, cancelButton, statusText),
  progressBar,
  h('div', { class: 'main' }, viewport, details),
);
renderHeader();
void client.request('ready', {}).catch((err: Error) => setStatus(err.message, true));
