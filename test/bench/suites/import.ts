/**
 * Importing a workshop file that carries a real audit log (lib/history.ts:
 * one `note.add` per note plus a session's edits, moves, clusters, votes,
 * deletes and undos), at --import-sizes notes, and refusing files over the
 * 100,000-record ceiling (lib/ceiling.ts).
 *
 * 1. Node: readWorkshopFile on the file's text, the app's single restore path
 *    (parse, validate, verify the chain, replay it, compare with the records).
 *    Timed whole, best and median of --runs; the heap it retains (after a
 *    full GC) and grows by; and, separately, each of its steps run on their
 *    own with the same shared functions, to tell which one dominates.
 * 2. The app in Chromium: the production build, a new browser on a new
 *    on-disk profile per run (an import writes every record and entry to
 *    IndexedDB with strict durability, which an in-memory context would
 *    understate), the home screen's "Import workshop" button and the file
 *    chooser, timed from choosing the file to the confirmation (stored and
 *    listed) and to the wall being ready; the JS heap (CDP, after GC); the
 *    steps, from the page's IndexedDB transactions. Same-run references:
 *    reading and JSON.parse of the same file in a blank tab, and the same
 *    rows written with the plain IndexedDB API.
 * 3. The ceiling: each over-the-ceiling file must be refused with a message
 *    naming the limit, in Node and through the UI (with nothing stored).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { z } from 'zod';
import { verifyChain } from '../../../shared/base/auditChain';
import { canonicalJson } from '../../../shared/base/canonicalJson';
import { TimestampSchema } from '../../../shared/base/time';
import { AuditEntrySchema } from '../../../shared/pipeline/audit';
import { replay } from '../../../shared/pipeline/reducer';
import {
  MAX_WORKSHOP_FILE_BYTES,
  readWorkshopFile,
  stateToSnapshot,
  WORKSHOP_FILE_FORMAT,
  WORKSHOP_FILE_VERSION,
} from '../../../shared/pipeline/workshopFile';
import { COLLECTION_NAMES, COLLECTIONS } from '../../../shared/registry';
import { WORKSHOP_LIMITS, WorkshopSchema } from '../../../shared/workshop/workshop';
import { launchPersistent } from '../lib/browser';
import { buildCeilingFiles, type CeilingFile } from '../lib/ceiling';
import { DEBRIEF_READY_MARK, DEBRIEF_WALL } from '../lib/debrief';
import {
  buildHistory,
  crossCheckWithBatches,
  historyFileText,
  type OperationCounts,
} from '../lib/history';
import { formatSummary, Profiler, saveProfile, summarize } from '../lib/profile';
import { armReadyDetector, waitForOpen, type OpenTimes } from '../lib/ready';
import { row, type BenchRow, type Target } from '../lib/report';
import { median, medianOf } from '../lib/stats';
import type { Suite, SuiteContext } from './types';

const TIMEOUT = 900_000;
/** Rebuilding a log batch by batch is quadratic (each batch copies the tables): small logs only. */
const CROSS_CHECK_MAX_NOTES = 2_000;
const TARGET_NOTES = 10_000;
const TARGET: Target = { max: 2_000, text: '< 2 s' };
const MB = 1024 * 1024;

const thousands = (n: number) => n.toLocaleString('en');

// ---- the workshops ---------------------------------------------------------------------------

interface ImportCase {
  readonly notes: number;
  readonly title: string;
  readonly text: string;
  readonly bytes: number;
  /** The file on disk, for the browser's file chooser. */
  readonly path: string;
  readonly entries: number;
  readonly records: { readonly notes: number; readonly clusters: number; readonly votes: number };
  readonly counts: OperationCounts;
  readonly buildMs: number;
  readonly batchByBatchMs: number | null;
}

