/**
 * Runs in Chromium, not in Node: bundled by `bundleProbe` (lib/layoutTiming.ts)
 * into a classic script that the systems suite evaluates in a blank tab. It
 * times `layoutSystems` where the app runs it and returns its result, because
 * that result is not always Node's: dagre's layout of the same records can
 * differ between Node's and Chromium's JavaScript engines (the suite counts how
 * many components land elsewhere), and the baseline must show what Debrief does.
 */
import { layoutSystems, type Rect } from '../../../shared/systems/layout';
import type { Component, Interaction, Zone } from '../../../shared/systems/records';

export interface SystemsLayoutRun {
  readonly ms: number;
  readonly moves: [string, { x: number; y: number }][];
  readonly zones: [string, Rect][];
}

declare global {
  interface Window {
    __benchSystemsLayout?: (
      components: readonly Component[],
      interactions: readonly Interaction[],
      zones: readonly Zone[],
    ) => SystemsLayoutRun;
  }
}

window.__benchSystemsLayout = (components, interactions, zones) => {
  const started = performance.now();
  const layout = layoutSystems(components, interactions, zones);
  const ms = performance.now() - started;
  return {
    ms,
    moves: [...layout.moves].map(([id, at]) => [id, { x: at.x, y: at.y }]),
    zones: [...layout.zones],
  };
};
