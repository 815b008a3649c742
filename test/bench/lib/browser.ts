/**
 * Launching Debian's Chromium for the benchmark (never a downloaded browser)
 * and making contexts ready for in-page probes.
 */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../chromium';

export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../chromium';
export const VIEWPORT = { width: 1280, height: 800 } as const;

/**
 * tsx compiles with esbuild's keepNames, so functions handed to page.evaluate
 * contain calls to esbuild's `__name` helper, which does not exist in the page.
 */
const NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh context (in-memory storage, as Playwright's contexts are). */
export async function newBenchContext(
  browser: Browser,
  viewport: { readonly width: number; readonly height: number } = VIEWPORT,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript({ content: NAME_SHIM });
  return context;
}

/** A browser on an on-disk profile (IndexedDB in `userDataDir`). */
export async function launchPersistent(userDataDir: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: VIEWPORT,
  });
  await context.addInitScript({ content: NAME_SHIM });
  return context;
}
