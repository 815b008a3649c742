/**
 * Timing a relayout on screen (the systems diagram's "Auto-layout", the
 * baseline's "Apply layout"): a requestAnimationFrame loop in the page keeps
 * the `style.transform` of every node wrapper matching a selector, as they
 * were right before the click, and notes
 *
 * - moved: the first frame in which any of them has another transform or has
 *   left the DOM (a board that draws only what is in view drops nodes that
 *   move out of it): the new layout is on screen;
 * - settled: after that, the first frame of `stableFrames` in a row with the
 *   same viewport transform, once it has changed (both pages fit the view to
 *   the new layout with an animation): the layout is on screen and fitted.
 *   Null when the viewport has not moved 1.5 s after "moved" (an undo, which
 *   does not refit, or a page whose fit did not happen).
 *
 * Times are from a performance.now() taken in the page right before the click.
 */
import type { Locator, Page } from '@playwright/test';

export interface RelayoutTimes {
  /** ms from the click to the first frame showing a node elsewhere. */
  readonly moved: number;
  /** ms from the click to the viewport at rest after the fit; null if it did not move. */
  readonly settled: number | null;
}

interface RelayoutProbe {
  moved: number | null;
  settled: number | null;
  done: boolean;
}

declare global {
  interface Window {
    __benchRelayout?: RelayoutProbe;
  }
}

/** Clicks `button` and times the relayout of `nodeSelector` nodes inside `region` (see above). */
export async function timeRelayout(
  page: Page,
  button: Locator,
  region: string,
  nodeSelector: string,
  stableFrames = 3,
): Promise<RelayoutTimes> {
  await page.evaluate(
    ({ region, nodeSelector, stableFrames }) => {
      const root = document.querySelector(region);
      if (!root) throw new Error(`bench: no ${region}`);
      const before = new Map(
        [...root.querySelectorAll<HTMLElement>(nodeSelector)].map((el) => [el, el.style.transform]),
      );
      if (before.size === 0) throw new Error(`bench: no ${nodeSelector} to watch`);
      const viewport = () =>
        root.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
      const probe: RelayoutProbe = { moved: null, settled: null, done: false };
      window.__benchRelayout = probe;
      const startView = viewport();
      let lastView = startView;
      let viewChanged = false;
      let same = 0;
      let streakStart = 0;
      const loop = () => {
        if (window.__benchRelayout !== probe) return;
        const now = performance.now();
        if (probe.moved === null) {
          for (const [el, transform] of before) {
            if (!el.isConnected || el.style.transform !== transform) {
              probe.moved = now;
              break;
            }
          }
        }
        const view = viewport();
        if (view !== lastView) {
          viewChanged = true;
          same = 0;
        } else {
          if (same === 0) streakStart = now;
          same += 1;
        }
        lastView = view;
        if (probe.moved !== null) {
          if (same >= stableFrames && viewChanged) {
            probe.settled = Math.max(streakStart, probe.moved);
            probe.done = true;
            return;
          }
          if (!viewChanged && now - probe.moved > 1500) {
            probe.done = true;
            return;
          }
        }
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    },
    { region, nodeSelector, stableFrames },
  );
  const clicked = await button.evaluate((el) => {
    const at = performance.now();
    (el as HTMLElement).click();
    return at;
  });
  await page.waitForFunction(() => window.__benchRelayout?.done === true, undefined, {
    polling: 50,
  });
  const probe = await page.evaluate(() => window.__benchRelayout ?? null);
  if (probe?.moved == null) throw new Error('bench: relayout probe vanished');
  return {
    moved: probe.moved - clicked,
    settled: probe.settled === null ? null : probe.settled - clicked,
  };
}

/** Transforms of the `nodeSelector` nodes in `region` by data-id (to check that an undo put them back). */
export async function nodeTransforms(
  page: Page,
  region: string,
  nodeSelector: string,
): Promise<Record<string, string>> {
  return page.evaluate(
    ({ region, nodeSelector }) =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>(`${region} ${nodeSelector}`)].map((el) => [
          el.dataset.id ?? '',
          el.style.transform,
        ]),
      ),
    { region, nodeSelector },
  );
}
