/** What the diagram's lines and markers mean, drawn with the same styles as the diagram. */
import { INTERACTION_KIND_LABELS, INTERACTION_KINDS } from '../../shared/systems/records';
import { ShieldIcon, WarningIcon } from './icons';

export function SystemsLegend({ onClose }: { readonly onClose: () => void }) {
  return (
    <section className="systems-legend" aria-label="Legend">
      <div className="legend-title">
        <h2>Legend</h2>
        <button type="button" className="icon" aria-label="Close the legend" onClick={onClose}>
          ×
        </button>
      </div>
      <ul>
        {INTERACTION_KINDS.map((kind) => (
          <li key={kind}>
            <svg width="56" height="20" viewBox="0 0 56 20" aria-hidden="true" focusable="false">
              <path
                className={`interaction-line kind-${kind}`}
                d={kind === 'feedback' ? 'M 2 15 Q 24 -3 44 12' : 'M 2 10 L 44 10'}
              />
              <polygon
                className={`interaction-arrow kind-${kind}`}
                points={kind === 'feedback' ? '54,16 42,16 46,6' : '54,10 42,4 42,16'}
              />
            </svg>
            {INTERACTION_KIND_LABELS[kind]}
          </li>
        ))}
        <li>
          <svg width="56" height="20" viewBox="0 0 56 20" aria-hidden="true" focusable="false">
            <path className="interaction-halo" d="M 2 10 L 54 10" />
            <path className="interaction-line kind-request" d="M 2 10 L 54 10" />
          </svg>
          On the incident path
        </li>
        <li>
          <span className="legend-marker" aria-hidden="true">
            <WarningIcon size={18} />
          </span>
          Failure mode written down
        </li>
        <li>
          <span className="legend-marker marker marker-guardrail" aria-hidden="true">
            <ShieldIcon size={13} />
            CB
          </span>
          Guardrail (circuit breaker, …)
        </li>
        <li>
          <span className="legend-marker marker marker-factor" aria-hidden="true">
            T2
          </span>
          Contributing factors by category
        </li>
      </ul>
    </section>
  );
}
