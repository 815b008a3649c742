/**
 * Inputs a crafted file or LAN peer could send, and rules the restructured
 * domain layer enforces: ids that are special property names, vote budgets
 * that win over undo, ids listed twice, the order of a batch's inverse, the
 * record ceiling and bounded timestamps. Each of these was accepted, or went
 * wrong, before records were kept in Maps with declared references.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_HEAD, headOf } from '../../../shared/base/auditChain.js';
import type { OperationErrorCode } from '../../../shared/base/operation.js';
import { applyBatch } from '../../../shared/pipeline/batch.js';
import { applyOperation, replay } from '../../../shared/pipeline/reducer.js';
import {
  buildWorkshopFile,
  readWorkshopFile,
  stateToSnapshot,
} from '../../../shared/pipeline/workshopFile.js';
import type { Operation, OperationBody, WorkshopState } from '../../../shared/registry.js';
import { asClusterId, asNoteId, asVoteId, type Note } from '../../../shared/wall/records.js';
import { WORKSHOP_LIMITS } from '../../../shared/workshop/workshop.js';
import {
  ALICE,
  BOB,
  CAROL,
  SAMPLE,
  T0,
  applyAllOk,
  applyBatchOk,
  applyInverse,
  applyOk,
  batchContext,
  buildChain,
  comparable,
  createOp,
  deepFreeze,
  envelope,
  idsOf,
  integrityProblems,
  makeCluster,
  makeNote,
  makeVote,
  makeWorkshop,
  sampleOperations,
  sampleState,
} from './builders.js';

const s = SAMPLE;
const base = sampleState();

function expectRefused(
  state: WorkshopState | null,
  op: Operation,
  code: OperationErrorCode,
  message: RegExp,
): void {
  const before = structuredClone(state);
  const result = applyOperation(state, op);
  expect(result).toMatchObject({
    ok: false,
    error: { code, message: expect.stringMatching(message) as string },
  });
  expect(state).toStrictEqual(before);
}

describe('ids that are names of Object.prototype properties are plain ids', () => {
  const TRICKY = ['__proto__', 'constructor', 'toString'] as const;

  /** A wall whose cluster, notes and votes all have tricky ids. */
  function trickyOps(): Operation[] {
    const ops: Operation[] = [
      createOp(makeWorkshop()),
      envelope({
        type: 'cluster.create',
        payload: { cluster: makeCluster('constructor', { name: 'Ctor' }) },
      }),
    ];
    TRICKY.forEach((id, i) => {
      const note = makeNote(id, {
        x: i * 200,
        clusterId: i === 0 ? asClusterId('constructor') : null,
      });
      ops.push(envelope({ type: 'note.add', payload: { note } }, { at: T0 + i + 1 }));
    });
    TRICKY.forEach((id, i) => {
      const voter = [ALICE, BOB, CAROL][i]!;
      ops.push(
        envelope(
          { type: 'vote.add', payload: { vote: makeVote(id, TRICKY[(i + 1) % 3]!, voter) } },
          { actorId: voter, at: T0 + 10 + i },
        ),
      );
    });
    return ops;
  }

  it('as note, cluster and vote ids, they are stored and found like any id', () => {
    const state = applyAllOk(null, trickyOps());
    expect(idsOf(state.records.notes)).toEqual([...TRICKY].sort());
    expect(idsOf(state.records.clusters)).toEqual(['constructor']);
    expect(idsOf(state.records.votes)).toEqual([...TRICKY].sort());
    expect(state.records.notes.get('__proto__')).toStrictEqual(
      makeNote('__proto__', { clusterId: asClusterId('constructor') }),
    );
    expect(state.records.votes.get('toString')).toMatchObject({
      noteId: '__proto__',
      voterId: 'carol',
    });
    expect(Object.getPrototypeOf(state.records.notes)).toBe(Map.prototype);
    expect(integrityProblems(state)).toEqual([]);
  });

  it('can be edited, moved, clustered, deleted and restored', () => {
    const state = deepFreeze(applyAllOk(null, trickyOps()));
    const edited = applyOk(
      state,
      envelope({ type: 'note.edit', payload: { noteId: asNoteId('toString'), text: 'edited' } }),
    ).state;
    expect(edited.records.notes.get('toString')?.text).toBe('edited');

    const clustered = applyOk(
      edited,
      envelope({
        type: 'note.cluster',
        payload: { noteIds: [asNoteId('constructor')], clusterId: asClusterId('constructor') },
      }),
    ).state;
    const moved = applyOk(
      clustered,
      envelope({
        type: 'cluster.move',
        payload: { clusterId: asClusterId('constructor'), x: 7, y: 9 },
      }),
    ).state;
    expect(moved.records.notes.get('constructor')).toMatchObject({ x: 207, y: 9 });
    expect(moved.records.notes.get('__proto__')).toMatchObject({ x: 7, y: 9 });
    expect(moved.records.notes.get('toString')).toMatchObject({ x: 400, y: 0 });

    // The vote with id 'toString' is on '__proto__'.
    const deleted = applyOk(
      moved,
      envelope({ type: 'note.delete', payload: { noteIds: [asNoteId('__proto__')] } }),
    );
    expect(idsOf(deleted.state.records.notes)).toEqual(['constructor', 'toString']);
    expect(idsOf(deleted.state.records.votes)).toEqual(['__proto__', 'constructor']);
    const undone = applyInverse(deleted.state, deleted.inverse, { actorId: ALICE, at: T0 + 99 });
    expect(comparable(undone)).toStrictEqual(comparable(moved));

    const removed = applyOk(
      moved,
      envelope({ type: 'vote.remove', payload: { voteId: asVoteId('__proto__') } }),
    );
    expect(removed.state.records.votes.has('__proto__')).toBe(false);
    expect(removed.state.records.votes.size).toBe(2);
  });

  it('survive export, import and replay', () => {
    const ops = trickyOps();
    const state = applyAllOk(null, ops);
    const audit = buildChain(ops);
    const text = JSON.stringify(buildWorkshopFile(stateToSnapshot(state), audit, T0 + 1000));
    expect(readWorkshopFile(text)).toStrictEqual({ ok: true, state, audit });
    expect(replay(ops)).toStrictEqual({ ok: true, state });
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'a note whose clusterId is %j, with no such cluster, is refused',
    (clusterId) => {
      expectRefused(
        base,
        envelope({
          type: 'note.add',
          payload: { note: makeNote('n9', { clusterId: asClusterId(clusterId) }) },
        }),
        'not_found',
        new RegExp(`refers to cluster "?${clusterId}"?, which does not exist`),
      );
      expectRefused(
        base,
        envelope({
          type: 'note.cluster',
          payload: { noteIds: [s.n3.id], clusterId: asClusterId(clusterId) },
        }),
        'not_found',
        /does not exist/,
      );
    },
  );

  it('a missing record named like a prototype property is missing', () => {
    const missing = asNoteId('constructor');
    expectRefused(
      base,
      envelope({ type: 'note.edit', payload: { noteId: missing, text: 'x' } }),
      'not_found',
      /note constructor does not exist/,
    );
    expectRefused(
      base,
      envelope({ type: 'vote.add', payload: { vote: makeVote('v9', '__proto__', ALICE) } }),
      'not_found',
      /note __proto__ does not exist/,
    );
    expectRefused(
      base,
      envelope({ type: 'vote.remove', payload: { voteId: asVoteId('toString') } }),
      'not_found',
      /no longer exists/,
    );
    expectRefused(
      base,
      envelope({ type: 'cluster.delete', payload: { clusterId: asClusterId('__proto__') } }),
      'not_found',
      /cluster __proto__ does not exist/,
    );
  });

  it('note.restore of a note whose cluster "constructor" does not exist brings it back unclustered', () => {
    const note = makeNote('n9', { clusterId: asClusterId('constructor') });
    const result = applyOk(
      base,
      envelope({ type: 'note.restore', payload: { notes: [note], votes: [] } }),
    );
    expect(result.state.records.notes.get('n9')).toStrictEqual({ ...note, clusterId: null });
    expect(integrityProblems(result.state)).toEqual([]);
  });
});

