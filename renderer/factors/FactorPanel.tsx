/**
 * The contributing factors on one object (a why, a component, an
 * interaction, a note): each with its category and title, editable here and
 * therefore everywhere it appears; a way to mark the object as a new factor,
 * or to show an existing factor on it too.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import {
  CATEGORY_LABELS,
  FACTOR_CATEGORIES,
  FACTOR_LIMITS,
  type FactorCategory,
} from '../../shared/factors/records';
import { useAppStore } from '../store/useAppStore';
import { markAsFactor, placeFactor, removeFromHere, updateFactor } from './factorActions';
import { factorsOn, placementsOf, type PlacedFactor, type PlacementTarget } from './factorModel';
import './factors.css';

export function CategorySelect({
  value,
  onChange,
  label,
}: {
  readonly value: FactorCategory;
  readonly onChange: (category: FactorCategory) => void;
  readonly label: string;
}) {
  return (
    <select
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value as FactorCategory)}
    >
      {FACTOR_CATEGORIES.map((c) => (
        <option key={c} value={c}>
          {CATEGORY_LABELS[c]}
        </option>
      ))}
    </select>
  );
}

/** A text field that commits on Enter or when it loses focus, and goes back on Esc. */
export function CommitField({
  value,
  label,
  onCommit,
  maxLength,
  multiline = false,
  required = false,
  placeholder,
}: {
  readonly value: string;
  readonly label: string;
  readonly onCommit: (text: string) => void;
  readonly maxLength: number;
  readonly multiline?: boolean;
  readonly required?: boolean;
  readonly placeholder?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? value;
  const commit = () => {
    if (draft === null) return;
    setDraft(null);
    if (required && draft.trim() === '') return;
    if (draft !== value) onCommit(draft);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setDraft(null);
      e.currentTarget.blur();
    } else if (e.key === 'Enter' && (!multiline || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      commit();
    }
  };
  return multiline ? (
    <textarea
      aria-label={label}
      value={shown}
      maxLength={maxLength}
      rows={3}
      placeholder={placeholder}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  ) : (
    <input
      aria-label={label}
      value={shown}
      maxLength={maxLength}
      placeholder={placeholder}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}

function PlacedRow({ placed }: { readonly placed: PlacedFactor }) {
  const { factor, link } = placed;
  const elsewhere = useAppStore((s) =>
    s.open ? placementsOf(s.open.state.records, factor.id).length - 1 : 0,
  );
  return (
    <li className={`factor-row factor-${factor.category}`}>
      <div className="factor-row-fields">
        <CategorySelect
          label={`Category of ${factor.title}`}
          value={factor.category}
          onChange={(category) => updateFactor(factor.id, { category })}
        />
        <CommitField
          label="Factor title"
          value={factor.title}
          maxLength={FACTOR_LIMITS.titleLength}
          required
          onCommit={(title) => updateFactor(factor.id, { title })}
        />
      </div>
      <div className="factor-row-meta">
        <span>
          {elsewhere > 0
            ? `Also in ${elsewhere} other place${elsewhere === 1 ? '' : 's'}`
            : 'Only here'}
        </span>
        <button
          type="button"
          className="link-button"
          onClick={() => removeFromHere(link)}
          aria-label={`Remove factor ${factor.title} from here`}
        >
          Remove
        </button>
      </div>
    </li>
  );
}

export function FactorPanel({ target }: { readonly target: PlacementTarget }) {
  const headingId = useId();
  const [category, setCategory] = useState<FactorCategory>('technical');
  const [existing, setExisting] = useState('');
  // The two tables change only when factors do, so other edits do not re-render the panel.
  const links = useAppStore((s) => s.open?.state.records.factorLinks);
  const table = useAppStore((s) => s.open?.state.records.factors);
  const { placed, others } = useMemo(() => {
    if (!links || !table) return { placed: [], others: [] };
    const here = factorsOn({ factorLinks: links, factors: table }, target);
    const ids = new Set(here.map((p) => p.factor.id));
    return { placed: here, others: [...table.values()].filter((f) => !ids.has(f.id)) };
  }, [links, table, target]);
  return (
    <section className="factor-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>Contributing factors</h3>
      {placed.length > 0 ? (
        <ul className="factor-list">
          {placed.map((p) => (
            <PlacedRow key={p.link.id} placed={p} />
          ))}
        </ul>
      ) : (
        <p className="factor-empty">Not marked as a contributing factor.</p>
      )}
      <div className="factor-add">
        <CategorySelect label="Category for a new factor" value={category} onChange={setCategory} />
        <button type="button" onClick={() => markAsFactor(target, category)}>
          Mark as factor
        </button>
      </div>
      {others.length > 0 && (
        <div className="factor-add">
          <select
            aria-label="Existing factor to show here"
            value={existing}
            onChange={(e) => setExisting(e.target.value)}
          >
            <option value="">Existing factor…</option>
            {others.map((f) => (
              <option key={f.id} value={f.id}>
                {CATEGORY_LABELS[f.category]}: {f.title}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!existing}
            onClick={() => {
              const factor = others.find((f) => f.id === existing);
              if (factor && placeFactor(factor.id, target)) setExisting('');
            }}
          >
            Show here too
          </button>
        </div>
      )}
    </section>
  );
}
