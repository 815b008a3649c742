/**
 * Which factors sit on which object, for the figures: one lookup from a
 * placement's target id to its factors, in a fixed order (category, then
 * title, then id) so the tags of a node never change order between exports.
 */
import {
  CATEGORY_LABELS,
  FACTOR_CATEGORIES,
  type Factor,
  type FactorCategory,
  type FactorLink,
  type PlacementField,
} from '../factors/records.js';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareFactors(a: Factor, b: Factor): number {
  return (
    FACTOR_CATEGORIES.indexOf(a.category) - FACTOR_CATEGORIES.indexOf(b.category) ||
    compare(a.title, b.title) ||
    compare(a.id, b.id)
  );
}

/**
 * The factors placed on objects of one kind (`whyId`, `componentId`, …), by the
 * object's id. A factor placed twice on the same object is listed once, and a
 * placement whose factor is missing is ignored (the reducer never leaves one,
 * but a figure must not fail on it).
 */
export function factorsOn(
  field: PlacementField,
  factors: Iterable<Factor>,
  links: Iterable<FactorLink>,
): Map<string, Factor[]> {
  const byId = new Map<string, Factor>();
  for (const factor of factors) byId.set(factor.id, factor);
  const placed = new Map<string, Map<string, Factor>>();
  for (const link of links) {
    const target = link[field];
    const factor = byId.get(link.factorId);
    if (target === null || factor === undefined) continue;
    const list = placed.get(target) ?? new Map<string, Factor>();
    list.set(factor.id, factor);
    placed.set(target, list);
  }
  const out = new Map<string, Factor[]>();
  for (const [target, list] of placed) out.set(target, [...list.values()].sort(compareFactors));
  return out;
}

/** "Factor · Process: Release checklist skipped": the category in words, not only as a pattern. */
export function factorTagText(factor: Factor): string {
  return `Factor · ${CATEGORY_LABELS[factor.category]}: ${factor.title}`;
}

export function categoriesOf(lists: Iterable<readonly Factor[]>): Set<FactorCategory> {
  const used = new Set<FactorCategory>();
  for (const list of lists) for (const f of list) used.add(f.category);
  return used;
}
