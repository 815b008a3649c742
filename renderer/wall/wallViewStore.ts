/**
 * The wall's view state for React Flow: node objects derived from the domain,
 * plus what only the view knows (selection, positions while a drag is in
 * progress, sizes while a cluster is being resized). It never changes the
 * domain: drops and edits become operations in the app store, and the next
 * `sync` brings their result back here.
 *
 * Nodes carry only ids and geometry; note and cluster components read their
 * record from the app store with a narrow selector. Unchanged records keep the
 * same node object, so React Flow re-renders only what moved.
 */
import { applyNodeChanges, type Node, type NodeChange } from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import type { ClusterId, NoteId } from '../../shared/wall/records';
import { NOTE_SIZE, type Cluster, type Note } from '../../shared/wall/records';
import type { WorkshopState } from '../../shared/registry';

export type NoteNode = Node<{ noteId: NoteId }, 'note'>;
export type ClusterNode = Node<{ clusterId: ClusterId }, 'cluster'>;
export type WallNode = NoteNode | ClusterNode;

/** What is selected, kept apart from the nodes so toolbars do not rescan them on every frame. */
export interface WallSelection {
  readonly notes: readonly NoteId[];
  readonly clusters: readonly ClusterId[];
}

const NOTHING_SELECTED: WallSelection = { notes: [], clusters: [] };

function selectionOf(nodes: readonly WallNode[], previous: WallSelection): WallSelection {
  const notes: NoteId[] = [];
  const clusters: ClusterId[] = [];
  for (const node of nodes) {
    if (!node.selected) continue;
    if (node.type === 'note') notes.push(node.data.noteId);
    else clusters.push(node.data.clusterId);
  }
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((id, i) => id === b[i]);
  if (same(notes, previous.notes) && same(clusters, previous.clusters)) return previous;
  return notes.length || clusters.length ? { notes, clusters } : NOTHING_SELECTED;
}

export interface WallViewState {
  readonly nodes: readonly WallNode[];
  readonly selection: WallSelection;
  /**
   * Overview mode (far zoomed out): notes are hidden from React Flow and drawn
   * on one canvas instead (WallOverviewLayer), because thousands of DOM nodes
   * cost more to composite and hit-test than the browser can do per frame.
   */
  readonly overview: boolean;
  setOverview(on: boolean): void;
  readonly editingNoteId: NoteId | null;
  /** Rebuilds nodes from the domain, reusing every node whose geometry did not change. */
  sync(state: WorkshopState): void;
  applyChanges(changes: NodeChange<WallNode>[]): void;
  setEditing(noteId: NoteId | null): void;
  select(ids: ReadonlySet<string>): void;
}

/**
 * A note's accessible name lives inside the note (see NoteNode) and the node points at it, so
 * editing a note's text changes no node object and costs React Flow nothing.
 */
export const noteLabelId = (noteId: string): string => `note-label-${noteId}`;
export const noteLabel = (text: string): string => `Note: ${text.trim() || '(empty)'}`;
const clusterLabel = (cluster: Cluster) => `Cluster: ${cluster.name || 'Unnamed cluster'}`;

function clusterNode(cluster: Cluster, previous: WallNode | undefined): ClusterNode {
  const selected = previous?.selected ?? false;
  const label = clusterLabel(cluster);
  if (
    previous?.type === 'cluster' &&
    !previous.dragging &&
    !previous.resizing &&
    previous.position.x === cluster.x &&
    previous.position.y === cluster.y &&
    previous.width === cluster.width &&
    previous.height === cluster.height &&
    previous.ariaLabel === label
  ) {
    return previous;
  }
  if (previous?.dragging || previous?.resizing)
    return { ...(previous as ClusterNode), ariaLabel: label };
  return {
    id: cluster.id,
    type: 'cluster',
    position: { x: cluster.x, y: cluster.y },
    width: cluster.width,
    height: cluster.height,
    // Sizes are known, so React Flow need not wait for a measurement before fitting the view.
    measured: { width: cluster.width, height: cluster.height },
    data: { clusterId: cluster.id },
    selected,
    ariaLabel: label,
    zIndex: 0,
  };
}

