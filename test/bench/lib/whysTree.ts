/**
 * A large branching 5-whys tree for the whys suite: one problem statement and
 * `count - 1` whys below it, every branch going 3 to 6 whys deep, each why
 * answered by 1 to 4 "because"s, in the words of a real postmortem (text of 25
 * to about 300 characters, so boxes of 96 to 300+ units). Deterministic: a
 * seeded PRNG, ids shaped like crypto.randomUUID, so every run lays out the
 * very same tree.
 */
import { asWorkshopId } from '../../../shared/base/ids';
import { asWhyId, type WhyNode } from '../../../shared/whys/records';
import { Random } from './random';

/** Why levels (the problem is level 0): every branch ends at one of these. */
export const WHY_DEPTH = { min: 3, max: 6 } as const;
/** "Because"s per why. */
export const WHY_BRANCHING = { min: 1, max: 4 } as const;

const PROBLEM =
  'Card payments were declined for 47 minutes during the Friday evening peak: about 18% of ' +
  'authorisations failed and 31,000 customers saw "Payment refused" at the till or online.';

/** Statements of the kind a room writes, short and long; clauses below make them vary more. */
const BECAUSE = [
  'The authorisation service ran out of database connections',
  'Fraud scoring answered in 2.5 s instead of 80 ms',
  'The connection pool was sized for last year’s traffic',
  'A retry storm from the card network tripled the request rate',
  'The replica lag alert was routed to a channel nobody watches on Fridays',
  'The circuit breaker was configured but never enabled in production',
  'The feature flag for the new scoring model was rolled out to 100% at once',
  'Load tests ran against a staging database with a tenth of the data',
  'The runbook described the old failover procedure',
  'On-call had no read access to the production database metrics',
  'The deploy pipeline skipped the canary stage for configuration changes',
  'Timeouts were longer downstream than upstream, so requests piled up',
  'The queue consumer was scaled down during the cost-saving exercise',
  'Capacity reviews happen quarterly and the last one was cancelled',
  'Nobody owned the shared connection-pool library after the reorg',
  'The dashboard showed averages, which hid the p99 latency spike',
  'Error budgets are tracked per service, not per customer journey',
  'The vendor changed their rate limit without notice',
  'Our contract with the scheme has no notification clause for limit changes',
  'Alert thresholds were copied from another service with lower traffic',
  'The incident channel was created 12 minutes after the first page',
  'The status page can only be updated by two people, both off shift',
  'Rollback needs a manual database migration step',
  'The migration tool cannot run while the service takes writes',
  'Change approval for hotfixes takes a second approver who was asleep',
  'The health check only tests that the process is up, not that it can reach the database',
  'Synthetic checks run every 15 minutes',
  'The cache warm-up after deploy takes longer than the readiness probe allows',
  'Two teams each assumed the other one maintained the failover script',
  'Documentation for the scoring model lives in a personal notebook',
  'Connection limits on the database proxy were never load tested',
  'The SLO dashboard was broken since the metrics backend upgrade',
];

const CLAUSE = [
  ', so the backlog grew faster than it drained',
  ' during the busiest hour of the week',
  ', which nobody noticed until customers called the branch',
  '; the same thing happened in March but the action item was closed without a fix',
  ' because the default changed in the library upgrade two releases ago',
  ', and the alert that should have caught it fires only after 30 minutes of errors',
  ' (the ticket to change this has been open since last year)',
  ', so the on-call engineer spent the first 20 minutes looking at the wrong service',
  '; the load test that would have shown it was removed from the pipeline because it was slow and flaky',
  ' in the EU region only',
];

function whyText(random: Random): string {
  const base = random.pick(BECAUSE);
  const roll = random.next();
  if (roll < 0.4) return base;
  if (roll < 0.85) return `${base}${random.pick(CLAUSE)}`;
  const first = random.pick(CLAUSE);
  let second = random.pick(CLAUSE);
  while (second === first) second = random.pick(CLAUSE);
  return `${base}${first}${second}`;
}

/** A tree shape: children counts of each node, before ids and texts. */
interface Shape {
  depth: number;
  children: Shape[];
}

