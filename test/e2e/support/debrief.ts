/**
 * Page objects for the Debrief e2e tests. They speak the user's language
 * (create a workshop, add a note, vote, undo) and find things the way a user
 * or a screen reader does: by role, accessible name and label.
 *
 * CSS exceptions, each because React Flow or the note's paint offers no
 * accessible handle (all are listed here and nowhere else):
 *  - `noteColour` reads the painted background of the note's `.note` element:
 *    a note's colour is only visible, it has no accessible representation.
 *  - drags use mouse coordinates from bounding boxes of the accessible node
 *    groups; the cluster's grab point is computed from its geometry (the
 *    strip between the cluster's name and its notes), not from a selector.
 */
import { readFile } from 'node:fs/promises';
import { expect, test as base, type Download, type Locator, type Page } from '@playwright/test';

/** Wall geometry the app uses (shared/wall/records.ts NOTE_SIZE, renderer/wall/wallGeometry.ts). */
export const NOTE_WIDTH = 200;
const CLUSTER_HEADER = 56;
const CLUSTER_PADDING = 16;
/** Pixels of pointer movement that start a drag (more than the wall's nodeDragThreshold of 2). */
export const PICKUP = 3;

export type NoteColour = 'yellow' | 'pink' | 'blue' | 'green' | 'orange' | 'purple';

/** The painted background of each note colour (renderer/styles.css --note-*). */
export const NOTE_BACKGROUNDS: Record<NoteColour, string> = {
  yellow: 'rgb(253, 230, 138)',
  pink: 'rgb(251, 207, 232)',
  blue: 'rgb(191, 219, 254)',
  green: 'rgb(187, 247, 208)',
  orange: 'rgb(254, 215, 170)',
  purple: 'rgb(221, 214, 254)',
};

/** The parts of an exported workshop file the tests look at. */
export interface ExportedWorkshop {
  readonly format: string;
  readonly schemaVersion: number;
  readonly workshop: Record<string, unknown> & { id: string; title: string; voteBudget: number };
  readonly records: ExportedRecords;
  readonly audit: Record<string, unknown>[];
}

export interface ExportedRecords {
  readonly notes: {
    id: string;
    text: string;
    color: string;
    x: number;
    y: number;
    clusterId: string | null;
  }[];
  readonly clusters: {
    id: string;
    name: string;
    x: number;
    y: number;
    width: number;
    height: number;
  }[];
  readonly votes: { id: string; noteId: string; voterId: string }[];
}

