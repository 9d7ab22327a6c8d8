/**
 * Text from outside (token claims, server messages, webview input) made safe to print: no control characters, so
 * nothing can retitle, clear or recolour a terminal or forge a log line. Every path that shows such text uses these.
 */

// C0 controls, DEL, C1 controls (including the 8-bit CSI 0x9b), and the Unicode line/paragraph separators and bidi
// overrides that can reorder what a reader sees.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Replaces every control character with a visible escape (`\n`, `\x1b`, `\u202e`), keeping the text readable. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Any value as safe display text: strings as they are, everything else as JSON (never "[object Object]"). */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return escapeControl(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    const json = JSON.stringify(value);
    return escapeControl(json === undefined ? String(value) : json);
  } catch {
    return escapeControl(String(value));
  }
}
