/**
 * The branching 5-whys feature: operations on why-nodes and their links to the
 * wall. Deleting a node deletes its branch (undo brings the branch back with
 * its links); deleting a note or cluster drops the links that cite it.
 */
import { z } from 'zod';
import type { Draft } from '../base/draft.js';
import { bodyFor } from '../base/feature.js';
import { reject, requireUnique, type AnyBody } from '../base/operation.js';
import { defineFeature, type Workshop } from '../workshop/workshop.js';
import {
  WHYS_LIMITS,
  WhyIdSchema,
  WhyLinkIdSchema,
  WhyLinkSchema,
  WhyNodeSchema,
  whyLinks,
  whyNodes,
  type WhyLink,
  type WhyNode,
} from './records.js';

const MAX_BATCH = 10_000;

const operations = {
  /** Adds a node: a problem statement (no parent) or a "because" under its parent. */
  'why.add': z.object({ node: WhyNodeSchema }),
  'why.edit': z.object({ whyId: WhyIdSchema, text: WhyNodeSchema.shape.text }),
  /** Moves a node (and its branch) under another parent, or among its siblings. */
  'why.move': z.object({
    whyId: WhyIdSchema,
    parentId: WhyIdSchema.nullable(),
    order: WhyNodeSchema.shape.order,
  }),
  /** Deletes nodes with their whole branches. */
  'why.delete': z.object({ whyIds: z.array(WhyIdSchema).min(1).max(MAX_BATCH) }),
  /** Brings deleted branches back (the inverse of why.delete): parents before children. */
  'why.restore': z.object({ nodes: z.array(WhyNodeSchema).min(1).max(MAX_BATCH) }),
  'why.link': z.object({ links: z.array(WhyLinkSchema).min(1).max(MAX_BATCH) }),
  'why.unlink': z.object({ linkIds: z.array(WhyLinkIdSchema).min(1).max(MAX_BATCH) }),
};
const body = bodyFor<typeof operations>();

type WhysDraft = Draft<Workshop>;

/** The node and every node below it, parents before children. */
export function branchOf(d: WhysDraft, root: WhyNode): WhyNode[] {
  const out: WhyNode[] = [];
  const queue = [root];
  for (let i = 0; i < queue.length; i += 1) {
    const node = queue[i] as WhyNode;
    out.push(node);
    queue.push(...d.where(whyNodes, 'parentId', node.id));
  }
  return out;
}

/** Whether two links cite the same note, or the same cluster (a note and a cluster may share an id). */
const sameTarget = (a: WhyLink, b: WhyLink): boolean =>
  a.noteId === b.noteId && a.clusterId === b.clusterId;

const DUPLICATE_LINK = 'That why already links to it.';

/** Refuses links that repeat one already there (the same node citing the same note twice). */
function requireNewLinks(d: WhysDraft, links: readonly WhyLink[]): void {
  const seen = new Set<string>();
  for (const link of links) {
    if (d.has(whyLinks, link.id)) reject('conflict', `The why link ${link.id} already exists.`);
    const key = JSON.stringify([link.whyId, link.noteId, link.clusterId]);
    const existing = d.where(whyLinks, 'whyId', link.whyId).some((l) => sameTarget(l, link));
    if (existing || seen.has(key)) reject('conflict', DUPLICATE_LINK);
    seen.add(key);
  }
}

/** Removes the links whose `field` points at a removed record; undo puts them back. */
const dropLinks =
  (field: 'whyId' | 'noteId' | 'clusterId') =>
  (d: WhysDraft, removedIds: readonly string[]): AnyBody[] => {
    const dropped = removedIds.flatMap((id) => d.where(whyLinks, field, id));
    for (const link of dropped) d.remove(whyLinks, link.id);
    return dropped.length ? [body('why.link', { links: dropped })] : [];
  };

