/**
 * Votes per note, computed once per change of the votes table (not once per
 * note per render), and shared by every note on the wall.
 */
import type { ActorId } from '../../shared/base/ids';
import type { NoteId, Vote, VoteId } from '../../shared/wall/records';

export interface NoteVotes {
  readonly total: number;
  /** The current person's votes on this note, newest last. */
  readonly mine: readonly VoteId[];
}

export interface VoteTally {
  readonly byNote: ReadonlyMap<NoteId, NoteVotes>;
  readonly usedByMe: number;
}

const cache = new WeakMap<object, { actor: ActorId; tally: VoteTally }>();

export function voteTally(votes: ReadonlyMap<string, Vote>, actor: ActorId): VoteTally {
  const hit = cache.get(votes);
  if (hit?.actor === actor) return hit.tally;
  const byNote = new Map<NoteId, { total: number; mine: VoteId[] }>();
  let usedByMe = 0;
  for (const vote of [...votes.values()].sort((a, b) => a.createdAt - b.createdAt)) {
    let entry = byNote.get(vote.noteId);
    if (!entry) byNote.set(vote.noteId, (entry = { total: 0, mine: [] }));
    entry.total += 1;
    if (vote.voterId === actor) {
      entry.mine.push(vote.id);
      usedByMe += 1;
    }
  }
  const tally = { byNote, usedByMe };
  cache.set(votes, { actor, tally });
  return tally;
}
