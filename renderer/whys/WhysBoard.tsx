/**
 * The branching 5-whys canvas. A problem statement on the left, each level of
 * "because" a column further right, any why with several children. Built for
 * a facilitator typing live on the projector: Tab adds a child, Enter a
 * sibling, arrows move, F2 edits, Delete removes (with Undo), Esc leaves
 * editing and keeps the text. The tree is laid out by `layoutWhys`
 * (d3-hierarchy), again only when its nodes, their text or what is collapsed
 * change. A new why exists in the view only until its text is committed as
 * one why.add, so an empty why that is left never reaches the audit trail.
 */
import {
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { asWhyId, type WhyId, type WhyNode as WhyRecord } from '../../shared/whys/records';
import { exportFigure } from '../figures/exportFigure';
import { useFocusRequest } from '../routing/focus';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { isTypingTarget } from '../ui/canvas';
import { clearDraft, draftIds, draftKey, readDraft, writeDraft } from '../ui/draftText';
import { WhyInspector } from './WhyInspector';
import { WhyNode, type WhyFlowNode } from './WhyNodeView';
import { addWhy, deleteWhy, editWhy } from './whysActions';
import { WhysBoardContext, type WhysBoardApi } from './whysContext';
import {
  layoutWithPending,
  neighbour,
  orderAfter,
  orderForChild,
  whyFlowNodes,
  type Direction,
} from './whysView';
import { createWhysViewStore, type WhysViewStore } from './whysViewStore';
import './whys.css';

const nodeTypes: NodeTypes = { why: WhyNode };
const proOptions = { hideAttribution: true };
const FIT = { padding: 0.08, maxZoom: 1.25 } as const;
/** Zoom at which a why's 18-unit text is about 14 px: where a revealed why is brought to. */
const READABLE_ZOOM = 0.8;

const ariaLabelConfig = {
  'node.a11yDescription.default':
    'Tab adds a child, Enter a sibling, F2 edits, Delete removes, arrow keys move between whys.',
  'node.a11yDescription.keyboardDisabled': 'Arrow keys move between whys.',
  'node.a11yDescription.ariaLiveMessage': ({ direction }: { direction: string }) =>
    `Moved ${direction}.`,
  'edge.a11yDescription.default': '',
  'controls.ariaLabel': 'Zoom controls',
  'controls.zoomIn.ariaLabel': 'Zoom in',
  'controls.zoomOut.ariaLabel': 'Zoom out',
};

export const WHYS_SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Tab', 'Add a why under the selected one (also while typing)'],
  ['Enter', 'Add a sibling below (also while typing)'],
  ['F2 or double-click', 'Edit the selected why'],
  ['Esc', 'Stop editing, keeping the text; again to clear the selection'],
  ['Arrow keys', 'Move to the parent, a child, or the why above or below'],
  ['Space', 'Collapse or expand the branch'],
  ['Delete', 'Delete the why and its branch (Undo brings it back)'],
  ['Ctrl+Z / Ctrl+Y', 'Undo / redo'],
  ['F', 'Fit the tree to the screen'],
];

/** Focuses a why's node, waiting a few frames for it to be rendered (it may just be coming into view). */
function focusWhy(id: string, frames = 30): void {
  requestAnimationFrame(() => {
    // A why being written has the focus: a late focus request must not take the typing away.
    if (document.activeElement?.classList.contains('why-editor')) return;
    const node = document.querySelector<HTMLElement>(
      `.whys-board .react-flow__node[data-id="${CSS.escape(id)}"]`,
    );
    if (node) node.focus({ preventScroll: true });
    else if (frames > 0) focusWhy(id, frames - 1);
  });
}

const EMPTY = new Map<string, WhyRecord>();
const NO_PEOPLE: readonly string[] = [];
/** Whether the details panel is open: how this person likes to work, kept beside the drafts. */
const DETAILS_KEY = 'debrief:whys-details';

