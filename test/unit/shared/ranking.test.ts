import { describe, expect, it } from 'vitest';
import { emptyRecords, type WorkshopState } from '../../../shared/registry.js';
import { countVotes, rankNotes, type RankedNote } from '../../../shared/wall/ranking.js';
import {
  asNoteId,
  NOTE_SIZE,
  type Cluster,
  type Note,
  type Vote,
} from '../../../shared/wall/records.js';
import { BOB, CAROL, makeCluster, makeNote, makeVote, makeWorkshop } from './builders.js';

/** A real WorkshopState (rankNotes takes it structurally; this proves it fits). */
function stateOf(
  notes: readonly Note[],
  votes: readonly Vote[] = [],
  clusters: readonly Cluster[] = [],
): WorkshopState {
  return {
    workshop: makeWorkshop(),
    records: {
      ...emptyRecords(),
      notes: new Map(notes.map((n) => [n.id, n])),
      clusters: new Map(clusters.map((c) => [c.id, c])),
      votes: new Map(votes.map((v) => [v.id, v])),
    },
  };
}

/** `count` votes on `noteId`, with ids unique across calls. */
let voteCounter = 0;
function votesOn(noteId: string, count: number): Vote[] {
  return Array.from({ length: count }, () => {
    voteCounter += 1;
    return makeVote(`v${String(voteCounter)}`, noteId, voteCounter % 2 ? BOB : CAROL);
  });
}

const summary = (ranked: readonly RankedNote[]) =>
  ranked.map((r) => `${String(r.rank)}:${r.note.id}:${String(r.votes)}`);

