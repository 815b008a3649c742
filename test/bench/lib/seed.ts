/**
 * Builds a valid Debrief workshop file in Node with the app's own shared code:
 * one `workshop.create` operation carrying every cluster and note as its
 * `records`, applied by applyBatch (so the audit chain is real), exported with
 * buildWorkshopFile and checked with readWorkshopFile, the same path the app's
 * import uses. `seedWorkshop` makes the wall suites' walls (format 1, so older
 * builds read them too); `seedRecords` any other collections (the whys and
 * systems suites), as the current format.
 */
import { randomUUID } from 'node:crypto';
import { EMPTY_HEAD } from '../../../shared/base/auditChain';
import { asActorId, asOperationId, asWorkshopId } from '../../../shared/base/ids';
import { applyBatch } from '../../../shared/pipeline/batch';
import {
  buildWorkshopFile,
  readWorkshopFile,
  stateToSnapshot,
} from '../../../shared/pipeline/workshopFile';
import {
  asClusterId,
  asNoteId,
  NOTE_COLORS,
  NOTE_SIZE,
  type Cluster,
  type Note,
} from '../../../shared/wall/records';
import {
  defaultHeader,
  type InitialRecords,
  type Workshop,
} from '../../../shared/workshop/workshop';
import { noteHeight } from '../../../renderer/wall/noteLayout';
import type {
  CLUSTER_HEADER as APP_CLUSTER_HEADER,
  CLUSTER_PADDING as APP_CLUSTER_PADDING,
  NOTE_GAP as APP_NOTE_GAP,
} from '../../../renderer/wall/wallGeometry';
import type {
  FIT_MAX_ZOOM as APP_FIT_MAX_ZOOM,
  FIT_PADDING as APP_FIT_PADDING,
} from '../../../renderer/wall/wallViewport';
import {
  CLUSTER_COUNT,
  CLUSTER_HEADER,
  CLUSTER_PADDING,
  FIT_MAX_ZOOM,
  FIT_PADDING,
  NOTE_GAP,
  NOTE_HEIGHT,
  NOTE_SLOT_HEIGHT,
  NOTE_WIDTH,
  wallLayout,
} from './layout';

export interface SeededWorkshop {
  readonly workshopId: string;
  /** Its title: the home screen's link and "Open <title>" button. */
  readonly title: string;
  readonly fileName: string;
  readonly contents: Buffer;
  readonly noteCount: number;
  readonly clusterCount: number;
}

const SAMPLE_TEXT = [
  'Alert fired 20 minutes after error rate crossed the SLO',
  'Runbook link pointed to the old dashboard',
  'Rollback was fast once we found the flag',
  'On-call had no access to the replica metrics',
  'Lucky: traffic was low because of the holiday',
  'Canary did not cover the EU region',
  'Status page updated by hand, late',
  'Config change skipped review (hotfix path)',
];

/** Does not compile if layout.ts's note size drifts from NOTE_SIZE in shared/wall/records.ts. */
export type NoteSizeAgrees = Agrees<
  Same<typeof NOTE_SIZE, { readonly width: typeof NOTE_WIDTH; readonly height: typeof NOTE_HEIGHT }>
>;
/**
 * Does not compile if layout.ts's cluster geometry drifts from renderer/wall/wallGeometry.ts, or
 * the baseline's fit options from Debrief's (renderer/wall/wallViewport.ts).
 */
export type GeometryAgrees = Agrees<
  Same<
    [
      typeof CLUSTER_HEADER,
      typeof CLUSTER_PADDING,
      typeof NOTE_GAP,
      typeof FIT_MAX_ZOOM,
      typeof FIT_PADDING,
    ],
    [
      typeof APP_CLUSTER_HEADER,
      typeof APP_CLUSTER_PADDING,
      typeof APP_NOTE_GAP,
      typeof APP_FIT_MAX_ZOOM,
      typeof APP_FIT_PADDING,
    ]
  >
>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Agrees<T extends true> = T;

