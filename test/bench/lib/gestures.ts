/**
 * Driving and observing a React Flow wall from Playwright.
 *
 * What counts as a visual update: a requestAnimationFrame loop in the page
 * reads `element.style.transform` of the watched element (the dragged node's
 * `.react-flow__node` wrapper, or `.react-flow__viewport` while panning) and
 * notes the frames in which it changed. Plain rAF gaps are not enough: rAF
 * keeps ticking at 16.7 ms while a slow wall moves the note only every few
 * frames. Times are performance.now() inside the rAF callback, i.e. after the
 * input handlers of that frame ran, which is when the change gets painted.
 *
 * Per mouse move we also record how long `page.mouse.move` takes to resolve
 * (CDP waits for the renderer to acknowledge the input event) and, in the
 * page, the latency from the pointermove's event.timeStamp (the oldest of its
 * coalesced events) to the first frame after its dispatch in which the
 * transform had changed.
 */
import type { Page } from '@playwright/test';
import { gaps, sleep } from './stats';

export interface Point {
  readonly x: number;
  readonly y: number;
}

interface Recording {
  readonly frames: number[];
  readonly changes: number[];
  /** [oldest coalesced timeStamp, performance.now() in the listener, coalesced count] per pointermove event. */
  readonly moves: [number, number, number][];
}

declare global {
  interface Window {
    __benchRecorder?: { stop(): Recording };
  }
}

export interface GestureResult {
  /** Time between consecutive frames in which the watched transform changed. */
  readonly intervals: readonly number[];
  /** pointermove timeStamp -> first later frame with a changed transform. */
  readonly latencies: readonly number[];
  /** Time for each `page.mouse.move` to resolve. */
  readonly acks: readonly number[];
  /** Plain rAF gaps over the gesture, for comparison with `intervals`. */
  readonly rafGaps: readonly number[];
  /** Frames with a changed transform. */
  readonly updates: number;
  /** pointermove events the page received (coalesced moves count once). */
  readonly pointerMoves: number;
  /** Mouse moves behind those events (getCoalescedEvents). */
  readonly coalescedMoves: number;
}

export async function startRecorder(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const first = document.querySelector<HTMLElement>(sel);
    if (!first) throw new Error(`bench: nothing matches ${sel}`);
    let el: HTMLElement = first;
    const rec: Recording = { frames: [], changes: [], moves: [] };
    let last = el.style.transform;
    let running = true;
    const onMove = (event: PointerEvent) => {
      // A coalesced pointermove stands for several mouse moves: time from the oldest.
      const stamps = event.getCoalescedEvents().map((e) => e.timeStamp);
      rec.moves.push([Math.min(event.timeStamp, ...stamps), performance.now(), stamps.length]);
    };
    const loop = () => {
      if (!running) return;
      const now = performance.now();
      // React may replace the wrapper (it should not); follow it if it does.
      if (!el.isConnected) el = document.querySelector<HTMLElement>(sel) ?? el;
      const transform = el.style.transform;
      rec.frames.push(now);
      if (transform !== last) {
        last = transform;
        rec.changes.push(now);
      }
      requestAnimationFrame(loop);
    };
    window.addEventListener('pointermove', onMove, { capture: true, passive: true });
    requestAnimationFrame(loop);
    window.__benchRecorder = {
      stop() {
        running = false;
        window.removeEventListener('pointermove', onMove, { capture: true });
        return rec;
      },
    };
  }, selector);
}

/** Lets `frames` more frames be recorded, then stops the recorder. */
export async function stopRecorder(page: Page, frames = 3): Promise<Recording> {
  return page.evaluate(
    (count) =>
      new Promise<Recording>((resolve, reject) => {
        let seen = 0;
        const tick = () => {
          seen += 1;
          if (seen < count) {
            requestAnimationFrame(tick);
            return;
          }
          const recorder = window.__benchRecorder;
          if (!recorder) {
            reject(new Error('bench: recorder was not started'));
            return;
          }
          window.__benchRecorder = undefined;
          resolve(recorder.stop());
        };
        requestAnimationFrame(tick);
      }),
    frames,
  );
}

