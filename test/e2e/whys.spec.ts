/**
 * The branching 5-whys canvas, driven like a facilitator typing live on the
 * projector: keyboard only for the tree, contributing factors from the
 * inspector, a citation of a wall note followed both ways, the blameless
 * prompt, reload, and undo/redo.
 */
import type { Locator, Page } from '@playwright/test';
import { escapeRegExp, expect, test, type Debrief } from './support/debrief';

test.use({ viewport: { width: 1280, height: 720 } });

const board = (page: Page) => page.locator('.whys-board');
/** A why box: a React Flow node named "Why 2: <text>, …" (or "Problem: …"). */
const why = (page: Page, depth: string, text: string): Locator =>
  board(page).getByRole('group', { name: new RegExp(`^${depth}: ${escapeRegExp(text)}(,|$)`) });
/** Every why, after fitting the tree (only whys in view are drawn). */
async function allWhys(page: Page): Promise<Locator> {
  await board(page).getByRole('button', { name: 'Fit', exact: true }).click();
  return board(page).getByRole('group', { name: /^(Problem|Why \d)/ });
}
const editor = (page: Page) => board(page).getByRole('textbox', { name: 'Because…' });

async function openWhys(app: Debrief) {
  await app.page.getByRole('button', { name: '5 whys', exact: true }).click();
  await expect(board(app.page)).toBeVisible();
}

/** Types into the open why editor, then presses `key` (Tab, Enter, Escape). */
async function write(page: Page, text: string, key: string) {
  await expect(editor(page)).toBeFocused();
  await page.keyboard.type(text);
  await page.keyboard.press(key);
}

async function buildTree(app: Debrief) {
  const { page } = app;
  await openWhys(app);
  await board(page)
    .getByRole('button', { name: 'Start with the problem statement' })
    .first()
    .focus();
  await page.keyboard.press('Enter');
  // Prefilled from the workshop (its summary, else its title).
  await expect(editor(page)).toHaveValue('Card payments declined');
  await page.keyboard.press('Tab');
  await write(page, 'The primary database stopped accepting writes', 'Tab');
  await write(page, 'The disk filled up with audit logs', 'Enter');
  await write(page, 'Failover did not start automatically', 'Escape');
  await expect(editor(page)).toHaveCount(0);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await write(page, 'The alert went to a retired channel', 'Tab');
  await write(page, 'The paging list is maintained by hand', 'Escape');
}

test('a three-level 5 whys with two branches, built with the keyboard only', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Card payments declined');
  await buildTree(app);

  await expect(why(page, 'Problem', 'Card payments declined')).toBeVisible();
  await expect(why(page, 'Why 1', 'The primary database stopped accepting writes')).toBeVisible();
  await expect(why(page, 'Why 1', 'The alert went to a retired channel')).toBeVisible();
  await expect(why(page, 'Why 2', 'The disk filled up with audit logs')).toBeVisible();
  await expect(why(page, 'Why 2', 'Failover did not start automatically')).toBeVisible();
  await expect(why(page, 'Why 2', 'The paging list is maintained by hand')).toBeVisible();
  await expect(await allWhys(page)).toHaveCount(6);

  // Two branches: each second-level why sits right of its own parent.
  const x = async (l: Locator) => (await l.boundingBox())?.x ?? 0;
  expect(await x(why(page, 'Why 2', 'The disk filled up with audit logs'))).toBeGreaterThan(
    await x(why(page, 'Why 1', 'The primary database stopped accepting writes')),
  );

  // Readable on the projector once fitted.
  await page.keyboard.press('Escape');
  await page.keyboard.press('f');
  await page.waitForTimeout(400);
  const px = await why(page, 'Why 2', 'The disk filled up with audit logs')
    .locator('.why-text')
    .evaluate((el) => {
      const size = parseFloat(getComputedStyle(el).fontSize);
      const rect = el.getBoundingClientRect();
      return (size * rect.width) / (el as HTMLElement).offsetWidth;
    });
  expect(px).toBeGreaterThanOrEqual(14);

  // Everything is stored: a reload brings the whole tree back.
  await app.reload({ wall: false });
  await openWhys(app);
  await expect(await allWhys(page)).toHaveCount(6);
  await expect(why(page, 'Why 2', 'The paging list is maintained by hand')).toBeVisible();
});

test('Esc keeps the text, an empty new why leaves nothing, Delete takes a branch and Undo brings it back', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Card payments declined');
  await buildTree(app);
  const primary = why(page, 'Why 1', 'The primary database stopped accepting writes');

  // Tab then Esc with nothing typed: no why is added.
  await primary.click();
  await page.keyboard.press('Tab');
  await expect(editor(page)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(await allWhys(page)).toHaveCount(6);

  // A why being written survives a reload: the board and the editor come back with its text.
  await primary.click();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Nobody had tested a full disk');
  await app.reload({ wall: false });
  await expect(editor(page)).toHaveValue('Nobody had tested a full disk');
  await page.keyboard.press('Escape');
  await expect(why(page, 'Why 2', 'Nobody had tested a full disk')).toBeVisible();
  await expect(await allWhys(page)).toHaveCount(7);
  await why(page, 'Why 2', 'Nobody had tested a full disk').click();
  await page.keyboard.press('Delete');
  await expect(await allWhys(page)).toHaveCount(6);

  // F2 edits; Esc keeps what was typed.
  await primary.click();
  await page.keyboard.press('F2');
  await page.keyboard.press('End');
  await page.keyboard.type(' at 09:12');
  await page.keyboard.press('Escape');
  const edited = why(page, 'Why 1', 'The primary database stopped accepting writes at 09:12');
  await expect(edited).toBeVisible();

  await edited.click();
  await page.keyboard.press('Delete');
  await expect(await allWhys(page)).toHaveCount(3);
  await expect(
    page.getByRole('status').filter({ hasText: 'Deleted 3 whys (a branch).' }),
  ).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(await allWhys(page)).toHaveCount(6);
  await expect(why(page, 'Why 2', 'The disk filled up with audit logs')).toBeVisible();
  await page.keyboard.press('Control+y');
  await expect(await allWhys(page)).toHaveCount(3);
  await page.keyboard.press('Control+z');
  await expect(edited).toBeVisible();
});

