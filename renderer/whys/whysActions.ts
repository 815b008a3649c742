/**
 * What the 5-whys gestures mean, as operations: one `perform` per gesture.
 */
import { asWhyLinkId, type WhyId, type WhyLink, type WhyNode } from '../../shared/whys/records';
import type { ClusterId, NoteId } from '../../shared/wall/records';
import { getAppStore } from '../store/useAppStore';

function open() {
  const app = getAppStore().getState();
  return app.open ? { app, state: app.open.state } : null;
}

/** Adds a why (or a problem statement) with its text. */
export function addWhy(id: WhyId, parentId: WhyId | null, order: number, text: string): boolean {
  const o = open();
  if (!o) return false;
  const node: WhyNode = {
    id,
    workshopId: o.state.workshop.id,
    parentId,
    text,
    order,
    createdAt: Date.now(),
  };
  return o.app.perform([{ type: 'why.add', payload: { node } }]);
}

export function editWhy(whyId: WhyId, text: string): boolean {
  const o = open();
  const before = o?.state.records.whyNodes.get(whyId);
  if (!o || !before) return false;
  if (before.text === text) return true;
  return o.app.perform([{ type: 'why.edit', payload: { whyId, text } }]);
}

/** Deletes a why with its branch. */
export function deleteWhy(whyId: WhyId): boolean {
  const o = open();
  if (!o) return false;
  return o.app.perform([{ type: 'why.delete', payload: { whyIds: [whyId] } }]);
}

export function linkWhy(
  whyId: WhyId,
  target: { noteId: NoteId } | { clusterId: ClusterId },
): boolean {
  const o = open();
  if (!o) return false;
  const link: WhyLink = {
    id: asWhyLinkId(crypto.randomUUID()),
    workshopId: o.state.workshop.id,
    whyId,
    noteId: 'noteId' in target ? target.noteId : null,
    clusterId: 'clusterId' in target ? target.clusterId : null,
    createdAt: Date.now(),
  };
  return o.app.perform([{ type: 'why.link', payload: { links: [link] } }]);
}

export function unlinkWhy(linkId: WhyLink['id']): boolean {
  const o = open();
  if (!o) return false;
  return o.app.perform([{ type: 'why.unlink', payload: { linkIds: [linkId] } }]);
}
