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