describe('vote budgets win over undo', () => {
  it('vote.restore over the budget is refused', () => {
    // Alice holds v1 and v3 of her 3 votes; a third vote fills her budget.
    const full = deepFreeze(
      applyOk(base, envelope({ type: 'vote.add', payload: { vote: makeVote('v4', 'n4', ALICE) } }))
        .state,
    );
    expectRefused(
      full,
      envelope({ type: 'vote.restore', payload: { vote: makeVote('v9', 'n5', ALICE) } }),
      'budget',
      /used all 3 of your votes/,
    );
    // Bob is not affected by Alice's budget.
    expect(
      applyOk(
        full,
        envelope(
          { type: 'vote.restore', payload: { vote: makeVote('v9', 'n5', BOB) } },
          { actorId: BOB },
        ),
      ).state.records.votes.has('v9'),
    ).toBe(true);
  });

  it('undoing a vote.remove is refused once the voter placed that vote elsewhere', () => {
    const removed = applyOk(
      base,
      envelope({ type: 'vote.remove', payload: { voteId: s.v1.id } }, { actorId: ALICE }),
    );
    const elsewhere = applyAllOk(removed.state, [
      envelope({ type: 'vote.add', payload: { vote: makeVote('v4', 'n4', ALICE) } }),
      envelope({ type: 'vote.add', payload: { vote: makeVote('v5', 'n5', ALICE) } }),
    ]);
    expectRefused(
      deepFreeze(elsewhere),
      envelope(removed.inverse[0]!, { actorId: ALICE }),
      'budget',
      /used all 3/,
    );
  });

  it('note.restore brings votes back only as far as each voter’s budget allows now', () => {
    // Deleting n1 removes Alice's v1 and Bob's v2 (and the why link wl1 that cites it).
    const deleted = applyOk(
      base,
      envelope({ type: 'note.delete', payload: { noteIds: [s.n1.id] } }),
    );
    expect(deleted.inverse).toStrictEqual([
      { type: 'note.restore', payload: { notes: [s.n1], votes: [s.v1, s.v2] } },
      { type: 'why.link', payload: { links: [s.wl1] } },
    ]);
    // Meanwhile Alice places her two freed votes elsewhere: she is at her budget of 3.
    const spent = deepFreeze(
      applyAllOk(deleted.state, [
        envelope({ type: 'vote.add', payload: { vote: makeVote('v4', 'n4', ALICE) } }),
        envelope({ type: 'vote.add', payload: { vote: makeVote('v5', 'n5', ALICE) } }),
      ]),
    );
    const restored = applyOk(spent, envelope(deleted.inverse[0]!, { at: T0 + 50 }));
    expect(restored.state.records.notes.get('n1')).toStrictEqual(s.n1);
    // Bob's vote is back; Alice's is not: it would be her fourth.
    expect(idsOf(restored.state.records.votes)).toEqual(['v2', 'v3', 'v4', 'v5']);
    expect(restored.changes.records.get('votes')).toStrictEqual({ put: [s.v2], remove: [] });
    expect(integrityProblems(restored.state)).toEqual([]);
    // Its inverse deletes the note and what came back with it, and nothing else.
    const undone = applyInverse(restored.state, restored.inverse, { actorId: ALICE, at: T0 + 60 });
    expect(comparable(undone)).toStrictEqual(comparable(spent));
  });

  it('note.restore brings back no votes while voting is off, and the note still comes back', () => {
    const deleted = applyOk(
      base,
      envelope({ type: 'note.delete', payload: { noteIds: [s.n1.id] } }),
    );
    const off = applyOk(
      deleted.state,
      envelope({ type: 'workshop.update', payload: { changes: { voteBudget: 0 } } }),
    ).state;
    const restored = applyOk(off, envelope(deleted.inverse[0]!));
    expect(restored.state.records.notes.has('n1')).toBe(true);
    expect(idsOf(restored.state.records.votes)).toEqual(['v3']);
  });

  it('no operation can give someone more votes than the budget, whatever carries them', () => {
    // A workshop.create from a crafted file or peer: the invariant refuses it.
    const votes = ['a', 'b', 'c', 'd'].map((id) => makeVote(id, 'n1', ALICE));
    expectRefused(
      null,
      createOp(makeWorkshop({ voteBudget: 3 }), { notes: [makeNote('n1')], votes }),
      'budget',
      /at most 3 votes/,
    );
  });
});

