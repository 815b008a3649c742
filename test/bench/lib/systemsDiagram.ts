/**
 * A large systems-interaction diagram for the systems suite: a bank's estate
 * at the scale of a whole platform, built on the shape of the app's own bank
 * template (shared/systems/template.ts) and its vocabulary. Zones in flow
 * order: customer channels -> edge (gateways, login, BFFs) -> ten business
 * domains -> data platform and third parties, with operations (monitoring,
 * on-call teams, change control, flags) and the hosting platform below.
 *
 * Inside a domain the flows are layered the way real services are: the
 * domain's API calls its services, each service owns a datastore, some
 * publish events to a queue that a worker consumes; across zones, BFFs call
 * the domain APIs, domains call each other's APIs and third parties, publish
 * to the event bus, report metrics to monitoring (feedback), are governed by
 * change approval and flags (control) and run on the platform (dependency).
 * The edges a design needs come first; the rest of the `interactions` are
 * drawn (seeded PRNG) from further plausible pairs, never at random between
 * any two components.
 *
 * Positions are a hand-drawn looking grid (members in rows inside each zone,
 * zones stacked in flow-order columns), not dagre's: so auto-layout has work
 * to do. Deterministic: the same sizes always give the same diagram.
 */
import { asWorkshopId, type WorkshopId } from '../../../shared/base/ids';
import { COMPONENT_BOX, ZONE_PADDING } from '../../../shared/systems/layout';
import {
  asComponentId,
  asInteractionId,
  asZoneId,
  type Component,
  type ComponentKind,
  type Guardrail,
  type Interaction,
  type InteractionKind,
  type Zone,
} from '../../../shared/systems/records';
import { Random } from './random';

interface Entity {
  readonly name: string;
  /** Publishes events that a worker consumes. */
  readonly queued: boolean;
}

/** The ten business domains and what they hold (entities get a service and a datastore each). */
const DOMAINS: readonly (readonly [string, readonly string[]])[] = [
  [
    'Accounts',
    [
      'Current account',
      'Balance',
      'Ledger posting',
      'Overdraft',
      'Account opening',
      'Interest accrual',
      'Account closure',
      'Transaction history',
      'Fees and charges',
      'Account holds',
      'Joint accounts',
      'Dormancy',
    ],
  ],
  [
    'Payments',
    [
      'Payment order',
      'Instant payment',
      'SEPA credit transfer',
      'SWIFT transfer',
      'Direct debit',
      'Standing order',
      'Payee',
      'Payment limits',
      'Sanctions screening',
      'Payment repair',
      'Settlement',
      'Returns',
    ],
  ],
  [
    'Cards',
    [
      'Card authorisation',
      'Card issuing',
      'Card controls',
      'PIN management',
      'Tokenisation',
      'Clearing',
      'Chargebacks',
      'Card limits',
      'Card statements',
      'Virtual cards',
      'Contactless',
    ],
  ],
  [
    'Lending',
    [
      'Loan application',
      'Credit decision',
      'Affordability',
      'Loan servicing',
      'Repayment schedule',
      'Arrears',
      'Collateral',
      'Mortgage offer',
      'Loan disbursement',
      'Collections',
    ],
  ],
  [
    'Customers',
    [
      'Customer profile',
      'KYC check',
      'Address',
      'Consent',
      'Preferences',
      'Customer search',
      'Vulnerability flags',
      'Business customers',
      'Relationships',
      'Complaints',
    ],
  ],
  [
    'Savings',
    [
      'Savings account',
      'Fixed-term deposit',
      'Interest rates',
      'Savings goals',
      'ISA allowance',
      'Maturity',
      'Round-ups',
      'Withdrawal notice',
      'Deposit protection',
    ],
  ],
  [
    'Fraud and risk',
    [
      'Fraud scoring',
      'Rules engine',
      'Device fingerprint',
      'Case management',
      'Transaction monitoring',
      'Mule detection',
      'Risk model',
      'Watchlist',
      'Alert triage',
      'Behaviour profile',
    ],
  ],
  [
    'Treasury',
    [
      'FX quote',
      'FX rates',
      'Liquidity position',
      'Nostro reconciliation',
      'Cash forecasting',
      'Interest rate risk',
      'Hedging',
      'Regulatory capital',
      'Funding',
    ],
  ],
  [
    'Notifications',
    [
      'Push notification',
      'SMS',
      'Email',
      'In-app message',
      'Templates',
      'Delivery receipts',
      'Notification preferences',
      'Letters',
    ],
  ],
  [
    'Documents',
    [
      'Statement generation',
      'Document upload',
      'E-signature',
      'Tax documents',
      'Archive',
      'Document search',
      'Retention',
      'Certificates',
    ],
  ],
];