const sizeOf = (s: Shape): number => 1 + s.children.reduce((n, c) => n + sizeOf(c), 0);

function grow(random: Random, depth: number): Shape {
  const node: Shape = { depth, children: [] };
  if (depth === WHY_DEPTH.max) return node;
  // Every branch reaches WHY_DEPTH.min; below it, branches end more often the deeper they are.
  if (depth >= WHY_DEPTH.min && random.next() < [0, 0, 0, 0.3, 0.5, 0.75][depth]!) return node;
  const roll = random.next();
  const count = depth === 0 ? 4 : roll < 0.3 ? 1 : roll < 0.68 ? 2 : roll < 0.9 ? 3 : 4;
  for (let i = 0; i < count; i += 1) node.children.push(grow(random, depth + 1));
  return node;
}

function all(shape: Shape): Shape[] {
  return [shape, ...shape.children.flatMap(all)];
}

/** Trims or extends a grown tree to exactly `count` nodes, keeping the depth and branching rules. */
function fit(random: Random, root: Shape, count: number): void {
  let size = sizeOf(root);
  while (size > count) {
    // A leaf whose parent keeps another child, or whose parent may end its branch.
    const parents = all(root).filter((p) =>
      p.children.some(
        (c) => c.children.length === 0 && (p.children.length > 1 || p.depth >= WHY_DEPTH.min),
      ),
    );
    const parent = parents[parents.length - 1 - random.int(Math.min(parents.length, 8))]!;
    const leaf = parent.children.findLastIndex((c) => c.children.length === 0);
    parent.children.splice(leaf, 1);
    size -= 1;
  }
  while (size < count) {
    // A new leaf that is deep enough to end a branch, under a why with room for another answer.
    const hosts = all(root).filter(
      (p) =>
        p.depth >= WHY_DEPTH.min - 1 &&
        p.depth < WHY_DEPTH.max &&
        p.children.length < WHY_BRANCHING.max,
    );
    random.pick(hosts).children.push({ depth: 0, children: [] });
    size += 1;
    for (const p of all(root)) for (const c of p.children) c.depth = p.depth + 1;
  }
}

export interface WhysTree {
  readonly nodes: readonly WhyNode[];
  /** Whys per level (index 0: the problem statement). */
  readonly perLevel: readonly number[];
  /** Depths at which branches end (leaves), and the largest number of answers a why has. */
  readonly leafDepths: readonly number[];
  readonly maxBranching: number;
}

/** `count` why-nodes of `workshopId` (parents before their children), created at `at`. */
export function whysTree(workshopId: string, count: number, at: number, seed = 5): WhysTree {
  const random = new Random(seed);
  const root = grow(random, 0);
  fit(random, root, count);
  const nodes: WhyNode[] = [];
  const perLevel: number[] = [];
  const leafDepths = new Set<number>();
  let maxBranching = 0;
  const emit = (shape: Shape, parentId: string | null, order: number) => {
    const id = asWhyId(random.uuid());
    nodes.push({
      id,
      workshopId: asWorkshopId(workshopId),
      parentId: parentId === null ? null : asWhyId(parentId),
      text: shape.depth === 0 ? PROBLEM : whyText(random),
      order,
      createdAt: at + nodes.length * 1_000,
    });
    perLevel[shape.depth] = (perLevel[shape.depth] ?? 0) + 1;
    if (shape.children.length === 0) leafDepths.add(shape.depth);
    maxBranching = Math.max(maxBranching, shape.children.length);
    shape.children.forEach((child, i) => emit(child, id, i));
  };
  emit(root, null, 0);
  // The rules the suite promises: check them rather than trust the generator.
  if (nodes.length !== count) throw new Error(`bench: the whys tree has ${nodes.length} nodes`);
  const shallow = [...leafDepths].filter((d) => d < WHY_DEPTH.min || d > WHY_DEPTH.max);
  if (shallow.length > 0 || maxBranching > WHY_BRANCHING.max)
    throw new Error('bench: the whys tree breaks its depth or branching rules');
  return { nodes, perLevel, leafDepths: [...leafDepths].sort(), maxBranching };
}
