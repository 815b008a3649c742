/**
 * The systems diagram's view state for React Flow: node and edge objects
 * derived from the domain, plus what only the view knows (selection,
 * positions while a drag is in progress, a new component still being named,
 * whether the incident path is highlighted). It never changes the domain:
 * gestures become operations in the app store, and the next `sync` brings
 * their result back here.
 *
 * Nodes and edges carry ids and geometry only; the node and edge components
 * read their record from the app store by id. A node or edge whose geometry
 * and name did not change keeps its object, and when nothing changed at all
 * the very same arrays stay, so an edit of a failure mode costs React Flow
 * nothing (the pattern of wall/wallViewStore.ts).
 */
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import { COMPONENT_BOX } from '../../shared/systems/layout';
import type {
  Component,
  ComponentId,
  ComponentKind,
  Interaction,
  InteractionId,
  Zone,
  ZoneId,
} from '../../shared/systems/records';
import type { WorkshopState } from '../../shared/registry';
import {
  bendsOf,
  interactionLabel,
  readingGroups,
  zoneLabel,
  type SystemsSelection,
} from './systemsModel';

export type ComponentFlowNode = Node<{ componentId: string; pending?: true }, 'component'>;
export type ZoneFlowNode = Node<{ zoneId: string }, 'zone'>;
export type SystemsNode = ComponentFlowNode | ZoneFlowNode;
export type InteractionFlowEdge = Edge<
  { interactionId: string; bend: number; dimmed: boolean },
  'interaction'
>;

/** A new component being named: it reaches the domain as one component.add once named. */
export interface PendingComponent {
  readonly id: ComponentId;
  readonly kind: ComponentKind;
  readonly x: number;
  readonly y: number;
}

/** Paint order (React Flow's manual z-index mode): zones, lines, cards; the path above the rest. */
export const Z = { zone: 0, edge: 1, pathEdge: 2, component: 3, pathComponent: 4 } as const;

const NOTHING: SystemsSelection = { zones: [], components: [], interactions: [] };

/** A component's accessible name lives inside its card (ComponentNode); the node points at it. */
export const componentLabelId = (componentId: string): string => `component-label-${componentId}`;

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

function selectionOf(
  nodes: readonly SystemsNode[],
  edges: readonly InteractionFlowEdge[],
  previous: SystemsSelection,
): SystemsSelection {
  const zones: ZoneId[] = [];
  const components: ComponentId[] = [];
  const interactions: InteractionId[] = [];
  for (const node of nodes) {
    if (!node.selected) continue;
    if (node.type === 'zone') zones.push(node.id as ZoneId);
    else if (!node.data.pending) components.push(node.id as ComponentId);
  }
  for (const edge of edges) if (edge.selected) interactions.push(edge.id as InteractionId);
  if (
    same(zones, previous.zones) &&
    same(components, previous.components) &&
    same(interactions, previous.interactions)
  ) {
    return previous;
  }
  return zones.length + components.length + interactions.length
    ? { zones, components, interactions }
    : NOTHING;
}

function zoneNode(zone: Zone, previous: SystemsNode | undefined, faded: boolean): ZoneFlowNode {
  const label = zoneLabel(zone);
  const className = faded ? 'is-faded' : undefined;
  if (previous?.type === 'zone' && (previous.dragging || previous.resizing)) {
    return previous.ariaLabel === label ? previous : { ...previous, ariaLabel: label };
  }
  if (
    previous?.type === 'zone' &&
    previous.position.x === zone.x &&
    previous.position.y === zone.y &&
    previous.width === zone.width &&
    previous.height === zone.height &&
    previous.ariaLabel === label &&
    previous.className === className
  ) {
    return previous;
  }
  return {
    id: zone.id,
    type: 'zone',
    position: { x: zone.x, y: zone.y },
    width: zone.width,
    height: zone.height,
    // Sizes are known: React Flow can fit the view before anything is measured.
    measured: { width: zone.width, height: zone.height },
    data: { zoneId: zone.id },
    selected: previous?.selected ?? false,
    ariaLabel: label,
    className,
    zIndex: Z.zone,
  };
}