const CHANNELS: readonly (readonly [ComponentKind, string])[] = [
  ['service', 'Mobile app (iOS)'],
  ['service', 'Mobile app (Android)'],
  ['service', 'Online banking'],
  ['service', 'Business banking portal'],
  ['service', 'Branch teller system'],
  ['service', 'Call centre desktop'],
  ['service', 'ATM network controller'],
  ['service', 'Open banking portal'],
  ['service', 'Chat assistant'],
  ['service', 'Partner SDK'],
  ['service', 'Wearables app'],
  ['service', 'Kiosk app'],
  ['team', 'Branch staff'],
  ['team', 'Call centre agents'],
  ['team', 'Relationship managers'],
  ['external', 'Fintech partners (open banking)'],
  ['external', 'Merchant acquirers'],
  ['config', 'App force-upgrade settings'],
];

/** The BFFs of the edge, and which channels call them (by index in CHANNELS). */
const BFFS: readonly (readonly [string, readonly number[]])[] = [
  ['Mobile BFF', [0, 1, 10]],
  ['Web BFF', [2, 8]],
  ['Business BFF', [3]],
  ['Branch BFF', [4, 5, 6, 11]],
  ['Open banking API', [7, 9, 15]],
];

const EDGE: readonly (readonly [ComponentKind, string])[] = [
  ['service', 'Public API gateway'],
  ['service', 'Partner API gateway'],
  ['service', 'Web application firewall'],
  ['service', 'CDN'],
  ['service', 'Identity and login'],
  ['service', 'MFA service'],
  ['service', 'Token service'],
  ['datastore', 'Session store'],
  ['service', 'Open banking consents'],
  ['datastore', 'Consent database'],
  ['service', 'Bot protection'],
  ['config', 'Gateway rate limits'],
  ['config', 'Routing table'],
  ['monitoring', 'Edge dashboards'],
];

const DATA_PLATFORM: readonly (readonly [ComponentKind, string])[] = [
  ['queue', 'Event bus'],
  ['queue', 'Change data capture stream'],
  ['service', 'Stream processor'],
  ['datastore', 'Data lake'],
  ['datastore', 'Data warehouse'],
  ['service', 'ETL scheduler'],
  ['service', 'Regulatory reporting'],
  ['service', 'Finance reporting'],
  ['service', 'Customer analytics'],
  ['service', 'Model training pipeline'],
  ['datastore', 'Feature store'],
  ['service', 'Data quality checks'],
  ['team', 'Data engineering'],
  ['config', 'Data retention policy'],
];

const THIRD_PARTIES: readonly (readonly [ComponentKind, string])[] = [
  ['external', 'Visa'],
  ['external', 'Mastercard'],
  ['external', 'SEPA clearing house'],
  ['external', 'SWIFT network'],
  ['external', 'Faster Payments scheme'],
  ['external', 'Direct debit scheme'],
  ['external', 'Credit bureau'],
  ['external', 'KYC provider'],
  ['external', 'Sanctions list provider'],
  ['external', 'SMS gateway'],
  ['external', 'Email provider'],
  ['external', 'Push notification provider'],
  ['external', 'Card manufacturer'],
  ['external', 'FX liquidity provider'],
  ['external', 'Central bank RTGS'],
  ['external', 'Print and post provider'],
  ['external', 'E-signature vendor'],
  ['external', 'Device intelligence vendor'],
  ['external', 'Cloud provider'],
  ['external', 'DNS provider'],
];

