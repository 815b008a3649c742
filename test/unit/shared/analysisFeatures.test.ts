/**
 * Scenarios of the analysis features (the branching 5-whys, the systems
 * diagram, contributing factors) that one row of the operation table cannot
 * show: branches, cycles, cascades across features and their undo, refusals
 * that must leave the state as it was, awkward ids, and the workshop file.
 * Every state starts from the sample workshop (builders.ts): whys w0 ← w1 ← w2
 * and w0 ← w3, w1 linked to note n1 (wl1); zone z1 holding k1 and k2, k3
 * outside, i1 (k1→k2) and i2 (k1→k3); factor f1 on w2 (fl1) and on k1 (fl2).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OperationErrorCode } from '../../../shared/base/operation.js';
import { applyOperation } from '../../../shared/pipeline/reducer.js';
import {
  buildWorkshopFile,
  readWorkshopFile,
  stateToSnapshot,
} from '../../../shared/pipeline/workshopFile.js';
import {
  COLLECTION_NAMES,
  type Operation,
  type OperationBody,
  type WorkshopState,
} from '../../../shared/registry.js';
import { asComponentId, asZoneId } from '../../../shared/systems/records.js';
import { asWhyId, WHYS_LIMITS } from '../../../shared/whys/records.js';
import {
  ALICE,
  SAMPLE,
  T0,
  applyAllOk,
  applyInverse,
  applyOk,
  buildChain,
  comparable,
  createOp,
  deepFreeze,
  envelope,
  idsOf,
  integrityProblems,
  makeCluster,
  makeComponent,
  makeFactor,
  makeFactorLink,
  makeInteraction,
  makeNote,
  makeWhy,
  makeWhyLink,
  makeWorkshop,
  makeZone,
  sampleOperations,
  sampleState,
} from './builders.js';

const s = SAMPLE;
const base = sampleState();
const AT = T0 + 1000;
const UNDO_AT = T0 + 2000;

const op = (body: OperationBody, at = AT): Operation => envelope(body, { at });

/** Applies `body`, then its inverse, and expects to be back where it started. */
function expectUndoneExactly(before: WorkshopState, body: OperationBody): void {
  const done = applyOk(before, op(body));
  const undone = applyInverse(done.state, done.inverse, { actorId: ALICE, at: UNDO_AT });
  expect(comparable(undone)).toStrictEqual(comparable(before));
}

/** The operation is refused with `code` and a message matching `message`; `state` is untouched. */
function expectRefused(
  state: WorkshopState | null,
  body: OperationBody | Operation,
  code: OperationErrorCode,
  message: RegExp,
): void {
  const snapshot = structuredClone(state);
  const result = applyOperation(state, 'id' in body ? body : op(body));
  expect(result).toMatchObject({
    ok: false,
    error: { code, message: expect.stringMatching(message) as string },
  });
  expect(state).toStrictEqual(snapshot);
}

