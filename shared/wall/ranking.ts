/**
 * Notes ranked by their votes, for the discussion after voting and for the report.
 *
 * Ranks are competition ranks ("1, 2, 2, 4"): notes with the same number of
 * votes share a rank, and the next rank skips the places they took.
 *
 * Notes that tie are listed in the wall's reading order, so the list reads like
 * the wall: first by cluster (clusters in reading order, see `readingOrder`;
 * notes outside any cluster come after every cluster), then by the note's own
 * place in reading order, and finally by id. The order is therefore fully
 * determined by the records (no dependence on Map insertion order or locale).
 *
 * Takes the three wall tables structurally, so a feature module can use it
 * without the registry: a `WorkshopState` is accepted as it is.
 */
import type { Table } from '../base/collection.js';
import type { Cluster, ClusterId, Note, NoteId, Vote } from './records.js';
import { readingOrder } from './search.js';

/** What ranking needs of a workshop's state (a `WorkshopState` fits). */
export interface RankableState {
  readonly records: {
    readonly notes: Table<Note>;
    readonly clusters: Table<Cluster>;
    readonly votes: Table<Vote>;
  };
}

export interface RankOptions {
  /** Leave out notes nobody voted for (default: false, every note is listed). */
  readonly excludeUnvoted?: boolean;
  /** Leave out notes whose text is empty or only whitespace (default: false). */
  readonly excludeEmpty?: boolean;
}

export interface RankedNote {
  readonly note: Note;
  readonly votes: number;
  /**
   * The name of the note's cluster (lane), `null` if the note is in no cluster.
   * An unnamed cluster gives `''`; the UI decides how to show it.
   */
  readonly clusterName: string | null;
  /** 1-based competition rank: equal votes, equal rank. */
  readonly rank: number;
}

/** Votes per note id; votes on notes that do not exist are ignored. */
export function countVotes(state: RankableState): Map<NoteId, number> {
  const counts = new Map<NoteId, number>();
  for (const vote of state.records.votes.values()) {
    if (!state.records.notes.has(vote.noteId)) continue;
    counts.set(vote.noteId, (counts.get(vote.noteId) ?? 0) + 1);
  }
  return counts;
}

/** Notes ranked by votes, most first (see the module comment for ranks and ties). */
export function rankNotes(state: RankableState, options: RankOptions = {}): RankedNote[] {
  const { notes, clusters } = state.records;
  const counts = countVotes(state);

  const clusterPlace = new Map<ClusterId, number>();
  readingOrder(clusters.values()).forEach((cluster, index) => clusterPlace.set(cluster.id, index));
  const unclustered = clusterPlace.size;

  const candidates: { note: Note; votes: number; cluster: number; place: number }[] = [];
  readingOrder(notes.values()).forEach((note, place) => {
    const votes = counts.get(note.id) ?? 0;
    if (options.excludeUnvoted && votes === 0) return;
    if (options.excludeEmpty && note.text.trim() === '') return;
    const cluster =
      note.clusterId === null ? unclustered : (clusterPlace.get(note.clusterId) ?? unclustered);
    candidates.push({ note, votes, cluster, place });
  });
  candidates.sort((a, b) => b.votes - a.votes || a.cluster - b.cluster || a.place - b.place);

  let rank = 0;
  return candidates.map((candidate, index) => {
    if (index === 0 || candidate.votes !== candidates[index - 1]?.votes) rank = index + 1;
    const cluster =
      candidate.note.clusterId === null ? undefined : clusters.get(candidate.note.clusterId);
    return {
      note: candidate.note,
      votes: candidate.votes,
      clusterName: cluster ? cluster.name : null,
      rank,
    };
  });
}
