/**
 * The sticky-note wall feature: operations on notes, clusters and votes, and
 * the vote-budget invariant. Handlers check meaning (the payload already
 * passed its schema) and return the bodies that undo them.
 */
import { z } from 'zod';
import { bodyFor } from '../base/feature.js';
import type { Draft } from '../base/draft.js';
import { reject, requireUnique, type AnyBody } from '../base/operation.js';
import { defineFeature, type Workshop } from '../workshop/workshop.js';
import {
  ClusterIdSchema,
  ClusterSchema,
  CoordinateSchema,
  NoteColorSchema,
  NoteIdSchema,
  NoteSchema,
  VoteIdSchema,
  VoteSchema,
  WALL_LIMITS,
  clusters,
  notes,
  votes,
  type ClusterId,
  type Note,
  type Vote,
} from './records.js';

/** Batch operations are bounded so one message cannot carry an unbounded payload. */
const MAX_BATCH = 10_000;
const noteIds = z.array(NoteIdSchema).min(1).max(MAX_BATCH);

const operations = {
  'note.add': z.object({ note: NoteSchema }),
  'note.edit': z.object({ noteId: NoteIdSchema, text: NoteSchema.shape.text }),
  'note.recolor': z.object({ noteIds, color: NoteColorSchema }),
  'note.move': z.object({
    moves: z
      .array(z.object({ noteId: NoteIdSchema, x: CoordinateSchema, y: CoordinateSchema }))
      .min(1)
      .max(MAX_BATCH),
  }),
  /** Puts notes into a cluster, or takes them out of any cluster with `clusterId: null`. */
  'note.cluster': z.object({ noteIds, clusterId: ClusterIdSchema.nullable() }),
  /** Deletes notes and the votes on them. */
  'note.delete': z.object({ noteIds }),
  /**
   * Brings deleted notes back as they were, with their votes as far as each
   * voter's budget allows now (the inverse of note.delete).
   */
  'note.restore': z.object({
    notes: z.array(NoteSchema).min(1).max(MAX_BATCH),
    votes: z.array(VoteSchema).max(MAX_BATCH),
  }),

  'cluster.create': z.object({ cluster: ClusterSchema }),
  'cluster.rename': z.object({ clusterId: ClusterIdSchema, name: ClusterSchema.shape.name }),
  /** Moves a cluster; its member notes move with it by the same offset. */
  'cluster.move': z.object({
    clusterId: ClusterIdSchema,
    x: CoordinateSchema,
    y: CoordinateSchema,
  }),
  /** Sets a cluster's bounds (resizing from any edge); member notes stay where they are. */
  'cluster.resize': z.object({
    clusterId: ClusterIdSchema,
    x: CoordinateSchema,
    y: CoordinateSchema,
    width: ClusterSchema.shape.width,
    height: ClusterSchema.shape.height,
  }),
  /** Deletes a cluster; its notes stay on the wall, unclustered. */
  'cluster.delete': z.object({ clusterId: ClusterIdSchema }),

  'vote.add': z.object({ vote: VoteSchema }),
  'vote.remove': z.object({ voteId: VoteIdSchema }),
  /** Puts back a removed vote (the inverse of vote.remove), if the budget allows it now. */
  'vote.restore': z.object({ vote: VoteSchema }),
};
const body = bodyFor<typeof operations>();

type WallDraft = Draft<Workshop>;

