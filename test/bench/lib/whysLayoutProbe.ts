/**
 * Runs in Chromium, not in Node: bundled by `bundleProbe` (lib/layoutTiming.ts)
 * into a classic script that the whys suite evaluates in a blank tab. It lays
 * out a tree the way the 5-whys board does when it opens (`layoutWithPending`
 * of renderer/whys/whysView.ts: heights measured on a canvas in the box's font,
 * cached per text, then `layoutWhys`), and with the shared estimate instead of
 * the canvas. Each evaluation of the script is a new module instance, so its
 * first call measures every text afresh (what opening the tab costs), the
 * second finds them cached (what re-laying out after an edit costs).
 */
import { layoutWithPending } from '../../../renderer/whys/whysView';
import { layoutWhys } from '../../../shared/whys/layout';
import type { WhyNode } from '../../../shared/whys/records';

export interface WhysLayoutProbe {
  /** ms for the board's layout of `nodes`, and the laid-out height (a check). */
  board(nodes: readonly WhyNode[]): { ms: number; height: number };
  /** ms for `layoutWhys` with its estimated heights (what Node runs). */
  shared(nodes: readonly WhyNode[]): { ms: number; height: number };
}

declare global {
  interface Window {
    __benchWhysLayout?: WhysLayoutProbe;
  }
}

window.__benchWhysLayout = {
  board(nodes) {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const started = performance.now();
    const layout = layoutWithPending(byId, null, '', new Set());
    return { ms: performance.now() - started, height: layout.bounds.height };
  },
  shared(nodes) {
    const started = performance.now();
    const layout = layoutWhys(nodes);
    return { ms: performance.now() - started, height: layout.bounds.height };
  },
};