const OPERATIONS: readonly (readonly [ComponentKind, string])[] = [
  ['monitoring', 'Metrics pipeline'],
  ['monitoring', 'Log aggregation'],
  ['monitoring', 'Tracing'],
  ['monitoring', 'Alert manager'],
  ['monitoring', 'Synthetic checks'],
  ['monitoring', 'SLO dashboards'],
  ['service', 'Paging service'],
  ['service', 'Status page'],
  ['team', 'Incident commander'],
  ['team', 'Platform on-call'],
  ['team', 'Database administrators'],
  ['team', 'Security operations'],
  ['team', 'Customer communications'],
  ['process', 'Change approval'],
  ['process', 'Deploy pipeline'],
  ['process', 'Capacity review'],
  ['process', 'Access review'],
  ['process', 'Incident review'],
  ['config', 'Feature flags'],
  ['config', 'Runbooks'],
];

const PLATFORM: readonly (readonly [ComponentKind, string])[] = [
  ['service', 'Kubernetes cluster (EU-West)'],
  ['service', 'Kubernetes cluster (EU-North)'],
  ['service', 'Service mesh'],
  ['service', 'Secrets vault'],
  ['service', 'Database proxy'],
  ['service', 'Message broker cluster'],
  ['service', 'Object storage'],
  ['service', 'Internal DNS'],
  ['config', 'Network policies'],
  ['config', 'Autoscaling policies'],
  ['service', 'Container registry'],
  ['service', 'Backup service'],
];

const FAILURE_MODES = [
  'Connection pool exhausted under peak load',
  'Slow responses (p99 over 2 s) while the replica lags',
  'Retries amplify a partial outage',
  'Stale configuration after a failed rollout',
  'Queue backlog grows faster than consumers drain it',
  'Certificate expired',
];

const GUARDRAIL_SETS: readonly (readonly Guardrail[])[] = [
  ['timeout'],
  ['timeout', 'retry_budget'],
  ['circuit_breaker', 'timeout'],
  ['rate_limit'],
  ['failover'],
  ['change_gate'],
];

export interface SystemsDiagram {
  readonly zones: readonly Zone[];
  readonly components: readonly Component[];
  readonly interactions: readonly Interaction[];
  /** Interactions by kind, and how many cross a zone boundary. */
  readonly kinds: Readonly<Record<InteractionKind, number>>;
  readonly crossZone: number;
}

interface ZoneSpec {
  readonly key: string;
  readonly name: string;
  readonly column: number;
  readonly members: { readonly key: string; readonly kind: ComponentKind; readonly name: string }[];
}

/** Entities per domain so that the whole diagram has exactly `componentCount` components. */
function domainEntities(random: Random, budget: number): Entity[][] {
  // A domain holds its API and its configuration, then 2 (service, datastore) or 4 (with a
  // queue and a worker) per entity.
  const lists = DOMAINS.map(() => [] as Entity[]);
  let left = budget - 2 * DOMAINS.length;
  const cursor = DOMAINS.map(() => 0);
  for (let round = 0; left >= 2; round += 1) {
    let added = false;
    for (const [d, [domain, names]] of DOMAINS.entries()) {
      const index = cursor[d] ?? 0;
      if (left < 2) break;
      const base = names[index % names.length] ?? domain;
      // Past the list, entities come in regional instances, as large estates have.
      const name =
        index < names.length ? base : `${base} (${['EU', 'UK', 'US', 'APAC'][round % 4] ?? ''})`;
      const queued = left >= 4 && random.chance(0.35);
      lists[d]?.push({ name, queued });
      cursor[d] = index + 1;
      left -= queued ? 4 : 2;
      added = true;
    }
    if (!added) break;
  }
  if (left === 1) {
    // One component short: the last domain gets a configuration setting more (see below).
    lists.at(-1)?.push({ name: '', queued: false });
  }
  return lists;
}

