/** Builds an app store over a real Dexie database in fake-indexeddb, with a fixed clock and counting ids. */
import 'fake-indexeddb/auto';
import { openDatabase, type DebriefDatabase } from '../../../renderer/db/database';
import { WorkshopRepository } from '../../../renderer/db/workshopRepository';
import { createAppStore, type AppStore } from '../../../renderer/store/appStore';

let dbCounter = 0;

export interface Harness {
  readonly db: DebriefDatabase;
  readonly repository: WorkshopRepository;
  readonly store: AppStore;
  readonly clock: { now: number };
}

export function uniqueDatabaseName(): string {
  dbCounter += 1;
  return `debrief-test-${process.pid}-${dbCounter}`;
}

export async function makeHarness(name = uniqueDatabaseName(), idPrefix = 'id'): Promise<Harness> {
  const db = openDatabase(name);
  await db.open();
  const repository = new WorkshopRepository(db);
  const clock = { now: 1_700_000_000_000 };
  let ids = 0;
  const store = createAppStore({
    repository,
    now: () => (clock.now += 1000),
    newId: () => `${idPrefix}-${String((ids += 1)).padStart(4, '0')}`,
  });
  await store.getState().init();
  return { db, repository, store, clock };
}