function noteNode(
  note: Note,
  parent: Cluster | undefined,
  previous: WallNode | undefined,
  hidden: boolean,
): NoteNode {
  const x = parent ? note.x - parent.x : note.x;
  const y = parent ? note.y - parent.y : note.y;
  const parentId = parent?.id;
  if (previous?.dragging) return previous as NoteNode;
  if (
    previous?.type === 'note' &&
    (previous.hidden ?? false) === hidden &&
    previous.position.x === x &&
    previous.position.y === y &&
    previous.parentId === parentId
  ) {
    return previous;
  }
  const node: NoteNode = {
    id: note.id,
    type: 'note',
    position: { x, y },
    width: NOTE_SIZE.width,
    height: NOTE_SIZE.height,
    measured: NOTE_SIZE,
    data: { noteId: note.id },
    selected: previous?.selected ?? false,
    domAttributes: { 'aria-labelledby': noteLabelId(note.id) },
    zIndex: 1,
    hidden,
  };
  if (parentId) node.parentId = parentId;
  return node;
}

export function createWallViewStore() {
  return createStore<WallViewState>()((set, get) => ({
    nodes: [],
    selection: NOTHING_SELECTED,
    overview: false,
    editingNoteId: null,

    sync(state) {
      const previous = new Map(get().nodes.map((n) => [n.id, n]));
      const clusters = [...state.records.clusters.values()];
      const nodes: WallNode[] = [];
      // React Flow wants parents before their children.
      for (const cluster of clusters) nodes.push(clusterNode(cluster, previous.get(cluster.id)));
      for (const note of [...state.records.notes.values()]) {
        const parent = note.clusterId ? state.records.clusters.get(note.clusterId) : undefined;
        nodes.push(noteNode(note, parent, previous.get(note.id), get().overview));
      }
      const old = get().nodes;
      const unchanged = nodes.length === old.length && nodes.every((node, i) => node === old[i]);
      const editing = get().editingNoteId;
      const editingNoteId = editing && state.records.notes.get(editing) ? editing : null;
      // Content-only changes (text, colour, votes) leave every node as it was: keep the array,
      // so React Flow does no work at all.
      if (unchanged) {
        if (editingNoteId !== editing) set({ editingNoteId });
        return;
      }
      set({ nodes, selection: selectionOf(nodes, get().selection), editingNoteId });
    },

    applyChanges(changes) {
      // Sizes are known from the domain; measured dimensions only matter while resizing.
      const relevant = changes.filter((c) => c.type !== 'dimensions' || c.resizing !== undefined);
      if (relevant.length === 0) return;
      const nodes = applyNodeChanges(relevant, get().nodes as WallNode[]);
      // Drag frames only move nodes; only selection changes need the selection rescanned.
      const reselect = relevant.some((c) => c.type === 'select' || c.type === 'remove');
      set(reselect ? { nodes, selection: selectionOf(nodes, get().selection) } : { nodes });
    },

    setOverview(on) {
      if (get().overview === on) return;
      const nodes = get().nodes.map((n) =>
        n.type !== 'note' || (n.hidden ?? false) === on ? n : { ...n, hidden: on },
      );
      set({ overview: on, nodes });
    },

    setEditing(noteId) {
      set({ editingNoteId: noteId });
    },

    select(ids) {
      const nodes = get().nodes.map((n) =>
        ids.has(n.id) === (n.selected ?? false) ? n : { ...n, selected: ids.has(n.id) },
      );
      set({ nodes, selection: selectionOf(nodes, get().selection) });
    },
  }));
}

export type WallViewStore = ReturnType<typeof createWallViewStore>;
