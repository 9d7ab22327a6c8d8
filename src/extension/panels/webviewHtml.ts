/** The token panel's HTML and Content-Security-Policy. Imports no `vscode`, so unit tests can check the policy. */
import { randomBytes } from 'node:crypto';

/** 128 random bits, base64: a fresh one per page load, so an injected script cannot guess it. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/;

/**
 * Scripts only with the nonce (no 'unsafe-inline', no 'unsafe-eval'); styles from the extension's own files or with
 * the nonce. Lit (under @vscode-elements) attaches its component styles as constructed stylesheets, which CSP does not
 * govern, so no 'unsafe-inline' for styles either.
 */
/**
 * `webview.cspSource` is one or more source expressions: desktop VS Code gives a host source, code-server gives
 * `'self' https://*.vscode-cdn.net`. Accept host and scheme sources and 'self' only, so nothing can smuggle in a
 * directive separator, a nonce or an 'unsafe-…' keyword.
 */
function cspSourceList(cspSource: string): string {
  const tokens = cspSource.trim().split(/\s+/).filter(Boolean);
  const fine = (t: string) => t === "'self'" || /^[^\s;,'"]+$/.test(t);
  if (!tokens.length || !tokens.every(fine)) throw new Error(`"${cspSource}" is not a list of CSP source expressions.`);
  return tokens.join(' ');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  if (!NONCE.test(nonce)) throw new Error('The nonce must be base64 text of at least 16 characters.');
  const source = cspSourceList(cspSource);
  return [
    "default-src 'none'",
    `style-src ${source} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${source}`,
    `img-src ${source} data:`,
    // No form may post anywhere and no <base> may re-point relative URLs, even if markup were ever injected.
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export interface WebviewHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** `webview.asWebviewUri(...)` of the bundled script and stylesheet, as strings. */
  scriptUri: string;
  styleUri?: string;
  title: string;
  /** Shown until the script has rendered; defaults to the token panel's. */
  loadingText?: string;
}

/** The whole page: the policy first, one nonce'd script, no inline handlers or inline script. */
export function buildWebviewHtml(options: WebviewHtmlOptions): string {
  const nonce = escapeHtml(options.nonce);
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  const style = options.styleUri ? `\n  <link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(options.styleUri)}">` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>${escapeHtml(options.title)}</title>${style}
</head>
<body>
  <main id="app" aria-live="polite"><p class="loading">${escapeHtml(options.loadingText ?? 'Loading tokens…')}</p></main>
  <script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
