/**
 * The side panel for the selected component or interaction: every property
 * as a labelled form field, so all of it works from the keyboard and a
 * screen reader. Text fields commit when they lose focus or on Enter, as one
 * operation each (never per keystroke), and Esc puts the stored text back;
 * choices (kind, guardrails, incident path, pinned) commit as they are made.
 * The contributing factors on the object are the factor panel's.
 */
import { memo, useId, useMemo, useState, type KeyboardEvent } from 'react';
import {
  COMPONENT_KIND_LABELS,
  COMPONENT_KINDS,
  GUARDRAIL_LABELS,
  GUARDRAILS,
  INTERACTION_KIND_LABELS,
  INTERACTION_KINDS,
  SYSTEMS_LIMITS,
  type ComponentId,
  type ComponentKind,
  type Guardrail,
  type InteractionId,
  type InteractionKind,
} from '../../shared/systems/records';
import { FactorPanel } from '../factors/FactorPanel';
import { useAppStore } from '../store/useAppStore';
import { connect, setPinned, updateComponent, updateInteraction } from './systemsActions';
import { useSystemsActions, useSystemsView, useSystemsViewStore } from './systemsContext';

/**
 * A text field that commits on Enter (Shift+Enter is a new line in a long
 * text) or when it loses focus, and goes back to the stored text on Esc.
 */
function TextField({
  label,
  value,
  onCommit,
  maxLength,
  multiline = false,
  required = false,
  hint,
}: {
  readonly label: string;
  readonly value: string;
  readonly onCommit: (text: string) => void;
  readonly maxLength: number;
  readonly multiline?: boolean;
  readonly required?: boolean;
  readonly hint?: string;
}) {
  const id = useId();
  const hintId = useId();
  // null: not being edited, so the stored value shows (an undo or another window updates it).
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    setDraft(null);
    if (draft === value || (required && draft.trim() === '')) return;
    onCommit(draft);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setDraft(null);
    } else if (event.key === 'Enter' && !(multiline && event.shiftKey)) {
      event.preventDefault();
      commit();
    }
  };
  const props = {
    id,
    value: draft ?? value,
    maxLength,
    required,
    'aria-describedby': hint ? hintId : undefined,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onKeyDown,
    onBlur: commit,
  };
  return (
    <div className="inspector-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...props} /> : <input type="text" {...props} />}
      {hint && (
        <span id={hintId} className="inspector-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

function KindSelect<K extends string>({
  label,
  value,
  kinds,
  labels,
  onChange,
}: {
  readonly label: string;
  readonly value: K;
  readonly kinds: readonly K[];
  readonly labels: Record<K, string>;
  readonly onChange: (kind: K) => void;
}) {
  const id = useId();
  return (
    <div className="inspector-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as K)}>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {labels[k]}
          </option>
        ))}
      </select>
    </div>
  );
}

function Guardrails({
  value,
  onChange,
}: {
  readonly value: readonly Guardrail[];
  readonly onChange: (guardrails: Guardrail[]) => void;
}) {
  return (
    <fieldset className="inspector-guardrails">
      <legend>Guardrails</legend>
      {GUARDRAILS.map((g) => (
        <label key={g}>
          <input
            type="checkbox"
            checked={value.includes(g)}
            onChange={(e) =>
              // Kept in the schema's order, so the same set is always the same list.
              onChange(GUARDRAILS.filter((x) => (x === g ? e.target.checked : value.includes(x))))
            }
          />{' '}
          {GUARDRAIL_LABELS[g]}
        </label>
      ))}
    </fieldset>
  );
}

