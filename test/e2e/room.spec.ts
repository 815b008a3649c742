/**
 * The wall as a board for the room: readable on a 1280×720 projector with a
 * real workshop's notes (test/fixtures/roomWall.ts), presenting mode, and the
 * ways of working a facilitator expects from Miro or FigJam.
 */
import type { Locator, Page } from '@playwright/test';
import { roomWall } from '../fixtures/roomWall';
import { boxOf, expect, expectInside, test, type Box, type Debrief } from './support/debrief';

test.use({ viewport: { width: 1280, height: 720 } });

async function importRoomWall(app: Debrief, count: number, votes = 0) {
  const wall = roomWall(count, { votes });
  await app.openHome();
  await app.importFile({ name: wall.fileName, contents: wall.contents });
  await expect(app.page.getByRole('heading', { name: wall.title, level: 1 })).toBeVisible();
  await app.expectWallReady();
  return wall;
}

/** Waits until the viewport has stopped moving (fit and zoom animate). */
async function settle(page: Page): Promise<void> {
  const transform = () =>
    page.evaluate(
      () => document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '',
    );
  let last = '';
  for (let i = 0; i < 40; i += 1) {
    await page.waitForTimeout(80);
    const now = await transform();
    if (now === last) return;
    last = now;
  }
}

interface TextCheck {
  readonly text: string;
  /** Font size as drawn on screen (CSS size times every scale above it), px. */
  readonly screenPx: number;
  /** The paragraph's content fits its box: nothing cut off under the vote row. */
  readonly clipped: boolean;
  readonly box: Box;
}

/** How each note's text is drawn (CSS exception: rendered size is what a reader sees). */
async function noteTexts(app: Debrief): Promise<TextCheck[]> {
  return app.wall().evaluate((wall) =>
    [...wall.querySelectorAll<HTMLElement>('.react-flow__node-note')].map((node) => {
      const p = node.querySelector<HTMLElement>('.note-text');
      if (!p)
        return { text: '', screenPx: 0, clipped: true, box: { x: 0, y: 0, width: 0, height: 0 } };
      const scale = p.getBoundingClientRect().width / p.offsetWidth;
      const rect = node.getBoundingClientRect();
      return {
        text: p.textContent,
        screenPx: parseFloat(getComputedStyle(p).fontSize) * scale,
        clipped: p.scrollHeight > p.clientHeight + 1,
        box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
      };
    }),
  );
}

async function expectEveryNoteReadable(app: Debrief, count: number, minPx: number) {
  const wallBox = await boxOf(app.wall());
  const texts = await noteTexts(app);
  expect(texts).toHaveLength(count);
  for (const t of texts) {
    expect(t.text.length, 'every note shows its text, not a blank block').toBeGreaterThan(0);
    expect(
      t.screenPx,
      `"${t.text}" is drawn at ${t.screenPx.toFixed(1)} px`,
    ).toBeGreaterThanOrEqual(minPx);
    expect(t.clipped, `"${t.text}" is cut off`).toBe(false);
    // On screen, inside the wall.
    expect(t.box.x).toBeGreaterThanOrEqual(wallBox.x - 1);
    expect(t.box.y).toBeGreaterThanOrEqual(wallBox.y - 1);
    expect(t.box.x + t.box.width).toBeLessThanOrEqual(wallBox.x + wallBox.width + 1);
    expect(t.box.y + t.box.height).toBeLessThanOrEqual(wallBox.y + wallBox.height + 1);
  }
}

const noteBoxes = async (notes: Locator): Promise<Box[]> =>
  Promise.all((await notes.all()).map((n) => boxOf(n)));

/** The first two boxes that overlap, if any. */
function overlapping(boxes: readonly Box[]): [Box, Box] | null {
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      if (
        a.x < b.x + b.width - 1 &&
        b.x < a.x + a.width - 1 &&
        a.y < b.y + b.height - 1 &&
        b.y < a.y + a.height - 1
      )
        return [a, b];
    }
  }
  return null;
}

