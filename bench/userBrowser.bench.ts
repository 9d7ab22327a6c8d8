/**
 * The user browser's webview bundle in a plain Chromium page (a stand-in host answers its requests): 10,000 rows pushed,
 * time to first paint of the table, then the longest main-thread task while scrolling to the end (from a Chromium
 * trace), plus search and sort times. Prints numbers; never part of pass/fail.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/support/browser';
import { paths, repoRoot } from '../test/support/paths';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const RUNS = 3;

/** The stand-in for VS Code: answers every request, pushes state on ready, and lets the bench push rows. */
const FAKE_HOST = `
window.__sent = [];
window.acquireVsCodeApi = () => ({
  getState: () => undefined, setState: () => undefined,
  postMessage: (m) => {
    window.__sent.push(m.method);
    setTimeout(() => {
      window.postMessage({ kind: 'reply', id: m.id, ok: true, result: null }, '*');
      if (m.method === 'ready') window.postMessage({ kind: 'push', event: 'state', data: {
        pool: { id: 'us-east-1_Bench', name: 'bench', region: 'us-east-1' },
        columns: [['username','Username'],['attr:email','Email'],['attr:given_name','First name'],['status','Status'],['enabled','Enabled'],['created','Created']].map(([key,title]) => ({ key, title })),
        selected: ['username','attr:email','attr:given_name','status','enabled','created'],
        filter: null, filterableAttributes: ['email','username'] } }, '*');
    }, 0);
  },
});
window.__rows = (n) => Array.from({ length: n }, (_, i) => ({
  username: 'user-' + String(i).padStart(6, '0'), status: i % 7 ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD', enabled: i % 13 !== 0,
  created: new Date(1.7e12 + i * 1000).toISOString(),
  attributes: { email: 'user' + i + '@example.com', given_name: 'Name' + (i * 7919 % 10007), sub: i.toString(16).padStart(8, '0') + '-0000-4000-8000-000000000000' },
}));
window.__nextFrame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
window.__waitFor = (probe) => new Promise((resolve) => { const check = () => (probe() ? resolve() : setTimeout(check, 0)); check(); });
window.__pushAndPaint = async (generation, n, expect) => {
  const rows = window.__rows(n);
  const t0 = performance.now();
  window.postMessage({ kind: 'push', event: 'rows', data: { generation, rows } }, '*');
  await window.__waitFor(() => document.querySelector('.rows .row') && document.getElementById('count').textContent.includes(expect.toLocaleString('en-US')));
  await window.__nextFrame();
  return performance.now() - t0;
};
window.__atEnd = () => {
  const v = document.getElementById('table');
  return { end: v.scrollTop + v.clientHeight >= v.scrollHeight - 2, domRows: document.querySelectorAll('.rows .row:not([hidden])').length };
};
window.__search = async (text) => {
  const box = document.getElementById('search');
  const t0 = performance.now();
  box.value = text;
  box.dispatchEvent(new Event('input'));
  await window.__nextFrame();
  return performance.now() - t0;
};
window.__sortBy = async (key) => {
  const head = document.querySelector('.row.header .cell[data-key="' + key + '"]');
  const t0 = performance.now();
  head.click();
  await window.__nextFrame();
  return performance.now() - t0;
};
`;

async function buildBundle(dir: string): Promise<{ js: string; css: string }> {
  await esbuild.build({ entryPoints: { userBrowser: join(repoRoot, 'webview', 'userBrowser.ts') }, bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2022', outdir: dir, logLevel: 'warning' });
  return { js: readFileSync(join(dir, 'userBrowser.js'), 'utf8'), css: readFileSync(join(dir, 'userBrowser.css'), 'utf8') };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

/**
 * The longest RunTask on the renderer's main thread, in ms: wall time, and the thread's own CPU time (on a shared,
 * overloaded machine the wall time includes the time the thread waited for a core).
 */
function longestTask(trace: Buffer): { longest: number; longestCpu: number; over50: number } {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && (!main || (e.tid === main.tid && e.pid === main.pid)));
  const durations = tasks.map((e) => (e.dur ?? 0) / 1000);
  const cpu = tasks.map((e) => (e.tdur ?? 0) / 1000);
  return { longest: Math.max(0, ...durations), longestCpu: Math.max(0, ...cpu), over50: durations.filter((d) => d > 50).length };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'user-browser-bench-'));
  const home = mkdtempSync(join(tmpdir(), 'user-browser-bench-chromium-'));
  const browser = await chromium.launch({ executablePath: paths.chromium, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, HOME: home } as Record<string, string> });
  try {
    const { js, css } = await buildBundle(dir);
    const firstPaints: number[] = [];
    const firstPages: number[] = [];
    const longest: number[] = [];
    const longestCpu: number[] = [];
    const searches: number[] = [];
    const sorts: number[] = [];
    let domRows = 0;
    let over50 = 0;
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body><main id="app"></main></body></html>`);
      await page.addScriptTag({ content: FAKE_HOST });
      await page.addScriptTag({ content: js });
      await page.waitForFunction("document.querySelectorAll('.row.header .cell').length > 1");

      // The first page of 60 (what the host sends after one round trip), then the rest in one push.
      firstPages.push((await page.evaluate('__pushAndPaint(1, 60, 60)')) as number);
      firstPaints.push((await page.evaluate(`__pushAndPaint(2, ${ROWS}, ${ROWS})`)) as number);

      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      const box = (await page.locator('#table').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 1000; i++) {
        await page.mouse.wheel(0, 900);
        await page.waitForTimeout(8);
        if (i % 40 === 39 && (await page.evaluate('__atEnd().end'))) break;
      }
      await page.evaluate('__nextFrame()');
      const trace = await browser.stopTracing();
      const atEnd = (await page.evaluate('__atEnd()')) as { end: boolean; domRows: number };
      if (!atEnd.end) throw new Error('the table did not scroll to the end');
      domRows = atEnd.domRows;
      const tasks = longestTask(trace);
      if (process.env.BENCH_TRACE) writeFileSync(process.env.BENCH_TRACE, trace);
      longest.push(tasks.longest);
      longestCpu.push(tasks.longestCpu);
      over50 += tasks.over50;

      searches.push((await page.evaluate('__search("user99")')) as number);
      await page.evaluate('__search("")');
      sorts.push((await page.evaluate('__sortBy("attr:given_name")')) as number);
      await context.close();
    }
    const f = (x: number) => `${x.toFixed(1)} ms`;
    console.log(`user browser, ${ROWS.toLocaleString('en-US')} rows, Chromium ${browser.version()}, median of ${RUNS} runs`);
    console.log(`  first page (60 rows) painted      ${f(median(firstPages))}`);
    console.log(`  time to first paint, ${ROWS.toLocaleString('en-US')} rows   ${f(median(firstPaints))}   (target < 200 ms)`);
    console.log(`  longest task scrolling to the end ${f(median(longest))}   (target < 50 ms; worst run ${f(Math.max(...longest))}, tasks over 50 ms in all runs: ${over50})`);
    console.log(`  same, main-thread CPU time only    ${f(median(longestCpu))}`);
    console.log(`  load average during the run       ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
    console.log(`  rows in the DOM at the end        ${domRows}`);
    console.log(`  search "user99" (type -> painted) ${f(median(searches))}`);
    console.log(`  sort by a column (click -> painted) ${f(median(sorts))}`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