describe('the 5-whys', () => {
  it('deletes a node chosen inside another chosen branch once, with that branch', () => {
    for (const whyIds of [
      [s.w1.id, s.w2.id],
      [s.w2.id, s.w1.id],
    ]) {
      const deleted = applyOk(base, op({ type: 'why.delete', payload: { whyIds } }));
      expect(idsOf(deleted.state.records.whyNodes)).toEqual(['w0', 'w3']);
      // The branch comes back once, parents before children, then what pointed at it.
      expect(deleted.inverse).toStrictEqual([
        { type: 'why.restore', payload: { nodes: [s.w1, s.w2] } },
        { type: 'why.link', payload: { links: [s.wl1] } },
        { type: 'factor.place', payload: { links: [s.fl1] } },
      ]);
      const undone = applyInverse(deleted.state, deleted.inverse, { actorId: ALICE, at: UNDO_AT });
      expect(comparable(undone)).toStrictEqual(comparable(base));
    }
  });

  it('deletes a whole branch: the node and everything below it, nothing beside it', () => {
    const deleted = applyOk(base, op({ type: 'why.delete', payload: { whyIds: [s.w0.id] } }));
    expect(deleted.state.records.whyNodes.size).toBe(0);
    expect(deleted.state.records.whyLinks.size).toBe(0);
    expect(idsOf(deleted.state.records.factorLinks)).toEqual(['fl2']);
    // The wall and the factor itself stay.
    expect(deleted.state.records.notes).toBe(base.records.notes);
    expect(idsOf(deleted.state.records.factors)).toEqual(['f1']);
    expectUndoneExactly(base, { type: 'why.delete', payload: { whyIds: [s.w0.id] } });
  });

  it('refuses to move a node under itself or into its own branch, and changes nothing', () => {
    for (const parentId of [s.w1.id, s.w2.id]) {
      expectRefused(
        base,
        { type: 'why.move', payload: { whyId: s.w1.id, parentId, order: 0 } },
        'invalid',
        /cannot sit under itself/,
      );
    }
    // Into another branch is fine.
    const moved = applyOk(
      base,
      op({ type: 'why.move', payload: { whyId: s.w1.id, parentId: s.w3.id, order: 0 } }),
    );
    expect(moved.state.records.whyNodes.get('w1')?.parentId).toBe('w3');
    expect(moved.state.records.whyNodes.get('w2')?.parentId).toBe('w1');
  });

  // Regression: the depth limit was checked only for the node that moved, so moving a branch
  // under a deep node left the nodes below it deeper than WHYS_LIMITS.depth.
  it('refuses a move that puts the branch below the node deeper than the limit', () => {
    const half = Math.ceil(WHYS_LIMITS.depth / 2) + 5;
    const chain = (prefix: string) =>
      Array.from({ length: half + 1 }, (_, i) =>
        makeWhy(`${prefix}${i}`, i === 0 ? null : `${prefix}${i - 1}`),
      );
    const deep = deepFreeze(
      applyOk(null, createOp(makeWorkshop(), { whyNodes: [...chain('a'), ...chain('b')] })).state,
    );
    const move = (parentId: string): OperationBody => ({
      type: 'why.move',
      payload: { whyId: asWhyId('b0'), parentId: asWhyId(parentId), order: 0 },
    });
    // b0 itself would sit at depth half + 1, within the limit; b's last node would not.
    expectRefused(deep, move(`a${half}`), 'invalid', /at most 100 levels deep/);
    // Deep enough that the branch just fits is fine.
    const fits = WHYS_LIMITS.depth - half - 1;
    expect(applyOperation(deep, op(move(`a${fits}`))).ok).toBe(true);
  });

  it('refuses to restore a branch whose parent was deleted in the meantime', () => {
    const deleted = applyOk(base, op({ type: 'why.delete', payload: { whyIds: [s.w2.id] } }));
    const restore = deleted.inverse[0]!;
    expect(restore.type).toBe('why.restore');
    const parentGone = deepFreeze(
      applyOk(deleted.state, op({ type: 'why.delete', payload: { whyIds: [s.w1.id] } })).state,
    );
    expectRefused(parentGone, restore, 'not_found', /the why it hung from no longer exists/);
    // While the parent is there, it comes back.
    expect(applyOperation(deleted.state, op(restore)).ok).toBe(true);
  });

  it('refuses a link that repeats one, already there or in the same operation', () => {
    const again = makeWhyLink('wl2', 'w1', { noteId: 'n1' });
    expectRefused(
      base,
      { type: 'why.link', payload: { links: [again] } },
      'conflict',
      /already links/,
    );
    const twice = [
      makeWhyLink('wl2', 'w3', { noteId: 'n2' }),
      makeWhyLink('wl3', 'w3', { noteId: 'n2' }),
    ];
    expectRefused(
      base,
      { type: 'why.link', payload: { links: twice } },
      'conflict',
      /already links/,
    );
    // The same note from another why, or another note from the same why, is a new link.
    const other = [
      makeWhyLink('wl2', 'w3', { noteId: 'n1' }),
      makeWhyLink('wl3', 'w1', { noteId: 'n2' }),
    ];
    expect(applyOperation(base, op({ type: 'why.link', payload: { links: other } })).ok).toBe(true);
  });

  // Regression: links were compared by the id they point at only, so a why linked to note x
  // could not be linked to a cluster also called x (ids are unique only within a collection).
  it('tells a note from a cluster with the same id', () => {
    const state = applyOk(
      null,
      createOp(makeWorkshop(), {
        notes: [makeNote('x')],
        clusters: [makeCluster('x')],
        whyNodes: [s.w0],
        whyLinks: [makeWhyLink('l1', 'w0', { noteId: 'x' })],
      }),
    ).state;
    const toCluster = makeWhyLink('l2', 'w0', { clusterId: 'x' });
    const linked = applyOk(state, op({ type: 'why.link', payload: { links: [toCluster] } }));
    expect(idsOf(linked.state.records.whyLinks)).toEqual(['l1', 'l2']);
  });

  // Regression: a new workshop's records (a copy, a file) could hold the same link twice;
  // deleting the why then could not be undone, since its undo re-links both.
  it('refuses initial records that link a why to the same note twice', () => {
    expectRefused(
      null,
      createOp(makeWorkshop(), {
        notes: [makeNote('n1')],
        whyNodes: [s.w0],
        whyLinks: [
          makeWhyLink('l1', 'w0', { noteId: 'n1' }),
          makeWhyLink('l2', 'w0', { noteId: 'n1' }),
        ],
      }),
      'conflict',
      /already links/,
    );
  });
});