export interface SavedExport {
  readonly fileName: string;
  readonly path: string;
  readonly text: string;
  readonly json: ExportedWorkshop;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export async function boxOf(locator: Locator): Promise<Box> {
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} has no bounding box.`);
  return box;
}

const center = (box: Box) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

export class Debrief {
  constructor(readonly page: Page) {}

  // ---------------------------------------------------------------- home

  async openHome(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: 'Workshops', level: 2 })).toBeVisible();
  }

  /** The rows of the workshop library (without the header row). */
  libraryRows(): Locator {
    return this.page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader') });
  }

  workshopRow(title: string): Locator {
    return this.libraryRows().filter({
      has: this.page.getByRole('rowheader', { name: title, exact: true }),
    });
  }

  /** The titles in the library, in the order shown. */
  async libraryTitles(): Promise<string[]> {
    return this.libraryRows().getByRole('rowheader').allInnerTexts();
  }

  trash(): Locator {
    return this.page.getByRole('region', { name: 'Trash' });
  }

  /** Creates a workshop from the home screen and waits until its wall is usable. */
  async createWorkshop(title: string): Promise<void> {
    if (this.page.url() === 'about:blank') await this.openHome();
    else if (!(await this.page.getByRole('button', { name: 'New workshop' }).isVisible()))
      await this.goHome();
    await this.page.getByRole('button', { name: 'New workshop' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New workshop' });
    await dialog.getByLabel('Title').fill(title);
    await dialog.getByRole('button', { name: 'Create workshop' }).click();
    await expect(this.page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    // A new workshop's wall is empty: its toolbar says it is usable (workshops.spec checks aria-busy too).
    await expect(this.toolbar().getByRole('button', { name: 'Add note' })).toBeEnabled();
  }

  async openWorkshop(title: string): Promise<void> {
    await this.page.getByRole('button', { name: `Open ${title}`, exact: true }).click();
    await expect(this.page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    await this.expectWallReady();
  }

  async goHome(): Promise<void> {
    await this.page.getByRole('button', { name: '← All workshops' }).click();
    await expect(this.page.getByRole('heading', { name: 'Workshops', level: 2 })).toBeVisible();
  }

  /** "Delete <title>" on the home screen, confirmed with "Move to trash". */
  async trashWorkshop(title: string): Promise<void> {
    await this.page.getByRole('button', { name: `Delete ${title}`, exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Delete workshop?' });
    await dialog.getByRole('button', { name: 'Move to trash' }).click();
    await expect(this.workshopRow(title)).toHaveCount(0);
    await expect(this.trash().getByText(title, { exact: true })).toBeVisible();
  }

  /** Removes a trashed workshop for good ("Delete <title> permanently"). */
  async purgeWorkshop(title: string): Promise<void> {
    await this.trash()
      .getByRole('button', { name: `Delete ${title} permanently`, exact: true })
      .click();
    const dialog = this.page.getByRole('dialog', { name: 'Delete permanently?' });
    await dialog.getByRole('button', { name: 'Delete permanently' }).click();
    await expect(this.page.getByText(title, { exact: true })).toHaveCount(0);
  }

  /** Chooses a file with the home screen's "Import workshop" button. */
  async importFile(file: string | { name: string; contents: string | Buffer }): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: 'Import workshop' }).click();
    const files =
      typeof file === 'string'
        ? file
        : {
            name: file.name,
            mimeType: 'application/json',
            buffer:
              typeof file.contents === 'string'
                ? Buffer.from(file.contents, 'utf8')
                : file.contents,
          };
    await (await chooser).setFiles(files);
  }

  /** Error notices (role=alert). */
  alerts(): Locator {
    return this.page.getByRole('alert');
  }

  /** Info notices (role=status) with the given text. */
  notice(text: string | RegExp): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  // ------------------------------------------------------------ workshop

  /** "All changes saved" in the workshop header: everything is in IndexedDB. */
  async expectSaved(): Promise<void> {
    await expect(
      this.page.getByRole('status').filter({ hasText: /^(All changes saved|Saving…)$/ }),
    ).toHaveText('All changes saved');
  }

  /**
   * Reloads once everything is stored, and waits for the workshop again (and
   * for the wall to be measured and fitted, unless it is empty or not shown).
   */
  async reload({ wall = true }: { wall?: boolean } = {}): Promise<void> {
    await this.expectSaved();
    const title = await this.page.getByRole('heading', { level: 1 }).innerText();
    await this.page.reload();
    await expect(this.page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    if (wall) await this.expectWallReady();
  }

  async showDetails(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Incident details' }).click();
    const form = this.page.getByRole('form', { name: 'Incident details' });
    await expect(form).toBeVisible();
    return form;
  }

  async showWall(): Promise<void> {
    await this.page.getByRole('button', { name: 'Wall', exact: true }).click();
    await this.expectWallReady();
  }

  /** Exports the open workshop ("Export workshop" in the header) and reads the downloaded file. */
  async exportWorkshop(): Promise<SavedExport> {
    await this.expectSaved();
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: 'Export workshop' }).click();
    return readDownload(await download);
  }

  // ---------------------------------------------------------------- wall

  wall(): Locator {
    return this.page.getByRole('region', { name: 'Sticky-note wall' });
  }

  toolbar(): Locator {
    return this.page.getByRole('toolbar', { name: 'Wall tools' });
  }

  async expectWallReady(): Promise<void> {
    await expect(this.wall()).toHaveAttribute('aria-busy', 'false');
  }

  /**
   * A note on the wall: a React Flow node, role group, named
   * "Note: <text>, in <cluster> | not in a cluster, <n> votes" (", cited by <n> whys" after
   * that when the 5 whys cite it, ", a contributing factor" when one is placed on it).
   */
  noteByText(text: string): Locator {
    return this.wall().getByRole('group', {
      name: new RegExp(
        `^Note: ${escapeRegExp(text)}, (in .+|not in a cluster), \\d+ votes?(, cited by \\d+ whys?)?(, a contributing factor)?$`,
      ),
    });
  }

  notes(): Locator {
    return this.wall().getByRole('group', { name: /^Note: / });
  }

  clusterByName(name: string): Locator {
    return this.wall().getByRole('group', { name: `Cluster: ${name}`, exact: true });
  }

  clusters(): Locator {
    return this.wall().getByRole('group', { name: /^Cluster: / });
  }

  noteEditor(): Locator {
    return this.wall().getByRole('textbox', { name: 'Note text' });
  }

  /** "Add note" in the toolbar, type the text, Enter to commit. */
  async addNote(text: string): Promise<Locator> {
    await this.toolbar().getByRole('button', { name: 'Add note' }).click();
    await this.noteEditor().fill(text);
    await this.noteEditor().press('Enter');
    await expect(this.noteEditor()).toHaveCount(0);
    await expect(this.noteByText(text)).toBeVisible();
    return this.noteByText(text);
  }

  /** Double-click the note, replace its text, Enter to commit. */
  async editNote(text: string, newText: string): Promise<void> {
    await this.noteByText(text).getByText(text, { exact: true }).dblclick();
    await expect(this.noteEditor()).toBeFocused();
    await this.noteEditor().fill(newText);
    await this.noteEditor().press('Enter');
    await expect(this.noteByText(newText)).toBeVisible();
  }

  /** Clicks a note (on its text, clear of its vote buttons) so it is the only selected item. */
  async selectNote(text: string): Promise<void> {
    await this.noteByText(text).getByText(text, { exact: true }).click();
  }

  /** Click the first note, shift-click the others. */
  async selectNotes(texts: readonly string[]): Promise<void> {
    const [first, ...others] = texts;
    if (first === undefined) return;
    await this.selectNote(first);
    for (const text of others) {
      await this.noteByText(text)
        .getByText(text, { exact: true })
        .click({ modifiers: ['Shift'] });
    }
  }

  /** "New cluster" in the toolbar (or key G) around the selected notes. */
  async clusterSelected(how: 'button' | 'key' = 'button'): Promise<void> {
    if (how === 'button') await this.toolbar().getByRole('button', { name: 'New cluster' }).click();
    else await this.page.keyboard.press('g');
  }

  async renameCluster(name: string, newName: string): Promise<void> {
    const cluster = this.clusterByName(name);
    await cluster.getByRole('button', { name: `Rename cluster ${name}`, exact: true }).click();
    const input = cluster.getByRole('combobox', { name: 'Cluster name' });
    await input.fill(newName);
    await input.press('Enter');
    await expect(this.clusterByName(newName)).toBeVisible();
  }

  async colourSelected(colour: NoteColour): Promise<void> {
    await this.toolbar()
      .getByRole('button', { name: `Colour ${colour}`, exact: true })
      .click();
  }

  /** The colour a note is painted in (CSS exception: colour has no accessible representation). */
  noteColour(text: string): Locator {
    return this.noteByText(text).locator('.note');
  }

  async expectNoteColour(text: string, colour: NoteColour): Promise<void> {
    await expect(this.noteColour(text)).toHaveCSS('background-color', NOTE_BACKGROUNDS[colour]);
  }

  /** The workshop's phase, from the toolbar ("Phase: Vote" shows the vote controls). */
  async setPhase(phase: 'Write' | 'Cluster' | 'Vote' | 'Discuss'): Promise<void> {
    await this.toolbar().getByRole('combobox', { name: 'Phase' }).selectOption(`Phase: ${phase}`);
  }

  /** "Add my vote" inside the note (opening the vote phase first, as a facilitator would). */
  async vote(text: string): Promise<void> {
    const phase = this.toolbar().getByRole('combobox', { name: 'Phase' });
    if ((await phase.inputValue()) !== 'vote') await this.setPhase('Vote');
    await this.noteByText(text).getByRole('button', { name: 'Add my vote' }).click();
  }

  /** A note whose accessible name says it has `count` votes ("0 votes", "1 vote", "2 votes"). */
  votesOn(text: string, count: number): Locator {
    return this.wall().getByRole('group', {
      name: new RegExp(
        `^Note: ${escapeRegExp(text)}, (in .+|not in a cluster), ${count} ${count === 1 ? 'vote' : 'votes'}$`,
      ),
    });
  }

  /** "Votes each" (shown in the vote phase). */
  votesPerPerson(): Locator {
    return this.toolbar().getByRole('spinbutton', { name: 'Votes each' });
  }

  async undo(): Promise<void> {
    await this.toolbar().getByRole('button', { name: 'Undo', exact: true }).click();
  }

  async redo(): Promise<void> {
    await this.toolbar().getByRole('button', { name: 'Redo', exact: true }).click();
  }

  /** The zoom of the wall, from the drawn size of a note (NOTE_WIDTH wall units wide). */
  async zoom(): Promise<number> {
    const box = await boxOf(this.notes().first());
    return box.width / NOTE_WIDTH;
  }

  /** Presses Tab until `target` has focus, as a keyboard user would (at most `limit` times). */
  async tabTo(target: Locator, limit = 40): Promise<void> {
    for (let i = 0; i < limit; i += 1) {
      await this.page.keyboard.press('Tab');
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error(`${target.toString()} was not reached with ${limit} presses of Tab.`);
  }

  /**
   * Presses the mouse at `from`, moves in steps to `to` and releases, like a
   * hand would. React Flow starts a drag only once the pointer has moved more
   * than the wall's drag threshold (2 px) and counts movement from there, so
   * the first 3 px "pick the note up" and are not part of the move: the item
   * moves by (to - from) minus 3 px along the direction of the drag.
   */
  async dragFromTo(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    const { mouse } = this.page;
    const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
    const pickup = {
      x: from.x + ((to.x - from.x) / length) * PICKUP,
      y: from.y + ((to.y - from.y) / length) * PICKUP,
    };
    await mouse.move(from.x, from.y);
    await mouse.down();
    await mouse.move(pickup.x, pickup.y);
    await mouse.move(to.x, to.y, { steps: 10 });
    await mouse.up();
  }

  /** Drags a note by its text (clear of the vote buttons) by dx, dy screen pixels. */
  async dragNote(text: string, dx: number, dy: number): Promise<void> {
    const grip = center(await boxOf(this.noteByText(text).getByText(text, { exact: true })));
    await this.dragFromTo(grip, { x: grip.x + dx, y: grip.y + dy });
  }

  /** Drags one note so that it lands on another note. */
  async dropNoteOn(text: string, targetText: string): Promise<void> {
    const from = center(await boxOf(this.noteByText(text)));
    const to = center(await boxOf(this.noteByText(targetText)));
    await this.dragNote(text, to.x - from.x + 10, to.y - from.y + 10);
  }

  /**
   * Drags a cluster by the empty strip between its name and its notes (a
   * cluster made around notes has CLUSTER_PADDING wall units there).
   */
  async dragCluster(name: string, dx: number, dy: number): Promise<void> {
    const box = await boxOf(this.clusterByName(name));
    const zoom = await this.zoom();
    const grip = {
      x: box.x + box.width / 2,
      y: box.y + (CLUSTER_HEADER + CLUSTER_PADDING / 2) * zoom,
    };
    await this.dragFromTo(grip, { x: grip.x + dx, y: grip.y + dy });
  }
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function readDownload(download: Download): Promise<SavedExport> {
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  return {
    fileName: download.suggestedFilename(),
    path,
    text,
    json: JSON.parse(text) as ExportedWorkshop,
  };
}

/** Asserts that `inner` is drawn entirely inside `outer` (a note inside its cluster). */
export async function expectInside(inner: Locator, outer: Locator): Promise<void> {
  const a = await boxOf(inner);
  const b = await boxOf(outer);
  const inside =
    a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
  expect(inside, `${inner.toString()} should lie inside ${outer.toString()}`).toBe(true);
}

/**
 * Asserts that the centre of `inner` lies outside `outer`: the wall decides
 * cluster membership by a note's centre, and a cluster's padding may overlap
 * the edge of a neighbouring note without taking it in.
 */
export async function expectOutside(inner: Locator, outer: Locator): Promise<void> {
  const c = center(await boxOf(inner));
  const b = await boxOf(outer);
  const inside = c.x >= b.x && c.x <= b.x + b.width && c.y >= b.y && c.y <= b.y + b.height;
  expect(inside, `the centre of ${inner.toString()} should lie outside ${outer.toString()}`).toBe(
    false,
  );
}

/** Position of `box` relative to `reference`, in wall units (independent of pan and zoom). */
export function offsetBetween(box: Box, reference: Box): { dx: number; dy: number } {
  const zoom = reference.width / NOTE_WIDTH;
  return {
    dx: Math.round((box.x - reference.x) / zoom),
    dy: Math.round((box.y - reference.y) / zoom),
  };
}

export const test = base.extend<{ app: Debrief }>({
  app: async ({ page }, use) => {
    await use(new Debrief(page));
  },
});

export { expect };
