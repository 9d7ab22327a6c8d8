import assert from 'node:assert/strict';
import { buildWebviewHtml, contentSecurityPolicy, createNonce, escapeHtml } from '../../src/extension/panels/webviewHtml';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function build(nonce = createNonce()) {
  return {
    nonce,
    html: buildWebviewHtml({
      cspSource: CSP_SOURCE,
      nonce,
      scriptUri: `${CSP_SOURCE}/ext/dist/webview/tokenPanel.js`,
      styleUri: `${CSP_SOURCE}/ext/dist/webview/tokenPanel.css`,
      title: 'Tokens: <dev> & "test"',
    }),
  };
}

function cspOf(html: string): Map<string, string[]> {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(match, 'the page declares a CSP meta tag');
  const policy = match[1].replace(/&#39;/g, "'");
  return new Map(
    policy.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as [string, string[]];
    }),
  );
}

describe('webview HTML: createNonce', () => {
  it('gives 128 random bits in base64, different each time', () => {
    const seen = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(seen.size, 50);
    for (const n of seen) assert.equal(Buffer.from(n, 'base64').length, 16);
  });
});

describe('webview HTML: content security policy', () => {
  it("starts from default-src 'none' and allows scripts only by nonce", () => {
    const { html, nonce } = build();
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(csp.get('style-src'), [CSP_SOURCE, `'nonce-${nonce}'`]);
    assert.deepEqual(csp.get('font-src'), [CSP_SOURCE]);
    assert.deepEqual(csp.get('img-src'), [CSP_SOURCE, 'data:']);
    assert.deepEqual(csp.get('form-action'), ["'none'"]);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    assert.deepEqual([...csp.keys()].sort(), ['base-uri', 'default-src', 'font-src', 'form-action', 'img-src', 'script-src', 'style-src']);
    const all = [...csp.values()].flat().join(' ');
    assert.doesNotMatch(all, /unsafe-inline|unsafe-eval|\*/);
  });

  it('puts the CSP before any script or stylesheet', () => {
    const { html } = build();
    const csp = html.indexOf('Content-Security-Policy');
    assert.ok(csp > 0 && csp < html.indexOf('<script') && csp < html.indexOf('<link'));
  });

  it('refuses nonces and sources that could widen the policy', () => {
    assert.throws(() => contentSecurityPolicy(CSP_SOURCE, "abc' 'unsafe-inline"), /nonce/);
    assert.throws(() => contentSecurityPolicy(CSP_SOURCE, 'short'), /nonce/);
    assert.throws(() => contentSecurityPolicy("x; script-src 'unsafe-eval'", createNonce()), /CSP source/);
    assert.throws(() => contentSecurityPolicy("https://a 'unsafe-inline'", createNonce()), /CSP source/);
    assert.throws(() => contentSecurityPolicy("https://a 'nonce-abc'", createNonce()), /CSP source/);
    assert.throws(() => contentSecurityPolicy('', createNonce()), /CSP source/);
  });

  it("accepts code-server's cspSource, which lists 'self' and a wildcard host", () => {
    const nonce = createNonce();
    const policy = contentSecurityPolicy("'self' https://*.vscode-cdn.net", nonce);
    assert.match(policy, new RegExp(`style-src 'self' https://\\*\\.vscode-cdn\\.net 'nonce-`));
    assert.match(policy, /img-src 'self' https:\/\/\*\.vscode-cdn\.net data:/);
    assert.match(policy, /script-src 'nonce-[^' ]+'(;|$)/);
  });
});

describe('webview HTML: page', () => {
  it('carries the nonce on every script tag and has no inline script', () => {
    const { html, nonce } = build();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, new RegExp(`\\bnonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`));
      assert.match(attrs, /\bsrc="https:\/\/file\+\.vscode-resource[^"]+\/dist\/webview\/tokenPanel\.js"/);
      assert.equal(body.trim(), '', 'no inline script body');
    }
  });

  it('has no inline event handlers, javascript: URLs or inline styles', () => {
    const { html } = build();
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /javascript:/i);
    assert.doesNotMatch(html, /\sstyle\s*=/i);
    assert.doesNotMatch(html, /<style\b/i);
  });

  it('links the stylesheet from the webview folder and escapes the title', () => {
    const { html } = build();
    assert.match(html, /<link rel="stylesheet" nonce="[^"]+" href="[^"]+\/dist\/webview\/tokenPanel\.css">/);
    assert.match(html, /<title>Tokens: &lt;dev&gt; &amp; &quot;test&quot;<\/title>/);
  });

  it('escapes every HTML metacharacter', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
