/**
 * What the JWT hover and CodeLens cost per request on a 5 MB document, with and without tokens in it: the same core
 * calls the providers make (scanDocument once per document version for lenses; jwtAt on one line per hover), minus
 * VS Code's own getText/positionAt. Prints medians; never part of pass/fail.
 */
import { jwtAt, scanDocument } from '../src/core/tokens/scan';
import { fakeJwt, idClaims } from '../test/support/jwt';

const SIZE = 5 * 1024 * 1024;
const RUNS = 21;
const now = Math.floor(Date.now() / 1000);

function lines(withTokens: boolean): string[] {
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

function median(fn: () => unknown): { ms: number; result: unknown } {
  let result: unknown;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    result = fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[(RUNS - 1) / 2], result };
}

function report(label: string, docLines: string[]): void {
  const text = docLines.join('\n');
  const lens = median(() => scanDocument(text));
  const count = (lens.result as unknown[]).length;
  // Hovers: every 37th line, at its middle, as a pointer resting anywhere in the file.
  const probes = docLines.filter((_, i) => i % 37 === 0);
  const hover = median(() => probes.map((l) => jwtAt(l, l.length >> 1)).filter(Boolean).length);
  const perHoverUs = (hover.ms * 1000) / probes.length;
  console.log(`  ${label.padEnd(34)} ${(text.length / 1024 / 1024).toFixed(1)} MB, ${docLines.length} lines, ${String(count).padStart(3)} tokens:`);
  console.log(`    CodeLens scan (once per document version)  ${lens.ms.toFixed(2)} ms`);
  console.log(`    hover (one line)                            ${perHoverUs.toFixed(2)} µs per hover (${hover.result} of ${probes.length} probes on a token)`);
}

function minified(withToken: boolean): void {
  const filler = '{"k":"v","n":12345},'.repeat(Math.ceil(SIZE / 20));
  const token = fakeJwt(idClaims(now));
  const line = withToken ? `${filler.slice(0, SIZE / 2)}"${token}"${filler.slice(SIZE / 2)}` : filler;
  const at = withToken ? SIZE / 2 + 10 : SIZE / 2;
  const hover = median(() => jwtAt(line, at));
  const lens = median(() => scanDocument(line));
  console.log(`  one 5 MB line (minified JSON)${withToken ? ', one token' : ', no token'}:`);
  console.log(`    CodeLens scan ${lens.ms.toFixed(2)} ms, hover ${(hover.ms * 1000).toFixed(1)} µs (${hover.result ? 'token found' : 'nothing'})`);
}

console.log(`JWT hover and CodeLens cost, median of ${RUNS} runs:`);
report('no JWTs', lines(false));
report('a JWT every 100 lines', lines(true));
minified(false);
minified(true);