function expectApart(boxes: readonly Box[]): void {
  const pair = overlapping(boxes);
  expect(pair, `notes overlap: ${JSON.stringify(pair)}`).toBeNull();
}

test('a 15-note wall with the four lanes is readable at 1280×720 after Fit, and when presenting', async ({
  app,
  page,
}) => {
  const wall = await importRoomWall(app, 15);
  await app.toolbar().getByRole('button', { name: 'Fit', exact: true }).click();
  await settle(page);
  await expectEveryNoteReadable(app, 15, 14);
  // Lane titles are readable too.
  for (const lane of wall.lanes) {
    const title = app.clusterByName(lane).getByRole('button', { name: `Rename cluster ${lane}` });
    const px = await title.evaluate(
      (el) =>
        parseFloat(getComputedStyle(el).fontSize) *
        (el.getBoundingClientRect().width / (el as HTMLElement).offsetWidth),
    );
    expect(px, `${lane} title`).toBeGreaterThanOrEqual(17);
  }
  // Screen readers: each lane, then its notes, named with text, lane and votes; no "edges".
  const spoken = await app.wall().getByRole('group').all();
  const order: string[] = [];
  for (const group of spoken) {
    const name = await group.evaluate((el) => {
      const id = el.getAttribute('aria-labelledby');
      return (id ? document.getElementById(id)?.textContent : el.getAttribute('aria-label')) ?? '';
    });
    order.push(name);
  }
  expect(order).toHaveLength(15 + 4);
  let lane = '';
  for (const name of order) {
    if (name.startsWith('Cluster: ')) lane = name.slice('Cluster: '.length);
    else expect(name).toMatch(new RegExp(`^Note: .+, in ${lane}, \\d+ votes?$`));
  }
  expect(order.filter((n) => n.startsWith('Cluster: '))).toEqual(
    wall.lanes.map((l) => `Cluster: ${l}`),
  );
  await expect(app.wall()).not.toContainText(/\bedges?\b/i);
  // The minimap does not cover a wall that fits.
  await expect(page.getByRole('img', { name: 'Minimap of the wall' })).toHaveCount(0);

  await page.keyboard.press('p');
  const presenting = page.getByRole('toolbar', { name: 'Presenting' });
  await expect(presenting).toBeVisible();
  await expect(app.toolbar()).toHaveCount(0);
  await settle(page);
  await expectEveryNoteReadable(app, 15, 14);

  // Next cluster zooms to the first lane and says where we are.
  await page.keyboard.press(']');
  await settle(page);
  await expect(presenting.getByText(`${wall.lanes[0]} (1 of 4)`)).toBeVisible();
  await page.keyboard.press('PageDown');
  await expect(presenting.getByText(`${wall.lanes[1]} (2 of 4)`)).toBeVisible();
  await presenting.getByRole('button', { name: 'Dark' }).click();
  await expect(presenting.getByRole('button', { name: 'Dark' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // Presenting shows the wall: a double-click does not start editing.
  const shown = wall.notes.find((n) => n.lane === wall.lanes[1]);
  await app.noteByText(shown?.text ?? '').dblclick();
  await expect(app.noteEditor()).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(presenting).toHaveCount(0);
  await expect(app.toolbar()).toBeVisible();
});

test('a 60-note wall steps through its clusters readably when the whole wall is too small', async ({
  app,
  page,
}) => {
  const wall = await importRoomWall(app, 60);
  await page.keyboard.press('p');
  await settle(page);
  await page.keyboard.press(']');
  await settle(page);
  const lane = app.clusterByName(wall.lanes[0] ?? '');
  const texts = await noteTexts(app);
  const first = wall.notes.find((n) => n.lane === wall.lanes[0]);
  const drawn = texts.find((t) => t.text === first?.text);
  expect(drawn?.screenPx ?? 0).toBeGreaterThanOrEqual(14);
  await expectInside(app.noteByText(first?.text ?? ''), lane);
});

test('Esc keeps what was typed; a new note left empty never reaches the wall', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Esc keeps text');
  await expect(app.wall().getByRole('note')).toContainText('Double-click anywhere');
  await page.keyboard.press('n');
  await app.noteEditor().fill('Typed, then Esc');
  await app.noteEditor().press('Escape');
  await expect(app.noteEditor()).toHaveCount(0);
  await expect(app.noteByText('Typed, then Esc')).toBeVisible();
  await expect(app.noteByText('Typed, then Esc')).toBeFocused();

  await page.keyboard.press('n');
  await expect(app.noteEditor()).toBeFocused();
  await app.noteEditor().press('Escape');
  await expect(app.notes()).toHaveCount(1);
  // Nothing to undo but the first note: the empty one was never added.
  await app.undo();
  await expect(app.notes()).toHaveCount(0);

  // Double-click puts the new note where you clicked.
  const wallBox = await boxOf(app.wall());
  const at = { x: wallBox.x + 1050, y: wallBox.y + 140 };
  await page.mouse.dblclick(at.x, at.y);
  await app.noteEditor().fill('Here');
  await app.noteEditor().press('Enter');
  const box = await boxOf(app.noteByText('Here'));
  expect(Math.abs(box.x + box.width / 2 - at.x)).toBeLessThan(4);
  expect(Math.abs(box.y + box.height / 2 - at.y)).toBeLessThan(box.height / 2);
});

test('Delete says what went and offers Undo, which puts focus back on the note', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Delete and undo');
  await app.addNote('Keep me');
  await app.addNote('Delete me');
  await app.selectNote('Delete me');
  await page.keyboard.press('Delete');
  const notice = app.notice('Deleted 1 note.');
  await expect(notice).toBeVisible();
  await expect(app.noteByText('Delete me')).toHaveCount(0);
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(app.noteByText('Delete me')).toBeFocused();
});

test('lanes come into view; move to a lane by number; tidy puts notes in a grid', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Lanes and tidy');
  await app.addNote('First');
  await app.addNote('Second');
  await app.addNote('Third');
  await app.toolbar().getByRole('button', { name: 'Add postmortem lanes' }).click();
  await settle(page);
  const wallBox = await boxOf(app.wall());
  for (const lane of ['Contributing Factors', 'Improvement Opportunities']) {
    const box = await boxOf(app.clusterByName(lane));
    expect(box.x).toBeGreaterThanOrEqual(wallBox.x);
    expect(box.x + box.width).toBeLessThanOrEqual(wallBox.x + wallBox.width);
  }
  await app.selectNotes(['First', 'Second', 'Third']);
  await page.keyboard.press('2');
  const lane = app.clusterByName('What Went Well');
  for (const text of ['First', 'Second', 'Third']) {
    await expect(app.noteByText(text)).toHaveAccessibleName(/in What Went Well/);
    await expectInside(app.noteByText(text), lane);
  }
  expectApart(await noteBoxes(app.notes()));

  // Pile a note on top of another inside the lane, then tidy it.
  await page.keyboard.press('Escape');
  const first = await boxOf(app.noteByText('First'));
  const third = await boxOf(app.noteByText('Third'));
  await app.dragNote('Third', first.x - third.x + 12, first.y - third.y + 12);
  expect(overlapping(await noteBoxes(app.notes()))).not.toBeNull();
  // A cluster's tools show when it is pointed at.
  await lane.hover({ position: { x: 4, y: 4 } });
  await lane.getByRole('button', { name: 'Tidy What Went Well' }).click();
  await expect.poll(async () => overlapping(await noteBoxes(app.notes()))).toBeNull();
  // One column of notes in reading order: the same left edge.
  const lefts = (await noteBoxes(app.notes())).map((x) => Math.round(x.x));
  expect(new Set(lefts).size).toBe(1);
  for (const text of ['First', 'Second', 'Third']) await expectInside(app.noteByText(text), lane);
});

