/**
 * The selected why in detail: its text, the blameless prompt when it stops at
 * a person, the contributing factor it is, and the wall notes and clusters it
 * rests on (each a link that opens the wall there; citing another is a pick
 * from the wall's notes and clusters).
 */
import { useMemo, useState } from 'react';
import { blamelessPrompt } from '../../shared/blameless/blameless';
import type { WhyNode } from '../../shared/whys/records';
import { asClusterId, asNoteId } from '../../shared/wall/records';
import { readingOrder } from '../../shared/wall/search';
import { FactorPanel } from '../factors/FactorPanel';
import { describeTarget } from '../factors/factorModel';
import { showOnBoard } from '../routing/focus';
import { useAppStore } from '../store/useAppStore';
import { linkWhy, unlinkWhy } from './whysActions';
import { depthLabel } from './WhyNodeView';

export function WhyInspector({
  why,
  onEdit,
}: {
  readonly why: WhyNode;
  readonly onEdit: () => void;
}) {
  const records = useAppStore((s) => s.open?.state.records);
  const people = useAppStore((s) => s.open?.state.workshop.authors ?? []);
  const depth = useAppStore((s) => {
    const nodes = s.open?.state.records.whyNodes;
    let d = 0;
    let parentId = why.parentId;
    while (nodes && parentId !== null && d < 1000) {
      d += 1;
      parentId = nodes.get(parentId)?.parentId ?? null;
    }
    return d;
  });
  const [choice, setChoice] = useState('');
  const target = useMemo(() => ({ field: 'whyId' as const, id: why.id }), [why.id]);

  const cited = useMemo(
    () => (records ? [...records.whyLinks.values()].filter((l) => l.whyId === why.id) : []),
    [records, why.id],
  );
  const options = useMemo(() => {
    if (!records) return [];
    const taken = new Set(cited.map((l) => l.noteId ?? l.clusterId));
    const out: { value: string; label: string }[] = [];
    for (const cluster of readingOrder(records.clusters.values())) {
      if (!taken.has(cluster.id)) {
        out.push({
          value: `c:${cluster.id}`,
          label: describeTarget(records, { field: 'clusterId', id: cluster.id }),
        });
      }
    }
    for (const note of readingOrder(records.notes.values())) {
      if (!taken.has(note.id)) {
        out.push({
          value: `n:${note.id}`,
          label: describeTarget(records, { field: 'noteId', id: note.id }),
        });
      }
    }
    return out;
  }, [records, cited]);
  if (!records) return null;
  const prompt = blamelessPrompt(why.text, { people });

  return (
    <aside className="why-inspector" aria-label="Selected why">
      <h2>{depthLabel(depth)}</h2>
      <p className="why-inspector-text">{why.text || '(no text yet)'}</p>
      <button type="button" onClick={onEdit}>
        Edit text
      </button>
      {prompt && (
        <p className="why-prompt" role="note">
          {prompt}
        </p>
      )}
      <FactorPanel target={target} />
      <section aria-label="Evidence on the wall">
        <h3>Evidence on the wall</h3>
        {cited.length === 0 ? (
          <p className="factor-empty">Cites no note or cluster yet.</p>
        ) : (
          <ul className="why-citations">
            {cited.map((link) => {
              const field = link.noteId !== null ? 'noteId' : 'clusterId';
              const id = (link.noteId ?? link.clusterId) as string;
              const label = describeTarget(records, { field, id });
              return (
                <li key={link.id}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      showOnBoard('wall', {
                        collection: field === 'noteId' ? 'notes' : 'clusters',
                        id,
                      })
                    }
                  >
                    {label}
                  </button>{' '}
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Stop citing ${label}`}
                    onClick={() => unlinkWhy(link.id)}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {options.length > 0 && (
          <div className="factor-add">
            <select
              aria-label="Note or cluster to cite"
              value={choice}
              onChange={(e) => setChoice(e.target.value)}
            >
              <option value="">Note or cluster…</option>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={!choice}
              onClick={() => {
                const id = choice.slice(2);
                const ok = choice.startsWith('c:')
                  ? linkWhy(why.id, { clusterId: asClusterId(id) })
                  : linkWhy(why.id, { noteId: asNoteId(id) });
                if (ok) setChoice('');
              }}
            >
              Cite
            </button>
          </div>
        )}
      </section>
    </aside>
  );
}
