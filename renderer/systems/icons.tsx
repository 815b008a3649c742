/**
 * One line-drawn icon per kind of component, plus the warning and shield
 * glyphs. Shapes, not colours, tell the kinds apart, so a black-and-white
 * print or a washed-out projector still shows them. Inline SVG in
 * currentColor: no files to load offline, and a figure export can copy them.
 */
import type { ReactNode } from 'react';
import type { ComponentKind } from '../../shared/systems/records';

const SHAPES: Record<ComponentKind, ReactNode> = {
  // A server: two stacked units with their status lights.
  service: (
    <>
      <rect x="3" y="3.5" width="18" height="7.5" rx="1.5" />
      <rect x="3" y="13" width="18" height="7.5" rx="1.5" />
      <circle cx="7" cy="7.25" r="1.2" fill="currentColor" stroke="none" />
      <circle cx="7" cy="16.75" r="1.2" fill="currentColor" stroke="none" />
      <line x1="11" y1="7.25" x2="17" y2="7.25" />
      <line x1="11" y1="16.75" x2="17" y2="16.75" />
    </>
  ),
  // A cylinder.
  datastore: (
    <>
      <ellipse cx="12" cy="5.5" rx="8" ry="3" />
      <path d="M4 5.5v13c0 1.66 3.58 3 8 3s8-1.34 8-3v-13" />
      <path d="M4 12c0 1.66 3.58 3 8 3s8-1.34 8-3" />
    </>
  ),
  // Messages waiting in line, leaving to the right.
  queue: (
    <>
      <rect x="1.5" y="7.5" width="4.5" height="9" rx="1" />
      <rect x="7.5" y="7.5" width="4.5" height="9" rx="1" />
      <rect x="13.5" y="7.5" width="4.5" height="9" rx="1" fill="currentColor" />
      <path d="M19.5 12h3m-1.5-2 2 2-2 2" />
    </>
  ),
  // A cloud.
  external: <path d="M7 19h10.5a4.5 4.5 0 0 0 .6-8.96A6.5 6.5 0 0 0 5.6 9.4 4.8 4.8 0 0 0 7 19z" />,
  // Two people.
  team: (
    <>
      <circle cx="9" cy="7.5" r="3.2" />
      <path d="M2.5 20.5c0-3.6 2.9-6.5 6.5-6.5s6.5 2.9 6.5 6.5" />
      <circle cx="17.2" cy="8.8" r="2.5" />
      <path d="M16 14.2a5.2 5.2 0 0 1 6 5.3" />
    </>
  ),
  // A checklist.
  process: (
    <>
      <rect x="4" y="2.5" width="16" height="19" rx="2" />
      <path d="M7.5 8l1.7 1.7L12.5 6.4" />
      <path d="M7.5 15l1.7 1.7 3.3-3.3" />
      <line x1="14.5" y1="8.5" x2="17" y2="8.5" />
      <line x1="14.5" y1="15.5" x2="17" y2="15.5" />
    </>
  ),
  // Sliders.
  config: (
    <>
      <line x1="3" y1="6" x2="21" y2="6" />
      <line x1="3" y1="12" x2="21" y2="12" />
      <line x1="3" y1="18" x2="21" y2="18" />
      <circle cx="8" cy="6" r="2.3" fill="currentColor" />
      <circle cx="16" cy="12" r="2.3" fill="currentColor" />
      <circle cx="10" cy="18" r="2.3" fill="currentColor" />
    </>
  ),
  // A bell with a pulse line under it.
  monitoring: (
    <>
      <path d="M6 15.5V10.5a6 6 0 0 1 12 0v5l1.8 2H4.2z" />
      <path d="M10 20.2a2 2 0 0 0 4 0" />
      <path d="M1.5 9h2l1-2 1.2 4" />
    </>
  ),
};

export function KindIcon({
  kind,
  size = 24,
}: {
  readonly kind: ComponentKind;
  readonly size?: number;
}) {
  return (
    <svg
      className="kind-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {SHAPES[kind]}
    </svg>
  );
}

export function WarningIcon({ size = 18 }: { readonly size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 2.5 23 21.5H1z"
        fill="#ffd43b"
        stroke="#111"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
      <path d="M12 9v6" stroke="#111" strokeWidth="2.4" strokeLinecap="round" />
      <circle cx="12" cy="18.2" r="1.4" fill="#111" />
    </svg>
  );
}

export function ShieldIcon({ size = 18 }: { readonly size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 1.8 21 5v6.2c0 5.3-3.7 9.4-9 11-5.3-1.6-9-5.7-9-11V5z"
        fill="currentColor"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </svg>
  );
}
