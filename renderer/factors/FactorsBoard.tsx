/**
 * Every contributing factor of the workshop in one list, grouped by category
 * with a count per category: where each appears (wall, 5 whys, systems
 * diagram), the wall evidence its whys cite, and links that open the board
 * showing it. Editing a factor here edits it everywhere it appears; this list
 * is what the report and the action items are built from.
 */
import { useMemo, useState } from 'react';
import {
  CATEGORY_LABELS,
  FACTOR_CATEGORIES,
  FACTOR_LIMITS,
  type Factor,
  type FactorCategory,
} from '../../shared/factors/records';
import type { WorkshopRecords } from '../../shared/registry';
import { showOnBoard } from '../routing/focus';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { readingOrder } from '../../shared/wall/search';
import { addFactor, deleteFactor, markAsFactor, updateFactor } from './factorActions';
import { CategorySelect, CommitField } from './FactorPanel';
import {
  describeTarget,
  placementOf,
  placementsOf,
  PLACEMENT_PLACES,
  type PlacementTarget,
} from './factorModel';
import './factors.css';

interface Place {
  readonly key: string;
  readonly label: string;
  readonly board: string;
  readonly collection: string;
  readonly id: string;
  /** Wall notes and clusters a why cites, shown under it. */
  readonly evidence: readonly Place[];
}

function placesOf(records: WorkshopRecords, factor: Factor): Place[] {
  return placementsOf(records, factor.id).map((link) => {
    const target = placementOf(link);
    const where = PLACEMENT_PLACES[target.field];
    const evidence: Place[] =
      target.field === 'whyId'
        ? [...records.whyLinks.values()]
            .filter((l) => l.whyId === target.id)
            .map((l) => {
              const field = l.noteId !== null ? 'noteId' : 'clusterId';
              const id = (l.noteId ?? l.clusterId) as string;
              return {
                key: l.id,
                label: describeTarget(records, { field, id }),
                board: 'wall',
                collection: PLACEMENT_PLACES[field].collection,
                id,
                evidence: [],
              };
            })
        : [];
    return {
      key: link.id,
      label: describeTarget(records, target),
      board: where.board,
      collection: where.collection,
      id: target.id,
      evidence,
    };
  });
}

const BOARD_NAMES: Record<string, string> = {
  wall: 'wall',
  whys: '5 whys',
  systems: 'systems diagram',
};

function PlaceLink({ place }: { readonly place: Place }) {
  return (
    <button
      type="button"
      className="link-button"
      title={`Show on the ${BOARD_NAMES[place.board] ?? place.board}`}
      onClick={() => showOnBoard(place.board, { collection: place.collection, id: place.id })}
    >
      {place.label}
    </button>
  );
}

