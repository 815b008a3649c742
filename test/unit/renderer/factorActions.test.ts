/**
 * Factor gestures through the real store (Dexie on fake-indexeddb): one
 * factor shown in two places is one record, removing it from its only place
 * deletes it, and every gesture is one undo step.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { asComponentId } from '../../../shared/systems/records';
import { asWhyId } from '../../../shared/whys/records';
import {
  markAsFactor,
  placeFactor,
  removeFromHere,
  updateFactor,
} from '../../../renderer/factors/factorActions';
import { describeTarget, factorsOn, placementsOf } from '../../../renderer/factors/factorModel';
import type { AppStore } from '../../../renderer/store/appStore';
import { installAppStore } from '../../../renderer/store/useAppStore';
import { harnessesClosedAfterEach, newOpenWorkshop, openState, settle } from './storeHarness';

const harness = harnessesClosedAfterEach();

async function analysisWorkshop(): Promise<AppStore> {
  const { store } = await harness();
  installAppStore(store);
  await newOpenWorkshop(store, 'Card outage');
  const workshopId = openState(store).workshop.id;
  const at = 1_700_000_500_000;
  expect(
    store.getState().perform([
      {
        type: 'why.add',
        payload: {
          node: {
            id: asWhyId('w1'),
            workshopId,
            parentId: null,
            text: 'Cards declined',
            order: 0,
            createdAt: at,
          },
        },
      },
      {
        type: 'component.add',
        payload: {
          component: {
            id: asComponentId('c1'),
            workshopId,
            kind: 'service',
            name: 'Card authorisation',
            x: 0,
            y: 0,
            pinned: false,
            zoneId: null,
            failureMode: 'Timed out on the fraud call',
            annotation: '',
            guardrails: [],
            onPath: true,
            createdAt: at,
          },
        },
      },
    ]),
  ).toBe(true);
  return store;
}

const why = { field: 'whyId', id: 'w1' } as const;
const component = { field: 'componentId', id: 'c1' } as const;

describe('factor gestures', () => {
  it('marking a why makes a factor titled after it, placed there', async () => {
    const store = await analysisWorkshop();
    const id = markAsFactor(why, 'process');
    expect(id).not.toBeNull();
    const records = openState(store).records;
    expect(records.factors.get(id as string)).toMatchObject({
      title: 'Cards declined',
      category: 'process',
    });
    expect(factorsOn(records, why).map((p) => p.factor.id)).toEqual([id]);
  });

  it('a component marked as a factor is titled after its failure mode', async () => {
    const store = await analysisWorkshop();
    const id = markAsFactor(component, 'technical') as string;
    expect(openState(store).records.factors.get(id)?.title).toBe('Timed out on the fraud call');
  });

  it('one factor in two places is one record: editing it changes both', async () => {
    const store = await analysisWorkshop();
    const id = markAsFactor(why, 'technical') as string;
    expect(placeFactor(id as never, component)).toBe(true);
    expect(updateFactor(id as never, { title: 'Fraud scoring had no timeout budget' })).toBe(true);
    const records = openState(store).records;
    expect(records.factors.size).toBe(1);
    expect(factorsOn(records, why)[0]?.factor.title).toBe('Fraud scoring had no timeout budget');
    expect(factorsOn(records, component)[0]?.factor.title).toBe(
      'Fraud scoring had no timeout budget',
    );
    // The same factor may not sit twice on one object.
    expect(placeFactor(id as never, component)).toBe(false);
    await settle(store);
  });

  it('an update sends only what changed, and no change at all is no operation', async () => {
    const store = await analysisWorkshop();
    const id = markAsFactor(why, 'technical') as string;
    const undoDepth = () => store.getState().open?.undo.length ?? 0;
    const before = undoDepth();
    expect(updateFactor(id as never, { title: '  Cards declined ', category: 'technical' })).toBe(
      true,
    );
    expect(undoDepth()).toBe(before);
    expect(updateFactor(id as never, { category: 'external' })).toBe(true);
    expect(undoDepth()).toBe(before + 1);
  });

  it('removing from the only place deletes the factor; from one of two, keeps it', async () => {
    const store = await analysisWorkshop();
    const id = markAsFactor(why, 'technical') as string;
    placeFactor(id as never, component);
    const onWhy = factorsOn(openState(store).records, why)[0]?.link;
    expect(removeFromHere(onWhy as never)).toBe(true);
    expect(openState(store).records.factors.has(id)).toBe(true);
    expect(placementsOf(openState(store).records, id)).toHaveLength(1);
    const onComponent = factorsOn(openState(store).records, component)[0]?.link;
    expect(removeFromHere(onComponent as never)).toBe(true);
    expect(openState(store).records.factors.has(id)).toBe(false);
    // One undo brings the factor back with its placement.
    store.getState().undo();
    expect(factorsOn(openState(store).records, component)[0]?.factor.id).toBe(id);
  });

  it('deleting the component drops the placement, and undo restores both', async () => {
    const store = await analysisWorkshop();
    const id = markAsFactor(component, 'technical') as string;
    expect(
      store.getState().perform([
        {
          type: 'systems.remove',
          payload: { zoneIds: [], componentIds: [asComponentId('c1')], interactionIds: [] },
        },
      ]),
    ).toBe(true);
    expect(placementsOf(openState(store).records, id)).toHaveLength(0);
    expect(openState(store).records.factors.has(id)).toBe(true);
    store.getState().undo();
    expect(factorsOn(openState(store).records, component)[0]?.factor.id).toBe(id);
  });

  it('describes where a factor sits in words the room uses', async () => {
    const store = await analysisWorkshop();
    const records = openState(store).records;
    expect(describeTarget(records, why)).toBe('Problem: Cards declined');
    expect(describeTarget(records, component)).toBe('Component: Card authorisation');
    expect(describeTarget(records, { field: 'noteId', id: 'gone' })).toBe('A deleted note');
  });
});