test('search finds notes and moves the view to them', async ({ app, page }) => {
  await importRoomWall(app, 60);
  await page.keyboard.press('Control+f');
  const search = page.getByRole('searchbox', { name: 'Search notes' });
  await expect(search).toBeFocused();
  await search.fill('rollback');
  await expect(page.getByRole('search').getByRole('status')).toHaveText(/1 of \d+/);
  await settle(page);
  const wallBox = await boxOf(app.wall());
  const match = (await noteTexts(app)).find((t) => /rollback/i.test(t.text));
  expect(match).toBeDefined();
  expect(match!.box.x).toBeGreaterThanOrEqual(wallBox.x);
  expect(match!.box.x + match!.box.width).toBeLessThanOrEqual(wallBox.x + wallBox.width);
  expect(match!.screenPx).toBeGreaterThanOrEqual(14);
  await search.press('Escape');
  await expect(search).toHaveCount(0);
});

test('votes read as numbers, controls only in the vote phase, and a ranked list', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Votes and ranking');
  await app.addNote('Most votes');
  await app.addNote('One vote');
  await expect(
    app.noteByText('Most votes').getByRole('button', { name: 'Add my vote' }),
  ).toHaveCount(0);
  await app.setPhase('Vote');
  await app.vote('Most votes');
  await app.vote('Most votes');
  // From the keyboard: Enter on the vote button votes (it does not open the note's editor).
  await app.noteByText('One vote').getByRole('button', { name: 'Add my vote' }).focus();
  await page.keyboard.press('Enter');
  await expect(app.noteEditor()).toHaveCount(0);
  await expect(app.votesOn('Most votes', 2)).toBeVisible();
  await expect(app.noteByText('Most votes').getByText('2 votes', { exact: true })).toBeVisible();
  await app.toolbar().getByRole('button', { name: 'Ranking' }).click();
  const ranked = page.getByRole('complementary', { name: 'Ranked by votes' });
  const entries = ranked.getByRole('listitem');
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText('Most votes');
  await expect(entries.nth(0)).toContainText('2');
  await expect(entries.nth(1)).toContainText('One vote');
  await app.setPhase('Discuss');
  await expect(
    app.noteByText('Most votes').getByRole('button', { name: 'Add my vote' }),
  ).toHaveCount(0);
  await expect(app.votesOn('Most votes', 2)).toBeVisible();
});

