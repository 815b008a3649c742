import { describe, expect, it } from 'vitest';
import { asWorkshopId } from '../../../shared/base/ids';
import { WHY_BOX, WHY_GAP, layoutWhys } from '../../../shared/whys/layout';
import { asWhyId, type WhyNode } from '../../../shared/whys/records';
import {
  layoutWithPending,
  neighbour,
  orderAfter,
  orderForChild,
  WHY_FLAG_LINE,
  whyHeight,
  whyTextHeight,
} from '../../../renderer/whys/whysView';

const WS = asWorkshopId('ws');
function why(id: string, parentId: string | null, order: number, text = `Because ${id}`): WhyNode {
  return {
    id: asWhyId(id),
    workshopId: WS,
    parentId: parentId === null ? null : asWhyId(parentId),
    text,
    order,
    createdAt: 1_767_225_600_000,
  };
}
const tableOf = (...nodes: WhyNode[]) => new Map<string, WhyNode>(nodes.map((n) => [n.id, n]));

/** p → a, b; a → a1, a2; b → b1 */
const tree = tableOf(
  why('p', null, 0, 'Card payments failed for 40 minutes'),
  why('a', 'p', 0),
  why('b', 'p', 1),
  why('a1', 'a', 0),
  why(
    'a2',
    'a',
    1,
    'Because the failover runbook assumed the old primary and nobody had rehearsed it since the migration',
  ),
  why('b1', 'b', 0),
);

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the 5-whys layout', () => {
  it('puts each depth in its own column, left to right, and no two boxes overlap', () => {
    const layout = layoutWhys(tree.values(), { measure: (n) => whyHeight(n.text) });
    const boxes = [...layout.boxes.values()];
    expect(boxes).toHaveLength(6);
    for (const box of boxes) {
      expect(box.x).toBe(box.depth * (WHY_BOX.width + WHY_GAP.column));
    }
    expect(layout.boxes.get('a1')?.depth).toBe(2);
    for (const a of boxes) {
      for (const b of boxes) if (a !== b) expect(overlaps(a, b), `${a.id} / ${b.id}`).toBe(false);
    }
  });

  it('gives a long text a taller box, and keeps a gap between neighbours of the same depth', () => {
    const layout = layoutWhys(tree.values(), { measure: (n) => whyHeight(n.text) });
    const a1 = layout.boxes.get('a1');
    const a2 = layout.boxes.get('a2');
    if (!a1 || !a2) throw new Error('missing boxes');
    expect(a2.height).toBeGreaterThan(a1.height);
    const [top, bottom] = a1.y < a2.y ? [a1, a2] : [a2, a1];
    expect(bottom.y - (top.y + top.height)).toBeGreaterThanOrEqual(WHY_GAP.row - 0.001);
  });

  it('orders siblings by their order, and lists nodes depth first (parent, then its branch)', () => {
    const layout = layoutWhys(tree.values());
    expect(layout.order).toEqual(['p', 'a', 'a1', 'a2', 'b', 'b1']);
    expect((layout.boxes.get('a')?.y ?? 0) < (layout.boxes.get('b')?.y ?? 0)).toBe(true);
  });

  it('hides a collapsed branch and counts what it hides', () => {
    const layout = layoutWhys(tree.values(), { collapsed: new Set(['a']) });
    expect(layout.boxes.has('a1')).toBe(false);
    expect(layout.boxes.get('a')?.hidden).toBe(2);
    expect(layout.boxes.get('b')?.hidden).toBe(0);
  });

  it('lays out 300 whys well within a frame', () => {
    const nodes = Array.from({ length: 300 }, (_, i) =>
      why(
        `n${i}`,
        i === 0 ? null : `n${Math.floor((i - 1) / 3)}`,
        i,
        'Because '.repeat(1 + (i % 5)),
      ),
    );
    layoutWhys(nodes); // warm up
    const start = performance.now();
    const layout = layoutWhys(nodes);
    // Generous: the benchmark measures it; this only catches a quadratic slip.
    expect(performance.now() - start).toBeLessThan(200);
    expect(layout.boxes.size).toBe(300);
  });
});

describe('a why being written', () => {
  it('is laid out under its parent before it is an operation, opening a collapsed parent', () => {
    const pending = { id: asWhyId('new'), parentId: asWhyId('a'), order: 2 };
    const layout = layoutWithPending(tree, pending, 'Because', new Set(['a']));
    expect(layout.boxes.get('new')?.depth).toBe(2);
    expect(layout.boxes.has('a1')).toBe(true);
  });

  it('is left out when its parent was deleted meanwhile', () => {
    const pending = { id: asWhyId('new'), parentId: asWhyId('gone'), order: 0 };
    expect(layoutWithPending(tree, pending, '', new Set()).boxes.has('new')).toBe(false);
  });

  it('follows the height typed so far', () => {
    const pending = { id: asWhyId('new'), parentId: asWhyId('b'), order: 1 };
    const tall = layoutWithPending(tree, pending, '', new Set(), new Map([['new', 400]]));
    expect(tall.boxes.get('new')?.height).toBe(400);
  });
});

describe('where new whys go among their siblings', () => {
  it('a child goes after the last child', () => {
    expect(orderForChild(tree, asWhyId('a'))).toBe(2);
    expect(orderForChild(tree, asWhyId('b1'))).toBe(0);
  });

  it('a sibling goes right after its why, between it and the next', () => {
    const a = tree.get('a') as WhyNode;
    const order = orderAfter(tree, a);
    expect(order).toBeGreaterThan(0);
    expect(order).toBeLessThan(1);
    const layout = layoutWhys([...tree.values(), why('s', 'p', order)]);
    const ids = layout.order.filter((id) => ['a', 's', 'b'].includes(id));
    expect(ids).toEqual(['a', 's', 'b']);
  });

  it('after the last sibling, goes one further', () => {
    expect(orderAfter(tree, tree.get('b') as WhyNode)).toBe(2);
  });
});

describe('arrow keys', () => {
  const layout = layoutWhys(tree.values());
  const go = (from: string, direction: 'left' | 'right' | 'up' | 'down') =>
    neighbour(layout, tree, from, direction);

  it('left goes to the parent, and from the problem nowhere', () => {
    expect(go('a2', 'left')).toBe('a');
    expect(go('p', 'left')).toBeNull();
  });

  it('right goes to a child, and Right then Left comes back', () => {
    const child = go('a', 'right');
    expect(['a1', 'a2']).toContain(child);
    expect(go(child as string, 'left')).toBe('a');
    expect(go('b1', 'right')).toBeNull();
  });

  it('up and down move within the column, across branches', () => {
    expect(go('a', 'down')).toBe('b');
    expect(go('b', 'up')).toBe('a');
    expect(go('a2', 'down')).toBe('b1');
    expect(go('a1', 'up')).toBeNull();
  });
});

describe('the blameless prompt has room in its box', () => {
  it('a why that stops at a person is one line taller than the same words about a system', () => {
    const person = 'The engineer failed to renew the certificate';
    const system = 'The renewal job failed to renew the certificate';
    expect(whyHeight(person) - whyTextHeight(person)).toBe(WHY_FLAG_LINE);
    expect(whyHeight(system)).toBe(whyTextHeight(system));
  });

  it("a participant's name as the subject counts as a person", () => {
    const text = 'Dana restarted the wrong node';
    expect(whyHeight(text, ['Dana Whitfield']) - whyHeight(text)).toBe(WHY_FLAG_LINE);
  });
});