describe('ids listed twice are refused', () => {
  it.each<[string, OperationBody]>([
    ['note.delete', { type: 'note.delete', payload: { noteIds: [s.n3.id, s.n3.id] } }],
    [
      'note.cluster',
      { type: 'note.cluster', payload: { noteIds: [s.n3.id, s.n3.id], clusterId: s.c1.id } },
    ],
    [
      'note.restore (a note twice)',
      { type: 'note.restore', payload: { notes: [makeNote('n9'), makeNote('n9')], votes: [] } },
    ],
    [
      'note.restore (a vote twice)',
      {
        type: 'note.restore',
        payload: {
          notes: [makeNote('n9')],
          votes: [makeVote('v9', 'n9', BOB), makeVote('v9', 'n9', BOB)],
        },
      },
    ],
  ])('%s', (_name, body) => {
    expectRefused(base, envelope(body), 'invalid', /listed twice/);
  });

  it('note.delete of the same note twice in one list does not delete it "once"', () => {
    const result = applyOperation(
      base,
      envelope({ type: 'note.delete', payload: { noteIds: [s.n1.id, s.n1.id] } }),
    );
    expect(result.ok).toBe(false);
    expect(base.records.notes.has('n1')).toBe(true);
    expect(base.records.votes.size).toBe(3);
  });
});

