/**
 * Files just over the workshop ceiling (WORKSHOP_LIMITS.records: notes,
 * clusters and votes together), which an import must refuse with a message.
 * The app's reducer cannot produce them (a draft refuses the 100,001st
 * record), so they are a real 100,000-record workshop plus one record the
 * reducer never accepted, added in one of the two places a file can carry it:
 *
 * - `listed`: the file's records hold 100,001 (one extra note that no
 *   operation created). readWorkshopFile counts the records right after the
 *   schema check, before the chain is verified.
 * - `chained`: the records hold 100,000 and the audit trail ends with a
 *   correctly hashed `note.add` of a 100,001st note (a hand-extended file).
 *   Only replaying the chain finds it.
 */
import { appendEntry, EMPTY_HEAD } from '../../../shared/base/auditChain';
import { asActorId, asOperationId, asWorkshopId } from '../../../shared/base/ids';
import type { AuditEntry } from '../../../shared/pipeline/audit';
import { applyOperations } from '../../../shared/pipeline/reducer';
import { buildWorkshopFile, stateToSnapshot } from '../../../shared/pipeline/workshopFile';
import type { Operation } from '../../../shared/registry';
import {
  asClusterId,
  asNoteId,
  asVoteId,
  type Cluster,
  type Note,
  type Vote,
} from '../../../shared/wall/records';
import { defaultHeader, WORKSHOP_LIMITS, type Workshop } from '../../../shared/workshop/workshop';

export interface CeilingFile {
  readonly kind: 'listed' | 'chained';
  readonly label: string;
  readonly title: string;
  readonly text: string;
  /** Records a reader would end up with if it accepted the file. */
  readonly records: number;
}

const CLUSTERS = 900;
const VOTERS = 20;
const BUDGET = 5;

/** Short, fixed-width ids keep the two ~45 MB files as small as a valid file this big can be. */
const id = (kind: string, n: number) => `${kind}-${String(n).padStart(8, '0')}`;

export function buildCeilingFiles(): readonly CeilingFile[] {
  const at = Date.UTC(2025, 2, 11, 9, 0, 0);
  const workshopId = asWorkshopId('bench-ceiling-workshop');
  const actorId = asActorId('bench-ceiling-facilitator');
  const title = 'Bench ceiling';
  const workshop: Workshop = {
    ...defaultHeader(title),
    id: workshopId,
    voteBudget: BUDGET,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
  const votes: Vote[] = Array.from({ length: VOTERS * BUDGET }, (_, i) => ({
    id: asVoteId(id('vote', i)),
    workshopId,
    noteId: asNoteId(id('note', i)),
    voterId: asActorId(id('voter', i % VOTERS)),
    createdAt: at,
  }));
  const clusters: Cluster[] = Array.from({ length: CLUSTERS }, (_, i) => ({
    id: asClusterId(id('cluster', i)),
    workshopId,
    name: `Cluster ${i + 1}`,
    x: (i % 30) * 2_000,
    y: Math.floor(i / 30) * 2_000,
    width: 1_800,
    height: 1_800,
    createdAt: at,
  }));
  const note = (i: number): Note => ({
    id: asNoteId(id('note', i)),
    workshopId,
    text: `Note ${i + 1}`,
    color: 'yellow',
    x: (i % 300) * 180,
    y: Math.floor(i / 300) * 130,
    clusterId: null,
    authorId: actorId,
    createdAt: at,
  });
  const noteCount = WORKSHOP_LIMITS.records - CLUSTERS - votes.length;
  const notes = Array.from({ length: noteCount }, (_, i) => note(i));

  const create: Operation = {
    type: 'workshop.create',
    payload: {
      workshop,
      records: [
        { collection: 'clusters', items: clusters },
        { collection: 'notes', items: notes },
        { collection: 'votes', items: votes },
      ],
    },
    id: asOperationId('op-create'),
    workshopId,
    actorId,
    at,
  };
  const applied = applyOperations(null, [create]);
  if (!applied.ok)
    throw new Error(`bench: the ceiling workshop is refused: ${applied.error.message}`);
  const snapshot = stateToSnapshot(applied.state);
  const first = appendEntry(EMPTY_HEAD, create);
  const extra = note(noteCount);

  const listedAudit: readonly AuditEntry[] = [first];
  const listed = buildWorkshopFile(
    { ...snapshot, records: { ...snapshot.records, notes: [...snapshot.records.notes, extra] } },
    listedAudit,
    at + 60_000,
  );

  const add: Operation = {
    type: 'note.add',
    payload: { note: extra },
    id: asOperationId('op-one-too-many'),
    workshopId,
    actorId,
    at: at + 1_000,
  };
  const chained = buildWorkshopFile(
    snapshot,
    [first, appendEntry({ seq: first.seq, hash: first.hash }, add)],
    at + 60_000,
  );
  const over = WORKSHOP_LIMITS.records + 1;
  return [
    {
      kind: 'listed',
      label: `${over.toLocaleString('en')} records listed in the file`,
      title,
      text: JSON.stringify(listed),
      records: over,
    },
    {
      kind: 'chained',
      label: `a ${over.toLocaleString('en')}st record added by the last audit entry`,
      title,
      text: JSON.stringify(chained),
      records: over,
    },
  ];
}