function componentNode(
  component: Component,
  parent: Zone | null,
  previous: SystemsNode | undefined,
  highlight: boolean,
): ComponentFlowNode {
  if (previous?.type === 'component' && previous.dragging) return previous;
  const x = parent ? component.x - parent.x : component.x;
  const y = parent ? component.y - parent.y : component.y;
  const parentId = parent?.id;
  const className = highlight && !component.onPath ? 'is-dimmed' : undefined;
  const zIndex = highlight && component.onPath ? Z.pathComponent : Z.component;
  if (
    previous?.type === 'component' &&
    !previous.data.pending &&
    previous.position.x === x &&
    previous.position.y === y &&
    previous.parentId === parentId &&
    previous.className === className &&
    previous.zIndex === zIndex
  ) {
    return previous;
  }
  const node: ComponentFlowNode = {
    id: component.id,
    type: 'component',
    position: { x, y },
    width: COMPONENT_BOX.width,
    height: COMPONENT_BOX.height,
    measured: { ...COMPONENT_BOX },
    data: { componentId: component.id },
    selected: previous?.selected ?? false,
    domAttributes: { 'aria-labelledby': componentLabelId(component.id) },
    className,
    zIndex,
  };
  if (parentId) node.parentId = parentId;
  return node;
}

function pendingNode(
  pending: PendingComponent,
  previous: SystemsNode | undefined,
): ComponentFlowNode {
  if (previous?.type === 'component' && previous.data.pending) return previous;
  return {
    id: pending.id,
    type: 'component',
    position: { x: pending.x, y: pending.y },
    width: COMPONENT_BOX.width,
    height: COMPONENT_BOX.height,
    measured: { ...COMPONENT_BOX },
    data: { componentId: pending.id, pending: true },
    selected: false,
    draggable: false,
    connectable: false,
    domAttributes: { 'aria-labelledby': componentLabelId(pending.id) },
    zIndex: Z.pathComponent,
  };
}

function interactionEdge(
  interaction: Interaction,
  label: string,
  bend: number,
  previous: InteractionFlowEdge | undefined,
  highlight: boolean,
): InteractionFlowEdge {
  const dimmed = highlight && !interaction.onPath;
  const zIndex = highlight && interaction.onPath ? Z.pathEdge : Z.edge;
  if (
    previous &&
    previous.source === interaction.sourceId &&
    previous.target === interaction.targetId &&
    previous.ariaLabel === label &&
    previous.data?.bend === bend &&
    previous.data.dimmed === dimmed &&
    previous.zIndex === zIndex
  ) {
    return previous;
  }
  return {
    id: interaction.id,
    type: 'interaction',
    source: interaction.sourceId,
    target: interaction.targetId,
    data: { interactionId: interaction.id, bend, dimmed },
    selected: previous?.selected ?? false,
    ariaLabel: label,
    className: dimmed ? 'is-dimmed' : undefined,
    zIndex,
    // Reachable from the keyboard through the inspector's list, not by Tab: Tab goes through
    // the components (the lines come first in the DOM and would make every Tab walk them all).
    domAttributes: { tabIndex: -1 },
  };
}

/** How much the diagram draws: labels on the lines only while they can be read. */
export type SystemsDetail = 'full' | 'compact';

export interface SystemsViewState {
  readonly nodes: readonly SystemsNode[];
  readonly edges: readonly InteractionFlowEdge[];
  readonly selection: SystemsSelection;
  readonly pending: PendingComponent | null;
  /** The component or zone whose name is being edited in place. */
  readonly editing: string | null;
  /** "Highlight incident path": the path on top, everything else dimmed. */
  readonly highlight: boolean;
  readonly detail: SystemsDetail;
  /** Rebuilds nodes and edges from the domain, reusing every one that did not change. */
  sync(state: WorkshopState): void;
  applyNodeChanges(changes: NodeChange<SystemsNode>[]): void;
  applyEdgeChanges(changes: EdgeChange<InteractionFlowEdge>[]): void;
  /** Selects exactly these nodes and edges (by id). */
  select(ids: ReadonlySet<string>): void;
  setPending(pending: PendingComponent | null): void;
  setEditing(id: string | null): void;
  setHighlight(on: boolean): void;
  setDetail(detail: SystemsDetail): void;
}