describe('the inverse of a batch', () => {
  const head = headOf(buildChain(sampleOperations()).at(-1));
  const n9 = makeNote('n9', { x: 10, y: 20 });

  it('undoes a multi-step batch in reverse order: note.add then note.move of the same note', () => {
    const batch = applyBatchOk(
      base,
      head,
      [
        { type: 'note.add', payload: { note: n9 } },
        { type: 'note.move', payload: { moves: [{ noteId: n9.id, x: 300, y: 400 }] } },
      ],
      batchContext(BOB, T0 + 100),
    );
    // The move is undone first (back to where the add put it), then the note is deleted.
    expect(batch.inverse).toStrictEqual([
      { type: 'note.move', payload: { moves: [{ noteId: 'n9', x: 10, y: 20 }] } },
      { type: 'note.delete', payload: { noteIds: ['n9'] } },
    ]);
    // One diff for the whole batch: n9 once, where it ended up.
    expect(batch.changes.records.get('notes')).toStrictEqual({
      put: [{ ...n9, x: 300, y: 400 }],
      remove: [],
    });
    expect([...batch.changes.records.keys()]).toEqual(['notes']);
    expect(batch.entries.map((e) => e.seq)).toEqual([head.seq + 1, head.seq + 2]);

    const undo = applyBatchOk(
      deepFreeze(batch.state),
      batch.head,
      batch.inverse,
      batchContext(BOB, T0 + 200),
    );
    expect(comparable(undo.state)).toStrictEqual(comparable(base));
    expect(undo.changes.records.get('notes')).toStrictEqual({ put: [], remove: ['n9'] });

    // The other order cannot work: the note is gone before it could be moved back.
    const wrongOrder = applyBatch(
      batch.state,
      batch.head,
      [...batch.inverse].reverse(),
      batchContext(BOB, T0 + 200),
    );
    expect(wrongOrder).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('undoes a cluster created, filled and moved in one batch', () => {
    const c9 = makeCluster('c9', { x: 3000, y: 3000 });
    const batch = applyBatchOk(
      base,
      head,
      [
        { type: 'cluster.create', payload: { cluster: c9 } },
        { type: 'note.cluster', payload: { noteIds: [s.n3.id, s.n1.id], clusterId: c9.id } },
        { type: 'cluster.move', payload: { clusterId: c9.id, x: 3000.5, y: 2999.25 } },
      ],
      batchContext(ALICE, T0 + 100),
    );
    expect(batch.inverse.map((b) => b.type)).toEqual([
      'cluster.move',
      'note.move',
      'note.cluster',
      'note.cluster',
      'cluster.delete',
    ]);
    expect(batch.state.records.notes.get('n3')).toMatchObject({
      x: 0.5,
      y: -0.75,
      clusterId: 'c9',
    });
    const undo = applyBatchOk(
      batch.state,
      batch.head,
      batch.inverse,
      batchContext(ALICE, T0 + 200),
    );
    expect(comparable(undo.state)).toStrictEqual(comparable(base));
  });

  it('is all or nothing: a refused step refuses the batch and changes nothing', () => {
    const before = structuredClone(base);
    const result = applyBatch(
      base,
      head,
      [
        { type: 'note.add', payload: { note: n9 } },
        { type: 'note.edit', payload: { noteId: asNoteId('n-missing'), text: 'x' } },
      ],
      batchContext(ALICE, T0 + 100),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(base).toStrictEqual(before);

    const invalid = applyBatch(
      base,
      head,
      [
        { type: 'note.add', payload: { note: n9 } },
        { type: 'note.edit', payload: { noteId: s.n3.id, text: 7 } } as unknown as OperationBody,
      ],
      batchContext(ALICE, T0 + 100),
    );
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringContaining('payload.text') as string },
    });
    expect(applyBatch(base, head, [], batchContext(ALICE, T0))).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});

describe('timestamps in operations', () => {
  const head = headOf(buildChain(sampleOperations()).at(-1));

  it('an operation stamped far in the future is refused, naming the field', () => {
    const result = applyBatch(
      base,
      head,
      [{ type: 'note.edit', payload: { noteId: s.n3.id, text: 'x' } }],
      batchContext(ALICE, 9e15),
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid',
        message: expect.stringMatching(/before 2100-01-01.*\(at\)/) as string,
      },
    });
  });

  it('a record with a creation time from the year 285,000 is refused, naming the field', () => {
    const note: Note = makeNote('n9', { createdAt: 285_000 * 31_556_952_000 });
    const result = applyBatch(
      base,
      head,
      [{ type: 'note.add', payload: { note } }],
      batchContext(ALICE, T0 + 100),
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid',
        message: expect.stringContaining('payload.note.createdAt') as string,
      },
    });
  });
});

