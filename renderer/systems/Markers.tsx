/**
 * The markers a component card and an interaction's label both carry: its
 * failure mode, its guardrails and the contributing factors placed on it,
 * each with its words for a screen reader and on hover.
 */
import type { ReactNode } from 'react';
import { GUARDRAIL_LABELS, type Guardrail } from '../../shared/systems/records';
import { badgeLetter, badgeText, type FactorBadge } from './factorBadges';
import { ShieldIcon, WarningIcon } from './icons';
import { GUARDRAIL_SHORT } from './systemsModel';

export function Markers({
  failure,
  guardrails,
  badges,
  size,
  children,
}: {
  /** The failure mode, trimmed ('' for none). */
  readonly failure: string;
  readonly guardrails: readonly Guardrail[];
  readonly badges: readonly FactorBadge[];
  /** Icon size of the warning; the shields are 4 px smaller. */
  readonly size: number;
  /** Shown right after the failure marker (an interaction's label). */
  readonly children?: ReactNode;
}) {
  return (
    <>
      {failure && (
        <span
          className="marker marker-failure"
          role="img"
          aria-label={`Failure mode: ${failure}`}
          title={`Failure mode: ${failure}`}
        >
          <WarningIcon size={size} />
        </span>
      )}
      {children}
      {guardrails.map((g) => (
        <span
          key={g}
          className="marker marker-guardrail"
          role="img"
          aria-label={`Guardrail: ${GUARDRAIL_LABELS[g]}`}
          title={`Guardrail: ${GUARDRAIL_LABELS[g]}`}
        >
          <ShieldIcon size={size - 4} />
          {GUARDRAIL_SHORT[g]}
        </span>
      ))}
      {badges.map((b) => (
        <span
          key={b.category}
          className={`marker marker-factor factor-${b.category}`}
          role="img"
          aria-label={badgeText(b)}
          title={badgeText(b)}
        >
          {badgeLetter(b)}
          {b.count}
        </span>
      ))}
    </>
  );
}