describe('deleting what the analysis points at', () => {
  /** The sample, with factor f1 also placed on note n1. */
  const placedOnN1 = deepFreeze(
    applyOk(
      base,
      op(
        {
          type: 'factor.place',
          payload: { links: [makeFactorLink('fl3', 'f1', { noteId: 'n1' })] },
        },
        T0 + 500,
      ),
    ).state,
  );

  it('deleting a note drops its why links and factor placements; undo restores both, in order', () => {
    const deleted = applyOk(
      placedOnN1,
      op({ type: 'note.delete', payload: { noteIds: [s.n1.id] } }),
    );
    expect(deleted.state.records.whyLinks.has('wl1')).toBe(false);
    expect(deleted.state.records.factorLinks.has('fl3')).toBe(false);
    // The why and the factor stay: only what pointed at the note goes.
    expect(deleted.state.records.whyNodes).toBe(placedOnN1.records.whyNodes);
    expect(idsOf(deleted.state.records.factorLinks)).toEqual(['fl1', 'fl2']);
    // The note first, then what pointed at it (references are checked after each body).
    expect(deleted.inverse.map((body) => body.type)).toEqual([
      'note.restore',
      'why.link',
      'factor.place',
    ]);
    expect(deleted.inverse[1]).toStrictEqual({ type: 'why.link', payload: { links: [s.wl1] } });
    expect(deleted.inverse[2]).toStrictEqual({
      type: 'factor.place',
      payload: { links: [placedOnN1.records.factorLinks.get('fl3')] },
    });
    const undone = applyInverse(deleted.state, deleted.inverse, { actorId: ALICE, at: UNDO_AT });
    expect(comparable(undone)).toStrictEqual(comparable(placedOnN1));
  });

  it('deleting a cluster drops the links and placements on it; undo restores them', () => {
    const onCluster = applyAllOk(base, [
      op({ type: 'why.link', payload: { links: [makeWhyLink('wl2', 'w3', { clusterId: 'c2' })] } }),
      op({
        type: 'factor.place',
        payload: { links: [makeFactorLink('fl3', 'f1', { clusterId: 'c2' })] },
      }),
    ]);
    const deleted = applyOk(
      onCluster,
      op({ type: 'cluster.delete', payload: { clusterId: s.c2.id } }),
    );
    expect(idsOf(deleted.state.records.whyLinks)).toEqual(['wl1']);
    expect(idsOf(deleted.state.records.factorLinks)).toEqual(['fl1', 'fl2']);
    expectUndoneExactly(onCluster, { type: 'cluster.delete', payload: { clusterId: s.c2.id } });
  });
});