test('a why that stops at a person gets a gentle prompt; a system that failed does not', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Certificate expiry');
  await openWhys(app);
  await board(page)
    .getByRole('button', { name: 'Start with the problem statement' })
    .first()
    .click();
  await page.keyboard.press('Tab');
  await write(page, 'The engineer forgot to renew the certificate', 'Enter');
  await write(page, 'The health check failed to connect', 'Escape');

  await expect(
    why(page, 'Why 1', 'The engineer forgot to renew the certificate'),
  ).toHaveAccessibleName(/ends at a person$/);
  await expect(why(page, 'Why 1', 'The health check failed to connect')).not.toHaveAccessibleName(
    /ends at a person/,
  );
  await why(page, 'Why 1', 'The engineer forgot to renew the certificate').click();
  await board(page).getByRole('button', { name: 'Details' }).click();
  await expect(
    page.getByRole('complementary', { name: 'Selected why' }).getByRole('note'),
  ).toContainText(/keep asking|how the system|What made/i);
});

test('two factors from the 5 whys show in the factors view, and a cited note is one click away', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Card payments declined');
  await app.addNote('Audit log volume tripled after the March release');
  await buildTree(app);

  const inspector = page.getByRole('complementary', { name: 'Selected why' });
  // At 1280 wide the details are closed, so the tree has the screen: open them.
  await board(page).getByRole('button', { name: 'Details' }).click();
  await why(page, 'Why 2', 'The disk filled up with audit logs').click();
  await inspector.getByLabel('Category for a new factor').selectOption('technical');
  await inspector.getByRole('button', { name: 'Mark as factor' }).click();
  await inspector
    .getByLabel('Note or cluster to cite')
    .selectOption({ label: 'Note: Audit log volume tripled after the March release' });
  await inspector.getByRole('button', { name: 'Cite' }).click();
  await expect(why(page, 'Why 2', 'The disk filled up with audit logs')).toHaveAccessibleName(
    /Technical factor, cites 1 wall item/,
  );

  await why(page, 'Why 2', 'The paging list is maintained by hand').click();
  await inspector.getByLabel('Category for a new factor').selectOption('process');
  await inspector.getByRole('button', { name: 'Mark as factor' }).click();
  await expect(why(page, 'Why 2', 'The paging list is maintained by hand')).toHaveAccessibleName(
    /Process factor/,
  );

  await page.getByRole('button', { name: 'Factors', exact: true }).click();
  const factors = page.getByRole('region', { name: 'Contributing factors' });
  await expect(factors.getByRole('heading', { name: 'Contributing factors (2)' })).toBeVisible();
  await expect(
    factors.getByRole('listitem', { name: 'Factor: The disk filled up with audit logs' }),
  ).toBeVisible();
  await expect(
    factors.getByRole('region', { name: 'Process' }).getByRole('listitem', {
      name: 'Factor: The paging list is maintained by hand',
    }),
  ).toBeVisible();

  // Editing the factor here edits it where it appears.
  const title = factors
    .getByRole('listitem', { name: 'Factor: The paging list is maintained by hand' })
    .getByLabel('Factor title');
  await title.fill('Paging lists are maintained by hand');
  await title.press('Enter');
  await page.getByRole('button', { name: '5 whys', exact: true }).click();
  await why(page, 'Why 2', 'The paging list is maintained by hand').click();
  await expect(inspector.getByLabel('Factor title')).toHaveValue(
    'Paging lists are maintained by hand',
  );

  // From the factor to the wall note its why cites, and from the note back to the why.
  await page.getByRole('button', { name: 'Factors', exact: true }).click();
  await factors
    .getByRole('button', { name: 'Note: Audit log volume tripled after the March release' })
    .click();
  const note = app.noteByText('Audit log volume tripled after the March release');
  await expect(note).toBeVisible();
  await expect(note).toBeFocused();
  await note.getByRole('button', { name: /Show the why that cites this note/ }).click();
  await expect(why(page, 'Why 2', 'The disk filled up with audit logs')).toBeFocused();

  // A note of the wall can be a factor itself; the wall shows it.
  await page.getByRole('button', { name: 'Factors', exact: true }).click();
  await factors
    .getByLabel('Note or cluster to mark as a factor')
    .selectOption({ label: 'Note: Audit log volume tripled after the March release' });
  await factors.getByLabel('Category of the factor from the wall').selectOption('organizational');
  await factors.getByRole('button', { name: 'Mark as factor' }).click();
  await expect(factors.getByRole('heading', { name: 'Contributing factors (3)' })).toBeVisible();
  await expect(factors.getByLabel('Factors per category')).toContainText('Organizational: 1');

  // Still there after a reload.
  await app.reload({ wall: false });
  await page.getByRole('button', { name: 'Factors', exact: true }).click();
  await expect(factors.getByRole('heading', { name: 'Contributing factors (3)' })).toBeVisible();
  await page.getByRole('button', { name: 'Wall', exact: true }).click();
  await expect(
    app.noteByText('Audit log volume tripled after the March release'),
  ).toHaveAccessibleName(/a contributing factor$/);
});
