/**
 * Reading contributing factors out of the open workshop: which factors sit on
 * an object, where a factor appears, and what to call each place. Pure
 * functions of the records, shared by the factor panel of each canvas and the
 * factors board.
 */
import {
  PLACEMENT_FIELDS,
  placementOf,
  type Factor,
  type FactorLink,
  type PlacementField,
} from '../../shared/factors/records';
import type { WorkshopRecords } from '../../shared/registry';

export interface PlacementTarget {
  readonly field: PlacementField;
  readonly id: string;
}

/** Where a placement field's records live, and which board shows them. */
export const PLACEMENT_PLACES: Record<
  PlacementField,
  { readonly collection: string; readonly board: string; readonly noun: string }
> = {
  noteId: { collection: 'notes', board: 'wall', noun: 'Note' },
  clusterId: { collection: 'clusters', board: 'wall', noun: 'Cluster' },
  whyId: { collection: 'whyNodes', board: 'whys', noun: 'Why' },
  componentId: { collection: 'components', board: 'systems', noun: 'Component' },
  interactionId: { collection: 'interactions', board: 'systems', noun: 'Interaction' },
};

export interface PlacedFactor {
  readonly factor: Factor;
  readonly link: FactorLink;
}

/** The factors placed on one object, oldest first. */
export function factorsOn(
  records: Pick<WorkshopRecords, 'factors' | 'factorLinks'>,
  target: PlacementTarget,
): PlacedFactor[] {
  const out: PlacedFactor[] = [];
  for (const link of records.factorLinks.values()) {
    if (link[target.field] !== target.id) continue;
    const factor = records.factors.get(link.factorId);
    if (factor) out.push({ factor, link });
  }
  return out.sort((a, b) => a.link.createdAt - b.link.createdAt || compare(a.link.id, b.link.id));
}

/** Every placement of a factor. */
export function placementsOf(
  records: Pick<WorkshopRecords, 'factorLinks'>,
  factorId: string,
): FactorLink[] {
  return [...records.factorLinks.values()]
    .filter((l) => l.factorId === factorId)
    .sort((a, b) => a.createdAt - b.createdAt || compare(a.id, b.id));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const clip = (text: string, max = 80): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat || '(no text yet)';
};

/** What to call the object a placement names: "Why 2: The alert went to a retired channel". */
export function describeTarget(records: WorkshopRecords, target: PlacementTarget): string {
  const { id } = target;
  switch (target.field) {
    case 'noteId': {
      const note = records.notes.get(id);
      return note ? `Note: ${clip(note.text)}` : 'A deleted note';
    }
    case 'clusterId': {
      const cluster = records.clusters.get(id);
      return cluster ? `Cluster: ${clip(cluster.name)}` : 'A deleted cluster';
    }
    case 'whyId': {
      const node = records.whyNodes.get(id);
      if (!node) return 'A deleted why';
      return `${node.parentId === null ? 'Problem' : `Why ${whyDepth(records, node.id)}`}: ${clip(node.text)}`;
    }
    case 'componentId': {
      const component = records.components.get(id);
      return component ? `Component: ${clip(component.name)}` : 'A deleted component';
    }
    case 'interactionId': {
      const interaction = records.interactions.get(id);
      if (!interaction) return 'A deleted interaction';
      const from = records.components.get(interaction.sourceId)?.name ?? '?';
      const to = records.components.get(interaction.targetId)?.name ?? '?';
      const label = interaction.label ? ` (${clip(interaction.label, 40)})` : '';
      return `Interaction: ${clip(from, 40)} → ${clip(to, 40)}${label}`;
    }
  }
}

/** A why's depth below its problem statement (bounded, whatever the records hold). */
export function whyDepth(records: WorkshopRecords, whyId: string): number {
  let depth = 0;
  let parentId = records.whyNodes.get(whyId)?.parentId ?? null;
  while (parentId !== null && depth < 1000) {
    depth += 1;
    parentId = records.whyNodes.get(parentId)?.parentId ?? null;
  }
  return depth;
}

/** The text a new factor made from an object starts with. */
export function suggestedTitle(records: WorkshopRecords, target: PlacementTarget): string {
  const { id } = target;
  const raw =
    target.field === 'noteId'
      ? records.notes.get(id)?.text
      : target.field === 'clusterId'
        ? records.clusters.get(id)?.name
        : target.field === 'whyId'
          ? records.whyNodes.get(id)?.text
          : target.field === 'componentId'
            ? records.components.get(id)?.failureMode || records.components.get(id)?.name
            : records.interactions.get(id)?.failureMode || records.interactions.get(id)?.label;
  return (raw ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
}

export { PLACEMENT_FIELDS, placementOf };
