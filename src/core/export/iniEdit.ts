/**
 * A lossless editor for the AWS CLI's INI files: it sets a few keys of one profile and leaves every other byte
 * (comments, order, blank lines, line endings, a BOM, other profiles) exactly as it was.
 */
import { UserFacingError } from '../errors';

export type IniKind = 'credentials' | 'config';

type LineKind = 'blank' | 'comment' | 'section' | 'key' | 'continuation';

interface IniLine {
  text: string;
  eol: string;
  kind: LineKind;
  /** Section headers: the text between the brackets, as written. */
  section?: string;
  /** Key lines: the key as written, and the text before its value (indent, key, `=` and spacing), kept on edit. */
  key?: string;
  lead?: string;
}

const BOM = '\uFEFF';
const KEY_LINE = /^(\s*([A-Za-z0-9_.\-]+)\s*=[ \t]*)(.*)$/;
const SECTION_LINE = /^\s*\[([^\[\]]+)\]\s*$/;
// The bracketed name is not trimmed: both the AWS CLI and the SDKs read `[ dev ]` as a profile named " dev ".
const PROFILE_NAME = /^[A-Za-z0-9_.@+\-]{1,64}$/;

/** Undefined when the name can be a profile, else a sentence saying what is wrong. */
export function validateProfileName(name: string): string | undefined {
  if (PROFILE_NAME.test(name)) return undefined;
  return `"${name.slice(0, 64)}" cannot be an AWS profile name; use letters, digits and . _ - @ + (at most 64).`;
}

function refusal(path: string, what: string): UserFacingError {
  return new UserFacingError(`${path} ${what}; nothing was changed.`, 'NotAnIniFile');
}

function splitLines(text: string): { text: string; eol: string }[] {
  const out: { text: string; eol: string }[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      out.push({ text: text.slice(start), eol: '' });
      break;
    }
    const crlf = nl > start && text[nl - 1] === '\r';
    out.push({ text: text.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    start = nl + 1;
  }
  return out;
}

function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (t.startsWith('{')) return true;
  if (!t.startsWith('[')) return false;
  try {
    return typeof JSON.parse(t) === 'object';
  } catch {
    return false;
  }
}

/** Reads bytes as an INI file line by line, or refuses (with a sentence naming the line, never its content). */
function parse(bytes: Buffer, path: string): { bom: boolean; lines: IniLine[] } {
  if (bytes.includes(0)) throw refusal(path, 'is a binary file, not an AWS INI file');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw refusal(path, 'is not UTF-8 text, so it is not an AWS INI file');
  }
  const bom = text.startsWith(BOM);
  if (bom) text = text.slice(1);
  if (looksLikeJson(text)) throw refusal(path, 'holds JSON, not the INI format the AWS CLI reads');
  const lines: IniLine[] = [];
  let inSection = false;
  let lastKey = false;
  splitLines(text).forEach(({ text: line, eol }, i) => {
    const n = i + 1;
    const trimmed = line.trim();
    if (!trimmed) {
      lines.push({ text: line, eol, kind: 'blank' });
      return;
    }
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) {
      lines.push({ text: line, eol, kind: 'comment' });
      return;
    }
    const section = SECTION_LINE.exec(line);
    // Python's configparser (the AWS CLI) continues a value on indented lines; the nested `s3 =` style relies on it.
    if (lastKey && /^\s/.test(line)) {
      if (section) throw refusal(path, `line ${n} is an indented [section], which the AWS CLI reads as part of the value above it and the SDKs as a new profile; remove the indent first`);
      lines.push({ text: line, eol, kind: 'continuation' });
      return;
    }
    if (section) {
      inSection = true;
      lastKey = false;
      lines.push({ text: line, eol, kind: 'section', section: section[1] });
      return;
    }
    const key = KEY_LINE.exec(line);
    if (!key) {
      const shell = /^\s*(export|set|setx|\$env:)/i.test(line);
      throw refusal(path, `line ${n} is ${shell ? 'a shell command' : 'neither a [section], a key = value line nor a comment'}, so it is not an AWS INI file`);
    }
    if (!inSection) throw refusal(path, `line ${n} sets a key before any [section], so it is not an AWS INI file`);
    lastKey = true;
    lines.push({ text: line, eol, kind: 'key', key: key[2], lead: key[1] });
  });
  return { bom, lines };
}

/** The header names of the target profile: `[name]` in credentials; `[profile name]` (and `[default]`) in config. */
function headerMatches(kind: IniKind, profile: string): (section: string) => boolean {
  if (kind === 'credentials') return (s) => s === profile;
  return (s) => s === `profile ${profile}` || (profile === 'default' && s === 'default');
}