/** Resolves after `frames` animation frames plus `ms`. */
export async function settleFrames(page: Page, frames = 2, ms = 0): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        let seen = 0;
        const tick = () => {
          seen += 1;
          if (seen >= count) resolve();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    frames,
  );
  if (ms > 0) await sleep(ms);
}

export interface GestureOptions {
  /** Where the mouse goes down. */
  readonly start: Point;
  /** Element whose style.transform shows the gesture's visual updates. */
  readonly watch: string;
  readonly moves: number;
  /** ms between move dispatches (a move is sent late if the previous one is still pending). */
  readonly interval: number;
  /** Per-move offset; the second half of the moves comes back, so the gesture ends where it began. */
  readonly step: Point;
  /** Moves that may await their acknowledgement at once. */
  readonly inflight: number;
}

/**
 * Mouse down at `start`, `moves` paced moves out and back, mouse up. A move is
 * sent every `interval` ms while fewer than `inflight` moves await their
 * acknowledgement; a real mouse does not wait for the page at all, and the
 * browser coalesces moves that queue up, so a slow page sees fewer, larger
 * steps. inflight 1 sends each move only after the previous one was handled.
 */
export async function runGesture(page: Page, options: GestureOptions): Promise<GestureResult> {
  const { start, watch, moves, interval, step, inflight } = options;
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await startRecorder(page, watch);
  const acks: number[] = [];
  const pending = new Set<Promise<void>>();
  let x = start.x;
  let y = start.y;
  const began = performance.now();
  for (let i = 0; i < moves; i += 1) {
    const wait = began + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    while (pending.size >= inflight) await Promise.race(pending);
    const sign = i < moves / 2 ? 1 : -1;
    x += sign * step.x;
    y += sign * step.y;
    const sent = performance.now();
    const move: Promise<void> = page.mouse.move(x, y).then(() => {
      acks.push(performance.now() - sent);
      pending.delete(move);
    });
    pending.add(move);
  }
  await Promise.all(pending);
  const rec = await stopRecorder(page);
  await page.mouse.up();

  const latencies: number[] = [];
  for (const [timeStamp, dispatched] of rec.moves) {
    const shown = rec.changes.find((t) => t >= dispatched);
    if (shown !== undefined) latencies.push(shown - timeStamp);
  }
  return {
    intervals: gaps(rec.changes),
    latencies,
    acks,
    rafGaps: gaps(rec.frames),
    updates: rec.changes.length,
    pointerMoves: rec.moves.length,
    coalescedMoves: rec.moves.reduce((sum, [, , count]) => sum + Math.max(1, count), 0),
  };
}

/** Current zoom of the React Flow viewport (from its CSS transform). */
export async function readZoom(page: Page): Promise<number> {
  return page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    const match = /scale\(([-\d.e]+)\)/.exec(viewport?.style.transform ?? '');
    if (!match?.[1]) throw new Error('bench: no React Flow viewport transform');
    return Number(match[1]);
  });
}

/**
 * Zooms to 1 around the centre of `region` using only input a user can give:
 * mouse-wheel events over the wall (React Flow's default zoomOnScroll). d3-zoom
 * scales by 2^(-deltaY * 0.002) per pixel-mode wheel event (xyflow's wheelDelta),
 * so deltaY = log2(k) / 0.002 lands on k = 1; a few rounds absorb clamping.
 * d3-zoom ends a wheel gesture after 150 ms without wheel events, hence the waits.
 */
