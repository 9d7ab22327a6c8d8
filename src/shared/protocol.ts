/**
 * The token panel's message protocol, declared once for the host (src/extension) and the webview (webview/).
 * Plain types only: this file is compiled for Node and for the browser, so it imports nothing.
 */

export type TokenWhich = 'id' | 'access';
export const TOKEN_WHICH: readonly TokenWhich[] = ['id', 'access'];

export interface TimeView {
  /** Seconds since the epoch, as in the claim. */
  epoch: number;
  iso: string;
}

export interface TokenTimesView {
  issuedAt?: TimeView;
  expiresAt?: TimeView;
  authTime?: TimeView;
  notBefore?: TimeView;
}

export interface ClaimExplanation {
  claim: string;
  value: unknown;
  meaning: string;
}

export type CheckName = 'format' | 'algorithm' | 'signature' | 'issuer' | 'token_use' | 'audience' | 'expiry';

export interface VerificationCheck {
  name: CheckName;
  ok: boolean;
  detail: string;
}

export interface VerificationView {
  verified: boolean;
  reason?: string;
  checks: VerificationCheck[];
}

/** Verification of one token: still running, finished, or failed before any check could run (e.g. JWKS unreachable). */
export type VerificationState =
  | { status: 'pending' }
  | { status: 'done'; result: VerificationView }
  | { status: 'error'; error: string };

/** One token as the webview shows it. The raw token never leaves the host; copying goes through a request. */
export interface TokenView {
  which: TokenWhich;
  /** Set when the token could not be decoded; the other fields are then empty. */
  decodeError?: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  kind: 'id' | 'access' | 'unknown';
  times: TokenTimesView;
  claims: ClaimExplanation[];
  verification: VerificationState;
}

export interface PanelState {
  connection: { name: string; region: string; userPoolId: string; clientId: string; endpointUrl?: string };
  username: string;
  /** The tab to open on; the webview keeps the user's choice afterwards unless the host asks again. */
  selected: TokenWhich;
  /** Increases each time the host wants `selected` applied (a new `show` call), so a re-push does not reset the user's tab. */
  selectSeq: number;
  tokens: Record<TokenWhich, TokenView>;
  /**
   * Set when the panel shows one token found in the editor rather than a session: only that tab is shown, and
   * `connection` names the saved connection it matched (or the pool its issuer names).
   */
  only?: TokenWhich;
}

/** Every request the webview may make: its params and its result. */
export interface Requests {
  /** The webview is listening: the host pushes `state` now and on every change until the page reloads. */
  ready: { params: Record<string, never>; result: null };
  /** The host writes the token to the clipboard; the value never comes back. */
  copyToken: { params: { which: TokenWhich }; result: { copied: true } };
  /** Runs verification again (fresh JWKS fetch if the cache allows); the new results arrive as a `state` push. */
  reverify: { params: Record<string, never>; result: null };
}

export type Method = keyof Requests;
export type Params<M extends Method> = Requests[M]['params'];
export type Result<M extends Method> = Requests[M]['result'];

export type RequestMessage = { [M in Method]: { id: number; method: M; params: Params<M> } }[Method];

export type ReplyMessage =
  | { kind: 'reply'; id: number | null; ok: true; result: unknown }
  | { kind: 'reply'; id: number | null; ok: false; error: string };

/** Host -> webview pushes. */
export interface Pushes {
  state: PanelState;
}

export type PushMessage = { [E in keyof Pushes]: { kind: 'push'; event: E; data: Pushes[E] } }[keyof Pushes];

export type HostMessage = ReplyMessage | PushMessage;

/** The host's handler map: the compiler insists on one handler per method. */
export type RequestHandlers = { [M in Method]: (params: Params<M>) => Result<M> | Promise<Result<M>> };
