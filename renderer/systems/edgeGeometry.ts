/**
 * How an interaction is drawn between two component cards: a "floating" line
 * from border to border along the line between the cards' centres (so it
 * follows the cards wherever they are, without fixed handles), straight or
 * bowed to one side, ending in an arrowhead drawn as part of the edge (an
 * exported figure needs no shared <marker> definitions). Pure, unit-tested.
 */
import type { Point, Rect } from './systemsModel';

/** Length and half-width of the arrowhead, in diagram units. */
export const ARROW = { length: 14, halfWidth: 7 } as const;
/** Air between a card's border and the line's ends. */
const BORDER_GAP = 4;

const centerOf = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

/** Where the ray from the centre of `box` towards `toward` leaves the box (plus a small gap). */
export function borderPoint(box: Rect, toward: Point): Point {
  const c = centerOf(box);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx === 0 ? Infinity : box.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : box.height / 2 / Math.abs(dy);
  const scale = Math.min(sx, sy);
  const length = Math.hypot(dx, dy);
  return {
    x: c.x + dx * scale + (dx / length) * BORDER_GAP,
    y: c.y + dy * scale + (dy / length) * BORDER_GAP,
  };
}

export interface InteractionGeometry {
  /** SVG path data of the line (it stops where the arrowhead begins). */
  readonly path: string;
  /** The arrowhead's polygon points, tip first. */
  readonly arrow: string;
  /** Where the label goes: the middle of the line. */
  readonly labelX: number;
  readonly labelY: number;
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * The line from `source` to `target`, bowed `bend` units to the left of its
 * direction at its middle (0: straight).
 */
export function interactionGeometry(source: Rect, target: Rect, bend: number): InteractionGeometry {
  const cs = centerOf(source);
  const ct = centerOf(target);
  const dx = ct.x - cs.x;
  const dy = ct.y - cs.y;
  const length = Math.hypot(dx, dy) || 1;
  // Left of the direction of travel, with y pointing down the screen.
  const left = { x: dy / length, y: -dx / length };
  const mid = { x: (cs.x + ct.x) / 2, y: (cs.y + ct.y) / 2 };
  // A quadratic curve reaches half its control point's offset at its middle.
  const control = { x: mid.x + left.x * bend * 2, y: mid.y + left.y * bend * 2 };
  const curved = bend !== 0;
  const start = borderPoint(source, curved ? control : ct);
  const end = borderPoint(target, curved ? control : cs);
  // The arrow points along the line's direction where it arrives.
  const from = curved ? control : start;
  const tx = end.x - from.x;
  const ty = end.y - from.y;
  const tl = Math.hypot(tx, ty) || 1;
  const t = { x: tx / tl, y: ty / tl };
  const base = { x: end.x - t.x * ARROW.length, y: end.y - t.y * ARROW.length };
  // The line stops a little inside the arrowhead, so a thick line never shows past its tip.
  const lineEnd = { x: end.x - t.x * ARROW.length * 0.7, y: end.y - t.y * ARROW.length * 0.7 };
  const p = (q: Point) => `${round(q.x)} ${round(q.y)}`;
  const path = curved
    ? `M ${p(start)} Q ${p(control)} ${p(lineEnd)}`
    : `M ${p(start)} L ${p(lineEnd)}`;
  const wing = { x: -t.y * ARROW.halfWidth, y: t.x * ARROW.halfWidth };
  const arrow = [
    end,
    { x: base.x + wing.x, y: base.y + wing.y },
    { x: base.x - wing.x, y: base.y - wing.y },
  ]
    .map((q) => `${round(q.x)},${round(q.y)}`)
    .join(' ');
  const label = curved
    ? {
        x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
        y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y,
      }
    : { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };
  return { path, arrow, labelX: round(label.x), labelY: round(label.y) };
}