function FactorCard({
  factor,
  places,
}: {
  readonly factor: Factor;
  readonly places: readonly Place[];
}) {
  return (
    <li className={`factor-card factor-${factor.category}`} aria-label={`Factor: ${factor.title}`}>
      <CommitField
        label="Factor title"
        value={factor.title}
        maxLength={FACTOR_LIMITS.titleLength}
        required
        onCommit={(title) => updateFactor(factor.id, { title })}
      />
      <CommitField
        label="Description"
        placeholder="How this condition came about, and the evidence for it"
        value={factor.description}
        maxLength={FACTOR_LIMITS.descriptionLength}
        multiline
        onCommit={(description) => updateFactor(factor.id, { description })}
      />
      {places.length > 0 ? (
        <ul className="factor-places" aria-label="Appears on">
          {places.map((place) => (
            <li key={place.key}>
              <PlaceLink place={place} />
              {place.evidence.length > 0 && (
                <ul aria-label="Evidence on the wall">
                  {place.evidence.map((e) => (
                    <li key={e.key}>
                      <PlaceLink place={e} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="factor-empty">Not placed on the wall or a canvas yet.</p>
      )}
      <div className="factor-card-actions">
        <CategorySelect
          label={`Category of ${factor.title}`}
          value={factor.category}
          onChange={(category) => updateFactor(factor.id, { category })}
        />
        <button
          type="button"
          onClick={() => {
            if (deleteFactor(factor.id)) {
              getAppStore()
                .getState()
                .notify('info', `Deleted the factor “${factor.title}”.`, {
                  label: 'Undo',
                  run: () => getAppStore().getState().undo(),
                });
            }
          }}
        >
          Delete factor
        </button>
      </div>
    </li>
  );
}

/** The wall's clusters and notes, in reading order, as choices "c:<id>" / "n:<id>". */
function wallChoices(records: WorkshopRecords, except: ReadonlySet<string>) {
  const out: { value: string; label: string }[] = [];
  for (const cluster of readingOrder(records.clusters.values())) {
    if (!except.has(cluster.id)) {
      out.push({
        value: `c:${cluster.id}`,
        label: describeTarget(records, { field: 'clusterId', id: cluster.id }),
      });
    }
  }
  for (const note of readingOrder(records.notes.values())) {
    if (!except.has(note.id)) {
      out.push({
        value: `n:${note.id}`,
        label: describeTarget(records, { field: 'noteId', id: note.id }),
      });
    }
  }
  return out;
}

const targetOf = (choice: string): PlacementTarget => ({
  field: choice.startsWith('c:') ? 'clusterId' : 'noteId',
  id: choice.slice(2),
});

/** Marks a note or cluster of the wall as a factor (the lanes' notes are often exactly that). */
function FromWall({ records }: { readonly records: WorkshopRecords }) {
  const [choice, setChoice] = useState('');
  const [category, setCategory] = useState<FactorCategory>('technical');
  const options = useMemo(() => {
    const marked = new Set<string>();
    for (const l of records.factorLinks.values()) {
      const id = l.noteId ?? l.clusterId;
      if (id) marked.add(id);
    }
    return wallChoices(records, marked);
  }, [records]);
  if (options.length === 0) return null;
  return (
    <div className="factor-add">
      <select
        aria-label="Note or cluster to mark as a factor"
        value={choice}
        onChange={(e) => setChoice(e.target.value)}
      >
        <option value="">From the wall…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <CategorySelect
        label="Category of the factor from the wall"
        value={category}
        onChange={setCategory}
      />
      <button
        type="button"
        disabled={!choice}
        onClick={() => {
          if (markAsFactor(targetOf(choice), category)) setChoice('');
        }}
      >
        Mark as factor
      </button>
    </div>
  );
}

function NewFactor() {
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<FactorCategory>('technical');
  return (
    <form
      className="factor-add"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim() && addFactor(title, category)) setTitle('');
      }}
    >
      <input
        className="factor-new-title"
        aria-label="New factor"
        placeholder="A condition that contributed…"
        value={title}
        maxLength={FACTOR_LIMITS.titleLength}
        onChange={(e) => setTitle(e.target.value)}
      />
      <CategorySelect label="Category of the new factor" value={category} onChange={setCategory} />
      <button type="submit" disabled={!title.trim()}>
        Add factor
      </button>
    </form>
  );
}

export function FactorsBoard() {
  const records = useAppStore((s) => s.open?.state.records);
  const groups = useMemo(() => {
    if (!records) return [];
    const all = [...records.factors.values()].sort(
      (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1),
    );
    return FACTOR_CATEGORIES.map((category) => ({
      category,
      factors: all
        .filter((f) => f.category === category)
        .map((factor) => ({ factor, places: placesOf(records, factor) })),
    }));
  }, [records]);
  const total = groups.reduce((n, g) => n + g.factors.length, 0);
  return (
    <section className="factors-board" aria-label="Contributing factors">
      <header>
        <h2>Contributing factors ({total})</h2>
        <ul className="factor-counts" aria-label="Factors per category">
          {groups.map((g) => (
            <li key={g.category}>
              {CATEGORY_LABELS[g.category]}: {g.factors.length}
            </li>
          ))}
        </ul>
        <NewFactor />
        {records && <FromWall records={records} />}
      </header>
      {total === 0 && (
        <p className="factor-empty">
          No contributing factors yet. Mark a why, a component or an interaction as a factor, or add
          one here.
        </p>
      )}
      {groups
        .filter((g) => g.factors.length > 0)
        .map((g) => (
          <section
            key={g.category}
            className="factor-category"
            aria-label={CATEGORY_LABELS[g.category]}
          >
            <h3>
              {CATEGORY_LABELS[g.category]} ({g.factors.length})
            </h3>
            <ul className="factor-cards">
              {g.factors.map(({ factor, places }) => (
                <FactorCard key={factor.id} factor={factor} places={places} />
              ))}
            </ul>
          </section>
        ))}
    </section>
  );
}