function WhysCanvas({
  view,
  workshopId,
}: {
  readonly view: WhysViewStore;
  readonly workshopId: string;
}) {
  const flow = useReactFlow<WhyFlowNode>();
  const whyNodes = useAppStore((s) => s.open?.state.records.whyNodes ?? EMPTY);
  const readOnly = useAppStore((s) => s.open?.readOnly ?? false);
  const pending = useStore(view, (s) => s.pending);
  const collapsed = useStore(view, (s) => s.collapsed);
  const selected = useStore(view, (s) => s.selected);
  const people = useAppStore((s) => s.open?.state.workshop.authors ?? NO_PEOPLE);
  const [typing, setTyping] = useState<ReadonlyMap<string, number>>(new Map());
  // On a projector (1280 wide) the tree needs the whole width; on a wide screen details fit beside it.
  const [inspector, setInspectorState] = useState(() => {
    const stored = readDraft(DETAILS_KEY);
    return stored === null ? window.innerWidth >= 1440 : stored === 'open';
  });
  const setInspector = (update: (open: boolean) => boolean) =>
    setInspectorState((open) => {
      const next = update(open);
      writeDraft(DETAILS_KEY, next ? 'open' : 'closed');
      return next;
    });
  const [help, setHelp] = useState(false);
  const [ready, setReady] = useState(false);

  const pendingText = pending ? (readDraft(draftKey(workshopId, 'why', pending.id)) ?? '') : '';
  const layout = useMemo(
    () => layoutWithPending(whyNodes, pending, pendingText, collapsed, typing, people),
    [whyNodes, pending, pendingText, collapsed, typing, people],
  );
  const layoutRef = useRef(layout);
  useEffect(() => {
    layoutRef.current = layout;
  }, [layout]);

  // Laid out again only when the nodes, their text or what is collapsed change (see layout).
  const nodes = useMemo(
    () => whyFlowNodes(layout, whyNodes, pending?.id ?? null),
    [layout, whyNodes, pending],
  );

  const edges = useMemo<Edge[]>(() => {
    const list: Edge[] = [];
    for (const id of layout.order) {
      const parentId = whyNodes.get(id)?.parentId ?? (pending?.id === id ? pending.parentId : null);
      if (parentId && layout.boxes.has(parentId)) {
        list.push({
          id: `why-edge-${id}`,
          source: parentId,
          target: id,
          type: 'smoothstep',
          focusable: false,
        });
      }
    }
    return list;
  }, [layout, whyNodes, pending]);

  /**
   * Brings a why into view. While the whole tree fits at a readable size it
   * is kept fitted (the room sees the whole analysis); a bigger tree pans just
   * enough to show the why, at a readable zoom.
   */
  const reveal = useCallback(
    function revealWhy(id: string, frames = 30): void {
      requestAnimationFrame(() => {
        const { boxes, bounds } = layoutRef.current;
        const box = boxes.get(id);
        // A why added just now is laid out after this render's effects: try again next frame.
        if (!box) {
          if (frames > 0) revealWhy(id, frames - 1);
          return;
        }
        const el = document.querySelector('.whys-board .whys-canvas');
        const width = el?.clientWidth ?? 1280;
        const height = el?.clientHeight ?? 600;
        const fits = Math.min(
          width / (bounds.width * (1 + 2 * FIT.padding)),
          height / (bounds.height * (1 + 2 * FIT.padding)),
        );
        if (fits >= READABLE_ZOOM) {
          void flow.fitView({ ...FIT, duration: 200 });
          return;
        }
        const { x, y, zoom } = flow.getViewport();
        const margin = 24;
        const left = box.x * zoom + x;
        const top = box.y * zoom + y;
        const inView =
          left >= margin &&
          top >= margin &&
          left + box.width * zoom <= width - margin &&
          top + box.height * zoom <= height - margin;
        if (inView && zoom >= READABLE_ZOOM * 0.75) return;
        void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, {
          zoom: Math.max(zoom, READABLE_ZOOM),
          duration: 200,
        });
      });
    },
    [flow],
  );

  const selectWhy = useCallback(
    (id: string | null) => {
      view.getState().select(id === null ? null : asWhyId(id));
      if (id) {
        focusWhy(id);
        reveal(id);
      }
    },
    [view, reveal],
  );

  const startChild = useCallback(
    (parentId: WhyId | null) => {
      if (readOnly) return;
      const id = asWhyId(crypto.randomUUID());
      const order = orderForChild(whyNodes, parentId);
      writeDraft(draftKey(workshopId, 'new-why', id), JSON.stringify({ parentId, order }));
      view.getState().startPending({ id, parentId, order });
      reveal(id);
    },
    [readOnly, whyNodes, view, workshopId, reveal],
  );

  const startSibling = useCallback(
    (id: WhyId) => {
      const node = getAppStore().getState().open?.state.records.whyNodes.get(id);
      if (!node) return;
      // A problem statement's "sibling" would be a second problem: Enter there adds its first why.
      if (node.parentId === null) {
        startChild(node.id);
        return;
      }
      if (readOnly) return;
      const nodes = getAppStore().getState().open?.state.records.whyNodes ?? EMPTY;
      const newId = asWhyId(crypto.randomUUID());
      const order = orderAfter(nodes, node);
      writeDraft(
        draftKey(workshopId, 'new-why', newId),
        JSON.stringify({ parentId: node.parentId, order }),
      );
      view.getState().startPending({ id: newId, parentId: node.parentId, order });
      reveal(newId);
    },
    [readOnly, startChild, view, workshopId, reveal],
  );

  const api = useMemo<WhysBoardApi>(
    () => ({
      view,
      people: () => getAppStore().getState().open?.state.workshop.authors ?? [],
      startEdit: (id) => {
        if (getAppStore().getState().open?.readOnly) return;
        view.getState().edit(id);
      },
      resize: (id, height) =>
        setTyping((current) => {
          if (current.get(id) === height) return current;
          const next = new Map(current);
          next.set(id, height);
          return next;
        }),
      commit: (id, text, then) => {
        const state = view.getState();
        const stored = getAppStore().getState().open?.state.records.whyNodes.get(id);
        const finishTyping = () =>
          setTyping((current) => {
            if (!current.has(id)) return current;
            const next = new Map(current);
            next.delete(id);
            return next;
          });
        if (state.pending?.id === id) {
          const { parentId, order } = state.pending;
          if (text.trim() === '') {
            // Nothing written: the new why goes, and nothing was recorded.
            clearDraft(draftKey(workshopId, 'new-why', id));
            state.clearPending();
            state.edit(null);
            finishTyping();
            selectWhy(parentId);
            return true;
          }
          if (!addWhy(id, parentId, order, text)) return false;
          clearDraft(draftKey(workshopId, 'new-why', id));
          state.clearPending();
        } else if (stored) {
          if (!editWhy(id, text)) return false;
        } else {
          return true;
        }
        finishTyping();
        if (then === 'blur') {
          if (view.getState().editing === id) view.getState().edit(null);
          return true;
        }
        view.getState().edit(null);
        if (then === 'child') startChild(id);
        else if (then === 'sibling') startSibling(id);
        else selectWhy(id);
        return true;
      },
    }),
    [view, workshopId, selectWhy, startChild, startSibling],
  );

  // A new why being written when the page was reloaded comes back, where its parent still is:
  // once, when the board is first editable (a read-only window restores nothing).
  const restored = useRef(false);
  useEffect(() => {
    if (readOnly || restored.current) return;
    restored.current = true;
    for (const id of draftIds(workshopId, 'new-why')) {
      const raw = readDraft(draftKey(workshopId, 'new-why', id));
      try {
        const parsed = JSON.parse(raw ?? 'null') as { parentId?: unknown; order?: unknown } | null;
        const parentId = typeof parsed?.parentId === 'string' ? asWhyId(parsed.parentId) : null;
        const order =
          typeof parsed?.order === 'number' && Number.isFinite(parsed.order) ? parsed.order : 0;
        const nodes = getAppStore().getState().open?.state.records.whyNodes ?? EMPTY;
        if ((parentId === null || nodes.has(parentId)) && !nodes.has(id)) {
          view.getState().startPending({ id: asWhyId(id), parentId, order });
          return;
        }
      } catch {
        // A damaged draft is dropped below.
      }
      clearDraft(draftKey(workshopId, 'new-why', id));
    }
  }, [readOnly, workshopId, view]);

  const remove = useCallback(
    (id: WhyId) => {
      const nodes = getAppStore().getState().open?.state.records.whyNodes ?? EMPTY;
      const node = nodes.get(id);
      if (!node || readOnly) return;
      const count = 1 + countBelow(nodes, id);
      if (!deleteWhy(id)) return;
      selectWhy(node.parentId);
      getAppStore()
        .getState()
        .notify('info', `Deleted ${count === 1 ? '1 why' : `${count} whys (a branch)`}.`, {
          label: 'Undo',
          run: () => {
            getAppStore().getState().undo();
            selectWhy(id);
          },
        });
    },
    [readOnly, selectWhy],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      if (event.defaultPrevented) return;
      const app = getAppStore().getState();
      const mod = (event.ctrlKey || event.metaKey) && !event.getModifierState('AltGraph');
      const key = event.key;
      const current = view.getState().selected;
      const onControl =
        (key === 'Enter' || key === ' ') &&
        event.target instanceof Element &&
        event.target.closest('button, a[href], summary, [role="button"]') !== null &&
        event.target.closest('.react-flow__node') === null;
      if (onControl) return;
      if (mod && key.toLowerCase() === 'z') {
        event.preventDefault();
        if (event.shiftKey) app.redo();
        else app.undo();
        return;
      }
      if (mod && key.toLowerCase() === 'y') {
        event.preventDefault();
        app.redo();
        return;
      }
      if (mod || event.altKey) return;
      if (key === '?') {
        setHelp((h) => !h);
        return;
      }
      if (key.toLowerCase() === 'f' && !current) {
        void flow.fitView({ ...FIT, duration: 200 });
        return;
      }
      if (!current || !layoutRef.current.boxes.has(current)) {
        if (key === 'Escape') setHelp(false);
        return;
      }
      const nodes = app.open?.state.records.whyNodes ?? EMPTY;
      const arrows: Record<string, Direction> = {
        ArrowLeft: 'left',
        ArrowRight: 'right',
        ArrowUp: 'up',
        ArrowDown: 'down',
      };
      const direction = arrows[key];
      if (direction) {
        event.preventDefault();
        if (direction === 'right' && view.getState().collapsed.has(current)) {
          view.getState().toggleCollapsed(current);
          return;
        }
        const next = neighbour(layoutRef.current, nodes, current, direction);
        if (next) selectWhy(next);
        return;
      }
      if (key === 'Tab' && !event.shiftKey) {
        event.preventDefault();
        startChild(current);
      } else if (key === 'Enter') {
        event.preventDefault();
        startSibling(current);
      } else if (key === 'F2') {
        event.preventDefault();
        api.startEdit(current);
      } else if (key === 'Delete' || key === 'Backspace') {
        event.preventDefault();
        remove(current);
      } else if (key === ' ') {
        event.preventDefault();
        if (nodes.get(current) && [...nodes.values()].some((n) => n.parentId === current)) {
          view.getState().toggleCollapsed(current);
        }
      } else if (key === 'Escape') {
        view.getState().select(null);
      } else if (key.toLowerCase() === 'f') {
        void flow.fitView({ ...FIT, duration: 200 });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [view, flow, api, startChild, startSibling, remove, selectWhy]);

  useFocusRequest(
    'whys',
    useCallback(
      (target) => {
        if (target.collection !== 'whyNodes') return true;
        if (!ready) return false;
        const nodes = getAppStore().getState().open?.state.records.whyNodes ?? EMPTY;
        if (!nodes.has(target.id)) return true;
        // Open every collapsed branch above it, so it can be seen.
        const folded = new Set(view.getState().collapsed);
        let parentId = nodes.get(target.id)?.parentId ?? null;
        let opened = false;
        for (let guard = 0; parentId !== null && guard < 1000; guard += 1) {
          if (folded.delete(parentId)) opened = true;
          parentId = nodes.get(parentId)?.parentId ?? null;
        }
        if (opened) view.getState().setCollapsed(folded);
        selectWhy(target.id);
        return true;
      },
      [view, selectWhy, ready],
    ),
  );

  const workshop = useAppStore((s) => s.open?.state.workshop);
  const startProblem = () => {
    if (readOnly || !workshop) return;
    const id = asWhyId(crypto.randomUUID());
    const prefill = (workshop.summary.trim() || workshop.title).slice(0, 1_000);
    writeDraft(draftKey(workshopId, 'why', id), prefill);
    writeDraft(
      draftKey(workshopId, 'new-why', id),
      JSON.stringify({ parentId: null, order: orderForChild(whyNodes, null) }),
    );
    view.getState().startPending({ id, parentId: null, order: orderForChild(whyNodes, null) });
  };

  // Opening or closing the details panel changes the canvas's width: fit the tree to it again.
  const firstPanelState = useRef(true);
  useEffect(() => {
    if (firstPanelState.current) {
      firstPanelState.current = false;
      return;
    }
    requestAnimationFrame(() => void flow.fitView({ ...FIT, duration: 150 }));
  }, [inspector, flow]);

  const empty = layout.order.length === 0;
  const selectedRecord = selected ? whyNodes.get(selected) : undefined;

  return (
    <WhysBoardContext.Provider value={api}>
      <div className="whys-board">
        <div className="whys-toolbar" role="toolbar" aria-label="5 whys">
          <button type="button" onClick={startProblem} disabled={readOnly}>
            {empty ? 'Start with the problem statement' : 'New problem statement'}
          </button>
          <button
            type="button"
            disabled={!selectedRecord || readOnly}
            onClick={() => selectedRecord && startChild(selectedRecord.id)}
            title="Tab"
          >
            Add why
          </button>
          <button
            type="button"
            disabled={!selectedRecord || readOnly}
            onClick={() => selectedRecord && startSibling(selectedRecord.id)}
            title="Enter"
          >
            Add sibling
          </button>
          <button
            type="button"
            onClick={() => void flow.fitView({ ...FIT, duration: 200 })}
            title="F"
          >
            Fit
          </button>
          <button
            type="button"
            onClick={() => view.getState().setCollapsed(new Set())}
            disabled={collapsed.size === 0}
          >
            Expand all
          </button>
          <span className="toolbar-spacer" />
          <button type="button" onClick={() => void exportFigure('whys', 'svg')} disabled={empty}>
            Export SVG
          </button>
          <button type="button" onClick={() => void exportFigure('whys', 'png')} disabled={empty}>
            Export PNG
          </button>
          <button type="button" aria-pressed={inspector} onClick={() => setInspector((v) => !v)}>
            Details
          </button>
          <button
            type="button"
            aria-pressed={help}
            onClick={() => setHelp((v) => !v)}
            aria-label="Keyboard shortcuts"
          >
            ?
          </button>
        </div>
        <div className="whys-main">
          <div className="whys-canvas">
            {empty ? (
              <div className="whys-empty">
                <h2>Branching 5 whys</h2>
                <p>
                  Start from the problem statement (taken from the incident summary), then ask
                  “why?” as many times as it takes. Any why can have several answers: Tab adds one
                  under it, Enter adds another beside it.
                </p>
                <button type="button" onClick={startProblem} disabled={readOnly}>
                  Start with the problem statement
                </button>
              </div>
            ) : (
              <ReactFlow<WhyFlowNode>
                nodes={nodes}
                edges={edges}
                nodeTypes={nodeTypes}
                fitView
                fitViewOptions={FIT}
                minZoom={0.05}
                maxZoom={2.5}
                zoomOnDoubleClick={false}
                deleteKeyCode={null}
                selectionKeyCode={null}
                multiSelectionKeyCode={null}
                nodesDraggable={false}
                nodesConnectable={false}
                edgesFocusable={false}
                elementsSelectable
                onlyRenderVisibleElements
                onNodeClick={(_, node) => view.getState().select(asWhyId(node.id))}
                onPaneClick={() => view.getState().select(null)}
                onInit={() => setReady(true)}
                ariaLabelConfig={ariaLabelConfig}
                proOptions={proOptions}
              >
                <Controls showInteractive={false} />
              </ReactFlow>
            )}
            {help && (
              <div className="whys-help" role="dialog" aria-label="5 whys keys">
                <h2>Keys</h2>
                <dl>
                  {WHYS_SHORTCUTS.map(([keys, what]) => (
                    <div key={keys}>
                      <dt>{keys}</dt>
                      <dd>{what}</dd>
                    </div>
                  ))}
                </dl>
                <button type="button" onClick={() => setHelp(false)}>
                  Close
                </button>
              </div>
            )}
          </div>
          {inspector && selectedRecord && (
            <WhyInspector why={selectedRecord} onEdit={() => api.startEdit(selectedRecord.id)} />
          )}
        </div>
      </div>
    </WhysBoardContext.Provider>
  );
}

function countBelow(nodes: ReadonlyMap<string, WhyRecord>, id: string): number {
  let count = 0;
  const queue = [id];
  while (queue.length > 0) {
    const current = queue.pop();
    for (const n of nodes.values()) {
      if (n.parentId === current) {
        count += 1;
        queue.push(n.id);
      }
    }
  }
  return count;
}

export function WhysBoard() {
  const workshopId = useAppStore((s) => s.open?.state.workshop.id ?? '');
  const view = useMemo(() => createWhysViewStore(workshopId), [workshopId]);
  return (
    <ReactFlowProvider>
      <WhysCanvas key={workshopId} view={view} workshopId={workshopId} />
    </ReactFlowProvider>
  );
}