describe('contributing factors', () => {
  it('refuses the same factor on the same object twice, however it arrives', () => {
    const again = makeFactorLink('fl3', 'f1', { whyId: 'w2' });
    expectRefused(
      base,
      { type: 'factor.place', payload: { links: [again] } },
      'conflict',
      /already there/,
    );
    const twice = [
      makeFactorLink('fl3', 'f1', { noteId: 'n2' }),
      makeFactorLink('fl4', 'f1', { noteId: 'n2' }),
    ];
    expectRefused(
      base,
      { type: 'factor.place', payload: { links: twice } },
      'conflict',
      /already there/,
    );
    const f2 = makeFactor('f2');
    const doubled = [
      makeFactorLink('fl3', 'f2', { componentId: 'k3' }),
      makeFactorLink('fl4', 'f2', { componentId: 'k3' }),
    ];
    expectRefused(
      base,
      { type: 'factor.add', payload: { factor: f2, links: doubled } },
      'conflict',
      /already there/,
    );
    // Regression: initial records were not checked, and the factor's deletion could not be undone.
    expectRefused(
      null,
      createOp(makeWorkshop(), {
        components: [makeComponent('k1')],
        factors: [makeFactor('f1')],
        factorLinks: [
          makeFactorLink('a', 'f1', { componentId: 'k1' }),
          makeFactorLink('b', 'f1', { componentId: 'k1' }),
        ],
      }),
      'conflict',
      /already there/,
    );
    // Another factor on the same object, or the same factor elsewhere, is fine.
    const fine = [makeFactorLink('fl3', 'f1', { whyId: 'w3' })];
    expect(applyOperation(base, op({ type: 'factor.place', payload: { links: fine } })).ok).toBe(
      true,
    );
    const other = [makeFactorLink('fl3', 'f2', { whyId: 'w2' })];
    expect(
      applyOperation(base, op({ type: 'factor.add', payload: { factor: f2, links: other } })).ok,
    ).toBe(true);
  });

  it('is one record wherever it is placed: an update shows on the why and on the component', () => {
    const placements = [...base.records.factorLinks.values()];
    expect(placements.map((l) => [l.factorId, l.whyId, l.componentId])).toEqual([
      ['f1', 'w2', null],
      ['f1', null, 'k1'],
    ]);
    const updated = applyOk(
      base,
      op({
        type: 'factor.update',
        payload: {
          factorId: s.f1.id,
          changes: { title: 'Thresholds drift', category: 'organizational' },
        },
      }),
    );
    expect(updated.state.records.factors.size).toBe(1);
    // Both placements are untouched and lead to the one, changed factor.
    expect(updated.state.records.factorLinks).toBe(base.records.factorLinks);
    for (const link of updated.state.records.factorLinks.values()) {
      expect(updated.state.records.factors.get(link.factorId)).toStrictEqual({
        ...s.f1,
        title: 'Thresholds drift',
        category: 'organizational',
      });
    }
    expect(updated.changes.records.has('factorLinks')).toBe(false);
  });

  it('is deleted with every placement of it, and comes back with them', () => {
    const deleted = applyOk(base, op({ type: 'factor.delete', payload: { factorId: s.f1.id } }));
    expect(deleted.state.records.factors.size).toBe(0);
    expect(deleted.state.records.factorLinks.size).toBe(0);
    expect(deleted.inverse).toHaveLength(1);
    expectUndoneExactly(base, { type: 'factor.delete', payload: { factorId: s.f1.id } });
  });
});

