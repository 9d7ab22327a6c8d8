/**
 * Token tools in the editor: decode any JWT (selection, cursor, clipboard or typed), compare two tokens claim by
 * claim, and turn a session's token into a request (header, curl, fetch, .http) copied or inserted at the cursor.
 * Tokens are secrets: none is ever logged; log lines name only which token and what was done with it.
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { decodeToken } from '../../core/tokens/decode';
import { diffClaims, formatClaimDiff } from '../../core/tokens/diff';
import { formatRequest, HTTP_METHODS, parseRequestTarget, REQUEST_FORMATS, requestTargetProblem, type HttpMethod, type RequestFormat } from '../../core/tokens/request';
import { findJwts, jwtAt } from '../../core/tokens/scan';
import type { StoredSession } from '../../core/session';
import { registerTokenLens } from '../editor/tokenLens';
import { tokenPanelModule } from '../lazy';
import { automationArg, connectionIdOf, type CommandDeps } from './deps';

const DIFF_SCHEME = 'cognito-explorer-diff';

interface NamedToken {
  label: string;
  token: string;
}

type Which = 'id' | 'access';
const WHICH_LABEL: Record<Which, string> = { id: 'ID token', access: 'Access token' };

export interface RequestArgs {
  connectionId: string;
  which: Which;
  format: RequestFormat;
  url: string;
  method: HttpMethod;
}

const FORMAT_PICKS: Record<RequestFormat, { label: string; detail: string }> = {
  header: { label: 'Authorization: Bearer header', detail: 'The header line alone' },
  curl: { label: 'curl command', detail: 'Shell-quoted, ready to paste into a terminal' },
  fetch: { label: 'fetch() snippet', detail: 'JavaScript / TypeScript' },
  http: { label: '.http request', detail: 'REST Client format (### request, method and URL, header)' },
};

/** A JWT from the active editor: the selection if it holds one, else the token under the cursor. */
function editorToken(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { selection, document } = editor;
  if (!selection.isEmpty) return findJwts(document.getText(selection), { maxMatches: 1 })[0]?.token ?? document.getText(selection);
  return jwtAt(document.lineAt(selection.active.line).text, selection.active.character)?.token;
}

async function askToken(prompt: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Cognito: Decode Token',
    prompt,
    placeHolder: 'eyJraWQiOi…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        decodeToken(v);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
  });
}

