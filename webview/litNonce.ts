// Imported first: Lit reads `window.litNonce` when it must fall back to <style> elements (no constructable
// stylesheets), and the CSP only admits styles carrying the page's nonce.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce;
if (nonce) (window as unknown as { litNonce?: string }).litNonce = nonce;