export const whysFeature = defineFeature({
  name: 'whys',
  collections: [whyNodes, whyLinks],
  operations,
  handlers: {
    'why.add': (d, { node }) => {
      if (d.has(whyNodes, node.id)) reject('conflict', `The why ${node.id} already exists.`);
      d.put(whyNodes, node);
      return [body('why.delete', { whyIds: [node.id] })];
    },

    'why.edit': (d, { whyId, text }) => {
      const node = d.require(whyNodes, whyId);
      d.put(whyNodes, { ...node, text });
      return [body('why.edit', { whyId, text: node.text })];
    },

    'why.move': (d, { whyId, parentId, order }) => {
      const node = d.require(whyNodes, whyId);
      d.put(whyNodes, { ...node, parentId, order });
      return [body('why.move', { whyId, parentId: node.parentId, order: node.order })];
    },

    'why.delete': (d, { whyIds }) => {
      requireUnique(whyIds, 'why');
      const roots = whyIds.map((id) => d.require(whyNodes, id));
      const chosen = new Set<string>(whyIds);
      // A node inside another chosen branch goes with that branch.
      const tops = roots.filter((n) => !hasChosenAncestor(d, n, chosen));
      const removed = tops.flatMap((n) => branchOf(d, n));
      for (const node of [...removed].reverse()) d.remove(whyNodes, node.id);
      return [body('why.restore', { nodes: removed })];
    },

    'why.restore': (d, { nodes }) => {
      requireUnique(
        nodes.map((n) => n.id),
        'why',
      );
      for (const node of nodes) {
        if (d.has(whyNodes, node.id)) reject('conflict', `The why ${node.id} already exists.`);
        if (node.parentId !== null && !d.has(whyNodes, node.parentId)) {
          reject(
            'not_found',
            'The branch cannot come back: the why it hung from no longer exists.',
          );
        }
        d.put(whyNodes, node);
      }
      const restored = new Set(nodes.map((n) => n.id));
      const tops = nodes.filter((n) => n.parentId === null || !restored.has(n.parentId));
      return [body('why.delete', { whyIds: tops.map((n) => n.id) })];
    },

    'why.link': (d, { links }) => {
      requireUnique(
        links.map((l) => l.id),
        'why link',
      );
      requireNewLinks(d, links);
      for (const link of links) d.put(whyLinks, link);
      return [body('why.unlink', { linkIds: links.map((l) => l.id) })];
    },

    'why.unlink': (d, { linkIds }) => {
      requireUnique(linkIds, 'why link');
      const removed = linkIds.map((id) => d.require(whyLinks, id));
      for (const link of removed) d.remove(whyLinks, link.id);
      return [body('why.link', { links: removed })];
    },
  },
  cascades: [
    { target: 'whyNodes', apply: dropLinks('whyId') },
    { target: 'notes', apply: dropLinks('noteId') },
    { target: 'clusters', apply: dropLinks('clusterId') },
  ],
  invariants: [
    {
      // Whatever wrote them (a move, a restore, a file), nodes form trees: no node is its
      // own ancestor, and no branch is deeper than WHYS_LIMITS.depth, counting the branch
      // below a node that moved with it.
      name: 'whys are trees',
      watches: ['whyNodes'],
      check: (d, changes) => {
        const tooDeep = {
          code: 'invalid',
          message: `A 5-whys branch can be at most ${WHYS_LIMITS.depth} levels deep, and a why cannot sit under itself.`,
        } as const;
        const checked = new Set<string>();
        for (const record of changes.put('whyNodes')) {
          const node = record as WhyNode;
          if (checked.has(node.id)) continue;
          // Up to its problem statement: its depth (a cycle never gets there).
          let depth = 0;
          for (let up: WhyNode | undefined = node; up && up.parentId !== null;) {
            depth += 1;
            if (depth > WHYS_LIMITS.depth) return tooDeep;
            up = d.get(whyNodes, up.parentId);
          }
          // Down its branch, level by level: the nodes below it moved with it.
          for (let level = [node]; level.length > 0; depth += 1) {
            for (const n of level) checked.add(n.id);
            level = level.flatMap((n) => d.where(whyNodes, 'parentId', n.id));
            if (level.length > 0 && depth + 1 > WHYS_LIMITS.depth) return tooDeep;
          }
        }
        return null;
      },
    },
    {
      // The safety net behind why.link's check: whatever wrote them (a new workshop's
      // records, a file), a why cites a note or a cluster once, so its links always come back.
      name: 'a why links to a note or cluster once',
      watches: ['whyLinks'],
      check: (d, changes) => {
        for (const record of changes.put('whyLinks')) {
          const link = record as WhyLink;
          const same = d.where(whyLinks, 'whyId', link.whyId).filter((l) => sameTarget(l, link));
          if (same.length > 1) return { code: 'conflict', message: DUPLICATE_LINK };
        }
        return null;
      },
    },
  ],
});

function hasChosenAncestor(d: WhysDraft, node: WhyNode, chosen: ReadonlySet<string>): boolean {
  let parentId = node.parentId;
  for (let depth = 0; parentId !== null && depth <= WHYS_LIMITS.depth; depth += 1) {
    if (chosen.has(parentId)) return true;
    parentId = d.get(whyNodes, parentId)?.parentId ?? null;
  }
  return false;
}

/** Depth of a node below its problem statement (the statement is 0), for "Why 3" labels. */
export function depthOf(nodes: ReadonlyMap<string, WhyNode>, node: WhyNode): number {
  let depth = 0;
  let parentId = node.parentId;
  while (parentId !== null && depth <= WHYS_LIMITS.depth) {
    depth += 1;
    parentId = nodes.get(parentId)?.parentId ?? null;
  }
  return depth;
}
