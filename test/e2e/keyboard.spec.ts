/**
 * The wall without a mouse: N adds a note and opens it for typing, Enter
 * commits, arrow keys move the selected note, Tab reaches notes, Space
 * selects, Delete removes, Ctrl+Z undoes.
 */
import { boxOf, expect, offsetBetween, test } from './support/debrief';

test('keyboard only: add with N, type, Enter, move with arrows, delete', async ({ app, page }) => {
  await app.createWorkshop('Keyboard only');
  const { keyboard } = page;

  await keyboard.press('n');
  await expect(app.noteEditor()).toBeFocused();
  await keyboard.type('Anchor');
  await keyboard.press('Enter');
  await expect(app.noteByText('Anchor')).toBeVisible();

  await keyboard.press('n');
  await expect(app.noteEditor()).toBeFocused();
  await keyboard.type('Moved by keys');
  await keyboard.press('Enter');
  const moved = app.noteByText('Moved by keys');
  await expect(moved).toBeVisible();
  await expect(app.noteEditor()).toHaveCount(0);
  // The new note is the selection, ready for the next key.
  await expect(app.toolbar().getByRole('button', { name: 'Delete' })).toBeEnabled();

  const anchor = app.noteByText('Anchor');
  const start = offsetBetween(await boxOf(moved), await boxOf(anchor));
  // React Flow moves the selection 5 units per arrow press, 20 with Shift.
  await keyboard.press('ArrowRight');
  await keyboard.press('ArrowRight');
  await keyboard.press('Shift+ArrowDown');
  await expect
    .poll(async () => offsetBetween(await boxOf(moved), await boxOf(anchor)))
    .toEqual({ dx: start.dx + 10, dy: start.dy + 20 });
  await expect(anchor, 'only the selected note moves').toBeVisible();

  await app.reload();
  expect(offsetBetween(await boxOf(moved), await boxOf(anchor))).toEqual({
    dx: start.dx + 10,
    dy: start.dy + 20,
  });

  // After the reload nothing is selected: Tab to the note, Space selects it, Delete removes it.
  await app.tabTo(moved);
  await keyboard.press('Space');
  await expect(app.toolbar().getByRole('button', { name: 'Delete' })).toBeEnabled();
  await keyboard.press('Delete');
  await expect(moved).toHaveCount(0);
  await expect(anchor).toBeVisible();

  await keyboard.press('Control+z');
  await expect(moved).toBeVisible();
});

test('keyboard only: G clusters the selected note and Alt+arrows resize the cluster', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Keyboard clusters');
  const { keyboard } = page;
  await keyboard.press('n');
  await keyboard.type('Needs a home');
  await keyboard.press('Enter');

  await keyboard.press('g');
  const cluster = app.clusterByName('Unnamed cluster');
  await expect(cluster).toBeVisible();
  const zoom = await app.zoom();
  const before = await boxOf(cluster);

  // Each Alt+arrow press resizes by 20 wall units; the cluster must not move.
  await keyboard.press('Alt+ArrowRight');
  await keyboard.press('Alt+ArrowRight');
  await keyboard.press('Alt+ArrowDown');
  await expect
    .poll(async () => {
      const box = await boxOf(cluster);
      return {
        x: Math.round(box.x - before.x),
        y: Math.round(box.y - before.y),
        dw: Math.round((box.width - before.width) / zoom),
        dh: Math.round((box.height - before.height) / zoom),
      };
    })
    .toEqual({ x: 0, y: 0, dw: 40, dh: 20 });

  await app.reload();
  const after = await boxOf(cluster);
  const reloadZoom = await app.zoom();
  expect(Math.round(after.width / reloadZoom)).toBe(Math.round(before.width / zoom) + 40);
  expect(Math.round(after.height / reloadZoom)).toBe(Math.round(before.height / zoom) + 20);
});
