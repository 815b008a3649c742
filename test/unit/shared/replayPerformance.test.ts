/**
 * Replay must stay linear in the length of the log: one draft serves the
 * whole replay, so each operation costs the same however many came before.
 * (Copying a table per operation, as the reducer once did, is quadratic:
 * 4x the operations took 16x the time.)
 */
import { describe, expect, it } from 'vitest';
import { replay } from '../../../shared/pipeline/reducer.js';
import type { Operation } from '../../../shared/registry.js';
import { T0, createOp, envelope, makeNote, makeWorkshop } from './builders.js';

/** A workshop.create and `n` note.add operations. */
function noteAdds(n: number): Operation[] {
  const ops = [createOp(makeWorkshop())];
  for (let i = 0; i < n; i += 1) {
    ops.push(
      envelope(
        { type: 'note.add', payload: { note: makeNote(`n${i}`, { x: i % 1000, y: i % 700 }) } },
        { at: T0 + i },
      ),
    );
  }
  return ops;
}

/** The fastest of `runs` replays, in milliseconds (the least disturbed by other work). */
function bestReplayTime(ops: readonly Operation[], runs: number): number {
  let best = Infinity;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const result = replay(ops);
    const elapsed = performance.now() - started;
    if (!result.ok) throw new Error(`replay failed: ${result.error.message}`);
    best = Math.min(best, elapsed);
  }
  return best;
}

describe('replay', () => {
  it('of 40,000 note.add operations takes linear, not quadratic, time', { timeout: 60_000 }, () => {
    const small = noteAdds(2_500);
    const large = noteAdds(40_000);

    const result = replay(large);
    expect(result.ok && result.state.records.notes.size).toBe(40_000);

    bestReplayTime(small, 2); // warm up the JIT before measuring
    // Best of 5, interleaved, so a burst of load on the machine hits both sizes alike.
    let smallTime = Infinity;
    let largeTime = Infinity;
    for (let round = 0; round < 5; round += 1) {
      smallTime = Math.min(smallTime, bestReplayTime(small, 1));
      largeTime = Math.min(largeTime, bestReplayTime(large, 1));
    }
    const ratio = largeTime / Math.max(smallTime, 0.5);
    // 16x the operations: about 16 when linear, about 256 when quadratic. The wide gap keeps
    // the verdict stable on a loaded 2-core machine.
    expect(
      ratio,
      `replay of 2,500 took ${smallTime.toFixed(1)} ms, of 40,000 ${largeTime.toFixed(1)} ms`,
    ).toBeLessThan(64);
  });
});
