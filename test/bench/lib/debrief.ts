/**
 * Driving Debrief's production build through its public UI only: import a
 * workshop file from the home screen, open a workshop from its link, and wait
 * until its wall is ready (see ready.ts for what "ready" means).
 */
import type { Locator, Page } from '@playwright/test';
import { armReadyDetector, waitForOpen, type OpenTimes, type Readable } from './ready';
import type { SeededWorkshop } from './seed';
import { settleFrames } from './gestures';

export const DEBRIEF_WALL = '[role="region"][aria-label="Sticky-note wall"]';
export const DEBRIEF_READY_MARK = 'debrief:wall-ready';

/** Nodes on a fitted Debrief bench wall: every note plus its 40 cluster nodes. */
export const debriefNodeCount = (seeded: SeededWorkshop): number =>
  seeded.noteCount + seeded.clusterCount;

/** Imports `seeded` via "Import workshop" (the app then opens it) and waits for the wall. */
export async function importWorkshop(page: Page, seeded: SeededWorkshop): Promise<void> {
  await armReadyDetector(page, DEBRIEF_WALL, debriefNodeCount(seeded));
  const since = await page.evaluate(() => performance.now());
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import workshop' }).click(),
  ]);
  await chooser.setFiles({
    name: seeded.fileName,
    mimeType: 'application/json',
    buffer: seeded.contents,
  });
  await waitForOpen(page, DEBRIEF_WALL, DEBRIEF_READY_MARK, since);
}

export const workshopLink = (page: Page, seeded: SeededWorkshop): Locator =>
  page.getByRole('link', { name: seeded.title, exact: true });

/** From the workshop screen back to the home screen, with the workshop's link showing. */
export async function goHome(page: Page, seeded: SeededWorkshop): Promise<void> {
  await page.getByRole('button', { name: 'All workshops' }).click();
  await workshopLink(page, seeded).waitFor();
}

/**
 * Clicks `link` (or button) and times the opening from the click (a
 * performance.now() taken in the page right before it) to readiness, or with
 * `readable` to every note showing its text (see ready.ts).
 */
export async function timeOpen(
  page: Page,
  link: Locator,
  region: string,
  readyMark: string | null,
  expectedNodes: number,
  readable: Readable | null = null,
): Promise<OpenTimes> {
  await armReadyDetector(page, region, expectedNodes, readable);
  const clicked = await link.evaluate((anchor) => {
    const at = performance.now();
    (anchor as HTMLElement).click();
    return at;
  });
  return waitForOpen(page, region, readyMark, clicked);
}

export const openDebrief = (page: Page, seeded: SeededWorkshop): Promise<OpenTimes> =>
  timeOpen(
    page,
    workshopLink(page, seeded),
    DEBRIEF_WALL,
    DEBRIEF_READY_MARK,
    debriefNodeCount(seeded),
  );

/** Where Debrief's wall region starts on the page (px from the top): its header and toolbar above. */
export async function wallTop(page: Page): Promise<number> {
  const box = await page.locator(DEBRIEF_WALL).boundingBox();
  if (!box) throw new Error('bench: the wall is not on screen');
  return box.y;
}

/** Waits until every change is stored (the header's save state) and the page is idle for a moment. */
export async function settleDebrief(page: Page): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: /^All changes saved$/ })
    .waitFor();
  await settleFrames(page, 2, 200);
}

/** A board's tab in the open workshop's header ("5 whys", "Systems"). */
export const boardTab = (page: Page, label: string): Locator =>
  page.getByRole('navigation', { name: 'Workshop views' }).getByRole('button', {
    name: label,
    exact: true,
  });

/**
 * From the home screen, opens `seeded` (on its wall, the first board) and waits until the wall
 * is ready and everything is stored, so that a board's tab can be timed on its own.
 */
export async function openOnWall(page: Page, seeded: SeededWorkshop): Promise<void> {
  await openDebrief(page, seeded);
  await settleDebrief(page);
}

/** Where a board's canvas sits in the viewport: what the baseline's flow area must match. */
export interface BoardArea {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export async function boardArea(page: Page, region: string): Promise<BoardArea> {
  const box = await page.locator(region).boundingBox();
  const size = page.viewportSize();
  if (!box || !size) throw new Error(`bench: ${region} is not on screen`);
  return {
    top: box.y,
    right: Math.max(0, size.width - (box.x + box.width)),
    bottom: Math.max(0, size.height - (box.y + box.height)),
  };
}

/** The baseline page's query for a flow of `area`'s size and place. */
export const areaQuery = (area: BoardArea): string =>
  `header=${area.top}&right=${area.right}&bottom=${area.bottom}`;
