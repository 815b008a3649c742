/**
 * The contributing factors placed on each component and interaction, counted
 * by category, for the badges on the diagram ("T2" = two technical factors).
 * One index per version of the factor tables (records are immutable, so a
 * table that did not change is the same Map): 500 cards asking for their
 * badges cost one pass over the placements, not 500.
 */
import {
  CATEGORY_LABELS,
  FACTOR_CATEGORIES,
  type Factor,
  type FactorCategory,
  type FactorLink,
} from '../../shared/factors/records';

export interface FactorBadge {
  readonly category: FactorCategory;
  readonly count: number;
}

type Index = ReadonlyMap<string, string>;

let cache: {
  links: ReadonlyMap<string, FactorLink> | null;
  factors: ReadonlyMap<string, Factor> | null;
  index: Index;
} = { links: null, factors: null, index: new Map() };

/** Counts as a compact key ("technical:2 process:1"): a string, so selectors compare by value. */
function indexOf(
  links: ReadonlyMap<string, FactorLink>,
  factors: ReadonlyMap<string, Factor>,
): Index {
  if (cache.links === links && cache.factors === factors) return cache.index;
  const counts = new Map<string, Map<FactorCategory, number>>();
  for (const link of links.values()) {
    const target = link.componentId ?? link.interactionId;
    const factor = target ? factors.get(link.factorId) : undefined;
    if (!target || !factor) continue;
    const byCategory = counts.get(target) ?? new Map<FactorCategory, number>();
    byCategory.set(factor.category, (byCategory.get(factor.category) ?? 0) + 1);
    counts.set(target, byCategory);
  }
  const index = new Map<string, string>();
  for (const [target, byCategory] of counts) {
    index.set(
      target,
      FACTOR_CATEGORIES.flatMap((c) =>
        byCategory.has(c) ? [`${c}:${byCategory.get(c) ?? 0}`] : [],
      ).join(' '),
    );
  }
  cache = { links, factors, index };
  return index;
}

/** The badge key of one component or interaction ('' when no factor sits on it). */
export function factorKey(
  records:
    | {
        readonly factorLinks: ReadonlyMap<string, FactorLink>;
        readonly factors: ReadonlyMap<string, Factor>;
      }
    | undefined,
  id: string,
): string {
  if (!records) return '';
  return indexOf(records.factorLinks, records.factors).get(id) ?? '';
}

export function parseFactorKey(key: string): FactorBadge[] {
  if (!key) return [];
  return key.split(' ').flatMap((part) => {
    const [category, count] = part.split(':');
    return category && category in CATEGORY_LABELS
      ? [{ category: category as FactorCategory, count: Number(count) }]
      : [];
  });
}

/** "2 technical factors": a badge's accessible text. */
export const badgeText = (badge: FactorBadge): string =>
  `${badge.count} ${CATEGORY_LABELS[badge.category].toLowerCase()} factor${badge.count === 1 ? '' : 's'}`;

/** "T": a badge's visible letter. */
export const badgeLetter = (badge: FactorBadge): string =>
  CATEGORY_LABELS[badge.category].charAt(0);
