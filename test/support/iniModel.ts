/** Generated AWS INI files (fast-check) for the credentials-file writer's property tests, and where the target profile sits. */
import fc from 'fast-check';

export const TARGET = 'cognito';
export const OUR_KEYS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];

export interface Line {
  text: string;
  eol: string;
}
export interface Model {
  bom: boolean;
  preamble: Line[];
  sections: { name: string; header: Line; body: Line[] }[];
  lastEol: boolean;
}

const eol = fc.constantFrom('\n', '\r\n');
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
// Values a real file holds: keys, tokens, URLs, spaces, even " # " (the SDK reads that as a comment, the same before and after).
const value = fc.stringMatching(/^[A-Za-z0-9+/=:._ #-]{1,30}$/).map((v) => v.trim()).filter((v) => v.length > 0);
const comment = fc.tuple(fc.constantFrom('#', ';', '  #'), fc.stringMatching(/^[ -~]{0,20}$/)).map(([p, t]) => p + t);
const blank = fc.constantFrom('', ' ', '\t');
const keyLine = (key: fc.Arbitrary<string>) =>
  fc.tuple(key, fc.constantFrom('=', ' = ', '= ', ' ='), value).map(([k, sep, v]) => `${k}${sep}${v}`);
const line = (text: fc.Arbitrary<string>): fc.Arbitrary<Line> => fc.record({ text, eol });

function sectionBody(target: boolean): fc.Arbitrary<Line[]> {
  // The target section may already hold some of our keys (any case), each at most once.
  const ours = target ? fc.subarray(OUR_KEYS).chain((keys) => fc.tuple(...keys.map((k) => fc.constantFrom(k, k.toUpperCase()).chain((kk) => line(keyLine(fc.constant(kk))))))) : fc.constant([] as Line[]);
  const others = fc.array(line(fc.oneof(keyLine(word.filter((w) => !OUR_KEYS.includes(w))), comment, blank)), { maxLength: 6 });
  return fc.tuple(ours, others).chain(([a, b]) => fc.shuffledSubarray([...a, ...b], { minLength: a.length + b.length }));
}

export const model: fc.Arbitrary<Model> = fc
  .record({
    bom: fc.boolean(),
    preamble: fc.array(line(fc.oneof(comment, blank)), { maxLength: 3 }),
    names: fc.uniqueArray(fc.constantFrom('default', 'dev', 'prod', 'ci.bot', 'x-1', TARGET), { maxLength: 5 }),
    lastEol: fc.boolean(),
  })
  .chain(({ bom, preamble, names, lastEol }) =>
    fc.tuple(...names.map((name) => fc.record({ header: line(fc.constantFrom(`[${name}]`, `[${name}]  `, `[${name}]\t`)), body: sectionBody(name === TARGET) }).map((s) => ({ name, ...s })))).map((sections) => ({ bom, preamble, sections, lastEol })),
  );

export function render(m: Model): { text: string; targetStart: number; targetEnd: number } {
  const all = [...m.preamble, ...m.sections.flatMap((s) => [s.header, ...s.body])];
  if (all.length && !m.lastEol) all[all.length - 1] = { ...all[all.length - 1], eol: '' };
  let text = m.bom ? '\uFEFF' : '';
  let targetStart = -1;
  let targetEnd = -1;
  let i = 0;
  const atLine = (n: number) => (m.bom ? 1 : 0) + all.slice(0, n).reduce((sum, l) => sum + l.text.length + l.eol.length, 0);
  for (const s of [{ name: '', header: undefined, body: m.preamble }, ...m.sections]) {
    if (s.name === TARGET) targetStart = atLine(i);
    else if (targetStart >= 0 && targetEnd < 0 && s.header) targetEnd = atLine(i);
    i += (s.header ? 1 : 0) + s.body.length;
  }
  text += all.map((l) => l.text + l.eol).join('');
  if (targetStart >= 0 && targetEnd < 0) targetEnd = text.length;
  return { text, targetStart, targetEnd };
}

export const newValues = fc.record({
  aws_access_key_id: fc.stringMatching(/^ASIA[A-Z0-9]{16}$/),
  aws_secret_access_key: fc.stringMatching(/^[A-Za-z0-9+/]{40}$/),
  aws_session_token: fc.stringMatching(/^[A-Za-z0-9+/=]{20,200}$/),
});
