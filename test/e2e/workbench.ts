/** Mocha fixture for end-to-end tests: moto + code-server with the packed .vsix installed + chromium on the workbench. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, quickInput, screenshotOnFailure, waitForWorkbench, type WorkbenchBrowser } from '../support/browser';
import { startCodeServer, type CodeServer } from '../support/codeServer';
import { startMoto, type Moto } from '../support/moto';
import { paths } from '../support/paths';

export interface Workbench {
  page: Page;
  server: CodeServer;
  moto: Moto;
  browser: WorkbenchBrowser;
}

export interface WorkbenchOptions {
  /** Runs after moto is up and before code-server starts; returns user settings (e.g. `cognitoExplorer.connections`). */
  prepare?: (moto: Moto) => Promise<Record<string, unknown> | void>;
  env?: Record<string, string>;
  /** Environment for the moto server, e.g. MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true for real TOTP codes. */
  motoEnv?: Record<string, string>;
  /** Keep code-server's state dir for inspection after the suite (the secret scan needs it). */
  keepDirs?: boolean;
  /** Wait for this activity bar item before the first test. */
  activityLabel?: string;
}

/** The .vsix scripts/test.mjs packed; set COGNITO_EXPLORER_VSIX to test another one. */
export function vsixPath(): string {
  const vsix = process.env.COGNITO_EXPLORER_VSIX ?? join(paths.tmp, 'cognito-explorer.vsix');
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing; run \`npm run test:e2e\` (it packs the extension) or \`npx vsce package --no-dependencies -o ${vsix}\``);
  return vsix;
}

/** `const wb = useWorkbench();` at the top of a describe block; `wb().page` in tests. Screenshots failures into test-results/. */
export function useWorkbench(opts: WorkbenchOptions = {}): () => Workbench {
  let current: Workbench | undefined;
  const stops: (() => Promise<void>)[] = [];

  before(async function () {
    this.timeout(180_000);
    const moto = await startMoto({ env: opts.motoEnv });
    stops.unshift(() => moto.stop());
    const settings = (await opts.prepare?.(moto)) ?? {};
    const server = await startCodeServer({
      vsix: [vsixPath()],
      settings,
      keepDirs: opts.keepDirs,
      env: { COGNITO_EXPLORER_TEST_ENDPOINT: moto.endpoint, ...opts.env },
    });
    stops.unshift(() => server.stop());
    const browser = await launchBrowser({ origin: server.url.replace(/\/$/, '') });
    stops.unshift(() => browser.close());
    await browser.page.goto(server.workbenchUrl());
    await waitForWorkbench(browser.page, { activityLabel: opts.activityLabel, timeoutMs: 90_000 });
    current = { page: browser.page, server, moto, browser };
  });

  screenshotOnFailure(() => current?.page);

  after(async function () {
    this.timeout(60_000);
    for (const stop of stops.splice(0)) await stop().catch(() => undefined);
    current = undefined;
  });

  return () => {
    if (!current) throw new Error('the workbench is not running; call useWorkbench() at the top of a describe block');
    return current;
  };
}

/** The quick input widget showing `prompt`: each step of a multi-step input reuses the same input box, so wait for the step's own text. */
export function inputStep(page: Page, prompt: RegExp) {
  return page.locator('.quick-input-widget').filter({ hasText: prompt }).first();
}

export async function answerStep(page: Page, prompt: RegExp, value: string): Promise<void> {
  await inputStep(page, prompt).waitFor({ state: 'visible', timeout: 15_000 });
  const input = quickInput(page);
  await input.fill(value);
  await input.press('Enter');
  await inputStep(page, prompt).waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
}
