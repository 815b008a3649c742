/**
 * IndexedDB on an on-disk profile (chromium.launchPersistentContext with a
 * temporary user-data-dir under .bench-profile/, which is gitignored).
 *
 * - Persisting one note edit through the whole pipeline: with one note
 *   selected at zoom 1, Enter opens the editor, Ctrl+A and new text, Enter
 *   commits. Timed from the commit keydown's event.timeStamp to the DOM
 *   mutation that turns the header's save state (role=status) from "Saving…"
 *   back to "All changes saved", which happens when the store's queued Dexie
 *   transaction has completed. A MutationObserver in the page catches it
 *   without polling. A few warm-up edits are not counted.
 * - Opening the workshop from the home screen to the wall's ready mark, each
 *   time in a newly launched browser on the same profile (cold renderer, data
 *   on disk).
 * - Same-run references, in the same profile and origin, with the plain
 *   indexedDB API on a scratch database: one put per readwrite transaction
 *   (durability 'strict' like Debrief's Dexie, and 'relaxed' for contrast),
 *   and reading `storageSize` note-sized records through an index.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { launchPersistent } from '../lib/browser';
import {
  DEBRIEF_WALL,
  goHome,
  importWorkshop,
  openDebrief,
  settleDebrief,
  workshopLink,
} from '../lib/debrief';
import type { OpenTimes } from '../lib/ready';
import { pickNode, zoomToOne } from '../lib/gestures';
import { formatSummary, Profiler, saveProfile, summarize } from '../lib/profile';
import { formatTrace, traced } from '../lib/trace';
import { row, type BenchRow } from '../lib/report';
import { seedWorkshop } from '../lib/seed';
import { max, median, medianOf, percentile } from '../lib/stats';
import type { Suite } from './types';

const WARMUP_EDITS = 5;
const RAW_READ_REPEATS = 7;

interface EditProbe {
  arm(): void;
  result(): Promise<number>;
}

declare global {
  interface Window {
    __benchEdit?: EditProbe;
  }
}

async function installEditProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const SAVING = 'Saving…';
    const SAVED = 'All changes saved';
    const status = [...document.querySelectorAll('[role="status"]')].find((el) => {
      const text = el.textContent.trim();
      return text === SAVING || text === SAVED;
    });
    if (!status) throw new Error('bench: no save-state status in the workshop header');
    let armed = false;
    let committedAt: number | null = null;
    let sawSaving = false;
    let finish: ((ms: number) => void) | null = null;
    let finished: number | null = null;
    window.addEventListener(
      'keydown',
      (event) => {
        if (armed && event.key === 'Enter' && event.target instanceof HTMLTextAreaElement) {
          armed = false;
          committedAt = event.timeStamp;
        }
      },
      { capture: true },
    );
    new MutationObserver(() => {
      if (committedAt === null || finished !== null) return;
      const text = status.textContent.trim();
      if (text === SAVING) sawSaving = true;
      else if (text === SAVED && sawSaving) {
        finished = performance.now() - committedAt;
        finish?.(finished);
      }
    }).observe(status, { childList: true, characterData: true, subtree: true });
    window.__benchEdit = {
      arm() {
        armed = true;
        committedAt = null;
        sawSaving = false;
        finished = null;
        finish = null;
      },
      result() {
        return new Promise<number>((resolve, reject) => {
          if (finished !== null) {
            resolve(finished);
            return;
          }
          finish = resolve;
          setTimeout(() => reject(new Error('bench: the edit was not saved within 10 s')), 10_000);
        });
      },
    };
  });
}

async function timeEdits(page: Page, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count + WARMUP_EDITS; i += 1) {
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement instanceof HTMLTextAreaElement);
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(`Edit ${i}: the alert threshold was tuned after the incident`);
    await page.evaluate(() => window.__benchEdit?.arm());
    await page.keyboard.press('Enter');
    const ms = await page.evaluate(() => {
      const probe = window.__benchEdit;
      if (!probe) throw new Error('bench: edit probe missing');
      return probe.result();
    });
    if (i >= WARMUP_EDITS) times.push(ms);
  }
  return times;
}

interface RawTimes {
  readonly strictPuts: number[];
  readonly relaxedPuts: number[];
  readonly reads: number[];
}

/** Plain indexedDB (no Dexie) in the page, on a scratch database it deletes afterwards. */
async function rawIndexedDb(page: Page, puts: number, records: number): Promise<RawTimes> {
  return page.evaluate(
    async ({ puts, records, warmup, repeats }) => {
      const NAME = 'debrief-bench-scratch';
      const open = () =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(NAME, 1);
          request.onupgradeneeded = () => {
            request.result
              .createObjectStore('records', { keyPath: 'id' })
              .createIndex('workshopId', 'workshopId');
          };
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error('open failed'));
        });
      const complete = (tx: IDBTransaction) =>
        new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
          tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
        });
      // Shaped like a Debrief note record.
      const record = (i: number, workshopId: string) => ({
        id: `${workshopId}-${i}`,
        workshopId,
        text: `Alert fired 20 minutes after error rate crossed the SLO (#${i})`,
        color: 'yellow',
        x: i * 7,
        y: i * 3,
        clusterId: 'bench-cluster',
        authorId: 'bench-actor',
        createdAt: 1736931600000,
      });
      const timePuts = async (db: IDBDatabase, durability: IDBTransactionDurability) => {
        const times: number[] = [];
        for (let i = 0; i < puts + warmup; i += 1) {
          const started = performance.now();
          const tx = db.transaction('records', 'readwrite', { durability });
          tx.objectStore('records').put(record(i, `puts-${durability}`));
          await complete(tx);
          if (i >= warmup) times.push(performance.now() - started);
        }
        return times;
      };

      let db = await open();
      const strictPuts = await timePuts(db, 'strict');
      const relaxedPuts = await timePuts(db, 'relaxed');
      const fill = db.transaction('records', 'readwrite');
      const store = fill.objectStore('records');
      for (let i = 0; i < records; i += 1) store.put(record(i, 'read'));
      await complete(fill);
      db.close();
      db = await open();
      const reads: number[] = [];
      for (let i = 0; i < repeats; i += 1) {
        const started = performance.now();
        const tx = db.transaction('records', 'readonly');
        const request = tx.objectStore('records').index('workshopId').getAll('read');
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error('getAll failed'));
        });
        reads.push(performance.now() - started);
        if (rows.length !== records)
          throw new Error(`bench: read ${rows.length} of ${records} records`);
      }
      db.close();
      await new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase(NAME);
        request.onsuccess = () => resolve();
        request.onerror = () => resolve();
      });
      return { strictPuts, relaxedPuts, reads };
    },
    { puts, records, warmup: WARMUP_EDITS, repeats: RAW_READ_REPEATS },
  );
}