describe('the systems diagram', () => {
  /** The sample, with factor f1 also placed on interaction i1. */
  const placedOnI1 = deepFreeze(
    applyOk(
      base,
      op(
        {
          type: 'factor.place',
          payload: { links: [makeFactorLink('fl3', 'f1', { interactionId: 'i1' })] },
        },
        T0 + 500,
      ),
    ).state,
  );
  const removeK1: OperationBody = {
    type: 'systems.remove',
    payload: { zoneIds: [], componentIds: [s.k1.id], interactionIds: [] },
  };

  it('removing a component takes its interactions and the placements on both; undo restores everything', () => {
    const removed = applyOk(placedOnI1, op(removeK1));
    expect(idsOf(removed.state.records.components)).toEqual(['k2', 'k3']);
    expect(removed.state.records.interactions.size).toBe(0);
    expect(idsOf(removed.state.records.factorLinks)).toEqual(['fl1']);
    // The zone and the other components stay as they were.
    expect(removed.state.records.zones).toBe(placedOnI1.records.zones);
    expect(removed.state.records.components.get('k2')).toBe(
      placedOnI1.records.components.get('k2'),
    );
    // The component and its interactions first, then the placements (a body per cascade).
    expect(removed.inverse[0]).toStrictEqual({
      type: 'systems.insert',
      payload: { zones: [], components: [s.k1], interactions: [s.i1, s.i2], members: [] },
    });
    const placed = removed.inverse.slice(1).map((body) => {
      expect(body.type).toBe('factor.place');
      return body.type === 'factor.place' ? body.payload.links.map((l) => l.id) : [];
    });
    expect(placed.flat().sort()).toEqual(['fl2', 'fl3']);
    const undone = applyInverse(removed.state, removed.inverse, { actorId: ALICE, at: UNDO_AT });
    expect(comparable(undone)).toStrictEqual(comparable(placedOnI1));
  });

  it('removing a zone leaves its components outside any zone; undo takes them back', () => {
    const removeZ1: OperationBody = {
      type: 'systems.remove',
      payload: { zoneIds: [s.z1.id], componentIds: [], interactionIds: [] },
    };
    const removed = applyOk(base, op(removeZ1));
    expect(removed.state.records.zones.size).toBe(0);
    expect([...removed.state.records.components.values()].map((c) => c.zoneId)).toEqual([
      null,
      null,
      null,
    ]);
    expect(removed.state.records.interactions).toBe(base.records.interactions);
    expect(removed.inverse).toStrictEqual([
      {
        type: 'systems.insert',
        payload: {
          zones: [s.z1],
          components: [],
          interactions: [],
          members: [
            { componentId: 'k1', zoneId: 'z1' },
            { componentId: 'k2', zoneId: 'z1' },
          ],
        },
      },
    ]);
    expectUndoneExactly(base, removeZ1);
  });

  it('moves a zone with its components, and only those', () => {
    const zoneMove: OperationBody = {
      type: 'zone.move',
      payload: { zoneId: s.z1.id, x: 0.1, y: 250.7 },
    };
    const moved = applyOk(base, op(zoneMove));
    for (const member of [s.k1, s.k2]) {
      expect(moved.state.records.components.get(member.id)).toStrictEqual({
        ...member,
        x: member.x + 0.1,
        y: member.y + 250.7,
      });
    }
    expect(moved.state.records.components.get('k3')).toBe(base.records.components.get('k3'));
    // Undone to the exact coordinates, fractions and all.
    expectUndoneExactly(base, zoneMove);
    // Never pushes a component off the diagram.
    expectRefused(
      base,
      { type: 'zone.move', payload: { zoneId: s.z1.id, x: 999_990, y: 0 } },
      'invalid',
      /off the diagram/,
    );
  });

  it('refuses to take a member back into an inserted zone when it is in another zone now', () => {
    const removed = applyOk(
      base,
      op({
        type: 'systems.remove',
        payload: { zoneIds: [s.z1.id], componentIds: [], interactionIds: [] },
      }),
    );
    const insert = removed.inverse[0]!;
    const elsewhere = deepFreeze(
      applyAllOk(removed.state, [
        op({ type: 'zone.add', payload: { zone: makeZone('z2') } }),
        op({
          type: 'component.zone',
          payload: { componentIds: [asComponentId('k1')], zoneId: asZoneId('z2') },
        }),
      ]),
    );
    expectRefused(elsewhere, insert, 'conflict', /Checkout API is in another zone now/);
    // A member must join a zone of the same insert.
    expectRefused(
      removed.state,
      {
        type: 'systems.insert',
        payload: {
          zones: [makeZone('z3')],
          components: [],
          interactions: [],
          members: [{ componentId: s.k3.id, zoneId: s.z1.id }],
        },
      },
      'invalid',
      /inserted here/,
    );
  });
});

