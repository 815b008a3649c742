/**
 * A starting point for a bank's systems diagram: channels, the API gateway,
 * core banking and the ledger, payments, card authorisation with fraud
 * scoring, the third-party schemes, and the people and controls around them.
 * The team starts from it and edits it; it is inserted as one operation
 * (`systems.insert`), so one undo takes it away again.
 */
import type { WorkshopId } from '../base/ids.js';
import { COMPONENT_BOX, ZONE_PADDING } from './layout.js';
import {
  asComponentId,
  asInteractionId,
  asZoneId,
  type Component,
  type ComponentKind,
  type Interaction,
  type InteractionKind,
  type Zone,
} from './records.js';

/** Zones with their cell in a two-row grid that fits a 16:9 screen: [key, name, row, column]. */
const ZONES = [
  ['channels', 'Channels', 0, 0],
  ['edge', 'Edge', 0, 1],
  ['core', 'Core banking', 0, 2],
  ['third', 'Third parties', 0, 3],
  ['payments', 'Payments', 1, 1],
  ['cards', 'Cards', 1, 2],
  ['ops', 'Operations', 1, 3],
] as const;
type ZoneKey = (typeof ZONES)[number][0];

const COMPONENTS: readonly (readonly [string, ComponentKind, string, ZoneKey])[] = [
  ['mobile', 'service', 'Mobile app', 'channels'],
  ['web', 'service', 'Online banking', 'channels'],
  ['branch', 'team', 'Branch and call centre', 'channels'],
  ['gateway', 'service', 'API gateway', 'edge'],
  ['identity', 'service', 'Identity and login', 'edge'],
  ['core', 'service', 'Core banking', 'core'],
  ['accounts', 'datastore', 'Accounts database', 'core'],
  ['ledger', 'datastore', 'Ledger', 'core'],
  ['payments', 'service', 'Payments hub', 'payments'],
  ['queue', 'queue', 'Payment queue', 'payments'],
  ['auth', 'service', 'Card authorisation', 'cards'],
  ['fraud', 'service', 'Fraud scoring', 'cards'],
  ['network', 'external', 'Card network', 'third'],
  ['scheme', 'external', 'Payment scheme', 'third'],
  ['cloud', 'external', 'Cloud provider', 'third'],
  ['monitoring', 'monitoring', 'Monitoring and alerting', 'ops'],
  ['oncall', 'team', 'On-call engineer', 'ops'],
  ['change', 'process', 'Change approval', 'ops'],
  ['config', 'config', 'Feature flags and limits', 'ops'],
];

const INTERACTIONS: readonly (readonly [string, string, InteractionKind, string])[] = [
  ['mobile', 'gateway', 'request', 'API calls'],
  ['web', 'gateway', 'request', 'API calls'],
  ['branch', 'core', 'request', 'Teller transactions'],
  ['gateway', 'identity', 'request', 'Authenticate'],
  ['gateway', 'core', 'request', 'Balances, transfers'],
  ['gateway', 'payments', 'request', 'Payment orders'],
  ['payments', 'queue', 'data', 'Queued payments'],
  ['queue', 'scheme', 'request', 'Clearing'],
  ['payments', 'ledger', 'data', 'Postings'],
  ['core', 'accounts', 'data', 'Reads and writes'],
  ['core', 'ledger', 'data', 'Postings'],
  ['network', 'auth', 'request', 'Authorisation requests'],
  ['auth', 'fraud', 'request', 'Score'],
  ['auth', 'ledger', 'data', 'Holds'],
  ['core', 'monitoring', 'feedback', 'Metrics and logs'],
  ['payments', 'monitoring', 'feedback', 'Metrics and logs'],
  ['monitoring', 'oncall', 'feedback', 'Pages'],
  ['change', 'core', 'control', 'Approves releases'],
  ['config', 'gateway', 'control', 'Limits and flags'],
  ['gateway', 'cloud', 'dependency', 'Hosted on'],
];

export interface SystemsContent {
  readonly zones: readonly Zone[];
  readonly components: readonly Component[];
  readonly interactions: readonly Interaction[];
}

/**
 * The template as records of `workshopId`, with fresh ids from `newId`, laid
 * out in a grid of zones with its top-left corner at `origin`.
 */
export function bankTemplate(
  workshopId: WorkshopId,
  now: number,
  newId: () => string,
  origin: { readonly x: number; readonly y: number } = { x: 0, y: 0 },
): SystemsContent {
  const zoneIds = new Map(ZONES.map(([key]) => [key, asZoneId(newId())]));
  const componentIds = new Map(COMPONENTS.map(([key]) => [key, asComponentId(newId())]));
  const idOf = <K>(map: ReadonlyMap<K, string>, key: K) => {
    const id = map.get(key);
    if (!id) throw new Error(`The template names nothing called ${String(key)}.`);
    return id;
  };
  // Members sit in two columns inside their zone; zones in a grid of cells sized to the largest.
  const gap = 40;
  const cell = { width: 0, height: 0 };
  const membersOf = (zone: ZoneKey) => COMPONENTS.filter((c) => c[3] === zone);
  const sizeOf = (zone: ZoneKey) => {
    const count = membersOf(zone).length;
    const columns = Math.min(2, count);
    const rows = Math.ceil(count / 2);
    return {
      width: 2 * ZONE_PADDING.side + columns * COMPONENT_BOX.width + (columns - 1) * gap,
      height: ZONE_PADDING.top + ZONE_PADDING.side + rows * COMPONENT_BOX.height + (rows - 1) * gap,
    };
  };
  for (const [key] of ZONES) {
    cell.width = Math.max(cell.width, sizeOf(key).width);
    cell.height = Math.max(cell.height, sizeOf(key).height);
  }
  const zoneGap = 64;
  const zones: Zone[] = ZONES.map(([key, name, row, column]) => ({
    id: asZoneId(idOf(zoneIds, key)),
    workshopId,
    name,
    x: origin.x + column * (cell.width + zoneGap),
    y: origin.y + row * (cell.height + zoneGap),
    ...sizeOf(key),
    createdAt: now,
  }));
  const zoneByKey = new Map(ZONES.map(([key], i) => [key, zones[i] as Zone]));
  const components: Component[] = COMPONENTS.map(([key, kind, name, zoneKey]) => {
    const zone = zoneByKey.get(zoneKey) as Zone;
    const index = membersOf(zoneKey).findIndex((c) => c[0] === key);
    return {
      id: asComponentId(idOf(componentIds, key)),
      workshopId,
      kind,
      name,
      x: zone.x + ZONE_PADDING.side + (index % 2) * (COMPONENT_BOX.width + gap),
      y: zone.y + ZONE_PADDING.top + Math.floor(index / 2) * (COMPONENT_BOX.height + gap),
      pinned: false,
      zoneId: zone.id,
      failureMode: '',
      annotation: '',
      guardrails: [],
      onPath: false,
      createdAt: now,
    };
  });
  const interactions: Interaction[] = INTERACTIONS.map(([from, to, kind, label]) => ({
    id: asInteractionId(newId()),
    workshopId,
    sourceId: asComponentId(idOf(componentIds, from)),
    targetId: asComponentId(idOf(componentIds, to)),
    kind,
    label,
    failureMode: '',
    annotation: '',
    guardrails: [],
    onPath: false,
    createdAt: now,
  }));
  return { zones, components, interactions };
}