function newHeader(kind: IniKind, profile: string): string {
  return kind === 'config' && profile !== 'default' ? `[profile ${profile}]` : `[${profile}]`;
}

function dominantEol(lines: IniLine[]): string {
  const crlf = lines.filter((l) => l.eol === '\r\n').length;
  const lf = lines.filter((l) => l.eol === '\n').length;
  return crlf > lf ? '\r\n' : '\n';
}

export interface IniEdit {
  /** The new file's bytes. */
  bytes: Buffer;
  /** True when the profile did not exist and was appended. */
  addedProfile: boolean;
}

/**
 * Sets `values` (key -> value) in one profile of an AWS INI file's bytes (undefined: a new file) and returns the
 * new bytes. Keys are matched case-insensitively and rewritten with the given spelling; every line outside those
 * keys keeps its bytes. Refuses, with one sentence, a file that is not INI, has keys before any section, or names
 * the target profile (or one of the keys in it) twice.
 */
export function editIniProfile(original: Buffer | undefined, opts: { kind: IniKind; profile: string; values: Record<string, string>; path: string }): IniEdit {
  const { kind, profile, values, path } = opts;
  const nameProblem = validateProfileName(profile);
  if (nameProblem) throw new UserFacingError(nameProblem, 'BadProfileName');
  for (const [key, value] of Object.entries(values)) {
    if (!/^[a-z0-9_]+$/.test(key)) throw new UserFacingError(`"${key}" cannot be a key in ${path}.`, 'BadKey');
    // eslint-disable-next-line no-control-regex
    if (!value || /[\u0000-\u001f\u007f]/.test(value) || value.trim() !== value) {
      throw new UserFacingError(`The value for ${key} is empty or holds a line break or control character, which ${path} cannot store; nothing was changed.`, 'BadValue');
    }
  }
  const { bom, lines } = parse(original ?? Buffer.alloc(0), path);
  const isTarget = headerMatches(kind, profile);
  const headers = lines.map((l, i) => (l.kind === 'section' && isTarget(l.section!) ? i : -1)).filter((i) => i >= 0);
  if (headers.length > 1) {
    throw refusal(path, `names the profile ${profile} twice (lines ${headers.map((i) => i + 1).join(' and ')}), and the AWS tools refuse such a file; merge them first`);
  }
  const eol = dominantEol(lines);
  const out = [...lines];
  let addedProfile = false;
  let start: number;
  if (headers.length === 0) {
    addedProfile = true;
    const last = out[out.length - 1];
    if (last && !last.eol) out[out.length - 1] = { ...last, eol };
    if (last && last.kind !== 'blank') out.push({ text: '', eol, kind: 'blank' });
    out.push({ text: newHeader(kind, profile), eol, kind: 'section', section: profile });
    start = out.length - 1;
  } else {
    start = headers[0];
  }
  let end = out.findIndex((l, i) => i > start && l.kind === 'section');
  if (end === -1) end = out.length;

  const missing: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const at = [];
    for (let i = start + 1; i < end; i++) if (out[i].kind === 'key' && out[i].key!.toLowerCase() === key) at.push(i);
    if (at.length > 1) throw refusal(path, `sets ${key} twice in the profile ${profile} (lines ${at.map((i) => i + 1).join(' and ')}); remove one first`);
    if (at.length === 0) {
      missing.push(key);
      continue;
    }
    const line = out[at[0]];
    const lead = line.lead!.replace(line.key!, key);
    out[at[0]] = { ...line, text: `${lead}${value}`, key, lead };
    // The old value's continuation lines belonged to it, so they go with it.
    let next = at[0] + 1;
    while (next < end && out[next].kind === 'continuation') {
      out.splice(next, 1);
      end--;
    }
  }
  if (missing.length > 0) {
    let after = start;
    for (let i = start + 1; i < end; i++) if (out[i].kind === 'key' || out[i].kind === 'continuation') after = i;
    const anchor = out[after];
    if (!anchor.eol) out[after] = { ...anchor, eol };
    const added: IniLine[] = missing.map((key) => ({ text: `${key} = ${values[key]}`, eol: out[after].eol, kind: 'key', key, lead: `${key} = ` }));
    if (after === out.length - 1 && !anchor.eol && !addedProfile) added[added.length - 1].eol = '';
    out.splice(after + 1, 0, ...added);
  }
  const text = (bom ? BOM : '') + out.map((l) => l.text + l.eol).join('');
  return { bytes: Buffer.from(text, 'utf8'), addedProfile };
}
