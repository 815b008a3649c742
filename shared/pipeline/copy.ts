/**
 * Copies a workshop's records into the initial content of another workshop
 * (duplicate, import as a copy). Record ids are unique only within a
 * workshop, so they are kept and every reference stays valid; only the
 * workshop id changes.
 */
import type { WorkshopId } from '../base/ids.js';
import { COLLECTIONS, type WorkshopState } from '../registry.js';
import type { InitialRecords } from '../workshop/workshop.js';

export function copyRecords(
  state: WorkshopState,
  workshopId: WorkshopId,
  options: { readonly duplicate: boolean },
): InitialRecords {
  const tables = state.records as unknown as Readonly<
    Record<string, ReadonlyMap<string, { readonly workshopId: WorkshopId }>>
  >;
  return COLLECTIONS.filter((c) => !options.duplicate || c.duplicated).flatMap((c) => {
    const items = [...(tables[c.name]?.values() ?? [])].map((record) => ({
      ...record,
      workshopId,
    }));
    return items.length ? [{ collection: c.name, items }] : [];
  });
}