export function seedWorkshop(noteCount: number): SeededWorkshop {
  const at = Date.UTC(2025, 0, 15, 9, 0, 0);
  const workshopId = asWorkshopId(randomUUID());
  const actorId = asActorId(randomUUID());
  const title = `Bench wall ${noteCount} notes`;
  const workshop: Workshop = {
    ...defaultHeader(title),
    id: workshopId,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
  const layout = wallLayout(noteCount);
  const clusters: Cluster[] = layout.clusters.map((rect, i) => ({
    id: asClusterId(randomUUID()),
    workshopId,
    name: `Cluster ${i + 1}`,
    x: rect.x,
    y: rect.y,
    width: rect.width,
    height: rect.height,
    createdAt: at,
  }));
  const notes: Note[] = layout.notes.map((p, i) => {
    const cluster = clusters[p.cluster];
    if (!cluster) throw new Error('unreachable: layout cluster out of range');
    const noteText = `${SAMPLE_TEXT[i % SAMPLE_TEXT.length] ?? ''} (#${i + 1})`;
    // Notes grow with their text; the layout's rows are NOTE_SLOT_HEIGHT tall, so none overlap.
    if (noteHeight(noteText) > NOTE_SLOT_HEIGHT)
      throw new Error(`bench: "${noteText}" is taller than a row of the bench wall (layout.ts)`);
    return {
      id: asNoteId(randomUUID()),
      workshopId,
      text: noteText,
      color: NOTE_COLORS[i % NOTE_COLORS.length] ?? 'yellow',
      x: p.x,
      y: p.y,
      clusterId: cluster.id,
      authorId: actorId,
      createdAt: at,
    };
  });
  if (clusters.length !== CLUSTER_COUNT) throw new Error('unreachable: cluster count');

  const result = applyBatch(
    null,
    EMPTY_HEAD,
    [
      {
        type: 'workshop.create',
        // The format-1 shape of workshop.create, which every Debrief build reads: so
        // `--app-dir` can measure an older build with the very same file.
        payload: { workshop, clusters, notes },
      },
    ],
    { workshopId, actorId, now: at, newOperationId: () => asOperationId(randomUUID()) },
  );
  if (!result.ok) throw new Error(`Seeding ${noteCount} notes failed: ${result.error.message}`);
  const file = buildWorkshopFile(stateToSnapshot(result.batch.state), result.batch.entries, at);
  // Written as format 1 (records at the top level) for the same reason; this build reads it
  // through its format-1 migration.
  const { records, ...rest } = file;
  const text = JSON.stringify({ ...rest, schemaVersion: 1, ...records });
  // Fail here, with the app's own message, rather than as a timeout in the browser.
  const check = readWorkshopFile(text, Buffer.byteLength(text));
  if (!check.ok)
    throw new Error(`The seeded ${noteCount}-note file does not import: ${check.message}`);
  return {
    workshopId,
    title,
    fileName: `bench-${noteCount}.debrief.json`,
    contents: Buffer.from(text, 'utf8'),
    noteCount: notes.length,
    clusterCount: clusters.length,
  };
}

/** A new workshop's id, header and author, for a seeder that makes its records first. */
export function newWorkshop(title: string): {
  readonly workshop: Workshop;
  readonly actorId: ReturnType<typeof asActorId>;
  readonly at: number;
} {
  const at = Date.UTC(2025, 0, 15, 9, 0, 0);
  const workshop: Workshop = {
    ...defaultHeader(title),
    id: asWorkshopId(randomUUID()),
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
  return { workshop, actorId: asActorId(randomUUID()), at };
}

/**
 * A workshop file of `workshop` holding `records` (collection name and items, as the
 * `workshop.create` operation carries them), in the current format, checked by the app's reader.
 * The wall is empty: noteCount and clusterCount are 0.
 */
export function seedRecords(
  created: ReturnType<typeof newWorkshop>,
  records: InitialRecords,
  fileName: string,
): SeededWorkshop {
  const { workshop, actorId, at } = created;
  const result = applyBatch(
    null,
    EMPTY_HEAD,
    [{ type: 'workshop.create', payload: { workshop, records } }],
    {
      workshopId: workshop.id,
      actorId,
      now: at,
      newOperationId: () => asOperationId(randomUUID()),
    },
  );
  if (!result.ok) throw new Error(`Seeding ${fileName} failed: ${result.error.message}`);
  const text = JSON.stringify(
    buildWorkshopFile(stateToSnapshot(result.batch.state), result.batch.entries, at),
  );
  const check = readWorkshopFile(text, Buffer.byteLength(text));
  if (!check.ok) throw new Error(`The seeded ${fileName} does not import: ${check.message}`);
  for (const { collection, items } of records) {
    const stored = (check.state.records as Record<string, ReadonlyMap<string, unknown>>)[
      collection
    ];
    if (stored?.size !== items.length)
      throw new Error(
        `bench: ${fileName} keeps ${stored?.size ?? 0} of ${items.length} ${collection}`,
      );
  }
  return {
    workshopId: workshop.id,
    title: workshop.title,
    fileName,
    contents: Buffer.from(text, 'utf8'),
    noteCount: 0,
    clusterCount: 0,
  };
}