function Check({
  label,
  checked,
  onChange,
  hint,
}: {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly hint?: string;
}) {
  const hintId = useId();
  return (
    <div className="inspector-check">
      <label>
        <input
          type="checkbox"
          checked={checked}
          aria-describedby={hint ? hintId : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />{' '}
        {label}
      </label>
      {hint && (
        <span id={hintId} className="inspector-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** The interactions of a component, each a button that shows it (the keyboard way to reach a line). */
function InteractionList({ componentId }: { readonly componentId: string }) {
  const interactions = useAppStore((s) => s.open?.state.records.interactions);
  const components = useAppStore((s) => s.open?.state.records.components);
  const actions = useSystemsActions();
  const list = useMemo(
    () =>
      [...(interactions?.values() ?? [])].filter(
        (i) => i.sourceId === componentId || i.targetId === componentId,
      ),
    [interactions, componentId],
  );
  if (list.length === 0) return null;
  return (
    <section className="inspector-section" aria-label="Interactions">
      <h3>Interactions</h3>
      <ul className="inspector-links">
        {list.map((i) => {
          const outgoing = i.sourceId === componentId;
          const other = components?.get(outgoing ? i.targetId : i.sourceId)?.name ?? '';
          const text = `${INTERACTION_KIND_LABELS[i.kind]} ${outgoing ? 'to' : 'from'} ${other}`;
          return (
            <li key={i.id}>
              <button type="button" className="link-button" onClick={() => actions.show(i.id)}>
                {outgoing ? '→ ' : '← '}
                {text}
                {i.label ? ` (${i.label})` : ''}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** "Connect to": the keyboard way to draw an interaction from this component. */
function ConnectTo({ componentId }: { readonly componentId: string }) {
  const components = useAppStore((s) => s.open?.state.records.components);
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<InteractionKind>('request');
  const actions = useSystemsActions();
  const targetId = useId();
  const kindId = useId();
  const others = useMemo(
    () =>
      [...(components?.values() ?? [])]
        .filter((c) => c.id !== componentId)
        .sort((a, b) => a.name.localeCompare(b.name)),
    [components, componentId],
  );
  if (others.length === 0) return null;
  return (
    <section className="inspector-section" aria-label="New interaction">
      <h3>New interaction</h3>
      <div className="inspector-field">
        <label htmlFor={kindId}>Kind of interaction</label>
        <select
          id={kindId}
          value={kind}
          onChange={(e) => setKind(e.target.value as InteractionKind)}
        >
          {INTERACTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {INTERACTION_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="inspector-field">
        <label htmlFor={targetId}>Connect to</label>
        <select id={targetId} value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">Choose a component…</option>
          {others.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        disabled={target === ''}
        onClick={() => {
          const id = connect(componentId, target, kind);
          if (id) {
            setTarget('');
            actions.show(id);
          }
        }}
      >
        Connect
      </button>
    </section>
  );
}

function ComponentInspector({ id }: { readonly id: ComponentId }) {
  const component = useAppStore((s) => s.open?.state.records.components.get(id));
  const zoneName = useAppStore((s) => {
    const records = s.open?.state.records;
    const zoneId = records?.components.get(id)?.zoneId;
    return records && zoneId ? (records.zones.get(zoneId)?.name ?? null) : null;
  });
  const actions = useSystemsActions();
  if (!component) return null;
  return (
    <>
      <p className="inspector-where">
        {COMPONENT_KIND_LABELS[component.kind]}
        {zoneName !== null ? ` in ${zoneName || 'an unnamed zone'}` : ', not in a zone'}
      </p>
      <TextField
        label="Name"
        value={component.name}
        maxLength={SYSTEMS_LIMITS.nameLength}
        required
        onCommit={(name) => updateComponent(id, { name: name.trim() })}
      />
      <KindSelect<ComponentKind>
        label="Kind"
        value={component.kind}
        kinds={COMPONENT_KINDS}
        labels={COMPONENT_KIND_LABELS}
        onChange={(kind) => updateComponent(id, { kind })}
      />
      <TextField
        label="Failure mode"
        multiline
        value={component.failureMode}
        maxLength={SYSTEMS_LIMITS.textLength}
        hint="How it failed or degraded. Enter keeps it, Shift+Enter starts a new line."
        onCommit={(failureMode) => updateComponent(id, { failureMode })}
      />
      <TextField
        label="Annotation"
        multiline
        value={component.annotation}
        maxLength={SYSTEMS_LIMITS.textLength}
        onCommit={(annotation) => updateComponent(id, { annotation })}
      />
      <Guardrails
        value={component.guardrails}
        onChange={(guardrails) => updateComponent(id, { guardrails })}
      />
      <Check
        label="On the incident path"
        checked={component.onPath}
        onChange={(onPath) => updateComponent(id, { onPath })}
      />
      <Check
        label="Pinned"
        checked={component.pinned}
        hint="Auto-layout leaves a pinned component where it is."
        onChange={(pinned) => setPinned(id, pinned)}
      />
      <InteractionList componentId={id} />
      <ConnectTo componentId={id} />
      <section className="inspector-section" aria-label="Contributing factors">
        <FactorPanel target={{ field: 'componentId', id }} />
      </section>
      <button type="button" className="danger" onClick={() => actions.remove({ components: [id] })}>
        Delete component
      </button>
    </>
  );
}

function InteractionInspector({ id }: { readonly id: InteractionId }) {
  const interaction = useAppStore((s) => s.open?.state.records.interactions.get(id));
  const names = useAppStore((s) => {
    const i = s.open?.state.records.interactions.get(id);
    const c = s.open?.state.records.components;
    return i ? `${c?.get(i.sourceId)?.name ?? ''}\u0000${c?.get(i.targetId)?.name ?? ''}` : '';
  });
  const actions = useSystemsActions();
  if (!interaction) return null;
  const [from = '', to = ''] = names.split('\u0000');
  return (
    <>
      <p className="inspector-where">
        From{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => actions.show(interaction.sourceId)}
        >
          {from}
        </button>{' '}
        to{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => actions.show(interaction.targetId)}
        >
          {to}
        </button>
      </p>
      <TextField
        label="Label"
        value={interaction.label}
        maxLength={SYSTEMS_LIMITS.labelLength}
        onCommit={(label) => updateInteraction(id, { label: label.trim() })}
      />
      <KindSelect<InteractionKind>
        label="Kind"
        value={interaction.kind}
        kinds={INTERACTION_KINDS}
        labels={INTERACTION_KIND_LABELS}
        onChange={(kind) => updateInteraction(id, { kind })}
      />
      <TextField
        label="Failure mode"
        multiline
        value={interaction.failureMode}
        maxLength={SYSTEMS_LIMITS.textLength}
        hint="How it failed or degraded. Enter keeps it, Shift+Enter starts a new line."
        onCommit={(failureMode) => updateInteraction(id, { failureMode })}
      />
      <TextField
        label="Annotation"
        multiline
        value={interaction.annotation}
        maxLength={SYSTEMS_LIMITS.textLength}
        onCommit={(annotation) => updateInteraction(id, { annotation })}
      />
      <Guardrails
        value={interaction.guardrails}
        onChange={(guardrails) => updateInteraction(id, { guardrails })}
      />
      <Check
        label="On the incident path"
        checked={interaction.onPath}
        onChange={(onPath) => updateInteraction(id, { onPath })}
      />
      <section className="inspector-section" aria-label="Contributing factors">
        <FactorPanel target={{ field: 'interactionId', id }} />
      </section>
      <button
        type="button"
        className="danger"
        onClick={() => actions.remove({ interactions: [id] })}
      >
        Delete interaction
      </button>
    </>
  );
}

/** The inspector: shown while exactly one component or one interaction is selected. */
export const SystemsInspector = memo(function SystemsInspector() {
  const selection = useSystemsView((s) => s.selection);
  const view = useSystemsViewStore();
  const headingId = useId();
  const count =
    selection.components.length + selection.interactions.length + selection.zones.length;
  const component = count === 1 ? selection.components[0] : undefined;
  const interaction = count === 1 ? selection.interactions[0] : undefined;
  if (!component && !interaction) return null;
  return (
    <aside className="systems-inspector" aria-labelledby={headingId}>
      <div className="inspector-title">
        <h2 id={headingId}>{component ? 'Component' : 'Interaction'}</h2>
        <button
          type="button"
          className="icon"
          aria-label="Close the inspector"
          title="Close (Esc on the diagram clears the selection)"
          onClick={() => view.getState().select(new Set())}
        >
          ×
        </button>
      </div>
      {/* Keyed by id: a different selection starts with fresh fields, never another's draft. */}
      {component && <ComponentInspector key={component} id={component} />}
      {interaction && <InteractionInspector key={interaction} id={interaction} />}
    </aside>
  );
});