export function systemsDiagram(
  workshopId: string,
  componentCount: number,
  interactionCount: number,
  at: number,
  seed = 7,
): SystemsDiagram {
  const random = new Random(seed);
  const fixed =
    CHANNELS.length +
    EDGE.length +
    BFFS.length +
    DATA_PLATFORM.length +
    THIRD_PARTIES.length +
    OPERATIONS.length +
    PLATFORM.length +
    DOMAINS.length; // one on-call team per domain, in Operations
  const entities = domainEntities(random, componentCount - fixed);

  const specs: ZoneSpec[] = [];
  const zone = (key: string, name: string, column: number): ZoneSpec => {
    const spec: ZoneSpec = { key, name, column, members: [] };
    specs.push(spec);
    return spec;
  };
  const listed = (
    spec: ZoneSpec,
    prefix: string,
    list: readonly (readonly [ComponentKind, string])[],
  ) => list.forEach(([kind, name], i) => spec.members.push({ key: `${prefix}${i}`, kind, name }));

  listed(zone('channels', 'Customer channels', 0), 'ch', CHANNELS);
  const edge = zone('edge', 'Edge', 1);
  listed(edge, 'edge', EDGE);
  BFFS.forEach(([name], i) => edge.members.push({ key: `bff${i}`, kind: 'service', name }));
  DOMAINS.forEach(([domain], d) => {
    const spec = zone(`d${d}`, domain, 2 + Math.floor(d / 4));
    spec.members.push({ key: `d${d}.api`, kind: 'service', name: `${domain} API` });
    spec.members.push({ key: `d${d}.config`, kind: 'config', name: `${domain} limits and flags` });
    (entities[d] ?? []).forEach((e, i) => {
      if (e.name === '') {
        spec.members.push({ key: `d${d}.extra`, kind: 'config', name: `${domain} timeouts` });
        return;
      }
      spec.members.push({ key: `d${d}.e${i}`, kind: 'service', name: `${e.name} service` });
      spec.members.push({ key: `d${d}.e${i}.db`, kind: 'datastore', name: `${e.name} store` });
      if (e.queued) {
        spec.members.push({ key: `d${d}.e${i}.q`, kind: 'queue', name: `${e.name} events` });
        spec.members.push({ key: `d${d}.e${i}.w`, kind: 'service', name: `${e.name} worker` });
      }
    });
  });
  listed(zone('data', 'Data platform', 5), 'data', DATA_PLATFORM);
  listed(zone('third', 'Third parties', 5), 'tp', THIRD_PARTIES);
  const ops = zone('ops', 'Operations', 6);
  listed(ops, 'ops', OPERATIONS);
  DOMAINS.forEach(([domain], d) =>
    ops.members.push({ key: `team${d}`, kind: 'team', name: `${domain} on-call` }),
  );
  listed(zone('platform', 'Hosting platform', 6), 'pf', PLATFORM);

  // Geometry: members in rows inside their zone, zones stacked in their flow-order column.
  const gap = 40;
  const zoneGap = 96;
  const zoneRows = new Map<string, number>();
  const sizeOf = (spec: ZoneSpec) => {
    const columns = Math.max(2, Math.ceil(Math.sqrt(spec.members.length * 0.9)));
    const rows = Math.ceil(spec.members.length / columns);
    zoneRows.set(spec.key, columns);
    return {
      width: 2 * ZONE_PADDING.side + columns * COMPONENT_BOX.width + (columns - 1) * gap,
      height: ZONE_PADDING.top + ZONE_PADDING.side + rows * COMPONENT_BOX.height + (rows - 1) * gap,
    };
  };
  const wsId: WorkshopId = asWorkshopId(workshopId);
  const zones: Zone[] = [];
  const components: Component[] = [];
  const byKey = new Map<string, Component>();
  const zoneOfKey = new Map<string, string>();
  let x = 0;
  for (let column = 0; column <= 6; column += 1) {
    const inColumn = specs.filter((s) => s.column === column);
    let y = 0;
    let width = 0;
    for (const spec of inColumn) {
      const size = sizeOf(spec);
      const record: Zone = {
        id: asZoneId(random.uuid()),
        workshopId: wsId,
        name: spec.name,
        x,
        y,
        ...size,
        createdAt: at,
      };
      zones.push(record);
      const columns = zoneRows.get(spec.key) ?? 2;
      spec.members.forEach((m, i) => {
        const component: Component = {
          id: asComponentId(random.uuid()),
          workshopId: wsId,
          kind: m.kind,
          name: m.name,
          x: x + ZONE_PADDING.side + (i % columns) * (COMPONENT_BOX.width + gap),
          y: y + ZONE_PADDING.top + Math.floor(i / columns) * (COMPONENT_BOX.height + gap),
          pinned: false,
          zoneId: record.id,
          failureMode: random.chance(0.05) ? random.pick(FAILURE_MODES) : '',
          annotation: '',
          guardrails: [],
          onPath: false,
          createdAt: at,
        };
        components.push(component);
        byKey.set(m.key, component);
        zoneOfKey.set(m.key, spec.key);
      });
      y += size.height + zoneGap;
      width = Math.max(width, size.width);
    }
    x += width + zoneGap;
  }
  if (components.length !== componentCount)
    throw new Error(`bench: the systems diagram has ${components.length} components`);
  if (new Set(components.map((c) => c.name)).size !== components.length)
    throw new Error('bench: two components of the systems diagram have the same name');

  // Interactions: what the design needs first, then plausible extras up to the count.
  const seen = new Set<string>();
  const needed: [string, string, InteractionKind, string][] = [];
  const extra: [string, string, InteractionKind, string][] = [];
  const add = (
    list: typeof needed,
    from: string,
    to: string,
    kind: InteractionKind,
    label: string,
  ) => {
    const key = `${from}>${to}`;
    if (from === to || seen.has(key) || !byKey.has(from) || !byKey.has(to)) return;
    seen.add(key);
    list.push([from, to, kind, label]);
  };
  const apis = DOMAINS.map((_, d) => `d${d}.api`);
  const services = (d: number) =>
    (entities[d] ?? []).flatMap((e, i) => (e.name === '' ? [] : [`d${d}.e${i}`]));
  // Channels -> BFFs -> gateways -> domain APIs.
  BFFS.forEach(([, callers], b) => {
    for (const c of callers) add(needed, `ch${c}`, `bff${b}`, 'request', 'API calls');
    add(needed, `bff${b}`, b === 4 ? 'edge1' : 'edge0', 'request', 'Routes through');
    add(needed, `bff${b}`, 'edge4', 'request', 'Authenticate');
  });
  add(needed, 'ch12', 'ch4', 'request', 'Serve customers');
  add(needed, 'ch13', 'ch5', 'request', 'Serve customers');
  add(needed, 'ch14', 'ch3', 'request', 'Manage clients');
  add(needed, 'ch16', 'edge1', 'request', 'Card-not-present traffic');
  add(needed, 'ch17', 'ch0', 'control', 'Minimum version');
  add(needed, 'ch17', 'ch1', 'control', 'Minimum version');
  add(needed, 'edge3', 'edge2', 'request', 'Forwards');
  add(needed, 'edge2', 'edge0', 'request', 'Filtered traffic');
  add(needed, 'edge10', 'edge0', 'control', 'Blocks bots');
  add(needed, 'edge4', 'edge5', 'request', 'Second factor');
  add(needed, 'edge4', 'edge6', 'request', 'Issue tokens');
  add(needed, 'edge6', 'edge7', 'data', 'Sessions');
  add(needed, 'edge8', 'edge9', 'data', 'Consents');
  add(needed, 'bff4', 'edge8', 'request', 'Check consent');
  add(needed, 'edge11', 'edge0', 'control', 'Limits');
  add(needed, 'edge11', 'edge1', 'control', 'Limits');
  add(needed, 'edge12', 'edge0', 'control', 'Routes');
  add(needed, 'edge0', 'edge13', 'feedback', 'Metrics');
  DOMAINS.forEach(([, names], d) => {
    const api = `d${d}.api`;
    // Each BFF reaches the domains its channel needs; every domain is reached by at least one.
    add(needed, `bff${d % BFFS.length}`, api, 'request', 'API calls');
    add(needed, `bff${(d + 2) % BFFS.length}`, api, 'request', 'API calls');
    add(needed, `d${d}.config`, api, 'control', 'Limits and flags');
    (entities[d] ?? []).forEach((e, i) => {
      if (e.name === '') {
        add(needed, `d${d}.extra`, api, 'control', 'Timeouts');
        return;
      }
      const svc = `d${d}.e${i}`;
      add(needed, api, svc, 'request', i < names.length ? 'Calls' : 'Regional calls');
      add(needed, svc, `${svc}.db`, 'data', 'Reads and writes');
      if (e.queued) {
        add(needed, svc, `${svc}.q`, 'data', 'Publishes');
        add(needed, `${svc}.q`, `${svc}.w`, 'data', 'Consumes');
        add(needed, `${svc}.w`, `${svc}.db`, 'data', 'Updates');
        add(needed, `${svc}.q`, 'data0', 'data', 'Forwards events');
      }
    });
    add(needed, api, 'ops0', 'feedback', 'Metrics');
    add(needed, api, 'pf0', 'dependency', 'Runs on');
    add(needed, 'ops14', api, 'control', 'Deploys');
    add(needed, 'ops3', `team${d}`, 'feedback', 'Pages');
    add(needed, `team${d}`, api, 'control', 'Operates');
  });
  // Cross-domain calls a bank has (by domain index): payments debit accounts, cards ask fraud…
  const calls: [number, number][] = [
    [1, 0],
    [1, 6],
    [1, 7],
    [2, 0],
    [2, 6],
    [3, 4],
    [3, 0],
    [5, 0],
    [0, 8],
    [1, 8],
    [2, 8],
    [0, 9],
    [3, 9],
    [4, 8],
    [6, 4],
    [7, 0],
  ];
  for (const [from, to] of calls) {
    add(needed, random.pick(services(from)), apis[to] ?? '', 'request', 'Calls');
  }
  // Domains and third parties.
  const external: [number, number, InteractionKind, string][] = [
    [2, 0, 'request', 'Authorisations'],
    [2, 1, 'request', 'Authorisations'],
    [1, 2, 'request', 'Clearing'],
    [1, 3, 'request', 'Messages'],
    [1, 4, 'request', 'Instant payments'],
    [1, 5, 'request', 'Collections'],
    [3, 6, 'request', 'Credit checks'],
    [4, 7, 'request', 'Identity checks'],
    [1, 8, 'data', 'Sanctions lists'],
    [8, 9, 'request', 'Sends SMS'],
    [8, 10, 'request', 'Sends email'],
    [8, 11, 'request', 'Sends push'],
    [2, 12, 'request', 'Card orders'],
    [7, 13, 'request', 'FX trades'],
    [7, 14, 'request', 'Settlement'],
    [9, 15, 'request', 'Letters'],
    [9, 16, 'request', 'Signatures'],
    [6, 17, 'request', 'Device checks'],
  ];
  for (const [d, tp, kind, label] of external) {
    add(needed, random.pick(services(d)), `tp${tp}`, kind, label);
  }
  add(needed, 'tp0', 'd2.e0', 'request', 'Authorisation requests');
  add(needed, 'tp1', 'd2.e0', 'request', 'Authorisation requests');
  add(needed, 'pf0', 'tp18', 'dependency', 'Hosted on');
  add(needed, 'pf1', 'tp18', 'dependency', 'Hosted on');
  add(needed, 'edge3', 'tp19', 'dependency', 'Resolves');
  // Data platform, operations, platform internals.
  add(needed, 'data0', 'data2', 'data', 'Streams');
  add(needed, 'data1', 'data2', 'data', 'Streams');
  add(needed, 'data2', 'data3', 'data', 'Lands');
  add(needed, 'data5', 'data4', 'data', 'Loads');
  add(needed, 'data3', 'data5', 'data', 'Extracts');
  add(needed, 'data4', 'data6', 'data', 'Returns');
  add(needed, 'data4', 'data7', 'data', 'Ledgers');
  add(needed, 'data4', 'data8', 'data', 'Segments');
  add(needed, 'data3', 'data9', 'data', 'Training data');
  add(needed, 'data9', 'data10', 'data', 'Features');
  add(needed, 'data10', 'd6.e0', 'data', 'Model features');
  add(needed, 'data11', 'data4', 'feedback', 'Quality alerts');
  add(needed, 'data12', 'data5', 'control', 'Operates');
  add(needed, 'data13', 'data3', 'control', 'Retention');
  add(needed, 'ops0', 'ops3', 'feedback', 'Alerts');
  add(needed, 'ops1', 'ops3', 'feedback', 'Log alerts');
  add(needed, 'ops4', 'ops3', 'feedback', 'Failed checks');
  add(needed, 'ops3', 'ops6', 'feedback', 'Pages');
  add(needed, 'ops6', 'ops8', 'feedback', 'Escalates');
  add(needed, 'ops6', 'ops9', 'feedback', 'Pages');
  add(needed, 'ops8', 'ops7', 'control', 'Updates');
  add(needed, 'ops8', 'ops12', 'control', 'Briefs');
  add(needed, 'ops13', 'ops14', 'control', 'Approves releases');
  add(needed, 'ops15', 'pf9', 'control', 'Sizes');
  add(needed, 'ops16', 'pf3', 'control', 'Reviews access');
  add(needed, 'ops0', 'ops5', 'feedback', 'SLIs');
  add(needed, 'pf2', 'pf0', 'dependency', 'Runs on');
  add(needed, 'pf2', 'pf1', 'dependency', 'Runs on');
  add(needed, 'pf4', 'pf0', 'dependency', 'Runs on');
  add(needed, 'pf5', 'pf1', 'dependency', 'Runs on');
  add(needed, 'pf8', 'pf2', 'control', 'Policies');
  add(needed, 'pf9', 'pf0', 'control', 'Scales');
  add(needed, 'pf9', 'pf1', 'control', 'Scales');
  add(needed, 'pf10', 'ops14', 'data', 'Images');
  add(needed, 'pf11', 'pf6', 'data', 'Backups');

  // Extras, all of a kind a real diagram has: calls between a domain's services, services
  // publishing to the event bus, reading the database proxy, metrics, flags, secrets.
  DOMAINS.forEach((_, d) => {
    const list = services(d);
    list.forEach((svc, i) => {
      const next = list[(i + 1 + random.int(Math.max(1, list.length - 1))) % list.length];
      if (next) add(extra, svc, next, 'request', 'Calls');
      add(extra, svc, 'data0', 'data', 'Publishes events');
      add(extra, svc, 'ops0', 'feedback', 'Metrics');
      add(extra, `${svc}.db`, 'pf4', 'dependency', 'Through');
      add(extra, svc, 'pf3', 'dependency', 'Secrets');
      add(extra, 'ops18', svc, 'control', 'Flags');
      add(extra, svc, 'ops2', 'feedback', 'Traces');
      add(extra, `${svc}.db`, 'data1', 'data', 'Change data');
      add(extra, 'ops11', svc, 'control', 'Security review');
    });
    add(extra, `team${d}`, 'ops19', 'control', 'Maintains runbooks');
    add(extra, 'ops4', apis[d] ?? '', 'request', 'Probes');
  });
  if (needed.length > interactionCount)
    throw new Error(
      `bench: ${interactionCount} interactions are fewer than the diagram needs (${needed.length})`,
    );
  // A shuffle, then the first that fit: extras spread over every domain.
  for (let i = extra.length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    [extra[i], extra[j]] = [extra[j]!, extra[i]!];
  }
  const chosen = [...needed, ...extra.slice(0, interactionCount - needed.length)];
  if (chosen.length !== interactionCount)
    throw new Error(
      `bench: only ${chosen.length} plausible interactions for ${componentCount} components`,
    );

  const kinds: Record<InteractionKind, number> = {
    request: 0,
    data: 0,
    control: 0,
    feedback: 0,
    dependency: 0,
  };
  let crossZone = 0;
  const interactions: Interaction[] = chosen.map(([from, to, kind, label]) => {
    kinds[kind] += 1;
    if (zoneOfKey.get(from) !== zoneOfKey.get(to)) crossZone += 1;
    const guarded = kind === 'request' && random.chance(0.15);
    return {
      id: asInteractionId(random.uuid()),
      workshopId: wsId,
      sourceId: byKey.get(from)!.id,
      targetId: byKey.get(to)!.id,
      kind,
      label,
      failureMode: random.chance(0.03) ? random.pick(FAILURE_MODES) : '',
      annotation: '',
      guardrails: guarded ? [...random.pick(GUARDRAIL_SETS)] : [],
      onPath: false,
      createdAt: at,
    };
  });

  // The incident's path, as a room marks it: card authorisation through fraud scoring.
  const path = ['tp0', 'd2.e0', 'd2.api', 'd6.e0', 'd6.e0.db'];
  const onPath = new Set(path.map((k) => byKey.get(k)?.id));
  const marked = components.map((c) => (onPath.has(c.id) ? { ...c, onPath: true } : c));
  const pathEdges = interactions.map((i) =>
    onPath.has(i.sourceId) && onPath.has(i.targetId) ? { ...i, onPath: true } : i,
  );
  return { zones, components: marked, interactions: pathEdges, kinds, crossZone };
}