function prepareCase(notes: number, dir: string, log: (m: string) => void): ImportCase {
  const history = buildHistory(notes);
  const batchByBatchMs = notes <= CROSS_CHECK_MAX_NOTES ? crossCheckWithBatches(history) : null;
  const text = historyFileText(history);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_WORKSHOP_FILE_BYTES) {
    throw new Error(
      `bench: the ${thousands(notes)}-note file is ${(bytes / MB).toFixed(0)} MB, over the app's import limit of ${MAX_WORKSHOP_FILE_BYTES / MB} MB (MAX_WORKSHOP_FILE_BYTES); choose smaller --import-sizes.`,
    );
  }
  const path = join(dir, `bench-import-${notes}.debrief.json`);
  writeFileSync(path, text);
  const { records } = history;
  const ops = Object.entries(history.counts)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type} ${thousands(n)}`)
    .join(', ');
  log(
    `${thousands(notes)} notes: ${thousands(history.audit.length)} audit entries (${ops}); ` +
      `${thousands(records.notes)} notes, ${thousands(records.clusters)} clusters, ${thousands(records.votes)} votes; ` +
      `${(bytes / MB).toFixed(1)} MB; built in ${(history.buildMs / 1000).toFixed(1)} s` +
      (batchByBatchMs === null
        ? ''
        : ` (batch by batch with applyBatch: ${(batchByBatchMs / 1000).toFixed(1)} s, same chain head)`),
  );
  return {
    notes,
    title: history.workshop.title,
    text,
    bytes,
    path,
    entries: history.audit.length,
    records,
    counts: history.counts,
    buildMs: history.buildMs,
    batchByBatchMs,
  };
}

// ---- Node ------------------------------------------------------------------------------------

interface Collector {
  readonly collect: () => void;
  /** How the collector was reached, for the report. */
  readonly how: string;
}

/**
 * A full GC before heap readings, so deltas are what the result keeps rather
 * than whatever garbage happens to be around. `node --expose-gc` provides
 * global.gc; without it, V8 exposes it to contexts created after the flag is
 * set, which a new vm context is.
 */
function findCollector(): Collector | null {
  const exposed: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') {
    return { collect: () => (exposed as () => void)(), how: 'global.gc (--expose-gc)' };
  }
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    if (typeof fn === 'function') {
      return { collect: () => (fn as () => void)(), how: 'gc via v8.setFlagsFromString' };
    }
  } catch {
    // No collector: heap figures are then taken without a GC and labelled so.
  }
  return null;
}

const heapUsed = () => process.memoryUsage().heapUsed;

interface Phases {
  readonly parse: number;
  readonly validate: number;
  readonly chain: number;
  readonly canonical: number;
  readonly hash: number;
  readonly replay: number;
  readonly compare: number;
}

const PHASES: readonly { readonly key: keyof Phases; readonly label: string }[] = [
  { key: 'parse', label: 'step: JSON.parse' },
  { key: 'validate', label: 'step: validate (zod schemas)' },
  { key: 'chain', label: 'step: verify chain (verifyChain)' },
  { key: 'canonical', label: '  chain: canonical JSON of each entry' },
  { key: 'hash', label: '  chain: SHA-256 of those texts (noble)' },
  { key: 'replay', label: 'step: replay (reducer, one pass)' },
  { key: 'compare', label: 'step: compare replay with records' },
];

/**
 * readWorkshopFile's file schema, rebuilt from the same exported parts (the
 * app does not export it), so the validation step can be timed on its own.
 */
const FileSchema = z.object({
  format: z.literal(WORKSHOP_FILE_FORMAT),
  schemaVersion: z.literal(WORKSHOP_FILE_VERSION),
  exportedAt: TimestampSchema,
  workshop: WorkshopSchema,
  records: z.strictObject(
    Object.fromEntries(COLLECTIONS.map((c) => [c.name, z.array(c.schema).optional()])),
  ),
  audit: z.array(AuditEntrySchema).min(1),
});

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** readWorkshopFile's steps one by one, with the functions it uses, to see which dominates. */
function timePhases(text: string): Phases {
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
  const json: unknown = JSON.parse(text);
  const parse = lap();
  const file = FileSchema.parse(json);
  const validate = lap();
  const audit = file.audit;
  const verdict = verifyChain(file.workshop.id, audit);
  const chain = lap();
  if (!verdict.ok) throw new Error(`bench: the chain does not verify: ${verdict.problem}`);
  const contents = audit.map((e) =>
    canonicalJson({ seq: e.seq, prevHash: e.prevHash, operation: e.operation }),
  );
  const canonical = lap();
  const hashes = contents.map((content) => bytesToHex(sha256(utf8ToBytes(content))));
  const hash = lap();
  if (hashes.at(-1) !== audit.at(-1)?.hash) throw new Error('bench: hash split disagrees');
  const rebuilt = replay(audit.map((e) => e.operation));
  const replayMs = lap();
  if (!rebuilt.ok) throw new Error(`bench: replay failed: ${rebuilt.error.message}`);
  const snapshot = stateToSnapshot(rebuilt.state);
  const records = file.records as Partial<Record<string, readonly { id: string }[]>>;
  const same =
    canonicalJson(snapshot.workshop) === canonicalJson(file.workshop) &&
    COLLECTION_NAMES.every(
      (name) =>
        canonicalJson([...(snapshot.records[name] as readonly { id: string }[])].sort(byId)) ===
        canonicalJson([...(records[name] ?? [])].sort(byId)),
    );
  const compare = lap();
  if (!same) throw new Error('bench: replayed records differ from the file');
  return { parse, validate, chain, canonical, hash, replay: replayMs, compare };
}

interface NodeRun {
  readonly read: number;
  readonly parseOnly: number;
  readonly retainedMB: number;
  readonly grewMB: number;
  readonly phases: Phases;
}

function measureNode(c: ImportCase, gc: Collector | null): NodeRun {
  gc?.collect();
  let started = performance.now();
  JSON.parse(c.text);
  const parseOnly = performance.now() - started;
  gc?.collect();
  const before = heapUsed();
  started = performance.now();
  const result = readWorkshopFile(c.text, c.bytes);
  const read = performance.now() - started;
  const grew = heapUsed() - before;
  gc?.collect();
  const retained = heapUsed() - before;
  // Read after the heap figure, so the result is still alive when it is taken.
  if (!result.ok) throw new Error(`bench: the ${c.notes}-note file is refused: ${result.message}`);
  if (result.state.records.notes.size !== c.records.notes) {
    throw new Error('bench: the import lost notes');
  }
  gc?.collect();
  const phases = timePhases(c.text);
  return { read, parseOnly, retainedMB: retained / MB, grewMB: grew / MB, phases };
}

/** What a refusal must say: the message names the ceiling. */
function expectRefusal(file: CeilingFile, message: string): void {
  const limit = thousands(WORKSHOP_LIMITS.records);
  const ok =
    file.kind === 'listed'
      ? message.includes(thousands(file.records)) && message.includes(limit)
      : message.includes(`at most ${limit} records`);
  if (!ok) throw new Error(`bench: the ${file.kind} ceiling file is refused unclearly: ${message}`);
}

function refuseInNode(file: CeilingFile): { ms: number; message: string } {
  const started = performance.now();
  const result = readWorkshopFile(file.text, Buffer.byteLength(file.text));
  const ms = performance.now() - started;
  if (result.ok) throw new Error(`bench: a file with ${file.records} records was accepted`);
  expectRefusal(file, result.message);
  return { ms, message: result.message };
}

// ---- the app in Chromium ---------------------------------------------------------------------

/** Where an import's time goes in the app (ms), from the page's IndexedDB transactions. */
interface AppSteps {
  /** Choice → the first transaction: reading the file and readWorkshopFile (main thread). */
  readonly verify: number;
  /** The write transaction (records + audit entries), until it committed. */
  readonly store: number;
  /** Opening the workshop: the read transaction that loads it back. */
  readonly reload: number;
  /** From that read until the wall is ready (observed). */
  readonly render: number;
  /** Everything between those (library refresh, navigation, the edit lock). */
  readonly other: number;
}

const APP_STEPS: readonly { readonly key: keyof AppSteps; readonly label: string }[] = [
  { key: 'verify', label: 'step: read file + readWorkshopFile' },
  { key: 'store', label: 'step: IndexedDB write transaction' },
  { key: 'reload', label: 'step: open: IndexedDB read transaction' },
  { key: 'render', label: 'step: open: render until wall ready' },
  { key: 'other', label: 'step: other (library refresh, navigation)' },
];

interface AppRun {
  readonly listed: number;
  readonly steps: AppSteps | null;
  readonly open: OpenTimes;
  readonly heapBeforeMB: number;
  readonly heapOpenMB: number;
  /** Reading and JSON.parse of the same file in a blank tab of the same browser. */
  readonly readParse: number;
  readonly raw: RawWrite;
}

interface ImportProbe {
  done: number | null;
  message: string | null;
  failed: boolean;
}

interface IdbTransaction {
  readonly stores: readonly string[];
  readonly mode: string;
  readonly start: number;
  end: number | null;
}

declare global {
  interface Window {
    __benchImport?: ImportProbe;
    __benchIdb?: IdbTransaction[];
  }
}

/**
 * Runs in every page before the app: wraps IDBDatabase.prototype.transaction
 * to log each transaction's stores, mode, start and commit. The app itself is
 * untouched; the log only lets the suite split an import into steps.
 */
function recordIdbTransactions(): void {
  const log: IdbTransaction[] = [];
  window.__benchIdb = log;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the database as `this`
  const open = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, stores, mode, options) {
    const tx = open.call(this, stores, mode, options);
    const entry: IdbTransaction = {
      stores: typeof stores === 'string' ? [stores] : [...stores],
      mode: mode ?? 'readonly',
      start: performance.now(),
      end: null,
    };
    log.push(entry);
    const done = () => {
      entry.end = performance.now();
    };
    tx.addEventListener('complete', done);
    tx.addEventListener('abort', done);
    return tx;
  };
}

/**
 * Splits an import by the transactions the app makes after the choice: the
 * library lookup (the first one), the write of the workshop, then the read
 * that opens it (see importWorkshop and openWorkshop in the app store).
 */
function importSteps(
  log: readonly IdbTransaction[],
  since: number,
  readyAt: number,
): AppSteps | null {
  const after = log.filter((t) => t.start >= since);
  const first = after[0];
  const write = after.find((t) => t.mode === 'readwrite' && t.stores.includes('records'));
  const writeEnd = write?.end ?? null;
  const read =
    writeEnd === null
      ? undefined
      : after.find(
          (t) => t.start >= writeEnd && t.mode === 'readonly' && t.stores.includes('records'),
        );
  if (!first || !write || writeEnd === null || !read || read.end === null) return null;
  const verify = first.start - since;
  const store = writeEnd - write.start;
  const reload = read.end - read.start;
  const render = readyAt - read.end;
  return {
    verify,
    store,
    reload,
    render,
    other: readyAt - since - verify - store - reload - render,
  };
}

/**
 * Records when the import's outcome notice appears (a MutationObserver, no
 * polling). The app shows "Imported “title”." after the workshop is stored
 * and the library reloaded, and "Import failed. …" for a refused file.
 */
async function installImportProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe: ImportProbe = { done: null, message: null, failed: false };
    window.__benchImport = probe;
    const observer = new MutationObserver(() => {
      for (const notice of document.querySelectorAll('.notice')) {
        const text = notice.textContent;
        const failed = text.startsWith('Import failed.');
        if (failed || text.startsWith('Imported ')) {
          probe.done = performance.now();
          probe.message = text.replace(/×$/, '').trim();
          probe.failed = failed;
          observer.disconnect();
          return;
        }
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

async function readProbe(page: Page): Promise<ImportProbe> {
  await page.waitForFunction(() => typeof window.__benchImport?.done === 'number', undefined, {
    polling: 50,
  });
  const probe = await page.evaluate(() => window.__benchImport ?? null);
  if (!probe) throw new Error('bench: the import probe vanished');
  return probe;
}

/** The page's JS heap after a full GC, via CDP (performance.memory is coarse and delayed). */
async function heapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / MB;
}

/** Rejects when the tab crashes (out of memory on a big file), instead of waiting for a timeout. */
function crashGuard(page: Page): Promise<never> {
  return new Promise((_, reject) => {
    page.once('crash', () => reject(new Error('bench: the tab crashed during the import')));
  });
}

/** Clicks "Import workshop", then chooses `path`; returns the page time at the choice. */
async function chooseFile(page: Page, path: string): Promise<number> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import workshop' }).click(),
  ]);
  const since = await page.evaluate(() => performance.now());
  // A path, not a buffer: Chromium reads the file itself, as from a real disk.
  await chooser.setFiles(path);
  return since;
}

async function readAndParseInBlankTab(context: BrowserContext, path: string): Promise<number> {
  const tab = await context.newPage();
  try {
    await tab.setContent('<input type="file">');
    await tab.locator('input').setInputFiles(path);
    return await tab.evaluate(async () => {
      const file = document.querySelector('input')?.files?.[0];
      if (!file) throw new Error('bench: no file in the probe input');
      const started = performance.now();
      JSON.parse(await file.text());
      return performance.now() - started;
    });
  } finally {
    await tab.close();
  }
}

interface RawWrite {
  /** The app's rows (one per record, one per audit entry) in one strict transaction. */
  readonly rows: number;
  /** The same, with the audit entries packed AUDIT_CHUNK to a row. */
  readonly chunked: number;
}

/** Audit entries per row in the chunked reference write. */
const AUDIT_CHUNK = 1_000;

/**
 * The same-run reference for the app's write transaction: the file's rows
 * written with the plain IndexedDB API into a scratch database of the same
 * shape as the app's (records keyed [workshopId+collection+id], audit keyed
 * [workshopId+seq] with a workshopId index), strict durability, in a tab of
 * the app's origin and profile. Then the same with the audit entries packed
 * into rows of AUDIT_CHUNK, to show what the row count costs.
 */
async function rawIdbWrite(
  context: BrowserContext,
  origin: string,
  path: string,
): Promise<RawWrite> {
  const tab = await context.newPage();
  try {
    await tab.goto(`${origin}/`);
    await tab.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-raw-file';
      input.hidden = true;
      document.body.append(input);
    });
    await tab.locator('#bench-raw-file').setInputFiles(path);
    return await tab.evaluate(async (chunk) => {
      const input = document.getElementById('bench-raw-file') as HTMLInputElement | null;
      const file = input?.files?.[0];
      if (!file) throw new Error('bench: no file in the raw-write input');
      const doc = JSON.parse(await file.text()) as {
        workshop: { id: string };
        records: Record<string, { id: string }[]>;
        audit: { seq: number }[];
      };
      const workshopId = doc.workshop.id;
      const rows = Object.entries(doc.records).flatMap(([collection, items]) =>
        items.map((record) => ({ workshopId, collection, id: record.id, record })),
      );
      const request = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error ?? new Error('request failed'));
        });
      const write = async (name: string, auditRows: readonly object[]): Promise<number> => {
        const opening = indexedDB.open(name, 1);
        opening.onupgradeneeded = () => {
          const db = opening.result;
          db.createObjectStore('workshops', { keyPath: 'id' });
          db.createObjectStore('records', { keyPath: ['workshopId', 'collection', 'id'] });
          db.createObjectStore('audit', { keyPath: ['workshopId', 'seq'] }).createIndex(
            'workshopId',
            'workshopId',
          );
        };
        const db = await request(opening);
        const started = performance.now();
        const tx = db.transaction(['workshops', 'records', 'audit'], 'readwrite', {
          durability: 'strict',
        });
        tx.objectStore('workshops').put(doc.workshop);
        const records = tx.objectStore('records');
        for (const row of rows) records.put(row);
        const audit = tx.objectStore('audit');
        for (const row of auditRows) audit.add(row);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
          tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
        });
        const ms = performance.now() - started;
        db.close();
        await request(indexedDB.deleteDatabase(name));
        return ms;
      };
      const perEntry = await write('debrief-bench-raw-rows', doc.audit);
      const chunks: object[] = [];
      for (let i = 0; i < doc.audit.length; i += chunk) {
        chunks.push({ workshopId, seq: i, entries: doc.audit.slice(i, i + chunk) });
      }
      const chunked = await write('debrief-bench-raw-chunked', chunks);
      return { rows: perEntry, chunked };
    }, AUDIT_CHUNK);
  } finally {
    await tab.close();
  }
}

/** A new browser on a new on-disk profile, at the home screen. */
async function withFreshApp<T>(
  ctx: SuiteContext,
  run: (page: Page, context: BrowserContext, cdp: CDPSession) => Promise<T>,
): Promise<T> {
  const parent = join(ctx.repoRoot, '.bench-profile');
  mkdirSync(parent, { recursive: true });
  const profile = mkdtempSync(join(parent, 'import-'));
  const context = await launchPersistent(profile);
  try {
    await context.addInitScript(recordIdbTransactions);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${ctx.origin}/`);
    await page.getByRole('button', { name: 'Import workshop' }).waitFor();
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    return await Promise.race([run(page, context, cdp), crashGuard(page)]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function importInApp(
  ctx: SuiteContext,
  c: ImportCase,
  profileName: string | null,
): Promise<AppRun> {
  return withFreshApp(ctx, async (page, context, cdp) => {
    const heapBeforeMB = await heapMB(cdp);
    // In overview mode (far zoomed out) notes are drawn on a canvas; clusters are nodes.
    await armReadyDetector(page, DEBRIEF_WALL, c.records.notes + c.records.clusters);
    await installImportProbe(page);
    const profiler = profileName ? await Profiler.attach(page) : null;
    await profiler?.start();
    const since = await chooseFile(page, c.path);
    const open = await waitForOpen(page, DEBRIEF_WALL, DEBRIEF_READY_MARK, since);
    const probe = await readProbe(page);
    if (profiler && profileName) {
      const profile = await profiler.stop();
      const file = saveProfile(ctx.profileDir, profileName, profile);
      ctx.log(
        formatSummary(
          `import of ${thousands(c.notes)} notes, choice → wall ready (${file})`,
          summarize(profile, ctx.urlToFile, 25),
        ),
      );
    }
    if (probe.failed || probe.done === null) {
      throw new Error(`bench: the ${c.notes}-note import failed: ${probe.message ?? '?'}`);
    }
    const heapOpenMB = await heapMB(cdp);
    // The library lists it (checked, not timed).
    await page.getByRole('button', { name: 'All workshops' }).click();
    await page.getByRole('link', { name: c.title, exact: true }).waitFor();
    const log = await page.evaluate(() => window.__benchIdb ?? []);
    const steps = importSteps(log, since, since + open.observed);
    const readParse = await readAndParseInBlankTab(context, c.path);
    const raw = await rawIdbWrite(context, ctx.origin, c.path);
    return { listed: probe.done - since, steps, open, heapBeforeMB, heapOpenMB, readParse, raw };
  });
}

interface AppRefusal {
  readonly ms: number;
  readonly message: string;
}

async function refuseInApp(
  ctx: SuiteContext,
  file: CeilingFile,
  path: string,
): Promise<AppRefusal> {
  return withFreshApp(ctx, async (page) => {
    await installImportProbe(page);
    const since = await chooseFile(page, path);
    const probe = await readProbe(page);
    if (!probe.failed || probe.done === null || probe.message === null) {
      throw new Error(`bench: the app accepted the ${file.kind} ceiling file`);
    }
    expectRefusal(file, probe.message);
    // "Nothing was changed": the library is still empty.
    await page.getByText('No workshops yet').waitFor();
    return { ms: probe.done - since, message: probe.message };
  });
}

// ---- rows ------------------------------------------------------------------------------------

const best = (values: readonly number[]): number | null =>
  values.length ? Math.min(...values) : null;

function nodeRows(c: ImportCase, runs: readonly NodeRun[], gc: Collector | null): BenchRow[] {
  const base = { suite: 'import', section: `node · ${thousands(c.notes)} notes` } as const;
  const key = `import.node.${c.notes}`;
  const reads = runs.map((r) => r.read);
  const parses = runs.map((r) => r.parseOnly);
  const gcNote = gc ? 'after GC' : 'no GC available';
  const target = c.notes === TARGET_NOTES ? { target: TARGET } : {};
  const rows: BenchRow[] = [
    row({
      ...base,
      metric: 'readWorkshopFile, median',
      key: `${key}.read.median`,
      value: median(reads),
      baseline: median(parses),
      baselineLabel: 'JSON.parse',
      runs: reads,
      baselineRuns: parses,
      ...target,
    }),
    row({
      ...base,
      metric: 'readWorkshopFile, best',
      key: `${key}.read.best`,
      value: best(reads),
      baseline: best(parses),
      baselineLabel: 'JSON.parse',
      ...target,
    }),
    row({
      ...base,
      metric: `heap kept by the result (${gcNote})`,
      key: `${key}.heap.retained`,
      unit: 'MB',
      value: median(runs.map((r) => r.retainedMB)),
      baseline: c.bytes / MB,
      baselineLabel: 'file size',
      runs: runs.map((r) => r.retainedMB),
    }),
    row({
      ...base,
      metric: 'heap growth during the read (before GC)',
      key: `${key}.heap.growth`,
      unit: 'MB',
      value: median(runs.map((r) => r.grewMB)),
      runs: runs.map((r) => r.grewMB),
      detail: true,
    }),
  ];
  for (const { key: phase, label } of PHASES) {
    const values = runs.map((r) => r.phases[phase]);
    rows.push(
      row({
        ...base,
        metric: label,
        key: `${key}.step.${phase}`,
        value: median(values),
        runs: values,
        detail: true,
      }),
    );
  }
  rows.push(
    row({
      ...base,
      metric: 'file size',
      key: `${key}.file`,
      unit: 'MB',
      value: c.bytes / MB,
      detail: true,
    }),
    row({
      ...base,
      metric: 'audit entries',
      key: `${key}.entries`,
      unit: 'count',
      value: c.entries,
      detail: true,
    }),
    row({
      ...base,
      metric: 'records (notes + clusters + votes)',
      key: `${key}.records`,
      unit: 'count',
      value: c.records.notes + c.records.clusters + c.records.votes,
      detail: true,
    }),
    row({
      ...base,
      metric: 'build the log (one pass: applyOperations + appendEntry)',
      key: `${key}.build.onePass`,
      value: c.buildMs,
      baseline: c.batchByBatchMs,
      baselineLabel: 'applyBatch per gesture',
      detail: true,
    }),
  );
  return rows;
}

function appRows(c: ImportCase, runs: readonly AppRun[]): BenchRow[] {
  const base = { suite: 'import', section: `app · ${thousands(c.notes)} notes` } as const;
  const key = `import.app.${c.notes}`;
  const readParse = runs.map((r) => r.readParse);
  const reference = {
    baseline: median(readParse),
    baselineLabel: 'read + JSON.parse in a tab',
    baselineRuns: readParse,
  };
  const target = c.notes === TARGET_NOTES ? { target: TARGET } : {};
  const observed = runs.map((r) => r.open.observed);
  const listed = runs.map((r) => r.listed);
  return [
    row({
      ...base,
      metric: 'choose file → stored and listed',
      key: `${key}.listed`,
      value: median(listed),
      runs: listed,
      ...reference,
    }),
    row({
      ...base,
      metric: 'choose file → wall ready (observed)',
      key: `${key}.open.observed`,
      value: median(observed),
      runs: observed,
      ...reference,
      ...target,
    }),
    row({
      ...base,
      metric: 'choose file → wall ready (page signal)',
      key: `${key}.open.signal`,
      value: medianOf(runs.map((r) => r.open.signal)),
      runs: runs.map((r) => r.open.signal),
      detail: true,
    }),
    row({
      ...base,
      metric: 'choose file → wall ready, best (observed)',
      key: `${key}.open.best`,
      value: best(observed),
      detail: true,
    }),
    ...APP_STEPS.map(({ key: step, label }) => {
      const values = runs.map((r) => r.steps?.[step] ?? null);
      const rawRows = runs.map((r) => r.raw.rows);
      return row({
        ...base,
        metric: label,
        key: `${key}.step.${step}`,
        value: medianOf(values),
        runs: values,
        ...(step === 'store'
          ? {
              baseline: median(rawRows),
              baselineLabel: 'raw IDB, same rows',
              baselineRuns: rawRows,
            }
          : {}),
        detail: step !== 'store',
      });
    }),
    row({
      ...base,
      metric: `raw IDB write, audit in ${thousands(AUDIT_CHUNK)}-entry rows`,
      key: `${key}.raw.chunked`,
      value: median(runs.map((r) => r.raw.chunked)),
      baseline: median(runs.map((r) => r.raw.rows)),
      baselineLabel: 'raw IDB, one row per entry',
      runs: runs.map((r) => r.raw.chunked),
      detail: true,
    }),
    row({
      ...base,
      metric: 'JS heap, workshop open (after GC)',
      key: `${key}.heap.open`,
      unit: 'MB',
      value: median(runs.map((r) => r.heapOpenMB)),
      baseline: median(runs.map((r) => r.heapBeforeMB)),
      baselineLabel: 'home screen',
      runs: runs.map((r) => r.heapOpenMB),
    }),
  ];
}

function ceilingRows(
  file: CeilingFile,
  node: readonly number[],
  app: readonly number[],
): BenchRow[] {
  const base = {
    suite: 'import',
    section: `ceiling · ${thousands(WORKSHOP_LIMITS.records)} records at most`,
  } as const;
  const key = `import.ceiling.${file.kind}`;
  return [
    row({
      ...base,
      metric: `refuse ${file.label}: Node`,
      key: `${key}.node`,
      value: median(node),
      runs: node,
    }),
    row({
      ...base,
      metric: `refuse ${file.label}: app (until the message)`,
      key: `${key}.app`,
      value: median(app),
      runs: app,
    }),
    row({
      ...base,
      metric: `${file.label}: file size`,
      key: `${key}.file`,
      unit: 'MB',
      value: Buffer.byteLength(file.text) / MB,
      detail: true,
    }),
  ];
}

// ---- the suite -------------------------------------------------------------------------------

export const importSuite: Suite = {
  id: 'import',
  title: 'Import of workshops with full audit logs, and the record ceiling',
  async run(ctx) {
    const { runs, importSizes } = ctx.options;
    const dir = mkdtempSync(join(tmpdir(), 'debrief-bench-import-'));
    try {
      const cases = importSizes.map((n) => prepareCase(n, dir, ctx.log));
      const ceilings = buildCeilingFiles().map((file) => {
        const path = join(dir, `bench-ceiling-${file.kind}.debrief.json`);
        writeFileSync(path, file.text);
        return { file, path };
      });

      // Node first, all runs interleaved over the sizes, before any browser exists.
      const gc = findCollector();
      ctx.log(`Node heap figures: ${gc ? `full GC with ${gc.how}` : 'no GC available'}`);
      const nodeRuns = cases.map((): NodeRun[] => []);
      const nodeRefusals = ceilings.map((): number[] => []);
      for (let run = 0; run < runs; run += 1) {
        cases.forEach((c, i) => {
          const result = measureNode(c, gc);
          nodeRuns[i]?.push(result);
          const steps = PHASES.map((p) => `${p.key} ${result.phases[p.key].toFixed(0)}`);
          ctx.log(
            `node run ${run + 1}, ${thousands(c.notes)} notes: readWorkshopFile ${result.read.toFixed(0)} ms ` +
              `(steps, ms: ${steps.join(' · ')}); heap kept ${result.retainedMB.toFixed(0)} MB`,
          );
        });
        ceilings.forEach(({ file }, i) => {
          const refusal = refuseInNode(file);
          nodeRefusals[i]?.push(refusal.ms);
          if (run === 0)
            ctx.log(
              `node refuses ${file.label} in ${refusal.ms.toFixed(0)} ms: ${refusal.message}`,
            );
        });
      }

      // The app: runs interleaved over the sizes, each import in a new browser and profile.
      const appRuns = cases.map((): AppRun[] => []);
      const appRefusals = ceilings.map((): number[] => []);
      for (let run = 0; run < runs; run += 1) {
        for (const [i, c] of cases.entries()) {
          const result = await importInApp(ctx, c, null);
          appRuns[i]?.push(result);
          ctx.log(
            `app run ${run + 1}, ${thousands(c.notes)} notes: listed ${result.listed.toFixed(0)} ms, ` +
              `wall ready ${result.open.observed.toFixed(0)} ms; heap ${result.heapBeforeMB.toFixed(0)} → ${result.heapOpenMB.toFixed(0)} MB; ` +
              `read + parse in a tab ${result.readParse.toFixed(0)} ms; ` +
              `raw IDB write ${result.raw.rows.toFixed(0)} ms (audit chunked: ${result.raw.chunked.toFixed(0)} ms)` +
              (result.steps
                ? ` (steps, ms: ${APP_STEPS.map((s) => `${s.key} ${result.steps?.[s.key].toFixed(0) ?? '—'}`).join(' · ')})`
                : ' (no step split: unexpected IndexedDB transactions)'),
          );
        }
        for (const [i, { file, path }] of ceilings.entries()) {
          const refusal = await refuseInApp(ctx, file, path);
          appRefusals[i]?.push(refusal.ms);
          if (run === 0)
            ctx.log(
              `app refuses ${file.label} in ${refusal.ms.toFixed(0)} ms: “${refusal.message}”`,
            );
        }
      }
      const largest = cases.at(-1);
      if (ctx.options.profile && largest) {
        await importInApp(ctx, largest, `import-${largest.notes}`);
      }

      return [
        ...cases.flatMap((c, i) => nodeRows(c, nodeRuns[i] ?? [], gc)),
        ...cases.flatMap((c, i) => appRows(c, appRuns[i] ?? [])),
        ...ceilings.flatMap(({ file }, i) =>
          ceilingRows(file, nodeRefusals[i] ?? [], appRefusals[i] ?? []),
        ),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
