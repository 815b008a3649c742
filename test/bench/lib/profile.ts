/**
 * --profile: CPU profiles (Chrome DevTools .cpuprofile) of extra, untimed
 * passes, plus a console summary of where the main thread spent its time:
 * self time per function, mapped through the build's source maps to the
 * original file and line, and self time per package / source folder.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export class Profiler {
  private constructor(private readonly session: CDPSession) {}

  static async attach(page: Page): Promise<Profiler> {
    const session = await page.context().newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    return new Profiler(session);
  }

  async start(): Promise<void> {
    await this.session.send('Profiler.start');
  }

  async stop(): Promise<CpuProfile> {
    const { profile } = await this.session.send('Profiler.stop');
    return profile;
  }
}

// ---- source maps (just enough to map a function's start position) ----

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface Segment {
  readonly column: number;
  readonly source: number;
  readonly line: number;
}

interface SourceMap {
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
  /** Per generated line, segments sorted by generated column. */
  readonly lines: readonly (readonly Segment[])[];
}

function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let source = 0;
  let line = 0;
  for (const text of mappings.split(';')) {
    const segments: Segment[] = [];
    let column = 0;
    for (const raw of text.split(',')) {
      if (!raw) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of raw) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0] ?? 0;
      if (values.length >= 4) {
        source += values[1] ?? 0;
        line += values[2] ?? 0;
        segments.push({ column, source, line });
      }
    }
    lines.push(segments);
  }
  return lines;
}

function loadSourceMap(file: string): SourceMap | null {
  if (!existsSync(file)) return null;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as {
    sources: string[];
    sourcesContent?: (string | null)[];
    mappings: string;
  };
  return {
    sources: raw.sources,
    ...(raw.sourcesContent ? { sourcesContent: raw.sourcesContent } : {}),
    lines: decodeMappings(raw.mappings),
  };
}

interface Original {
  readonly source: string;
  readonly line: number;
  readonly text: string;
}

function lookup(map: SourceMap, line: number, column: number): Original | null {
  const segments = map.lines[line];
  if (!segments?.length) return null;
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((segments[mid]?.column ?? 0) <= column) low = mid;
    else high = mid - 1;
  }
  const segment = segments[low];
  if (!segment) return null;
  const source = (map.sources[segment.source] ?? '?').replace(/^(\.\.\/)+/, '');
  const text = map.sourcesContent?.[segment.source]?.split('\n')[segment.line]?.trim() ?? '';
  return { source, line: segment.line + 1, text: text.slice(0, 70) };
}

/** Where a file of the served build lives on disk: `${origin}/x` -> roots['/'] + x. */
export type UrlToFile = (url: string) => string | null;

function packageOf(source: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (match?.[1]) return match[1];
  return source.split('/').slice(0, 2).join('/');
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byFunction: readonly { readonly label: string; readonly ms: number }[];
  readonly byPackage: readonly { readonly label: string; readonly ms: number }[];
}

export function summarize(profile: CpuProfile, urlToFile: UrlToFile, top = 15): ProfileSummary {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0) / 1000));
  const maps = new Map<string, SourceMap | null>();
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let totalMs = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    totalMs += ms;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let label = functionName ? `${functionName} (native or VM)` : '(anonymous)';
    let pkg = functionName.startsWith('(') ? functionName : '(browser / native)';
    const file = url ? urlToFile(url) : null;
    if (file) {
      if (!maps.has(file)) maps.set(file, loadSourceMap(`${file}.map`));
      const map = maps.get(file);
      const original = map ? lookup(map, lineNumber, columnNumber) : null;
      if (original) {
        label = `${original.source}:${original.line}  ${original.text}`;
        pkg = packageOf(original.source);
      } else {
        label = `${functionName || '(anonymous)'} ${url}:${lineNumber + 1}`;
        pkg = url;
      }
    } else if (functionName.startsWith('(')) {
      label = functionName;
    }
    byFunction.set(label, (byFunction.get(label) ?? 0) + ms);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
  }
  const ranked = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([label, ms]) => ({ label, ms }));
  return { totalMs, byFunction: ranked(byFunction), byPackage: ranked(byPackage) };
}

export function formatSummary(title: string, summary: ProfileSummary): string {
  const pct = (ms: number) =>
    `${((100 * ms) / Math.max(summary.totalMs, 1)).toFixed(1).padStart(5)}%`;
  return [
    `${title}: ${summary.totalMs.toFixed(0)} ms sampled`,
    '  self time by package / folder:',
    ...summary.byPackage.map(
      (e) => `    ${pct(e.ms)} ${e.ms.toFixed(0).padStart(6)} ms  ${e.label}`,
    ),
    '  self time by function (source-mapped):',
    ...summary.byFunction.map(
      (e) => `    ${pct(e.ms)} ${e.ms.toFixed(0).padStart(6)} ms  ${e.label}`,
    ),
  ].join('\n');
}

export function saveProfile(dir: string, name: string, profile: CpuProfile): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}
