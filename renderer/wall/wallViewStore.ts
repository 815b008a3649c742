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
import { NOTE_SIZE, type Cluster, type Note, type NoteColor } from '../../shared/wall/records';
import type { WorkshopState } from '../../shared/registry';
import { noteHeight } from './noteLayout';
import { readingOrder } from './wallGeometry';

export type NoteNode = Node<{ noteId: NoteId; pending?: true }, 'note'>;
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

/**
 * A new note being written: it exists only here until its text is committed as
 * one note.add (an empty new note that is left is simply dropped).
 */
export interface PendingNote {
  readonly id: NoteId;
  readonly x: number;
  readonly y: number;
  readonly color: NoteColor;
}

/**
 * How much of each note is drawn: `full` (text and controls) or `blocks`
 * (coloured cards), decided by the wall from the rendered text size and the
 * number of notes on screen (see useLevelOfDetail in Wall.tsx).
 */
export type WallDetail = 'full' | 'blocks';

export interface WallViewState {
  readonly nodes: readonly WallNode[];
  readonly detail: WallDetail;
  setDetail(detail: WallDetail): void;
  readonly pending: PendingNote | null;
  setPending(pending: PendingNote | null): void;
  /** Notes matching the current search, highlighted on the wall. */
  readonly matches: ReadonlySet<string>;
  setMatches(ids: readonly string[]): void;
  readonly selection: WallSelection;
  /**
   * Overview mode (far zoomed out): notes are hidden from React Flow and drawn
   * on one canvas instead (WallOverviewLayer), because thousands of DOM nodes
   * cost more to composite and hit-test than the browser can do per frame.
   */
  readonly overview: boolean;
  setOverview(on: boolean): void;
  readonly editingNoteId: NoteId | null;
  /** Presenting mode: the wall is shown to the room, not edited. */
  readonly presenting: boolean;
  setPresenting(on: boolean): void;
  /** Rebuilds nodes from the domain, reusing every node whose geometry did not change. */
  sync(state: WorkshopState): void;
  applyChanges(changes: NodeChange<WallNode>[]): void;
  setEditing(noteId: NoteId | null): void;
  /** Grows (or shrinks) a note while its text is being typed; the next sync uses the stored text. */
  setNoteHeight(noteId: string, height: number): void;
  select(ids: ReadonlySet<string>): void;
}

/**
 * A note's accessible name (text, cluster, votes) lives inside the note (see NoteNode) and the
 * node points at it, so a vote or a text edit changes no node object and costs React Flow nothing.
 */
export const noteLabelId = (noteId: string): string => `note-label-${noteId}`;
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
  // Notes grow with their text; a text edit that adds a line makes a new node object.
  const height = noteHeight(note.text);
  if (previous?.dragging) return previous as NoteNode;
  if (
    previous?.type === 'note' &&
    (previous.hidden ?? false) === hidden &&
    previous.position.x === x &&
    previous.position.y === y &&
    previous.height === height &&
    previous.parentId === parentId
  ) {
    return previous;
  }
  const node: NoteNode = {
    id: note.id,
    type: 'note',
    position: { x, y },
    width: NOTE_SIZE.width,
    height,
    measured: { width: NOTE_SIZE.width, height },
    data: { noteId: note.id },
    selected: previous?.selected ?? false,
    domAttributes: { 'aria-labelledby': noteLabelId(note.id) },
    zIndex: 1,
    hidden,
  };
  if (parentId) node.parentId = parentId;
  return node;
}

/** The node of a note being written (not in the domain yet): always shown, never in a cluster. */
function pendingNode(pending: PendingNote, previous: WallNode | undefined): NoteNode {
  if (previous?.type === 'note' && previous.data.pending) return previous;
  return {
    id: pending.id,
    type: 'note',
    position: { x: pending.x, y: pending.y },
    width: NOTE_SIZE.width,
    height: NOTE_SIZE.height,
    measured: NOTE_SIZE,
    data: { noteId: pending.id, pending: true },
    selected: false,
    draggable: false,
    domAttributes: { 'aria-labelledby': noteLabelId(pending.id) },
    zIndex: 2,
  };
}

export function createWallViewStore() {
  return createStore<WallViewState>()((set, get) => ({
    nodes: [],
    detail: 'full',
    presenting: false,
    pending: null,
    matches: new Set(),
    selection: NOTHING_SELECTED,
    overview: false,
    editingNoteId: null,

    sync(state) {
      const previous = new Map(get().nodes.map((n) => [n.id, n]));
      const nodes: WallNode[] = [];
      // Document order is reading order, which is what Tab and a screen reader follow: each
      // cluster (lanes left to right, top to bottom) followed by its notes, then free notes.
      // It also puts parents before their children, as React Flow wants.
      const members = new Map<string | null, (Note & { width: number; height: number })[]>();
      for (const note of [...state.records.notes.values()]) {
        const key =
          note.clusterId && state.records.clusters.has(note.clusterId) ? note.clusterId : null;
        const list = members.get(key) ?? [];
        list.push({ ...note, width: NOTE_SIZE.width, height: noteHeight(note.text) });
        members.set(key, list);
      }
      const overview = get().overview;
      const addNotes = (
        list: readonly (Note & { width: number; height: number })[] | undefined,
        parent: Cluster | undefined,
      ) => {
        for (const note of readingOrder(list ?? [])) {
          const record = state.records.notes.get(note.id) ?? note;
          nodes.push(noteNode(record, parent, previous.get(note.id), overview));
        }
      };
      for (const cluster of readingOrder([...state.records.clusters.values()])) {
        nodes.push(clusterNode(cluster, previous.get(cluster.id)));
        addNotes(members.get(cluster.id), cluster);
      }
      addNotes(members.get(null), undefined);
      // A pending note that is in the records now (committed here or by another window) is done.
      const pending =
        get().pending && state.records.notes.has(get().pending?.id ?? '') ? null : get().pending;
      if (pending !== get().pending) set({ pending });
      if (pending) nodes.push(pendingNode(pending, previous.get(pending.id)));
      const old = get().nodes;
      const unchanged = nodes.length === old.length && nodes.every((node, i) => node === old[i]);
      const editing = get().editingNoteId;
      const editingNoteId =
        editing && (state.records.notes.get(editing) || editing === pending?.id) ? editing : null;
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

    setPresenting(on) {
      if (get().presenting !== on)
        set({ presenting: on, editingNoteId: on ? null : get().editingNoteId });
    },

    setDetail(detail) {
      if (get().detail !== detail) set({ detail });
    },

    setPending(pending) {
      const current = get().pending;
      if (current === pending) return;
      const nodes = get().nodes.filter((n) => n.id !== current?.id);
      if (pending) nodes.push(pendingNode(pending, undefined));
      const editing = get().editingNoteId;
      const editingNoteId = pending ? pending.id : editing === current?.id ? null : editing;
      set({ pending, nodes, editingNoteId });
    },

    setMatches(ids) {
      const next = new Set(ids);
      const old = get().matches;
      if (next.size === old.size && ids.every((id) => old.has(id))) return;
      set({ matches: next });
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

    setNoteHeight(noteId, height) {
      const nodes = get().nodes;
      const index = nodes.findIndex((n) => n.id === noteId);
      const node = nodes[index];
      if (!node || node.type !== 'note' || node.height === height) return;
      const next = [...nodes];
      next[index] = { ...node, height, measured: { width: NOTE_SIZE.width, height } };
      set({ nodes: next });
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
