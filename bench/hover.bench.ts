/**
 * What the JWT hover and CodeLens cost per request on a 5 MB document, with and without tokens in it: the same core
 * calls the providers make (scanDocument once per document version for lenses; jwtAt on one line per hover), minus
 * VS Code's own getText/positionAt. The no-token scan is paired with one bare `indexOf` pass over the same text, the
 * floor any scan has to pay. Never part of pass/fail.
 */
import { jwtAt, scanDocument } from '../src/core/tokens/scan';
import { fakeJwt, idClaims } from '../test/support/jwt';
import { median, msSince, pairwise, type BenchRow } from './support/bench';

const SIZE = 5 * 1024 * 1024;
const RUNS = 21;
const now = Math.floor(Date.now() / 1000);

function documentLines(withTokens: boolean): string[] {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < SIZE; i++) {
    const line =
      withTokens && i % 100 === 0
        ? `  "token${i}": "${fakeJwt(idClaims(now, 3600, { jti: `j-${i}` }))}",`
        : `  "key${i}": "value ${i} with some ordinary text, numbers ${i * 7} and punctuation; nothing to see",`;
    out.push(line);
    size += line.length + 1;
  }
  return out;
}

function timed(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return msSince(start);
}

function medianMs(fn: () => unknown): number {
  return median(Array.from({ length: RUNS }, () => timed(fn)));
}

/** Hovers per second over every 37th line at its middle, as a pointer resting anywhere in the file. */
function hoversPerSecond(lines: readonly string[]): { rate: number; onToken: number; probes: number } {
  const probes = lines.filter((_, i) => i % 37 === 0);
  let onToken = 0;
  const ms = medianMs(() => (onToken = probes.filter((l) => jwtAt(l, l.length >> 1)).length));
  return { rate: (probes.length / ms) * 1000, onToken, probes: probes.length };
}

export async function rows(): Promise<BenchRow[]> {
  const plain = documentLines(false);
  const plainText = plain.join('\n');
  const withTokens = documentLines(true);
  const tokenText = withTokens.join('\n');
  const mb = (t: string) => `${(t.length / 1024 / 1024).toFixed(1)} MB`;

  const lens = await pairwise(() => timed(() => scanDocument(plainText)), () => timed(() => plainText.indexOf('\u0000')), { runs: RUNS });
  const found = scanDocument(tokenText).length;
  const lensTokens = medianMs(() => scanDocument(tokenText));
  const hoverPlain = hoversPerSecond(plain);
  const hoverTokens = hoversPerSecond(withTokens);

  const filler = '{"k":"v","n":12345},'.repeat(Math.ceil(SIZE / 20));
  const minified = `${filler.slice(0, SIZE / 2)}"${fakeJwt(idClaims(now))}"${filler.slice(SIZE / 2)}`;
  const longLineHover = medianMs(() => jwtAt(minified, SIZE / 2 + 10));
  const longLineScan = medianMs(() => scanDocument(minified));

  return [
    {
      name: `CodeLens scan, ${mb(plainText)} without JWTs, per document version`,
      unit: 'ms',
      ours: lens.ours,
      peer: { name: 'one bare indexOf pass', value: lens.peer },
      compare: 'overhead',
      target: { on: 'ours', op: '<=', value: 5 },
      note: `${plain.length} lines; ${lens.runs} alternating runs`,
    },
    { name: `CodeLens scan, ${mb(tokenText)} with ${found} JWTs`, unit: 'ms', ours: lensTokens, note: `a token every 100 lines (lenses stop at 500); median of ${RUNS}` },
    { name: 'hover, a line of a file without JWTs', unit: 'ops/s', ours: hoverPlain.rate, note: `${hoverPlain.probes} probes` },
    { name: 'hover, a line of a file with JWTs', unit: 'ops/s', ours: hoverTokens.rate, note: `${hoverTokens.onToken} of ${hoverTokens.probes} probes on a token` },
    { name: 'hover on a token in one 5 MB minified line', unit: 'ms', ours: longLineHover, note: `lens scan of that line ${longLineScan.toFixed(2)} ms` },
  ];
}
