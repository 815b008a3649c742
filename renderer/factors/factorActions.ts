/**
 * What factor gestures mean, as operations: one `perform` per gesture, so
 * each is one undo step and one audited change.
 */
import {
  asFactorId,
  asFactorLinkId,
  type Factor,
  type FactorCategory,
  type FactorLink,
} from '../../shared/factors/records';
import { getAppStore } from '../store/useAppStore';
import { placementsOf, suggestedTitle, type PlacementTarget } from './factorModel';

function open() {
  const app = getAppStore().getState();
  return app.open ? { app, state: app.open.state } : null;
}

function linkFor(
  factorId: Factor['id'],
  target: PlacementTarget,
  workshopId: FactorLink['workshopId'],
): FactorLink {
  return {
    id: asFactorLinkId(crypto.randomUUID()),
    workshopId,
    factorId,
    noteId: null,
    clusterId: null,
    whyId: null,
    componentId: null,
    interactionId: null,
    [target.field]: target.id,
    createdAt: Date.now(),
  };
}

/** Marks an object as a contributing factor: a new factor, placed there. Returns its id. */
export function markAsFactor(
  target: PlacementTarget,
  category: FactorCategory,
  title?: string,
): Factor['id'] | null {
  const o = open();
  if (!o) return null;
  const workshopId = o.state.workshop.id;
  const text = (title ?? suggestedTitle(o.state.records, target)).trim();
  const factor: Factor = {
    id: asFactorId(crypto.randomUUID()),
    workshopId,
    title: text || 'Untitled factor',
    category,
    description: '',
    createdAt: Date.now(),
  };
  const ok = o.app.perform([
    { type: 'factor.add', payload: { factor, links: [linkFor(factor.id, target, workshopId)] } },
  ]);
  return ok ? factor.id : null;
}

/** A factor not placed anywhere yet (from the factors board). */
export function addFactor(title: string, category: FactorCategory): boolean {
  const o = open();
  if (!o) return false;
  const factor: Factor = {
    id: asFactorId(crypto.randomUUID()),
    workshopId: o.state.workshop.id,
    title: title.trim(),
    category,
    description: '',
    createdAt: Date.now(),
  };
  return o.app.perform([{ type: 'factor.add', payload: { factor, links: [] } }]);
}

/** Shows an existing factor on one more object: the same factor, not a copy. */
export function placeFactor(factorId: Factor['id'], target: PlacementTarget): boolean {
  const o = open();
  if (!o) return false;
  return o.app.perform([
    { type: 'factor.place', payload: { links: [linkFor(factorId, target, o.state.workshop.id)] } },
  ]);
}

/**
 * Takes a factor off one object. A factor that was only there goes entirely
 * (its meaning came from that object); one that appears elsewhere stays there.
 */
export function removeFromHere(link: FactorLink): boolean {
  const o = open();
  if (!o) return false;
  const others = placementsOf(o.state.records, link.factorId).filter((l) => l.id !== link.id);
  return o.app.perform([
    others.length === 0
      ? { type: 'factor.delete', payload: { factorId: link.factorId } }
      : { type: 'factor.unplace', payload: { linkIds: [link.id] } },
  ]);
}

export function updateFactor(
  factorId: Factor['id'],
  changes: Partial<Pick<Factor, 'title' | 'category' | 'description'>>,
): boolean {
  const o = open();
  const before = o?.state.records.factors.get(factorId);
  if (!o || !before) return false;
  // Only what changed: an unchanged field is no change in the audit trail.
  const diff: typeof changes = {};
  if (changes.title !== undefined && changes.title.trim() !== before.title)
    diff.title = changes.title.trim();
  if (changes.category !== undefined && changes.category !== before.category)
    diff.category = changes.category;
  if (changes.description !== undefined && changes.description !== before.description) {
    diff.description = changes.description;
  }
  if (Object.keys(diff).length === 0) return true;
  return o.app.perform([{ type: 'factor.update', payload: { factorId, changes: diff } }]);
}

export function deleteFactor(factorId: Factor['id']): boolean {
  const o = open();
  if (!o) return false;
  return o.app.perform([{ type: 'factor.delete', payload: { factorId } }]);
}