test('? lists the shortcuts; the toolbar fits on one row at 1280 px; a long title does not break the header', async ({
  app,
  page,
}) => {
  const title = `Card payments outage on salary day ${'with a very long title '.repeat(6)}`.trim();
  await app.createWorkshop(title);
  await expect(app.wall()).toBeFocused();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const action of ['Tidy', 'Search', 'Next cluster', 'present']) {
    await expect(help.getByText(new RegExp(action, 'i')).first()).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  for (const phase of ['Write', 'Vote'] as const) {
    await app.setPhase(phase);
    const toolbar = await app.toolbar().evaluate((el) => ({
      overflow: el.scrollWidth > el.clientWidth + 1,
      height: el.getBoundingClientRect().height,
    }));
    expect(toolbar.overflow, `the toolbar needs no scrolling at 1280 px (${phase})`).toBe(false);
    expect(toolbar.height).toBeLessThan(56);
  }
  const header = await page
    .locator('header')
    .first()
    .evaluate((el) => el.getBoundingClientRect());
  expect(header.height).toBeLessThan(64);
  await expect(page.getByRole('button', { name: 'Export workshop' })).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Incident details' })).toBeInViewport();
  // One Fit control.
  await expect(page.getByRole('button', { name: /fit/i })).toHaveCount(1);
});