describe('the record ceiling', () => {
  /** Refused with 'limit'; the (deeply frozen) input is too big to clone, so only its size is checked. */
  function expectLimit(state: WorkshopState | null, op: Operation): void {
    const size = state?.records.notes.size;
    const result = applyOperation(state, op);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'limit', message: expect.stringMatching(/at most 100,000 records/) as string },
    });
    expect(state?.records.notes.size).toBe(size);
  }

  it(
    `a workshop holds at most ${WORKSHOP_LIMITS.records.toLocaleString('en')} records`,
    { timeout: 30_000 },
    () => {
      const notes = Array.from({ length: WORKSHOP_LIMITS.records }, (_, i) =>
        makeNote(`n${i}`, { text: '' }),
      );
      const full = applyOk(null, createOp(makeWorkshop(), { notes })).state;
      Object.freeze(full);
      Object.freeze(full.records);
      deepFreeze(full.records.notes);
      expect(full.records.notes.size).toBe(WORKSHOP_LIMITS.records);

      expectLimit(
        full,
        envelope({ type: 'cluster.create', payload: { cluster: makeCluster('c1') } }),
      );
      expectLimit(full, envelope({ type: 'note.add', payload: { note: makeNote('n-new') } }));
      // Changing records that exist is fine, and so is replacing one within a batch.
      expect(
        applyOperation(
          full,
          envelope({ type: 'note.edit', payload: { noteId: asNoteId('n7'), text: 'x' } }),
        ).ok,
      ).toBe(true);
      const replaced = applyBatch(
        full,
        EMPTY_HEAD,
        [
          { type: 'note.delete', payload: { noteIds: [asNoteId('n7')] } },
          { type: 'note.add', payload: { note: makeNote('n-new') } },
        ],
        batchContext(ALICE, T0 + 1),
      );
      expect(replaced.ok).toBe(true);
      // A create beyond the ceiling is refused as a whole.
      expectLimit(null, createOp(makeWorkshop(), { notes, votes: [makeVote('v1', 'n1', ALICE)] }));
    },
  );
});
