/**
 * JWTs in any text document: a hover saying who, which pool, token_use and expiry, and a "Decode token" CodeLens.
 * Files without tokens cost one `indexOf` per document version: scans are cached by version and dropped on close.
 */
import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import { decodeToken } from '../../core/tokens/decode';
import { jwtAt, scanDocument, summarizeToken, type JwtMatch } from '../../core/tokens/scan';

/** The hidden command the lens and the hover link run, with the token as its argument. */
export const DECODE_TOKEN_AT = 'cognitoExplorer.decodeTokenAt';

/** Scans per document version: a hover or lens request for an unchanged document reuses the last scan. */
export class JwtScanCache implements vscode.Disposable {
  private readonly entries = new Map<string, { version: number; matches: JwtMatch[] }>();
  private readonly closing: vscode.Disposable;

  constructor() {
    this.closing = vscode.workspace.onDidCloseTextDocument((doc) => this.entries.delete(doc.uri.toString()));
  }

  matches(doc: vscode.TextDocument): JwtMatch[] {
    const key = doc.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === doc.version) return cached.matches;
    const matches = scanDocument(doc.getText());
    this.entries.set(key, { version: doc.version, matches });
    return matches;
  }

  dispose(): void {
    this.closing.dispose();
    this.entries.clear();
  }
}

function decodeCommandUri(token: string): vscode.Uri {
  return vscode.Uri.parse(`command:${DECODE_TOKEN_AT}?${encodeURIComponent(JSON.stringify([token]))}`);
}

/** The hover's Markdown; every value from the token goes in as escaped text, and only the decode command is trusted. */
export function tokenHover(token: string, nowMs: number, connections: readonly Connection[] = []): vscode.MarkdownString | undefined {
  let summary;
  try {
    summary = summarizeToken(decodeToken(token), nowMs, connections);
  } catch {
    return undefined;
  }
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [DECODE_TOKEN_AT] };
  const kind = summary.tokenUse === 'id' ? 'Cognito ID token' : summary.tokenUse === 'access' ? 'Cognito access token' : summary.tokenUse ? `JWT (token_use ${summary.tokenUse})` : 'JWT';
  md.appendMarkdown(`$(key) **${kind}**`);
  if (summary.who) {
    md.appendMarkdown(' of ');
    md.appendText(summary.who);
  }
  if (summary.email) md.appendText(` (${summary.email})`);
  md.appendMarkdown('\n\n');
  if (summary.pool) {
    md.appendMarkdown('Pool: ');
    md.appendText(summary.pool);
    if (summary.clientId) md.appendText(` · client ${summary.clientId}`);
    md.appendMarkdown('\n\n');
  }
  if (summary.connection) {
    md.appendMarkdown('Connection: ');
    md.appendText(summary.connection);
    md.appendMarkdown('\n\n');
  }
  if (summary.expiry) {
    md.appendMarkdown(summary.expired ? '$(warning) **Expired** ' : '$(clock) ');
    md.appendText(`${summary.expiry.replace(/^expired /, '')} (${summary.expiresAt})`);
  } else {
    md.appendMarkdown('$(warning) No expiry claim');
  }
  md.appendMarkdown(`\n\n[Decode token](${decodeCommandUri(token).toString()} "Open the token panel: claims explained, signature verified")`);
  return md;
}

/** What the providers read per request: the clock, and whether the user turned either off. */
export interface TokenLensOptions {
  now: () => number;
  /** The saved connections, so the hover can name the one a token belongs to. */
  connections: () => readonly Connection[];
  enabled: () => { hover: boolean; codeLens: boolean };
}

export class TokenHoverProvider implements vscode.HoverProvider {
  constructor(private readonly opts: TokenLensOptions) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.opts.enabled().hover) return undefined;
    // One line, and only a window of it: hovering a 5 MB minified line stays cheap.
    const match = jwtAt(doc.lineAt(position.line).text, position.character);
    if (!match) return undefined;
    const md = tokenHover(match.token, this.opts.now(), this.opts.connections());
    return md && new vscode.Hover(md, new vscode.Range(position.line, match.start, position.line, match.end));
  }
}

export class TokenCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly watching: vscode.Disposable;

  constructor(
    private readonly cache: JwtScanCache,
    private readonly enabled: TokenLensOptions['enabled'],
  ) {
    this.watching = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('cognitoExplorer.editorTokens')) this.changed.fire();
    });
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled().codeLens) return [];
    return this.cache.matches(doc).map((m) => {
      const range = new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end));
      return new vscode.CodeLens(range, { title: 'Decode token', command: DECODE_TOKEN_AT, arguments: [m.token], tooltip: 'Open the token panel for this token' });
    });
  }

  dispose(): void {
    this.watching.dispose();
    this.changed.dispose();
  }
}

/** Registers the hover and the lens for every file and untitled document. */
export function registerTokenLens(opts: TokenLensOptions): vscode.Disposable[] {
  const cache = new JwtScanCache();
  const lenses = new TokenCodeLensProvider(cache, opts.enabled);
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];
  return [
    cache,
    lenses,
    vscode.languages.registerHoverProvider(selector, new TokenHoverProvider(opts)),
    vscode.languages.registerCodeLensProvider(selector, lenses),
  ];
}