/** Groups items by a key so an inverse can be expressed as a few batch operations. */
function groupBy<K, V>(items: readonly V[], key: (v: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const membersOf = (d: WallDraft, clusterId: ClusterId): Note[] =>
  d.where(notes, 'clusterId', clusterId);

const votesUsedBy = (d: WallDraft, voterId: string): number =>
  d.where(votes, 'voterId', voterId).length;

/** Refuses a vote its voter has no budget left for. */
function requireBudget(d: WallDraft, vote: Vote): void {
  const budget = d.workshop.voteBudget;
  if (budget === 0) reject('budget', 'Voting is turned off for this workshop.');
  if (votesUsedBy(d, vote.voterId) >= budget) {
    reject(
      'budget',
      `You have used all ${budget} of your votes. Remove a vote to place it elsewhere.`,
    );
  }
}

function requireOwnVote(vote: Vote, actorId: string, verb: string): void {
  if (vote.voterId !== actorId) reject('invalid', `People can only ${verb} their own votes.`);
}

/** Places a person's own vote on an existing note, within their budget. */
function placeVote(d: WallDraft, vote: Vote, actorId: string, verb: string): AnyBody[] {
  requireOwnVote(vote, actorId, verb);
  if (d.has(votes, vote.id)) reject('conflict', `The vote ${vote.id} already exists.`);
  d.require(notes, vote.noteId);
  requireBudget(d, vote);
  d.put(votes, vote);
  return [body('vote.remove', { voteId: vote.id })];
}

/**
 * New votes are placed only in the vote phase. Workshops from before phases
 * have none and vote freely, as they always did. Undo of a removal
 * (vote.restore) and of a note's deletion (note.restore) put back what was
 * there, in any phase.
 */
function requireVotingOpen(d: WallDraft): void {
  if ((d.workshop.phase ?? 'vote') !== 'vote') {
    reject('conflict', 'Voting is closed. It opens in the vote phase.');
  }
}

export const wallFeature = defineFeature({
  name: 'wall',
  collections: [notes, clusters, votes],
  operations,
  handlers: {
    'note.add': (d, { note }) => {
      if (d.has(notes, note.id)) reject('conflict', `The note ${note.id} already exists.`);
      d.put(notes, note);
      return [body('note.delete', { noteIds: [note.id] })];
    },

    'note.edit': (d, { noteId, text }) => {
      const note = d.require(notes, noteId);
      d.put(notes, { ...note, text });
      return [body('note.edit', { noteId, text: note.text })];
    },

    'note.recolor': (d, payload) => {
      requireUnique(payload.noteIds, 'note');
      const before = payload.noteIds.map((id) => d.require(notes, id));
      for (const note of before) d.put(notes, { ...note, color: payload.color });
      return [...groupBy(before, (n) => n.color)].map(([color, group]) =>
        body('note.recolor', { noteIds: group.map((n) => n.id), color }),
      );
    },

    'note.move': (d, { moves }) => {
      requireUnique(
        moves.map((m) => m.noteId),
        'note',
      );
      const before = moves.map((m) => {
        const note = d.require(notes, m.noteId);
        d.put(notes, { ...note, x: m.x, y: m.y });
        return note;
      });
      return [body('note.move', { moves: before.map((n) => ({ noteId: n.id, x: n.x, y: n.y })) })];
    },

    'note.cluster': (d, payload) => {
      requireUnique(payload.noteIds, 'note');
      if (payload.clusterId !== null) d.require(clusters, payload.clusterId);
      const before = payload.noteIds.map((id) => d.require(notes, id));
      for (const note of before) d.put(notes, { ...note, clusterId: payload.clusterId });
      return [...groupBy(before, (n) => n.clusterId)].map(([clusterId, group]) =>
        body('note.cluster', { noteIds: group.map((n) => n.id), clusterId }),
      );
    },

    'note.delete': (d, payload) => {
      requireUnique(payload.noteIds, 'note');
      const removed = payload.noteIds.map((id) => d.require(notes, id));
      const removedVotes = removed.flatMap((n) => d.where(votes, 'noteId', n.id));
      for (const vote of removedVotes) d.remove(votes, vote.id);
      for (const note of removed) d.remove(notes, note.id);
      return [body('note.restore', { notes: removed, votes: removedVotes })];
    },

    'note.restore': (d, payload) => {
      requireUnique(
        payload.notes.map((n) => n.id),
        'note',
      );
      requireUnique(
        payload.votes.map((v) => v.id),
        'vote',
      );
      const restored = new Set<string>();
      for (const note of payload.notes) {
        if (d.has(notes, note.id)) reject('conflict', `The note ${note.id} already exists.`);
        // A cluster deleted in the meantime cannot be resurrected here; the note comes back unclustered.
        const clusterId =
          note.clusterId !== null && d.has(clusters, note.clusterId) ? note.clusterId : null;
        d.put(notes, { ...note, clusterId });
        restored.add(note.id);
      }
      const budget = d.workshop.voteBudget;
      for (const vote of payload.votes) {
        if (!restored.has(vote.noteId)) {
          reject('invalid', 'A restored vote points at a note that is not restored.');
        }
        if (d.has(votes, vote.id)) reject('conflict', `The vote ${vote.id} already exists.`);
        // Votes come back only as far as each voter's budget allows now: a vote placed
        // elsewhere in the meantime, or a lower budget, wins over the deleted note's vote.
        if (votesUsedBy(d, vote.voterId) < budget) d.put(votes, vote);
      }
      return [body('note.delete', { noteIds: payload.notes.map((n) => n.id) })];
    },

    'cluster.create': (d, { cluster }) => {
      if (d.has(clusters, cluster.id)) {
        reject('conflict', `The cluster ${cluster.id} already exists.`);
      }
      d.put(clusters, cluster);
      return [body('cluster.delete', { clusterId: cluster.id })];
    },

    'cluster.rename': (d, { clusterId, name }) => {
      const cluster = d.require(clusters, clusterId);
      d.put(clusters, { ...cluster, name });
      return [body('cluster.rename', { clusterId, name: cluster.name })];
    },

    'cluster.move': (d, payload) => {
      const cluster = d.require(clusters, payload.clusterId);
      const dx = payload.x - cluster.x;
      const dy = payload.y - cluster.y;
      const members = membersOf(d, cluster.id);
      const onWall = (v: number) => Math.abs(v) <= WALL_LIMITS.coordinate;
      if (!members.every((n) => onWall(n.x + dx) && onWall(n.y + dy))) {
        reject('invalid', 'Moving the cluster there would push its notes off the wall.');
      }
      d.put(clusters, { ...cluster, x: payload.x, y: payload.y });
      for (const note of members) d.put(notes, { ...note, x: note.x + dx, y: note.y + dy });
      const inverse: AnyBody[] = [
        body('cluster.move', { clusterId: cluster.id, x: cluster.x, y: cluster.y }),
      ];
      // Restore members' exact coordinates: (x + dx) - dx is not always x in floating point.
      if (members.length > 0) {
        inverse.push(
          body('note.move', { moves: members.map((n) => ({ noteId: n.id, x: n.x, y: n.y })) }),
        );
      }
      return inverse;
    },

    'cluster.resize': (d, { clusterId, x, y, width, height }) => {
      const cluster = d.require(clusters, clusterId);
      d.put(clusters, { ...cluster, x, y, width, height });
      return [
        body('cluster.resize', {
          clusterId,
          x: cluster.x,
          y: cluster.y,
          width: cluster.width,
          height: cluster.height,
        }),
      ];
    },

    'cluster.delete': (d, { clusterId }) => {
      const cluster = d.require(clusters, clusterId);
      const members = membersOf(d, clusterId);
      for (const note of members) d.put(notes, { ...note, clusterId: null });
      d.remove(clusters, clusterId);
      const inverse: AnyBody[] = [body('cluster.create', { cluster })];
      if (members.length > 0) {
        inverse.push(body('note.cluster', { noteIds: members.map((n) => n.id), clusterId }));
      }
      return inverse;
    },

    'vote.add': (d, { vote }, op) => {
      requireVotingOpen(d);
      return placeVote(d, vote, op.actorId, 'place');
    },

    'vote.remove': (d, { voteId }, op) => {
      const vote = d.get(votes, voteId) ?? reject('not_found', 'That vote no longer exists.');
      requireOwnVote(vote, op.actorId, 'remove');
      d.remove(votes, vote.id);
      return [body('vote.restore', { vote })];
    },

    // Undoing a removal places the vote again, within the budget like any other.
    // Undo of a removal: allowed in any phase, so every inverse applies (it restores what the
    // person did; the live room decides who may undo what).
    'vote.restore': (d, { vote }, op) => placeVote(d, vote, op.actorId, 'restore'),
  },
  invariants: [
    {
      // The safety net behind requireBudget: whatever operation adds votes (a file,
      // a LAN peer, a future feature), nobody ends up with more than the budget.
      name: 'vote budget',
      watches: ['votes'],
      check: (d, changes) => {
        const budget = d.workshop.voteBudget;
        const voters = new Set(changes.put('votes').map((v) => (v as Vote).voterId));
        for (const voter of voters) {
          if (votesUsedBy(d, voter) > budget) {
            return {
              code: 'budget',
              message:
                budget === 0
                  ? 'Voting is turned off for this workshop.'
                  : `Each person may place at most ${budget} votes.`,
            };
          }
        }
        return null;
      },
    },
  ],
});