export const storageSuite: Suite = {
  id: 'storage',
  title: 'IndexedDB on an on-disk profile',
  async run(ctx) {
    const { storageSize: size, edits, runs } = ctx.options;
    const seeded = seedWorkshop(size);
    const parent = join(ctx.repoRoot, '.bench-profile');
    mkdirSync(parent, { recursive: true });
    const profile = mkdtempSync(join(parent, 'profile-'));
    const section = `on-disk profile, ${size} notes`;
    try {
      // Session 1: import, a warm opening, the edits, and the raw references.
      let context = await launchPersistent(profile);
      let editTimes: number[];
      let warmOpen: OpenTimes;
      let raw: RawTimes;
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        page.setDefaultTimeout(180_000);
        await page.goto(`${ctx.origin}/`);
        await importWorkshop(page, seeded);
        await settleDebrief(page);
        await goHome(page, seeded);
        warmOpen = await openDebrief(page, seeded);
        await settleDebrief(page);
        await zoomToOne(page, DEBRIEF_WALL);
        const note = await pickNode(page, DEBRIEF_WALL, '.react-flow__node-note', 0.3, {
          x: 0,
          y: 0,
        });
        await page.mouse.click(note.grab.x, note.grab.y);
        await installEditProbe(page);
        const started = performance.now();
        editTimes = await timeEdits(page, edits);
        ctx.log(
          `${edits} edits persisted (${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
        await settleDebrief(page);
        if (ctx.options.profile) {
          const profiler = await Profiler.attach(page);
          await profiler.start();
          const { result, summary } = await traced(page, () => timeEdits(page, 30));
          const profile = await profiler.stop();
          const file = saveProfile(ctx.profileDir, `storage-edits-${size}`, profile);
          const title = `30 note edits, ${size}-note wall`;
          ctx.log(formatSummary(`${title} (${file})`, summarize(profile, ctx.urlToFile)));
          ctx.log(formatTrace(title, summary));
          ctx.log(
            `  (edit times while profiling, ms: p50 ${percentile(result, 50)?.toFixed(1) ?? '—'})`,
          );
          await settleDebrief(page);
        }
        raw = await rawIndexedDb(page, edits, size);
      } finally {
        await context.close();
      }

      // Sessions 2..runs+1: a new browser on the same profile opens the workshop.
      const opens: OpenTimes[] = [];
      for (let run = 0; run < runs; run += 1) {
        context = await launchPersistent(profile);
        try {
          const page = context.pages()[0] ?? (await context.newPage());
          page.setDefaultTimeout(180_000);
          await page.goto(`${ctx.origin}/`);
          await workshopLink(page, seeded).waitFor();
          opens.push(await openDebrief(page, seeded));
        } finally {
          await context.close();
        }
      }
      ctx.log(
        `opened from disk: ${opens.map((o) => o.observed.toFixed(0)).join(', ')} ms (observed)`,
      );
      const signals = opens.map((o) => o.signal);
      const observed = opens.map((o) => o.observed);

      const base = { suite: 'storage', section } as const;
      const rawPut = 'raw IDB put, strict';
      const rawRead = `raw IDB read ${size}`;
      const rows: BenchRow[] = [
        row({
          ...base,
          metric: 'persist one note edit p50',
          key: 'storage.edit.p50',
          value: percentile(editTimes, 50),
          baseline: percentile(raw.strictPuts, 50),
          baselineLabel: rawPut,
        }),
        row({
          ...base,
          metric: 'persist one note edit p95',
          key: 'storage.edit.p95',
          value: percentile(editTimes, 95),
          baseline: percentile(raw.strictPuts, 95),
          baselineLabel: rawPut,
          target: { max: 10, text: '≤ 10 ms' },
        }),
        row({
          ...base,
          metric: 'persist one note edit max',
          key: 'storage.edit.max',
          value: max(editTimes),
          detail: true,
        }),
        row({
          ...base,
          metric: 'open → ready, new browser (page signal)',
          key: 'storage.open.cold.signal',
          value: medianOf(signals),
          baseline: median(raw.reads),
          baselineLabel: rawRead,
          runs: signals,
          ...(size === 2000 ? { target: { max: 1000, text: '< 1 s' } } : {}),
        }),
        row({
          ...base,
          metric: 'open → ready, new browser (observed)',
          key: 'storage.open.cold.observed',
          value: median(observed),
          baseline: median(raw.reads),
          baselineLabel: rawRead,
          runs: observed,
          ...(size === 2000 ? { target: { max: 1000, text: '< 1 s' } } : {}),
        }),
        row({
          ...base,
          metric: 'open → ready, same session (observed)',
          key: 'storage.open.warm.observed',
          value: warmOpen.observed,
          baseline: median(raw.reads),
          baselineLabel: rawRead,
          detail: true,
        }),
        row({
          ...base,
          metric: 'raw IDB put, strict p50',
          key: 'storage.raw.put.strict.p50',
          value: percentile(raw.strictPuts, 50),
          detail: true,
        }),
        row({
          ...base,
          metric: 'raw IDB put, relaxed p50',
          key: 'storage.raw.put.relaxed.p50',
          value: percentile(raw.relaxedPuts, 50),
          detail: true,
        }),
        row({
          ...base,
          metric: 'raw IDB put, relaxed p95',
          key: 'storage.raw.put.relaxed.p95',
          value: percentile(raw.relaxedPuts, 95),
          detail: true,
        }),
      ];
      return rows;
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  },
};