describe('ids that are names of Object.prototype properties', () => {
  it('are plain ids in every collection of the analysis', () => {
    const P = '__proto__';
    const C = 'constructor';
    const records = {
      notes: [makeNote(P)],
      clusters: [],
      whyNodes: [makeWhy(P, null), makeWhy(C, P)],
      whyLinks: [makeWhyLink(P, P, { noteId: P })],
      zones: [makeZone(P)],
      components: [makeComponent(P, { zoneId: asZoneId(P) }), makeComponent(C)],
      interactions: [makeInteraction(P, P, C)],
      factors: [makeFactor(P)],
      factorLinks: [
        makeFactorLink(P, P, { componentId: P }),
        makeFactorLink(C, P, { interactionId: P }),
        makeFactorLink('toString', P, { whyId: C }),
      ],
    };
    const ops: Operation[] = [
      createOp(makeWorkshop(), records),
      op({ type: 'why.edit', payload: { whyId: asWhyId(P), text: 'edited' } }),
      op({ type: 'zone.move', payload: { zoneId: asZoneId(P), x: 10, y: 10 } }),
      op({
        type: 'factor.update',
        payload: { factorId: records.factors[0]!.id, changes: { title: 'T' } },
      }),
    ];
    const state = applyAllOk(null, ops);
    for (const name of COLLECTION_NAMES) {
      const table = state.records[name] as ReadonlyMap<string, { id: string }>;
      expect(table).toBeInstanceOf(Map);
      for (const [key, record] of table) expect(record.id).toBe(key);
    }
    expect(state.records.whyNodes.get(P)?.text).toBe('edited');
    expect(state.records.components.get(P)?.x).toBe(10);
    expect(state.records.factors.get(P)?.title).toBe('T');
    expect(integrityProblems(state)).toEqual([]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).text).toBeUndefined();

    // Cascades find them too, and undo brings them back.
    const whyGone = applyOk(state, op({ type: 'why.delete', payload: { whyIds: [asWhyId(P)] } }));
    expect(whyGone.state.records.whyNodes.size).toBe(0);
    expect(whyGone.state.records.whyLinks.size).toBe(0);
    expect(idsOf(whyGone.state.records.factorLinks)).toEqual([C, P].sort());
    const componentGone = applyOk(
      state,
      op({
        type: 'systems.remove',
        payload: { zoneIds: [asZoneId(P)], componentIds: [asComponentId(P)], interactionIds: [] },
      }),
    );
    expect(idsOf(componentGone.state.records.components)).toEqual([C]);
    expect(componentGone.state.records.interactions.size).toBe(0);
    expect(idsOf(componentGone.state.records.factorLinks)).toEqual(['toString']);
    for (const done of [whyGone, componentGone]) {
      const undone = applyInverse(done.state, done.inverse, { actorId: ALICE, at: UNDO_AT });
      expect(comparable(undone)).toStrictEqual(comparable(state));
    }

    // And they survive the workshop file.
    const file = buildWorkshopFile(stateToSnapshot(state), buildChain(ops), AT + 10);
    const read = readWorkshopFile(JSON.stringify(file));
    expect(read.ok && read.state).toStrictEqual(state);
  });
});

