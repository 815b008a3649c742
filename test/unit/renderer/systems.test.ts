/**
 * The systems diagram's pure parts: accessible names, free spots, which zone a
 * dropped component lands in, the operation batches of drops, auto-layout,
 * the template and removals (each applied through the real pipeline, so the
 * reducer accepts what the board would perform), how lines are drawn, the
 * node and edge derivation of the view store, and the factor badges.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_HEAD } from '../../../shared/base/auditChain';
import { asActorId, asOperationId, asWorkshopId } from '../../../shared/base/ids';
import { applyBatch } from '../../../shared/pipeline/batch';
import { snapshotToState } from '../../../shared/pipeline/workshopFile';
import type { OperationBody, WorkshopState } from '../../../shared/registry';
import { COMPONENT_BOX } from '../../../shared/systems/layout';
import {
  asComponentId,
  asInteractionId,
  asZoneId,
  type Component,
  type Interaction,
  type InteractionKind,
  type Zone,
} from '../../../shared/systems/records';
import { defaultHeader } from '../../../shared/workshop/workshop';
import {
  autoLayoutBodies,
  bendsOf,
  componentLabel,
  contentBounds,
  describeCount,
  dropBodies,
  FEEDBACK_BEND,
  interactionLabel,
  newComponentSpot,
  readingGroups,
  removeBody,
  templateBody,
  templateOrigin,
  zoneAt,
  zoneLabel,
} from '../../../renderer/systems/systemsModel';
import { borderPoint, interactionGeometry } from '../../../renderer/systems/edgeGeometry';
import {
  badgeLetter,
  badgeText,
  factorKey,
  parseFactorKey,
} from '../../../renderer/systems/factorBadges';
import {
  componentLabelId,
  createSystemsViewStore,
} from '../../../renderer/systems/systemsViewStore';

const T0 = 1_700_000_000_000;
const workshopId = asWorkshopId('w');

const zone = (id: string, x: number, y: number, width = 488, height = 300): Zone => ({
  id: asZoneId(id),
  workshopId,
  name: id,
  x,
  y,
  width,
  height,
  createdAt: T0,
});

const component = (
  id: string,
  x: number,
  y: number,
  extra: Partial<Component> = {},
): Component => ({
  id: asComponentId(id),
  workshopId,
  kind: 'service',
  name: id,
  x,
  y,
  pinned: false,
  zoneId: null,
  failureMode: '',
  annotation: '',
  guardrails: [],
  onPath: false,
  createdAt: T0,
  ...extra,
});

const interaction = (
  id: string,
  sourceId: string,
  targetId: string,
  kind: InteractionKind = 'request',
  extra: Partial<Interaction> = {},
): Interaction => ({
  id: asInteractionId(id),
  workshopId,
  sourceId: asComponentId(sourceId),
  targetId: asComponentId(targetId),
  kind,
  label: '',
  failureMode: '',
  annotation: '',
  guardrails: [],
  onPath: false,
  createdAt: T0,
  ...extra,
});

function diagram(
  components: Component[],
  zones: Zone[] = [],
  interactions: Interaction[] = [],
): WorkshopState {
  return snapshotToState({
    workshop: {
      ...defaultHeader('t'),
      id: workshopId,
      createdAt: T0,
      updatedAt: T0,
      deletedAt: null,
    },
    records: { components, zones, interactions },
  });
}

let opCounter = 0;
/** Applies bodies as the store would; fails the test if the reducer refuses them. */
function apply(state: WorkshopState, bodies: OperationBody[]): WorkshopState {
  const result = applyBatch(state, EMPTY_HEAD, bodies, {
    workshopId,
    actorId: asActorId('me'),
    now: T0 + 1000,
    newOperationId: () => asOperationId(`op-${String((opCounter += 1))}`),
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.batch.state;
}

describe('accessible names', () => {
  it('names a component by kind, name and zone', () => {
    expect(componentLabel(component('c', 0, 0, { name: 'API gateway' }), 'Edge')).toBe(
      'Service: API gateway, in Edge',
    );
    expect(componentLabel(component('c', 0, 0, { kind: 'datastore', name: 'Ledger' }), null)).toBe(
      'Datastore: Ledger',
    );
    expect(componentLabel(component('c', 0, 0, { name: 'X', onPath: true }), '')).toBe(
      'Service: X, in an unnamed zone, on the incident path',
    );
  });

  it('names an interaction by kind, ends and label', () => {
    expect(interactionLabel(interaction('i', 'a', 'b'), 'Mobile app', 'API gateway')).toBe(
      'Request / call from Mobile app to API gateway',
    );
    expect(
      interactionLabel(
        interaction('i', 'a', 'b', 'data', { label: ' Postings ', onPath: true }),
        'Core',
        'Ledger',
      ),
    ).toBe('Data flow from Core to Ledger: Postings, on the incident path');
    expect(zoneLabel({ name: '' })).toBe('Zone: Unnamed zone');
  });

  it('counts what a removal removed', () => {
    expect(describeCount({ zones: 0, components: 1, interactions: 0 })).toBe('1 component');
    expect(describeCount({ zones: 1, components: 2, interactions: 3 })).toBe(
      '2 components, 3 interactions and 1 zone',
    );
  });
});

describe('geometry', () => {
  it('finds the smallest zone under a box centre', () => {
    const big = zone('big', 0, 0, 1000, 1000);
    const small = zone('small', 100, 100, 300, 300);
    expect(zoneAt({ x: 150, y: 150, ...COMPONENT_BOX }, [big, small])?.id).toBe('small');
    expect(zoneAt({ x: 600, y: 600, ...COMPONENT_BOX }, [big, small])?.id).toBe('big');
    expect(zoneAt({ x: 150, y: 150, ...COMPONENT_BOX }, [big, small], new Set(['small']))?.id).toBe(
      'big',
    );
    expect(zoneAt({ x: 2000, y: 0, ...COMPONENT_BOX }, [big, small])).toBeNull();
  });

  it('puts a new component where it covers no component and no zone', () => {
    const taken = [component('a', -100, -46)];
    const zones = [zone('z', 150, -200, 400, 400)];
    const spot = newComponentSpot({ x: 0, y: 0 }, taken, zones);
    const box = { ...spot, ...COMPONENT_BOX };
    for (const r of [...taken.map((c) => ({ x: c.x, y: c.y, ...COMPONENT_BOX })), ...zones]) {
      const overlap =
        box.x < r.x + r.width &&
        r.x < box.x + box.width &&
        box.y < r.y + r.height &&
        r.y < box.y + box.height;
      expect(overlap).toBe(false);
    }
    // On an empty diagram it is centred where asked.
    expect(newComponentSpot({ x: 500, y: 300 }, [], [])).toEqual({ x: 400, y: 254 });
  });

  it('places the template at the origin, or right of what is there', () => {
    expect(templateOrigin([], [])).toEqual({ x: 0, y: 0 });
    const origin = templateOrigin([component('a', 10, 20)], [zone('z', 300, -40, 200, 100)]);
    expect(origin).toEqual({ x: 620, y: -40 });
    expect(contentBounds([component('a', 10, 20)], [])).toEqual({ x: 10, y: 20, ...COMPONENT_BOX });
  });

  it('reads zones in order, each followed by its members, then the free components', () => {
    const groups = readingGroups(
      [
        component('free', 0, 900),
        component('right', 300, 60, { zoneId: asZoneId('z') }),
        component('left', 20, 60, { zoneId: asZoneId('z') }),
        component('second', 900, 60, { zoneId: asZoneId('y') }),
        component('orphan', 0, 1200, { zoneId: asZoneId('gone') }),
      ],
      [zone('y', 800, 0), zone('z', 0, 0)],
    );
    expect(groups.map((g) => [g.zone?.id ?? null, g.members.map((m) => m.id)])).toEqual([
      ['z', ['left', 'right']],
      ['y', ['second']],
      [null, ['free', 'orphan']],
    ]);
  });
});

describe('drops', () => {
  it('moves and pins a free component, and nothing else', () => {
    const state = diagram([component('a', 0, 0), component('b', 500, 0)]);
    const bodies = dropBodies(state, [
      { id: 'a', kind: 'component', position: { x: 40.4, y: 10.6 } },
    ]);
    expect(bodies).toEqual([
      {
        type: 'component.move',
        payload: { moves: [{ componentId: 'a', x: 40, y: 11, pinned: true }] },
      },
    ]);
    const after = apply(state, bodies);
    expect(after.records.components.get('a')).toMatchObject({ x: 40, y: 11, pinned: true });
  });

  it('dropping onto a zone puts the component in it, in the same batch', () => {
    const state = diagram([component('a', 1000, 1000)], [zone('z', 0, 0, 600, 400)]);
    const bodies = dropBodies(state, [
      { id: 'a', kind: 'component', position: { x: 100, y: 100 } },
    ]);
    expect(bodies.map((b) => b.type)).toEqual(['component.move', 'component.zone']);
    const after = apply(state, bodies);
    expect(after.records.components.get('a')).toMatchObject({ zoneId: 'z', x: 100, y: 100 });
    expect(after.records.zones.get('z')).toMatchObject({ x: 0, y: 0, width: 600, height: 400 });
  });

  it('dragging a component out of its zone takes it out', () => {
    const state = diagram(
      [component('a', 50, 60, { zoneId: asZoneId('z') })],
      [zone('z', 0, 0, 400, 300)],
    );
    const after = apply(
      state,
      dropBodies(state, [{ id: 'a', kind: 'component', position: { x: 900, y: 60 } }]),
    );
    expect(after.records.components.get('a')).toMatchObject({ zoneId: null, x: 900, pinned: true });
  });

  it('a zone grows to hold a member dropped at its edge', () => {
    const state = diagram(
      [component('a', 30, 60, { zoneId: asZoneId('z'), pinned: true })],
      [zone('z', 0, 0, 400, 300)],
    );
    // Centre inside the zone, right edge past it.
    const bodies = dropBodies(state, [{ id: 'a', kind: 'component', position: { x: 250, y: 60 } }]);
    expect(bodies.map((b) => b.type)).toEqual(['component.move', 'zone.resize']);
    const after = apply(state, bodies);
    expect(after.records.zones.get('z')).toMatchObject({ x: 0, y: 0, width: 474, height: 300 });
  });

  it('a dragged zone carries its members: no separate moves for them', () => {
    const state = diagram(
      [component('a', 50, 60, { zoneId: asZoneId('z') })],
      [zone('z', 0, 0, 400, 300)],
    );
    const bodies = dropBodies(state, [
      { id: 'z', kind: 'zone', position: { x: 100, y: 200 } },
      { id: 'a', kind: 'component', position: { x: 150, y: 260 } },
    ]);
    expect(bodies).toEqual([{ type: 'zone.move', payload: { zoneId: 'z', x: 100, y: 200 } }]);
    const after = apply(state, bodies);
    expect(after.records.components.get('a')).toMatchObject({ x: 150, y: 260, zoneId: 'z' });
  });

  it('a drop where it already was, already pinned, changes nothing', () => {
    const state = diagram([component('a', 0, 0, { pinned: true })]);
    expect(dropBodies(state, [{ id: 'a', kind: 'component', position: { x: 0, y: 0 } }])).toEqual(
      [],
    );
  });
});

describe('auto-layout, template and removal', () => {
  it('moves only unpinned components, unpinned, and fits zones: one batch', () => {
    const state = diagram(
      [
        component('a', 0, 0, { zoneId: asZoneId('z') }),
        component('b', 0, 0, { zoneId: asZoneId('z') }),
        component('pinned', 3000, 3000, { pinned: true }),
      ],
      [zone('z', 0, 0, 100, 100)],
      [interaction('i', 'a', 'b')],
    );
    const bodies = autoLayoutBodies(state);
    expect(bodies.map((b) => b.type)).toEqual(['component.move', 'zone.resize']);
    const after = apply(state, bodies);
    const a = after.records.components.get('a');
    const b = after.records.components.get('b');
    expect(a?.pinned).toBe(false);
    expect(b?.pinned).toBe(false);
    expect(after.records.components.get('pinned')).toMatchObject({
      x: 3000,
      y: 3000,
      pinned: true,
    });
    // a -> b, left to right, no longer on top of each other, both inside the fitted zone.
    expect((b?.x ?? 0) - (a?.x ?? 0)).toBeGreaterThanOrEqual(COMPONENT_BOX.width);
    const z = after.records.zones.get('z');
    for (const c of [a, b]) {
      expect(c && z && c.x >= z.x && c.x + COMPONENT_BOX.width <= z.x + z.width).toBe(true);
    }
    // Laid out already: nothing more to do.
    expect(autoLayoutBodies(after)).toEqual([]);
  });

  it('inserts the bank template in one operation, beside existing content', () => {
    let n = 0;
    const state = diagram([component('mine', 0, 0)]);
    const { body, bounds } = templateBody(state, T0, () => `t-${String((n += 1))}`);
    const after = apply(state, [body]);
    expect(after.records.components.size).toBe(20);
    expect(after.records.zones.size).toBe(7);
    expect(bounds.x).toBeGreaterThan(COMPONENT_BOX.width);
    const template = [...after.records.components.values()].filter((c) => c.id !== 'mine');
    expect(Math.min(...template.map((c) => c.x))).toBeGreaterThanOrEqual(bounds.x);
  });

  it('removes a selection with its components’ interactions, and says what went', () => {
    const state = diagram(
      [component('a', 0, 0), component('b', 300, 0), component('c', 600, 0)],
      [zone('z', 0, 500)],
      [interaction('ab', 'a', 'b'), interaction('bc', 'b', 'c')],
    );
    const removal = removeBody(state, {
      zones: [asZoneId('z')],
      components: [asComponentId('a')],
      interactions: [asInteractionId('bc'), asInteractionId('gone')],
    });
    expect(removal?.message).toBe('Deleted 1 component, 1 interaction and 1 zone.');
    const after = apply(state, [removal?.body as OperationBody]);
    expect([...after.records.components.keys()]).toEqual(['b', 'c']);
    expect(after.records.interactions.size).toBe(0);
    expect(
      removeBody(state, { zones: [], components: [asComponentId('x')], interactions: [] }),
    ).toBeNull();
  });
});

describe('bends', () => {
  it('keeps a single request straight, curves feedback, spreads a pair apart', () => {
    const bends = bendsOf([
      interaction('single', 'a', 'b'),
      interaction('loop', 'c', 'd', 'feedback'),
      interaction('there', 'e', 'f', 'request', { createdAt: T0 }),
      interaction('back', 'f', 'e', 'data', { createdAt: T0 + 1 }),
    ]);
    expect(bends.get('single')).toBe(0);
    expect(bends.get('loop')).toBe(FEEDBACK_BEND);
    const there = bends.get('there') ?? 0;
    const back = bends.get('back') ?? 0;
    // Opposite directions bowing to their own left means the same offset, opposite sides of travel:
    // they end up on different sides of the straight line between the two cards.
    expect(there).not.toBe(0);
    expect(back).toBe(there);
  });
});

describe('edge geometry', () => {
  const a = { x: 0, y: 0, width: 200, height: 92 };
  const b = { x: 400, y: 0, width: 200, height: 92 };

  it('runs border to border between the cards, straight when not bent', () => {
    expect(borderPoint(a, { x: 500, y: 46 })).toEqual({ x: 204, y: 46 });
    const g = interactionGeometry(a, b, 0);
    expect(g.path.startsWith('M 204 46 L ')).toBe(true);
    // The arrow's tip is just outside the target's left border.
    expect(g.arrow.split(' ')[0]).toBe('396,46');
    expect({ x: g.labelX, y: g.labelY }).toEqual({ x: 300, y: 46 });
  });

  it('bows a bent line to the left of its direction, label at its middle', () => {
    const g = interactionGeometry(a, b, 40);
    expect(g.path).toContain(' Q ');
    // Left of travel to the right is up the screen.
    expect(g.labelY).toBeLessThan(46);
    expect(Math.round(g.labelX)).toBe(300);
  });
});

describe('systems view store', () => {
  const state = diagram(
    [
      component('free', 0, 900),
      component('inside', 150, 260, { zoneId: asZoneId('z'), onPath: true }),
    ],
    [zone('z', 100, 200)],
    [interaction('i', 'free', 'inside', 'request', { label: 'Calls' })],
  );

  it('orders zones before their members, members relative to their zone', () => {
    const view = createSystemsViewStore();
    view.getState().sync(state);
    const { nodes, edges } = view.getState();
    expect(nodes.map((n) => n.id)).toEqual(['z', 'inside', 'free']);
    expect(nodes[1]).toMatchObject({
      parentId: 'z',
      position: { x: 50, y: 60 },
      domAttributes: { 'aria-labelledby': componentLabelId('inside') },
    });
    expect(nodes[2]).toMatchObject({ position: { x: 0, y: 900 } });
    expect(nodes[2]?.parentId).toBeUndefined();
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({
      source: 'free',
      target: 'inside',
      ariaLabel: 'Request / call from free to inside: Calls',
    });
  });

  it('keeps the very same arrays when only content changed', () => {
    const view = createSystemsViewStore();
    view.getState().sync(state);
    const { nodes, edges } = view.getState();
    const edited = apply(state, [
      {
        type: 'component.update',
        payload: { componentId: asComponentId('free'), changes: { failureMode: 'Timeouts' } },
      },
    ]);
    view.getState().sync(edited);
    expect(view.getState().nodes).toBe(nodes);
    expect(view.getState().edges).toBe(edges);
    // A move makes a new node for the moved component only.
    const moved = apply(edited, [
      {
        type: 'component.move',
        payload: { moves: [{ componentId: asComponentId('free'), x: 10, y: 900, pinned: true }] },
      },
    ]);
    view.getState().sync(moved);
    const next = view.getState().nodes;
    expect(next).not.toBe(nodes);
    expect(next[0]).toBe(nodes[0]);
    expect(next[1]).toBe(nodes[1]);
    expect(next[2]).not.toBe(nodes[2]);
  });

  it('highlighting dims what is off the path and lifts the path', () => {
    const view = createSystemsViewStore();
    view.getState().sync(state);
    view.getState().setHighlight(true);
    const byId = new Map(view.getState().nodes.map((n) => [n.id, n]));
    expect(byId.get('free')?.className).toBe('is-dimmed');
    expect(byId.get('inside')?.className).toBeUndefined();
    expect(byId.get('inside')?.zIndex).toBeGreaterThan(byId.get('free')?.zIndex ?? 0);
    expect(view.getState().edges[0]).toMatchObject({
      className: 'is-dimmed',
      data: { dimmed: true },
    });
    view.getState().setHighlight(false);
    expect(view.getState().nodes.every((n) => n.className !== 'is-dimmed')).toBe(true);
  });

  it('tracks the selection; a new component being named is not selected and goes once added', () => {
    const view = createSystemsViewStore();
    view.getState().sync(state);
    view.getState().select(new Set(['inside', 'i']));
    expect(view.getState().selection).toEqual({
      zones: [],
      components: ['inside'],
      interactions: ['i'],
    });
    const pending = { id: asComponentId('new'), kind: 'queue' as const, x: 0, y: 0 };
    view.getState().setPending(pending);
    expect(view.getState().editing).toBe('new');
    expect(view.getState().nodes.at(-1)).toMatchObject({
      id: 'new',
      data: { pending: true },
      draggable: false,
    });
    const added = apply(state, [
      {
        type: 'component.add',
        payload: { component: component('new', 0, 0, { kind: 'queue', name: 'Queue' }) },
      },
    ]);
    view.getState().sync(added);
    expect(view.getState().pending).toBeNull();
    expect(view.getState().nodes.filter((n) => n.id === 'new')).toHaveLength(1);
    expect(view.getState().nodes.find((n) => n.id === 'new')?.data).toEqual({
      componentId: 'new',
    });
  });
});

describe('factor badges', () => {
  it('counts factors by category per component, as a comparable key', () => {
    const factors = new Map([
      ['f1', { id: 'f1', category: 'technical' }],
      ['f2', { id: 'f2', category: 'process' }],
      ['f3', { id: 'f3', category: 'technical' }],
    ]);
    const link = (id: string, factorId: string, componentId: string | null) => ({
      id,
      factorId,
      componentId,
      interactionId: componentId ? null : 'i',
    });
    const factorLinks = new Map([
      ['l1', link('l1', 'f1', 'c')],
      ['l2', link('l2', 'f2', 'c')],
      ['l3', link('l3', 'f3', 'c')],
      ['l4', link('l4', 'f2', null)],
    ]);
    // Only the fields the index reads.
    const records = { factors, factorLinks } as unknown as Parameters<typeof factorKey>[0];
    expect(factorKey(records, 'c')).toBe('technical:2 process:1');
    expect(factorKey(records, 'i')).toBe('process:1');
    expect(factorKey(records, 'nothing')).toBe('');
    const badges = parseFactorKey(factorKey(records, 'c'));
    expect(badges.map((b) => `${badgeLetter(b)}${String(b.count)}`)).toEqual(['T2', 'P1']);
    expect(badgeText(badges[0]!)).toBe('2 technical factors');
  });
});