describe('rankNotes', () => {
  it('lists the most voted first with competition ranks (1, 2, 2, 4)', () => {
    // Far apart so reading order would put them a, b, c, d: the votes decide, not the place.
    const notes = ['a', 'b', 'c', 'd'].map((id, i) => makeNote(id, { x: i * 1000 }));
    const votes = [...votesOn('a', 1), ...votesOn('b', 3), ...votesOn('c', 5), ...votesOn('d', 3)];
    expect(summary(rankNotes(stateOf(notes, votes)))).toEqual(['1:c:5', '2:b:3', '2:d:3', '4:a:1']);
  });

  it('gives every note the same rank when nobody voted, and lists them all by default', () => {
    const notes = [makeNote('a'), makeNote('b', { x: 500 }), makeNote('c', { text: '  ' })];
    const ranked = rankNotes(stateOf(notes));
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 1]);
    expect(ranked.map((r) => r.votes)).toEqual([0, 0, 0]);
  });

  it('ranks after a tie skip the shared places, also after a tie for the first place', () => {
    const notes = ['a', 'b', 'c', 'd', 'e'].map((id, i) => makeNote(id, { x: i * 1000 }));
    const votes = [...votesOn('a', 2), ...votesOn('b', 2), ...votesOn('c', 2), ...votesOn('d', 1)];
    expect(rankNotes(stateOf(notes, votes)).map((r) => r.rank)).toEqual([1, 1, 1, 4, 5]);
  });

  it('orders tied notes by cluster in reading order, loose notes after every cluster', () => {
    // Lanes side by side: "left" is created later and has the larger id, but is read first.
    const right = makeCluster('a-right', { name: 'Right', x: 1000, y: 0, createdAt: 1 });
    const left = makeCluster('z-left', { name: 'Left', x: 0, y: 0, createdAt: 2 });
    // A cluster lower on the wall comes after both lanes, although it is further left.
    const below = makeCluster('m-below', { name: 'Below', x: -500, y: 900 });
    const notes = [
      makeNote('loose', { x: -2000, y: -2000 }),
      makeNote('in-right', { x: 1020, y: 60, clusterId: right.id }),
      makeNote('in-below', { x: -480, y: 960, clusterId: below.id }),
      makeNote('in-left', { x: 20, y: 500, clusterId: left.id }),
    ];
    const votes = notes.flatMap((n) => votesOn(n.id, 2));
    const ranked = rankNotes(stateOf(notes, votes, [right, left, below]));
    expect(ranked.map((r) => r.note.id)).toEqual(['in-left', 'in-right', 'in-below', 'loose']);
    expect(ranked.map((r) => r.clusterName)).toEqual(['Left', 'Right', 'Below', null]);
    expect(ranked.every((r) => r.rank === 1)).toBe(true);
  });

  it('orders tied notes of one cluster in reading order: rows of about a note height, then x', () => {
    const h = NOTE_SIZE.height;
    const lane = makeCluster('lane', { x: 0, y: 0, width: 1000, height: 1000 });
    const notes = [
      // Row 1: tops 100 and 100 + h - 1 (within one note height), read left to right.
      makeNote('row1-right', { x: 400, y: 100, clusterId: lane.id }),
      makeNote('row1-left', { x: 20, y: 100 + h - 1, clusterId: lane.id }),
      // Row 2 starts a full note height below row 1.
      makeNote('row2-left', { x: 0, y: 100 + h, clusterId: lane.id }),
    ];
    const votes = notes.flatMap((n) => votesOn(n.id, 1));
    expect(rankNotes(stateOf(notes, votes, [lane])).map((r) => r.note.id)).toEqual([
      'row1-left',
      'row1-right',
      'row2-left',
    ]);
  });

  it('breaks a tie between notes at the same place by id, whatever the Map order', () => {
    const notes = ['n3', 'n1', 'n2'].map((id) => makeNote(id, { x: 10, y: 10 }));
    const votes = notes.flatMap((n) => votesOn(n.id, 1));
    const forward = rankNotes(stateOf(notes, votes));
    const backward = rankNotes(stateOf([...notes].reverse(), [...votes].reverse()));
    expect(forward.map((r) => r.note.id)).toEqual(['n1', 'n2', 'n3']);
    expect(backward.map((r) => r.note.id)).toEqual(['n1', 'n2', 'n3']);
  });

  it('leaves out unvoted and empty notes only when asked', () => {
    const notes = [
      makeNote('voted', { x: 0 }),
      makeNote('unvoted', { x: 500 }),
      makeNote('blank', { x: 1000, text: ' \n\t ' }),
      makeNote('empty', { x: 1500, text: '' }),
    ];
    const votes = [...votesOn('voted', 2), ...votesOn('blank', 3)];
    const state = stateOf(notes, votes);
    expect(summary(rankNotes(state))).toEqual([
      '1:blank:3',
      '2:voted:2',
      '3:unvoted:0',
      '3:empty:0',
    ]);
    expect(summary(rankNotes(state, { excludeUnvoted: true }))).toEqual(['1:blank:3', '2:voted:2']);
    expect(summary(rankNotes(state, { excludeEmpty: true }))).toEqual(['1:voted:2', '2:unvoted:0']);
    expect(summary(rankNotes(state, { excludeUnvoted: true, excludeEmpty: true }))).toEqual([
      '1:voted:2',
    ]);
  });

  it('ranks the notes that remain: leaving notes out does not leave gaps', () => {
    const notes = [makeNote('a'), makeNote('b', { x: 500, text: '' }), makeNote('c', { x: 900 })];
    const votes = [...votesOn('a', 3), ...votesOn('b', 2), ...votesOn('c', 1)];
    expect(summary(rankNotes(stateOf(notes, votes), { excludeEmpty: true }))).toEqual([
      '1:a:3',
      '2:c:1',
    ]);
  });

  it("names the note's cluster: null outside any, '' for an unnamed one", () => {
    const unnamed = makeCluster('unnamed', { name: '' });
    const named = makeCluster('named', { name: 'Contributing Factors', x: 800 });
    const notes = [
      makeNote('a', { clusterId: unnamed.id }),
      makeNote('b', { clusterId: named.id, x: 820 }),
      makeNote('c', { x: 2000 }),
    ];
    const ranked = rankNotes(stateOf(notes, [], [unnamed, named]));
    expect(Object.fromEntries(ranked.map((r) => [r.note.id, r.clusterName]))).toEqual({
      a: '',
      b: 'Contributing Factors',
      c: null,
    });
  });

  it('returns the note records themselves and nothing for an empty wall', () => {
    const note = makeNote('a');
    expect(rankNotes(stateOf([note]))[0]?.note).toBe(note);
    expect(rankNotes(stateOf([]))).toEqual([]);
  });

  it('counts votes per note, ignoring votes on notes that are not there', () => {
    const state = stateOf([makeNote('a')], [...votesOn('a', 2), ...votesOn('gone', 4)]);
    expect(countVotes(state)).toEqual(new Map([[asNoteId('a'), 2]]));
    expect(rankNotes(state).map((r) => r.votes)).toEqual([2]);
  });
});