describe('the workshop file', () => {
  /** The sample plus a change in each analysis feature. */
  const ops = (): Operation[] => [
    ...sampleOperations(),
    op(
      { type: 'why.add', payload: { node: makeWhy('w4', 'w3', { text: 'No load test' }) } },
      T0 + 10,
    ),
    op(
      { type: 'why.link', payload: { links: [makeWhyLink('wl2', 'w4', { clusterId: 'c2' })] } },
      T0 + 11,
    ),
    op(
      {
        type: 'interaction.add',
        payload: { interaction: makeInteraction('i3', 'k3', 'k1', { kind: 'feedback' }) },
      },
      T0 + 12,
    ),
    op({ type: 'zone.move', payload: { zoneId: s.z1.id, x: 30, y: 40 } }, T0 + 13),
    op(
      {
        type: 'factor.place',
        payload: { links: [makeFactorLink('fl3', 'f1', { interactionId: 'i3' })] },
      },
      T0 + 14,
    ),
    op({ type: 'note.delete', payload: { noteIds: [s.n1.id] } }, T0 + 15),
  ];

  it('exports and imports the analysis records exactly', () => {
    const list = ops();
    const state = applyAllOk(null, list);
    const file = buildWorkshopFile(stateToSnapshot(state), buildChain(list), T0 + 100);
    for (const name of [
      'whyNodes',
      'whyLinks',
      'zones',
      'components',
      'interactions',
      'factors',
      'factorLinks',
    ] as const) {
      expect(file.records[name].length, name).toBe(state.records[name].size);
      expect(file.records[name].length, name).toBeGreaterThan(0);
    }
    const read = readWorkshopFile(JSON.stringify(JSON.parse(JSON.stringify(file))));
    if (!read.ok) throw new Error(read.detail);
    expect(read.state).toStrictEqual(state);
    expect(read.audit).toHaveLength(list.length);
  });

  it('is refused when an analysis record in it differs from what its audit trail gives', () => {
    const list = ops();
    const state = applyAllOk(null, list);
    const file = JSON.parse(
      JSON.stringify(buildWorkshopFile(stateToSnapshot(state), buildChain(list), T0 + 100)),
    ) as { records: { whyNodes: { id: string; text: string }[] } };
    file.records.whyNodes.find((n) => n.id === 'w4')!.text = 'Rewritten afterwards';
    const read = readWorkshopFile(JSON.stringify(file));
    expect(read).toMatchObject({ ok: false, problem: { kind: 'tampered' } });
    expect(read.ok ? '' : read.detail).toContain('whyNodes');
  });

  it('of format 2 from before the analysis features still imports, with empty analysis collections', () => {
    const text = readFileSync(
      new URL('../../fixtures/workshop-v2.debrief.json', import.meta.url),
      'utf8',
    );
    const raw = JSON.parse(text) as { records: Record<string, unknown> };
    expect(Object.keys(raw.records).sort()).toEqual(['clusters', 'notes', 'votes']);
    const read = readWorkshopFile(text);
    if (!read.ok) throw new Error(read.detail);
    for (const name of [
      'whyNodes',
      'whyLinks',
      'zones',
      'components',
      'interactions',
      'factors',
      'factorLinks',
    ] as const) {
      expect(read.state.records[name], name).toStrictEqual(new Map());
    }
    expect(read.state.records.notes.size).toBeGreaterThan(0);
    // And it can be worked on with the new features right away.
    const why = makeWhy('w1', null, { workshopId: read.state.workshop.id });
    const note = [...read.state.records.notes.values()][0]!;
    const linked = applyAllOk(read.state, [
      envelope({ type: 'why.add', payload: { node: why } }, { workshopId: read.state.workshop.id }),
      envelope(
        {
          type: 'why.link',
          payload: {
            links: [
              makeWhyLink('l1', 'w1', { noteId: note.id }, { workshopId: read.state.workshop.id }),
            ],
          },
        },
        { workshopId: read.state.workshop.id },
      ),
    ]);
    expect(integrityProblems(linked)).toEqual([]);
  });
});
