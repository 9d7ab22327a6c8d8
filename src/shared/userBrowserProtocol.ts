/**
 * The user browser's message protocol, declared once for the host (src/extension) and the webview (webview/).
 * Plain types and constants only. No secret ever travels here: passwords for admin actions are asked by the host
 * in VS Code's own input boxes, never in the webview.
 */

/** Built-in columns; attribute columns are `attr:<Cognito name>` (custom:… included). */
export const BASE_COLUMNS = ['username', 'status', 'enabled', 'created', 'modified'] as const;
export type BaseColumn = (typeof BASE_COLUMNS)[number];
export type ColumnKey = BaseColumn | `attr:${string}`;

export const DEFAULT_COLUMNS: readonly ColumnKey[] = ['username', 'attr:email', 'status', 'enabled', 'created'];

export interface ColumnOption {
  key: ColumnKey;
  /** The mapped display name (attribute map), or the Cognito name. */
  title: string;
}

/** One user as the table shows it; dates are ISO strings. */
export interface UserRow {
  username: string;
  status: string;
  enabled: boolean;
  created?: string;
  modified?: string;
  attributes: Record<string, string>;
}

export type FilterOp = '=' | '^=';
export const FILTER_OPS: readonly FilterOp[] = ['=', '^='];

/** A server-side ListUsers filter as the builder collects it; the host turns it into the expression. */
export interface FilterSpec {
  attribute: string;
  op: FilterOp;
  value: string;
}

export interface UserBrowserState {
  pool: { id: string; name: string; region: string };
  columns: ColumnOption[];
  selected: ColumnKey[];
  filter: FilterSpec | null;
  filterableAttributes: string[];
}

export interface LoadProgress {
  generation: number;
  loaded: number;
  done: boolean;
  cancelled: boolean;
  /** The sentence of a failed load; rows loaded before it stay. */
  error?: string;
}

export interface RowsBatch {
  generation: number;
  rows: UserRow[];
}

export interface UserDetailsView {
  row: UserRow;
  attributes: { name: string; title: string; value: string }[];
  groups: string[];
  mfa: string[];
  preferredMfa?: string;
  devices: { key: string; name?: string; lastAuthenticated?: string }[];
  /** The devices could not be read (see problems): "not available", never "none". */
  devicesUnavailable?: boolean;
  /** Why the groups or devices could not be read (the rest of the user still shows). */
  problems: string[];
}

/** Admin actions the details pane offers; each runs the extension's command of the same purpose, confirmations included. */
export const ADMIN_ACTIONS = [
  'enable',
  'disable',
  'resetPassword',
  'setPassword',
  'confirmSignUp',
  'verifyEmail',
  'verifyPhone',
  'addToGroup',
  'removeFromGroup',
  'signOutEverywhere',
  'resendInvitation',
  'delete',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

export type ExportFormat = 'csv' | 'json';

/** Every request the webview may make: its params and its result. */
export interface UserBrowserRequests {
  /** The webview is listening: the host pushes `state`, then streams rows. */
  ready: { params: Record<string, never>; result: null };
  /** Loads every user again, with this server-side filter (null: none); invalid filters come back as the sentence. */
  load: { params: { filter: FilterSpec | null }; result: null };
  /** Stops the background load; the rows loaded so far stay. */
  cancel: { params: Record<string, never>; result: null };
  /** Remembers the chosen columns for this pool. */
  setColumns: { params: { columns: ColumnKey[] }; result: null };
  /** Everything Cognito holds for one user (AdminGetUser, groups, devices). */
  openUser: { params: { username: string }; result: UserDetailsView };
  /** Runs an admin action (the host confirms and asks for what it needs); null when the user cancelled. */
  action: { params: { username: string; action: AdminAction }; result: { summary: string } | null };
  /** Saves the rows shown, in the order shown, with the columns shown; null when the save dialog was cancelled. */
  exportView: { params: { format: ExportFormat; usernames: string[]; columns: ColumnKey[] }; result: { path: string; rows: number } | null };
}

export type UserBrowserMethod = keyof UserBrowserRequests;
export type UserBrowserParams<M extends UserBrowserMethod> = UserBrowserRequests[M]['params'];
export type UserBrowserResult<M extends UserBrowserMethod> = UserBrowserRequests[M]['result'];

export type UserBrowserRequestMessage = { [M in UserBrowserMethod]: { id: number; method: M; params: UserBrowserParams<M> } }[UserBrowserMethod];

/** Host -> webview pushes. */
export interface UserBrowserPushes {
  state: UserBrowserState;
  /** Rows of the load `generation`, appended in arrival order (rows of an older generation are dropped). */
  rows: RowsBatch;
  progress: LoadProgress;
  /** One user changed (an admin action) or was deleted: the row updates in place. */
  user: { row: UserRow } | { removed: string };
}

export type UserBrowserPushMessage = { [E in keyof UserBrowserPushes]: { kind: 'push'; event: E; data: UserBrowserPushes[E] } }[keyof UserBrowserPushes];

/** The host's handler map: the compiler insists on one handler per method. */
export type UserBrowserHandlers = { [M in UserBrowserMethod]: (params: UserBrowserParams<M>) => UserBrowserResult<M> | Promise<UserBrowserResult<M>> };

/** Title of a base column. */
export const BASE_TITLES: Record<BaseColumn, string> = { username: 'Username', status: 'Status', enabled: 'Enabled', created: 'Created', modified: 'Last modified' };

/** The text a cell shows (also what search and sort use). */
export function cellText(row: UserRow, key: ColumnKey): string {
  switch (key) {
    case 'username':
      return row.username;
    case 'status':
      return row.status;
    case 'enabled':
      return row.enabled ? 'yes' : 'no';
    case 'created':
      return row.created ?? '';
    case 'modified':
      return row.modified ?? '';
    default:
      return row.attributes[key.slice(5)] ?? '';
  }
}