export async function zoomToOne(page: Page, region: string): Promise<number> {
  const box = await page.locator(region).boundingBox();
  if (!box) throw new Error(`bench: ${region} is not visible`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let zoom = await readZoom(page);
  for (let round = 0; round < 6 && Math.abs(zoom - 1) > 0.001; round += 1) {
    await page.mouse.wheel(0, Math.log2(zoom) / 0.002);
    await sleep(250);
    zoom = await readZoom(page);
  }
  await settleFrames(page, 3, 300);
  return zoom;
}

export interface NodeTarget {
  readonly id: string;
  readonly grab: Point;
}

/**
 * The node nearest the centre of `region` that can be grabbed near
 * (centre x, top + grabFraction * height), not on a nodrag part, and dragged by `travel` without
 * leaving the region or passing under an overlay (minimap, controls).
 */
export async function pickNode(
  page: Page,
  region: string,
  nodeSelector: string,
  grabFraction: number,
  travel: Point,
): Promise<NodeTarget> {
  const found = await page.evaluate(
    ({ region, nodeSelector, grabFraction, travel }) => {
      const area = document.querySelector(region)?.getBoundingClientRect();
      if (!area) return null;
      const cx = area.left + area.width / 2;
      const cy = area.top + area.height / 2;
      const candidates = [...document.querySelectorAll<HTMLElement>(nodeSelector)]
        .map((node) => {
          const r = node.getBoundingClientRect();
          return { node, r, x: r.left + r.width / 2, y: r.top + r.height * grabFraction };
        })
        .filter(
          ({ r, x, y }) =>
            r.width > 4 &&
            r.left >= area.left &&
            r.top >= area.top &&
            x + travel.x < area.right - 220 &&
            y + travel.y < area.bottom - 180,
        )
        .sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy));
      // Mouse events land on whole pixels; at small zoom a node is a few pixels tall and
      // its (nodrag) connection handles can cover the middle, so probe whole-pixel points.
      for (const { node, r, x, y } of candidates.slice(0, 50)) {
        const id = node.dataset.id;
        if (!id) continue;
        const ys = [Math.round(y)];
        for (let py = Math.ceil(r.top); py < r.bottom; py += 1) ys.push(py);
        for (const py of ys) {
          for (const px of [Math.round(x), Math.round(x) - 2, Math.round(x) + 2]) {
            const hit = document.elementFromPoint(px, py);
            if (hit && node.contains(hit) && !hit.closest('.nodrag, .react-flow__handle')) {
              return { id, grab: { x: px, y: py } };
            }
          }
        }
      }
      return null;
    },
    { region, nodeSelector, grabFraction, travel },
  );
  if (!found) throw new Error(`bench: no draggable ${nodeSelector} near the centre of the wall`);
  return found;
}

/** A point of empty pane (where a drag pans) nearest the centre of `region`. */
export async function findPanePoint(page: Page, region: string): Promise<Point> {
  const found = await page.evaluate((region) => {
    const area = document.querySelector(region)?.getBoundingClientRect();
    if (!area) return null;
    const cx = area.left + area.width / 2;
    const cy = area.top + area.height / 2;
    // Out to the corners: at zoom 1 one large cluster can cover the whole middle of the view.
    const limit = Math.hypot(area.width, area.height) / 2;
    const inside = (x: number, y: number) =>
      x > area.left + 2 && x < area.right - 2 && y > area.top + 2 && y < area.bottom - 2;
    for (let r = 0; r < limit; r += 3) {
      const steps = Math.max(1, Math.ceil((2 * Math.PI * r) / 3));
      for (let i = 0; i < steps; i += 1) {
        // Whole pixels: that is where mouse events land.
        const x = Math.round(cx + r * Math.cos((2 * Math.PI * i) / steps));
        const y = Math.round(cy + r * Math.sin((2 * Math.PI * i) / steps));
        if (!inside(x, y)) continue;
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane'))
          return { x, y };
      }
    }
    // Say what covers the middle, so a failure can be understood from the log.
    const middle = document.elementFromPoint(cx, cy);
    return { covered: `${middle?.tagName ?? 'nothing'}.${middle?.className ?? ''}` };
  }, region);
  if (!found || 'covered' in found)
    throw new Error(
      `bench: no empty pane in the wall (the centre is covered by ${found?.covered ?? 'nothing'})`,
    );
  return found;
}