export function register(deps: CommandDeps): void {
  const { commands, sessions, logger, context } = deps;
  context.subscriptions.push(...registerTokenLens({ now: () => deps.clock.now(), connections: () => deps.settings.connections(), enabled: () => deps.settings.editorTokens() }));

  // The tokens a session had before its last change, kept in memory only, so "before and after a refresh" can be compared.
  const previous = new Map<string, StoredSession>();
  const seen = new Map<string, StoredSession>();
  const remember = () => {
    for (const { connection, session } of sessions.all()) {
      const last = seen.get(connection.id);
      if (last && last.tokens.idToken !== session.tokens.idToken) previous.set(connection.id, last);
      seen.set(connection.id, session);
    }
    for (const id of [...seen.keys()]) {
      if (sessions.get(id)) continue;
      seen.delete(id);
      previous.delete(id);
    }
  };
  void sessions.ready.then(remember);
  context.subscriptions.push(sessions.onDidChange(remember));

  const showToken = async (token: string): Promise<void> => {
    const { TokenPanel, tokenPanelDeps } = await tokenPanelModule();
    TokenPanel.showToken(tokenPanelDeps(deps), token);
    logger.info('Opened the token panel for a token from the editor.');
  };

  commands.register('cognitoExplorer.decodeToken', async (arg?: unknown): Promise<boolean> => {
    let token = typeof arg === 'string' ? arg : editorToken();
    if (!token) {
      const clip = await vscode.env.clipboard.readText();
      token = findJwts(clip.slice(0, 256 * 1024), { maxMatches: 1 })[0]?.token;
    }
    token ??= await askToken('Paste a JWT (ID or access token; a "Bearer " prefix is fine)');
    if (!token) return false;
    await showToken(token);
    return true;
  });

  commands.register('cognitoExplorer.decodeTokenAt', async (token?: unknown): Promise<boolean> => {
    if (typeof token !== 'string') throw new UserFacingError('No token was given to decode; use "Cognito: Decode Token" instead.', 'NoToken');
    await showToken(token);
    return true;
  });

  /** Every session token, the one before the last refresh, and what the editor holds, as pickable tokens. */
  function candidates(): NamedToken[] {
    const out: NamedToken[] = [];
    for (const { connection, session } of sessions.all()) {
      for (const which of ['id', 'access'] as const) {
        out.push({ label: `${session.username} · ${WHICH_LABEL[which]} · ${connection.name}`, token: which === 'id' ? session.tokens.idToken : session.tokens.accessToken });
        const before = previous.get(connection.id);
        if (before) out.push({ label: `${before.username} · ${WHICH_LABEL[which]} before the last refresh or sign-in · ${connection.name}`, token: which === 'id' ? before.tokens.idToken : before.tokens.accessToken });
      }
    }
    const fromEditor = editorToken();
    if (fromEditor && findJwts(fromEditor, { maxMatches: 1 }).length) out.push({ label: 'The token selected or under the cursor in the editor', token: fromEditor });
    return out;
  }

  /** The token a Sessions tree token node stands for (right-click > Compare Tokens starts from it). */
  function nodeToken(arg: unknown): NamedToken | undefined {
    const which = (arg as { which?: unknown } | undefined)?.which;
    const id = connectionIdOf(arg);
    const session = id && !automationArg(arg) ? sessions.get(id) : undefined;
    if (!session || (which !== 'id' && which !== 'access')) return undefined;
    return { label: `${session.username} · ${WHICH_LABEL[which]} · ${deps.settings.connection(id!)?.name ?? id}`, token: which === 'id' ? session.tokens.idToken : session.tokens.accessToken };
  }

  async function pickToken(placeHolder: string, exclude?: string): Promise<NamedToken | undefined> {
    const items = [
      ...candidates()
        .filter((c) => c.token !== exclude)
        .map((c) => ({ label: c.label, named: c as NamedToken | undefined })),
      { label: '$(clippy) Paste a token…', named: undefined },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Cognito: Compare Tokens', placeHolder, ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.named) return picked.named;
    const token = await askToken('Paste the JWT to compare');
    return token ? { label: 'a pasted token', token } : undefined;
  }

  const diffDocs = new Map<string, string>();
  let diffSeq = 0;
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, { provideTextDocumentContent: (uri) => diffDocs.get(uri.query) ?? 'This comparison is no longer available; run "Cognito: Compare Tokens" again.\n' }));

  commands.register('cognitoExplorer.compareTokens', async (arg?: unknown): Promise<string | undefined> => {
    const given = automationArg<{ a: string; b: string; labelA: string; labelB: string }>(arg);
    const a = given?.a ? { token: given.a, label: given.labelA ?? 'token A' } : (nodeToken(arg) ?? (await pickToken('First token (A)')));
    if (!a) return undefined;
    const b = given?.b ? { token: given.b, label: given.labelB ?? 'token B' } : await pickToken('Second token (B), compared with A', a.token);
    if (!b) return undefined;
    const text = formatClaimDiff(diffClaims(decodeToken(a.token).payload, decodeToken(b.token).payload), { a: a.label, b: b.label });
    const key = String(++diffSeq);
    diffDocs.set(key, text);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: DIFF_SCHEME, path: '/Token comparison.txt', query: key }));
    await vscode.window.showTextDocument(doc, { preview: true });
    logger.info('Compared two tokens claim by claim.');
    return text;
  });

  // The last URL typed, offered again next time; not a secret, and kept in memory only.
  let lastTarget: string | undefined;

  async function requestFor(arg: unknown, action: string): Promise<{ text: string; label: string } | undefined> {
    const given = automationArg<RequestArgs>(arg);
    const nodeWhich = (arg as { which?: unknown } | undefined)?.which;
    const id = connectionIdOf(arg);
    await sessions.ready;
    let picked: { session: StoredSession; name: string; which: Which } | undefined;
    if (id && (nodeWhich === 'id' || nodeWhich === 'access')) {
      const session = sessions.get(id);
      if (!session) throw new UserFacingError('Nobody is signed in to that connection any more; sign in first.', 'NotSignedIn');
      picked = { session, name: deps.settings.connection(id)?.name ?? id, which: nodeWhich };
    } else {
      const all = sessions.all();
      if (all.length === 0) throw new UserFacingError('Nobody is signed in; sign in with "Cognito: Sign In" first.', 'NotSignedIn');
      const choice = await vscode.window.showQuickPick(
        all.flatMap(({ connection, session }) => (['id', 'access'] as const).map((which) => ({ label: `${WHICH_LABEL[which]} of ${session.username}`, description: connection.name, value: { session, name: connection.name, which } }))),
        { title: `Cognito: ${action}`, placeHolder: 'Which token?', ignoreFocusOut: true },
      );
      picked = choice?.value;
    }
    if (!picked) return undefined;
    const format =
      given?.format ??
      (await vscode.window.showQuickPick(REQUEST_FORMATS.map((f) => ({ ...FORMAT_PICKS[f], value: f })), { title: `Cognito: ${action}`, placeHolder: 'As what?', ignoreFocusOut: true }))?.value;
    if (!format) return undefined;
    let url = given?.url;
    let method: HttpMethod = given?.method && HTTP_METHODS.includes(given.method) ? given.method : 'GET';
    if (format !== 'header' && url === undefined) {
      const typed = await vscode.window.showInputBox({
        title: `Cognito: ${action}`,
        prompt: 'The URL to call with the token; put the method first for anything but GET (POST https://…)',
        value: lastTarget,
        placeHolder: 'https://api.example.com/items',
        ignoreFocusOut: true,
        validateInput: requestTargetProblem,
      });
      if (typed === undefined) return undefined;
      lastTarget = typed.trim();
      ({ method, url } = parseRequestTarget(typed));
    }
    const token = picked.which === 'id' ? picked.session.tokens.idToken : picked.session.tokens.accessToken;
    const label = `${picked.session.username}'s ${WHICH_LABEL[picked.which]} (${picked.name})`;
    return { text: formatRequest(format, { token, url, method, label }), label: `${label} as ${FORMAT_PICKS[format].label}` };
  }

  commands.register('cognitoExplorer.copyTokenAsRequest', async (arg?: unknown): Promise<{ copied: true } | undefined> => {
    const request = await requestFor(arg, 'Copy Token as Request');
    if (!request) return undefined;
    await vscode.env.clipboard.writeText(request.text);
    logger.info(`Copied ${request.label} to the clipboard.`);
    if (!automationArg(arg)) void vscode.window.showInformationMessage(`Copied ${request.label}. It holds the token: paste it only where a password could go.`);
    return { copied: true };
  });

  commands.register('cognitoExplorer.insertTokenAsRequest', async (arg?: unknown): Promise<{ inserted: true } | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new UserFacingError('There is no open editor to insert into; open a file (an .http file, say) and place the cursor first.', 'NoEditor');
    const request = await requestFor(arg, 'Insert Token as Request');
    if (!request) return undefined;
    const ok = await editor.edit((edit) => editor.selections.forEach((s) => edit.replace(s, request.text)));
    if (!ok) throw new UserFacingError('The editor did not accept the insertion (it may be read-only); copy the request instead.', 'EditRefused');
    logger.info(`Inserted ${request.label} into the editor.`);
    return { inserted: true };
  });
}
