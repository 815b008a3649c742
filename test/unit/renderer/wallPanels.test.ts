/**
 * The wall's panels rendered to HTML in Node (no DOM here): roles, labels and
 * content. Their interaction (typing, Enter, focus) is covered by the e2e tests.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { emptyRecords, type WorkshopState } from '../../../shared/registry';
import type { Cluster, Note, Vote } from '../../../shared/wall/records';
import type { AppState, AppStore } from '../../../renderer/store/appStore';
import { installAppStore } from '../../../renderer/store/useAppStore';
import { RankedNotes } from '../../../renderer/wall/RankedNotes';
import { ShortcutHelp } from '../../../renderer/wall/ShortcutHelp';
import { WallSearch } from '../../../renderer/wall/WallSearch';
import { SHORTCUT_GROUPS, WALL_SHORTCUTS } from '../../../renderer/wall/shortcuts';
import { ALICE, makeCluster, makeNote, makeVote, makeWorkshop } from '../shared/builders';

const note = (id: string, text: string, x: number, clusterId: string | null = null): Note =>
  makeNote(id, {
    text,
    x,
    ...(clusterId === null ? {} : { clusterId: makeCluster(clusterId).id }),
  });
const vote = (id: string, noteId: string): Vote => makeVote(id, noteId);
const lane: Cluster = makeCluster('lane', {
  name: 'Contributing Factors',
  x: 0,
  y: -60,
  width: 2000,
  height: 800,
});

/** Installs a store holding only what the panels read: the open workshop's records. */
function openWall(notes: readonly Note[], votes: readonly Vote[], clusters: readonly Cluster[]) {
  const state: WorkshopState = {
    workshop: makeWorkshop(),
    records: {
      ...emptyRecords(),
      notes: new Map(notes.map((n) => [n.id, n])),
      clusters: new Map(clusters.map((c) => [c.id, c])),
      votes: new Map(votes.map((v) => [v.id, v])),
    },
  };
  const partial = { open: { state, undo: [], redo: [], readOnly: false }, actorId: ALICE };
  const store: AppStore = createStore<AppState>()(() => partial as unknown as AppState);
  installAppStore(store);
}

const noop = () => undefined;
const render = (element: Parameters<typeof renderToStaticMarkup>[0]) =>
  renderToStaticMarkup(element);
/** The markup's text, tags removed and whitespace collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('RankedNotes', () => {
  beforeEach(() => openWall([], [], []));

  it('says there are no votes yet on a wall nobody voted on', () => {
    openWall([note('a', 'Pager was silent', 0)], [], []);
    const html = render(createElement(RankedNotes, { onShowNote: noop, onClose: noop }));
    expect(html).toMatch(/^<aside[^>]*aria-labelledby="([^"]+)"/);
    expect(html).toMatch(/<h2 id="[^"]+">Ranked by votes<\/h2>/);
    expect(textOf(html)).toContain('No votes yet');
    expect(html).not.toContain('<ol');
    expect(html).toMatch(/<button[^>]*aria-label="Close ranked list"/);
  });

  it('lists voted notes by votes with shared ranks, their vote count and their lane', () => {
    openWall(
      [
        note('a', 'Pager was silent', 0, 'lane'),
        note('b', 'Runbook out of date', 300, 'lane'),
        note('c', 'Failover took 40 min', 600),
        note('d', 'Nobody voted for me', 900),
        note('e', '   ', 1200),
      ],
      [
        vote('1', 'c'),
        vote('2', 'c'),
        vote('3', 'c'),
        vote('4', 'b'),
        vote('5', 'a'),
        vote('6', 'e'),
      ],
      [lane],
    );
    const html = render(createElement(RankedNotes, { onShowNote: noop, onClose: noop }));
    const names = [...html.matchAll(/<li><button[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toEqual([
      'Rank 1, 3 votes, Failover took 40 min, Not in a cluster',
      'Rank 2, 1 vote, Pager was silent, Contributing Factors',
      'Rank 2, 1 vote, Runbook out of date, Contributing Factors',
    ]);
    // What the room sees: rank, vote count (a number), text and lane.
    const items = [...html.matchAll(/<li>(.*?)<\/li>/g)].map((m) => textOf(m[1] ?? ''));
    expect(items).toEqual([
      '1 3 votes Failover took 40 min Not in a cluster',
      '2 1 vote Pager was silent Contributing Factors',
      '2 1 vote Runbook out of date Contributing Factors',
    ]);
    expect(html).toMatch(/<ol class="ranked-notes-list">/);
    expect(html.match(/<button type="button" class="ranked-entry"/g)).toHaveLength(3);
  });
});

describe('WallSearch', () => {
  beforeEach(() => openWall([note('a', 'dns', 0)], [], []));

  it('is a search landmark with a labelled search box, a live status and its buttons', () => {
    const html = render(
      createElement(WallSearch, {
        onClose: noop,
        onShowMatch: noop,
        onMatchesChange: noop,
      }),
    );
    expect(html).toMatch(/^<div class="wall-search" role="search" aria-label="Search the wall">/);
    expect(html).toMatch(/<input type="search"[^>]*aria-label="Search notes"/);
    expect(html).toMatch(/role="status" aria-live="polite"><\/span>/);
    expect(html).toMatch(/<button[^>]*aria-label="Previous match"[^>]*disabled=""/);
    expect(html).toMatch(/<button[^>]*aria-label="Next match"[^>]*disabled=""/);
    expect(html).toMatch(/<button[^>]*aria-label="Close search"/);
  });
});

describe('ShortcutHelp', () => {
  it('renders nothing while closed', () => {
    expect(render(createElement(ShortcutHelp, { open: false, onClose: noop }))).toBe('');
  });

  it('is a dialog titled "Keyboard shortcuts" listing every shortcut under its group', () => {
    const html = render(createElement(ShortcutHelp, { open: true, onClose: noop }));
    expect(html).toMatch(/^<dialog class="dialog" aria-labelledby="([^"]+)"><h2 id="\1">/);
    expect(html).toContain('>Keyboard shortcuts</h2>');
    for (const group of SHORTCUT_GROUPS) {
      expect(html).toContain(`>${group}</h3>`);
    }
    const rows = [...html.matchAll(/<tr><th scope="row"[^>]*>(.*?)<\/th><td[^>]*>(.*?)<\/td>/g)];
    expect(rows.map((r) => textOf(r[2] ?? ''))).toEqual(
      SHORTCUT_GROUPS.flatMap((group) =>
        WALL_SHORTCUTS.filter((s) => s.group === group).map((s) => s.action),
      ),
    );
    const redo = rows.find((r) => r[2] === 'Redo');
    expect(textOf(redo?.[1] ?? '')).toBe('Ctrl + Shift + Z or Ctrl + Y');
    expect(html).toMatch(/<button[^>]*>Close<\/button>/);
  });
});