export function createSystemsViewStore() {
  let lastState: WorkshopState | null = null;
  return createStore<SystemsViewState>()((set, get) => ({
    nodes: [],
    edges: [],
    selection: NOTHING,
    pending: null,
    editing: null,
    highlight: false,
    detail: 'full',

    sync(state) {
      lastState = state;
      const { zones, components, interactions } = state.records;
      const highlight = get().highlight;
      const previousNodes = new Map(get().nodes.map((n) => [n.id, n]));
      const nodes: SystemsNode[] = [];
      for (const group of readingGroups(components.values(), zones.values())) {
        if (group.zone)
          nodes.push(zoneNode(group.zone, previousNodes.get(group.zone.id), highlight));
        for (const c of group.members) {
          nodes.push(componentNode(c, group.zone, previousNodes.get(c.id), highlight));
        }
      }
      // A new component that is in the records now (named here, or undone and redone) is done.
      const pending =
        get().pending && components.has(get().pending?.id ?? '') ? null : get().pending;
      if (pending) nodes.push(pendingNode(pending, previousNodes.get(pending.id)));

      const previousEdges = new Map(get().edges.map((e) => [e.id, e]));
      const bends = bendsOf(interactions.values());
      const edges: InteractionFlowEdge[] = [];
      const onTop: InteractionFlowEdge[] = [];
      for (const i of interactions.values()) {
        const source = components.get(i.sourceId);
        const target = components.get(i.targetId);
        if (!source || !target) continue;
        const edge = interactionEdge(
          i,
          interactionLabel(i, source.name, target.name),
          bends.get(i.id) ?? 0,
          previousEdges.get(i.id),
          highlight,
        );
        // Highlighted path edges come last: drawn over the dimmed ones where they cross.
        (highlight && i.onPath ? onTop : edges).push(edge);
      }
      edges.push(...onTop);

      const oldNodes = get().nodes;
      const oldEdges = get().edges;
      const sameNodes =
        nodes.length === oldNodes.length && nodes.every((n, i) => n === oldNodes[i]);
      const sameEdges =
        edges.length === oldEdges.length && edges.every((e, i) => e === oldEdges[i]);
      const editing = get().editing;
      const stillEditing =
        editing && (components.has(editing) || zones.has(editing) || editing === pending?.id)
          ? editing
          : null;
      const next: { -readonly [K in keyof SystemsViewState]?: SystemsViewState[K] } = {};
      if (!sameNodes) next.nodes = nodes;
      if (!sameEdges) next.edges = edges;
      if (pending !== get().pending) next.pending = pending;
      if (stillEditing !== editing) next.editing = stillEditing;
      if (!sameNodes || !sameEdges) {
        next.selection = selectionOf(nodes, edges, get().selection);
      }
      if (Object.keys(next).length > 0) set(next);
    },

    applyNodeChanges(changes) {
      // Sizes are known from the domain; measured sizes matter only while a zone is resized.
      const relevant = changes.filter((c) => c.type !== 'dimensions' || c.resizing !== undefined);
      if (relevant.length === 0) return;
      const nodes = applyNodeChanges(relevant, get().nodes as SystemsNode[]);
      const reselect = relevant.some((c) => c.type === 'select' || c.type === 'remove');
      set(
        reselect
          ? { nodes, selection: selectionOf(nodes, get().edges, get().selection) }
          : { nodes },
      );
    },

    applyEdgeChanges(changes) {
      const relevant = changes.filter((c) => c.type === 'select');
      if (relevant.length === 0) return;
      const edges = applyEdgeChanges(relevant, get().edges as InteractionFlowEdge[]);
      set({ edges, selection: selectionOf(get().nodes, edges, get().selection) });
    },

    select(ids) {
      const nodes = get().nodes.map((n) =>
        ids.has(n.id) === (n.selected ?? false) ? n : { ...n, selected: ids.has(n.id) },
      );
      const edges = get().edges.map((e) =>
        ids.has(e.id) === (e.selected ?? false) ? e : { ...e, selected: ids.has(e.id) },
      );
      set({ nodes, edges, selection: selectionOf(nodes, edges, get().selection) });
    },

    setPending(pending) {
      const current = get().pending;
      if (current === pending) return;
      const nodes = get().nodes.filter((n) => n.id !== current?.id);
      if (pending) nodes.push(pendingNode(pending, undefined));
      const editing = get().editing;
      set({
        pending,
        nodes,
        editing: pending ? pending.id : editing === current?.id ? null : editing,
      });
    },

    setEditing(id) {
      if (get().editing !== id) set({ editing: id });
    },

    setHighlight(on) {
      if (get().highlight === on) return;
      set({ highlight: on });
      if (lastState) get().sync(lastState);
    },

    setDetail(detail) {
      if (get().detail !== detail) set({ detail });
    },
  }));
}

export type SystemsViewStore = ReturnType<typeof createSystemsViewStore>;
