/**
 * A component of the systems diagram: a 200×92 card with the icon of its
 * kind, its name (large enough to read from the back of the room), its kind
 * in small type, and markers over its top edge: a warning glyph when a
 * failure mode is written down, a shield per guardrail and a badge per
 * category of contributing factors placed on it. It reads its record from the
 * app store by id (narrow selectors), so editing one component re-renders one
 * card.
 *
 * Its accessible name ("Service: API gateway, in Edge") is a hidden label
 * the node points at; the visible name and kind are hidden from screen
 * readers so nothing is read twice. The markers keep their own accessible
 * text.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  COMPONENT_KIND_LABELS,
  SYSTEMS_LIMITS,
  type Component,
  type ComponentId,
  type ComponentKind,
} from '../../shared/systems/records';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { factorKey, parseFactorKey } from './factorBadges';
import { KindIcon } from './icons';
import { Markers } from './Markers';
import { addComponent, updateComponent } from './systemsActions';
import { useSystemsActions, useSystemsView, useSystemsViewStore } from './systemsContext';
import { componentLabel } from './systemsModel';
import { componentLabelId, type ComponentFlowNode } from './systemsViewStore';

/** Hands focus to a node of the diagram, so arrow keys, Delete and F2 act on it. */
export function focusNode(id: string): void {
  requestAnimationFrame(() => {
    document
      .querySelector<HTMLElement>(`.systems-canvas .react-flow__node[data-id="${CSS.escape(id)}"]`)
      ?.focus({ preventScroll: true });
  });
}

/**
 * The name being typed, in place. Enter or leaving the field keeps it (one
 * operation), Esc goes back to what it was (a new component: it is not added).
 */
export function NameEditor({
  initial,
  label,
  onDone,
}: {
  readonly initial: string;
  readonly label: string;
  /** `name` null: cancelled. Returns false when it could not be saved (the editor stays). */
  readonly onDone: (name: string | null, byKeyboard: boolean) => boolean;
}) {
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
    ref.current?.select();
  }, []);
  const done = (name: string | null, byKeyboard: boolean) => {
    if (finished.current) return;
    finished.current = true;
    if (!onDone(name, byKeyboard)) finished.current = false;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Keys typed here are the name's, not the diagram's shortcuts.
    event.stopPropagation();
    if (event.key === 'Enter') {
      event.preventDefault();
      done(text, true);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      done(null, true);
    }
  };
  return (
    <input
      ref={ref}
      className="name-editor nodrag nopan"
      aria-label={label}
      aria-description="Enter to keep, Esc to cancel"
      value={text}
      maxLength={SYSTEMS_LIMITS.nameLength}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => done(text, false)}
    />
  );
}

/** The kind as the card's small print: short enough never to be cut off. */
const CARD_KIND: Record<ComponentKind, string> = {
  service: 'Service',
  datastore: 'Datastore',
  queue: 'Queue',
  external: 'External',
  team: 'Team / role',
  process: 'Process / control',
  config: 'Configuration',
  monitoring: 'Monitoring',
};

const HANDLES = [
  [Position.Top, 'top'],
  [Position.Right, 'right'],
  [Position.Bottom, 'bottom'],
  [Position.Left, 'left'],
] as const;

function ComponentNodeView({ id, selected, data, isConnectable }: NodeProps<ComponentFlowNode>) {
  // One subscription for the record and its zone's name, one for its factor badges (a string).
  const [stored, zoneName] = useAppStore(
    useShallow((s) => {
      const records = s.open?.state.records;
      const component = records?.components.get(id);
      const zone = component?.zoneId ? records?.zones.get(component.zoneId) : undefined;
      return [component, zone ? zone.name : null] as const;
    }),
  );
  const factors = useAppStore((s) => factorKey(s.open?.state.records, id));
  const pending = useSystemsView((s) => (data.pending && s.pending?.id === id ? s.pending : null));
  const editing = useSystemsView((s) => s.editing === id);
  const view = useSystemsViewStore();
  const actions = useSystemsActions();

  const component: Pick<
    Component,
    'kind' | 'name' | 'failureMode' | 'guardrails' | 'onPath' | 'pinned'
  > | null =
    stored ??
    (pending
      ? {
          kind: pending.kind,
          name: '',
          failureMode: '',
          guardrails: [],
          onPath: false,
          pinned: true,
        }
      : null);
  if (!component) return null;
  const kind = COMPONENT_KIND_LABELS[component.kind];
  const badges = parseFactorKey(factors);

  const finish = (name: string | null, byKeyboard: boolean): boolean => {
    const trimmed = name?.trim() ?? '';
    if (pending) {
      // A new component left unnamed (or cancelled) was never there: nothing reaches the audit trail.
      if (trimmed !== '' && !addComponent(pending, trimmed)) return false;
      view.getState().setPending(null);
      if (trimmed !== '') {
        const domain = getAppStore().getState().open?.state;
        if (domain) view.getState().sync(domain);
        view.getState().select(new Set([id]));
        if (byKeyboard) focusNode(id);
      } else if (byKeyboard) {
        actions.focusDiagram();
      }
      return true;
    }
    if (trimmed !== '' && !updateComponent(id as ComponentId, { name: trimmed })) return false;
    view.getState().setEditing(null);
    if (byKeyboard) focusNode(id);
    return true;
  };

  const classes = [
    'component',
    `kind-${component.kind}`,
    selected ? 'is-selected' : '',
    component.onPath ? 'is-on-path' : '',
    pending ? 'is-pending' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div
      className={classes}
      onDoubleClick={(event) => {
        event.stopPropagation();
        if (getAppStore().getState().open?.readOnly || pending) return;
        view.getState().setEditing(id);
      }}
    >
      <span id={componentLabelId(id)} className="visually-hidden">
        {pending ? `New ${kind.toLowerCase()}` : componentLabel(component, zoneName)}
      </span>
      <div className="component-head" aria-hidden="true">
        <KindIcon kind={component.kind} size={22} />
        <span className="component-kind">{CARD_KIND[component.kind]}</span>
        {component.onPath && <span className="path-tag">On path</span>}
      </div>
      {editing || pending ? (
        <NameEditor
          initial={pending ? `New ${kind.toLowerCase()}` : component.name}
          label={`${kind} name`}
          onDone={finish}
        />
      ) : (
        <p className="component-name" aria-hidden="true" title={component.name}>
          {component.name}
        </p>
      )}
      {(component.failureMode || component.guardrails.length > 0 || badges.length > 0) && (
        <div className="component-markers">
          <Markers
            failure={component.failureMode.trim()}
            guardrails={component.guardrails}
            badges={badges}
            size={18}
          />
        </div>
      )}
      {/* Drawn for a new component too (not connectable yet): React Flow measures a node's
          connection points once, and a card that is being named keeps its node when added. */}
      {HANDLES.map(([position, side]) => (
        <Handle
          key={side}
          id={side}
          type="source"
          position={position}
          isConnectable={isConnectable && !pending}
          className="component-handle"
          aria-label={`Connect ${component.name || 'the new component'} (${side})`}
        />
      ))}
    </div>
  );
}

export const ComponentNode = memo(ComponentNodeView);
