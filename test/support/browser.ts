/** Debian's chromium driven by playwright-core, plus helpers that know the VS Code workbench's DOM. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { paths } from './paths';

export interface WorkbenchBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches headless chromium with a throwaway profile; `origin` gets clipboard permissions. */
export async function launchBrowser(opts: { origin?: string; headless?: boolean } = {}): Promise<WorkbenchBrowser> {
  const home = mkdtempSync(join(tmpdir(), 'cognito-explorer-chromium-'));
  const browser = await chromium.launch({
    executablePath: paths.chromium,
    headless: opts.headless ?? process.env.HEADED !== '1',
    args: CHROMIUM_ARGS,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      XDG_DATA_HOME: join(home, 'data'),
    } as Record<string, string>,
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  if (opts.origin) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: opts.origin });
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Waits for the workbench shell, then (optionally) for an activity bar item whose label starts with `activityLabel`. */
export async function waitForWorkbench(page: Page, opts: { activityLabel?: string; timeoutMs?: number } = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? 60_000;
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  if (opts.activityLabel) await activityBarItem(page, opts.activityLabel).waitFor({ state: 'visible', timeout });
}

export function activityBarItem(page: Page, label: string): Locator {
  return page.locator(`.activitybar .action-item .action-label[aria-label^="${label}"]`).first();
}

/** Runs a command by its palette title (`Cognito: Sign In`). F1 is retried because startup focus can swallow the first one. */
export async function runCommand(page: Page, title: string, opts: { timeoutMs?: number } = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? 15_000;
  const widget = page.locator('.quick-input-widget');
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await widget.waitFor({ state: 'visible', timeout: 3_000 });
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
      await page.locator('.monaco-workbench').click({ position: { x: 600, y: 400 } }).catch(() => undefined);
    }
  }
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const option = page.locator(`.quick-input-widget .monaco-list-row[role="option"][aria-label^="${title}"]`).first();
  // The palette lists the commands registered when the text was typed; one a workbench part registers a moment
  // later (the Extensions view's, just after start-up) shows only once the text is typed again.
  const deadline = Date.now() + timeout;
  for (;;) {
    await input.fill(`>${title}`);
    try {
      await option.waitFor({ state: 'visible', timeout: Math.max(1, Math.min(3_000, deadline - Date.now())) });
      break;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await input.fill('>');
    }
  }
  await option.click();
}

/** The quick input box (after a command opened an input or a pick). */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-box input');
}

/** Rows of a tree inside the view container `containerId`, optionally those containing `text`. */
export function treeRow(page: Page, containerId: string, text?: string | RegExp): Locator {
  const rows = page.locator(`[id="workbench.view.extension.${containerId}"] .monaco-list-row[role="treeitem"]`);
  return text === undefined ? rows : rows.filter({ hasText: text });
}

/** The content frame of the active webview panel (two nested iframes in VS Code for the web). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export function notifications(page: Page): Locator {
  return page.locator('.notifications-toasts .notification-toast');
}

export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator('.statusbar .statusbar-item').filter({ hasText: text });
}

/** Saves a full-page screenshot to test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(paths.testResults, { recursive: true });
  const file = join(paths.testResults, `${name.replace(/[^\w.-]+/g, '_').slice(0, 120)}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  return file;
}

/** Mocha hook: screenshot into test-results/ whenever a test fails. */
export function screenshotOnFailure(getPage: () => Page | undefined): void {
  afterEach(async function () {
    const page = getPage();
    if (this.currentTest?.state === 'failed' && page) {
      const file = await screenshot(page, this.currentTest.fullTitle());
      console.log(`      screenshot: ${file}`);
    }
  });
}
