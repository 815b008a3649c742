/**
 * When is a freshly opened wall interactive? Two answers, recorded side by side:
 *
 * - signal: the page's own readiness, a performance mark (`debrief:wall-ready`,
 *   `baseline:ready`) set two frames after useNodesInitialized() turns true,
 *   also shown as aria-busy="false" on the wall region.
 * - observed: the same criterion judged from the DOM, identically for both
 *   pages: every expected node is in the DOM and not hidden (React Flow hides
 *   unmeasured nodes; in Debrief's overview mode, far zoomed out, notes are
 *   drawn on its overview canvas instead, so that canvas counts), and the
 *   viewport transform has stopped changing (the
 *   fit happened); the time is taken one frame later, once that frame painted.
 *
 * The observed figure exists because the signal can be missing: a page whose
 * nodes never reach useNodesInitialized() never marks (see the bench README),
 * and a board may have no mark at all (the 5 whys: `readyMark` null).
 *
 * With `readable` (the room suite) the observed state is stricter: every
 * expected note node (`nodeSelector`) is present and visible and shows its
 * text (contains `textSelector`, e.g. Debrief's `.note-text` rather than its
 * far-out `.note-lod` card; or, without one, has text of its own), and the
 * overview canvas does not count. At that frame the probe also records the
 * smallest computed font size of those texts and the viewport's zoom.
 */
import type { Page } from '@playwright/test';
import { sleep } from './stats';

interface OpenProbe {
  observed: number | null;
  /** With `readable`: smallest computed font-size (px) of the notes' text, and the zoom, when met. */
  text: { fontPx: number; zoom: number } | null;
}

/** What "every note readable" means on a page (see the header). */
export interface Readable {
  /** The note nodes, e.g. `.react-flow__node-note`. */
  readonly nodeSelector: string;
  /** The text element inside each, e.g. `.note-text`; null: the node's own text. */
  readonly textSelector: string | null;
}

declare global {
  interface Window {
    __benchOpen?: OpenProbe;
  }
}

/** Starts watching for the observed-ready state of `region` (call right before triggering the opening). */
export async function armReadyDetector(
  page: Page,
  region: string,
  expectedNodes: number,
  readable: Readable | null = null,
): Promise<void> {
  await page.evaluate(
    ({ region, expectedNodes, readable }) => {
      performance.clearMarks();
      const probe: OpenProbe = { observed: null, text: null };
      window.__benchOpen = probe;
      let previous: string | null = null;
      let met = false;
      const loop = () => {
        if (window.__benchOpen !== probe) return;
        const now = performance.now();
        if (met) {
          probe.observed = now;
          return;
        }
        const root = document.querySelector(region);
        const transform =
          root?.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? null;
        if (root && transform !== null && transform === previous && readable) {
          const nodes = [...root.querySelectorAll<HTMLElement>(readable.nodeSelector)];
          const texts = nodes.map((node) =>
            readable.textSelector === null
              ? node.textContent.trim()
                ? node
                : null
              : node.querySelector<HTMLElement>(readable.textSelector),
          );
          met =
            nodes.length >= expectedNodes &&
            nodes.every((node) => node.style.visibility !== 'hidden') &&
            texts.every((text) => text !== null);
          if (met) {
            const zoom = Number(/scale\(([-\d.e]+)\)/.exec(transform)?.[1] ?? NaN);
            const fontPx = Math.min(
              ...texts.map((text) => (text ? parseFloat(getComputedStyle(text).fontSize) : NaN)),
            );
            probe.text = { fontPx, zoom };
          }
        } else if (root && transform !== null && transform === previous) {
          const nodes = root.querySelectorAll<HTMLElement>('.react-flow__node');
          // In Debrief's overview mode the notes are drawn on one canvas instead of as nodes.
          const overview = root.querySelector('canvas.wall-overview') !== null;
          met =
            (overview || nodes.length >= expectedNodes) &&
            [...nodes].every((node) => node.style.visibility !== 'hidden');
        }
        previous = transform;
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    },
    { region, expectedNodes, readable },
  );
}

/** With `readable`: the text size the notes were readable at (see armReadyDetector), or null. */
export async function readableText(page: Page): Promise<{ fontPx: number; zoom: number } | null> {
  return page.evaluate(() => window.__benchOpen?.text ?? null);
}

export interface OpenTimes {
  /** ms from `since` to the observed-ready frame. */
  readonly observed: number;
  /** ms from `since` to the page's ready mark, or null if it did not come. */
  readonly signal: number | null;
}

/** Marks already reported missing (reported once per bench process). */
const reported = new Set<string>();

/**
 * Waits for the observed-ready state armed by armReadyDetector, then gives the
 * page's own mark a moment (`graceMs`) to arrive (none when `readyMark` is null:
 * the page has none). Times are relative to `since` (a performance.now() taken in
 * the page).
 */
export async function waitForOpen(
  page: Page,
  region: string,
  readyMark: string | null,
  since: number,
  graceMs = 750,
): Promise<OpenTimes> {
  await page.waitForFunction(() => typeof window.__benchOpen?.observed === 'number', undefined, {
    polling: 50,
  });
  if (readyMark === null) {
    const observed = await page.evaluate(() => window.__benchOpen?.observed ?? null);
    if (observed === null) throw new Error('bench: observed readiness vanished');
    return { observed: observed - since, signal: null };
  }
  const readMark = () =>
    page.evaluate(
      (name) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime ?? null,
      readyMark,
    );
  let mark = await readMark();
  const until = performance.now() + graceMs;
  while (mark === null && performance.now() < until) {
    await sleep(50);
    mark = await readMark();
  }
  if (mark === null && !reported.has(readyMark)) {
    reported.add(readyMark);
    console.warn(
      `[bench] ${readyMark} did not arrive within ${graceMs} ms of the observed readiness ` +
        `(aria-busy stays true on ${region}); such openings have no page-signal figure.`,
    );
  }
  const observed = await page.evaluate(() => window.__benchOpen?.observed ?? null);
  if (observed === null) throw new Error('bench: observed readiness vanished');
  return { observed: observed - since, signal: mark === null ? null : mark - since };
}

/**
 * Waits until `region`'s React Flow shows a settled picture: the viewport transform and the
 * number of nodes in the DOM unchanged for `frames` frames in a row. Returns that count: what
 * a board that draws only the nodes in view (onlyRenderVisibleElements) shows once fitted.
 */
export async function settledNodeCount(page: Page, region: string, frames = 10): Promise<number> {
  return page.evaluate(
    ({ region, frames }) =>
      new Promise<number>((resolve) => {
        let previous = '';
        let same = 0;
        const loop = () => {
          const root = document.querySelector(region);
          const transform =
            root?.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
          const count = root?.querySelectorAll('.react-flow__node').length ?? 0;
          const state = `${transform}|${count}`;
          same = transform !== '' && count > 0 && state === previous ? same + 1 : 0;
          previous = state;
          if (same >= frames) resolve(count);
          else requestAnimationFrame(loop);
        };
        requestAnimationFrame(loop);
      }),
    { region, frames },
  );
}
