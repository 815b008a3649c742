/**
 * The sticky-note wall, driven with the mouse: notes, colours, moving,
 * clusters, votes, undo and redo. Every check is something the user sees.
 */
import {
  boxOf,
  expect,
  expectInside,
  expectOutside,
  offsetBetween,
  PICKUP,
  test,
} from './support/debrief';

test('adds, edits and colours notes; the colours survive a reload', async ({ app, page }) => {
  await app.createWorkshop('Search latency review');
  await app.addNote('Cache hit rate dropped');
  await app.addNote('Deploy at 14:02');
  await app.addNote('No alert on p99');
  await expect(app.notes()).toHaveCount(3);

  await app.editNote('Deploy at 14:02', 'Config deploy at 14:02');
  await expect(app.noteByText('Deploy at 14:02')).toHaveCount(0);

  await page.keyboard.press('Escape');
  const swatch = app.toolbar().getByRole('button', { name: 'Colour pink' });
  await expect(swatch, 'colours act on selected notes only').toBeDisabled();

  await app.selectNote('Cache hit rate dropped');
  await app.colourSelected('pink');
  await app.expectNoteColour('Cache hit rate dropped', 'pink');
  await app.expectNoteColour('Config deploy at 14:02', 'yellow');

  await app.selectNotes(['Config deploy at 14:02', 'No alert on p99']);
  await app.colourSelected('blue');
  await app.expectNoteColour('Config deploy at 14:02', 'blue');
  await app.expectNoteColour('No alert on p99', 'blue');
  await app.expectNoteColour('Cache hit rate dropped', 'pink');

  await app.reload();
  await expect(app.notes()).toHaveCount(3);
  await app.expectNoteColour('Cache hit rate dropped', 'pink');
  await app.expectNoteColour('Config deploy at 14:02', 'blue');
  await app.expectNoteColour('No alert on p99', 'blue');
});

test('moves a note with the mouse; the position survives a reload', async ({ app }) => {
  await app.createWorkshop('Moving notes');
  await app.addNote('Anchor');
  await app.addNote('Mover');
  const anchor = app.noteByText('Anchor');
  const mover = app.noteByText('Mover');
  const before = offsetBetween(await boxOf(mover), await boxOf(anchor));
  const zoom = await app.zoom();

  await app.dragNote('Mover', -160, 120);
  const moved = offsetBetween(await boxOf(mover), await boxOf(anchor));
  // 200 px along (-0.8, 0.6), less the pick-up (see dragFromTo).
  expect(Math.abs(moved.dx - (before.dx - (160 - 0.8 * PICKUP) / zoom))).toBeLessThanOrEqual(1);
  expect(Math.abs(moved.dy - (before.dy + (120 - 0.6 * PICKUP) / zoom))).toBeLessThanOrEqual(1);
  await expect(app.clusters(), 'a drop on empty wall makes no cluster').toHaveCount(0);

  await app.reload();
  expect(offsetBetween(await boxOf(mover), await boxOf(anchor))).toEqual(moved);
});

test('clusters selected notes with "New cluster" and with G, and renames a cluster', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Clustering');
  for (const text of ['Pager was muted', 'Runbook out of date', 'Pool size 10', 'Traffic spike']) {
    await app.addNote(text);
  }

  await app.selectNotes(['Pager was muted', 'Runbook out of date']);
  await app.clusterSelected('button');
  await expect(app.clusters()).toHaveCount(1);
  await app.renameCluster('Unnamed cluster', 'Detection');
  await expectInside(app.noteByText('Pager was muted'), app.clusterByName('Detection'));
  await expectInside(app.noteByText('Runbook out of date'), app.clusterByName('Detection'));

  await app.selectNotes(['Pool size 10', 'Traffic spike']);
  await app.clusterSelected('key');
  await expect(app.clusters()).toHaveCount(2);
  await app.renameCluster('Unnamed cluster', 'Capacity');
  await expectInside(app.noteByText('Pool size 10'), app.clusterByName('Capacity'));
  await expectInside(app.noteByText('Traffic spike'), app.clusterByName('Capacity'));

  await app.reload();
  await expect(app.clusterByName('Detection')).toBeVisible();
  await expect(app.clusterByName('Capacity')).toBeVisible();
  await expectInside(app.noteByText('Pager was muted'), app.clusterByName('Detection'));
  await expectInside(app.noteByText('Traffic spike'), app.clusterByName('Capacity'));
  await expect(page.getByRole('button', { name: 'Rename cluster Detection' })).toBeVisible();
});

test('dropping a note on another note makes a cluster of the two', async ({ app }) => {
  await app.createWorkshop('Drop to cluster');
  await app.addNote('Retry storm');
  await app.addNote('No backoff in client');

  await app.dropNoteOn('No backoff in client', 'Retry storm');
  await expect(app.clusters()).toHaveCount(1);
  const cluster = app.clusterByName('Unnamed cluster');
  await expectInside(app.noteByText('Retry storm'), cluster);
  await expectInside(app.noteByText('No backoff in client'), cluster);
  await expectOutside(app.noteByText('No backoff in client'), app.noteByText('Retry storm'));

  // The drop is one gesture, so one undo takes the whole cluster back.
  await app.undo();
  await expect(app.clusters()).toHaveCount(0);
  await expect(app.notes()).toHaveCount(2);
});

test('dragging a note out of its cluster takes it out of the cluster', async ({ app }) => {
  await app.createWorkshop('Drag out');
  await app.addNote('Stays in');
  await app.addNote('Leaves');
  await app.selectNotes(['Stays in', 'Leaves']);
  await app.clusterSelected();
  await app.renameCluster('Unnamed cluster', 'Triggers');
  const cluster = app.clusterByName('Triggers');

  const zoom = await app.zoom();
  const clusterBox = await boxOf(cluster);
  const leavesBox = await boxOf(app.noteByText('Leaves'));
  // Far enough right or left to clear the cluster, whichever side of it the note is on.
  const clusterCenter = clusterBox.x + clusterBox.width / 2;
  const dx =
    leavesBox.x > clusterCenter - leavesBox.width / 2
      ? clusterBox.width + 40 * zoom
      : -clusterBox.width - 40 * zoom;
  await app.dragNote('Leaves', dx, 0);
  await expectOutside(app.noteByText('Leaves'), cluster);
  await app.expectSaved();

  // Moving the cluster now carries only its remaining member.
  const clusterBefore = await boxOf(cluster);
  const stays = await boxOf(app.noteByText('Stays in'));
  const leaves = await boxOf(app.noteByText('Leaves'));
  await app.dragCluster('Triggers', 0, 130);
  await app.expectSaved();
  const clusterAfter = await boxOf(cluster);
  // Positions are whole wall units: at the fitted zoom a drop lands within a pixel of the pointer.
  expect(Math.abs(clusterAfter.y - clusterBefore.y - (130 - PICKUP))).toBeLessThanOrEqual(1);
  const staysAfter = await boxOf(app.noteByText('Stays in'));
  expect(staysAfter.y - stays.y).toBeCloseTo(clusterAfter.y - clusterBefore.y, 0);
  expect(staysAfter.x - stays.x).toBeCloseTo(clusterAfter.x - clusterBefore.x, 0);
  expect(await boxOf(app.noteByText('Leaves'))).toEqual(leaves);

  const file = await app.exportWorkshop();
  const [triggers] = file.json.records.clusters;
  const byText = new Map(file.json.records.notes.map((n) => [n.text, n]));
  expect(byText.get('Stays in')?.clusterId).toBe(triggers?.id);
  expect(byText.get('Leaves')?.clusterId).toBeNull();
});

test('votes: two of two votes used disables voting until one is taken back', async ({ app }) => {
  await app.createWorkshop('Voting');
  await app.addNote('Missing alert');
  await app.addNote('Slow rollback');
  await app.addNote('Unclear ownership');

  // Vote controls appear in the vote phase.
  await expect(app.wall().getByRole('button', { name: 'Add my vote' })).toHaveCount(0);
  await app.setPhase('Vote');
  await app.votesPerPerson().fill('2');
  await expect(app.toolbar().getByText('2 of 2 left')).toBeVisible();

  await app.vote('Missing alert');
  await expect(app.toolbar().getByText('1 of 2 left')).toBeVisible();
  await app.vote('Slow rollback');
  await expect(app.toolbar().getByText('0 of 2 left')).toBeVisible();

  await expect(app.votesOn('Missing alert', 1)).toBeVisible();
  await expect(app.votesOn('Slow rollback', 1)).toBeVisible();
  await expect(app.votesOn('Unclear ownership', 0)).toBeVisible();
  const addVoteButtons = app.wall().getByRole('button', { name: 'Add my vote' });
  await expect(addVoteButtons).toHaveCount(3);
  for (const button of await addVoteButtons.all()) {
    await expect(button).toBeDisabled();
  }

  await app.reload();
  await expect(app.toolbar().getByText('0 of 2 left')).toBeVisible();
  await expect(app.votesPerPerson()).toHaveValue('2');
  await expect(app.votesOn('Missing alert', 1)).toBeVisible();
  await expect(
    app.noteByText('Unclear ownership').getByRole('button', { name: 'Add my vote' }),
  ).toBeDisabled();

  await app.noteByText('Missing alert').getByRole('button', { name: 'Remove my vote' }).click();
  await expect(app.toolbar().getByText('1 of 2 left')).toBeVisible();
  await expect(app.votesOn('Missing alert', 0)).toBeVisible();
  await expect(
    app.noteByText('Unclear ownership').getByRole('button', { name: 'Add my vote' }),
  ).toBeEnabled();
});

test('undo brings a deleted note back and redo deletes it again', async ({ app, page }) => {
  await app.createWorkshop('Undo and redo');
  await app.addNote('Keep');
  await app.addNote('Delete me');
  await expect(app.toolbar().getByRole('button', { name: 'Redo' })).toBeDisabled();

  await app.selectNote('Delete me');
  await page.keyboard.press('Delete');
  await expect(app.noteByText('Delete me')).toHaveCount(0);
  await expect(app.noteByText('Keep')).toBeVisible();

  await app.undo();
  await expect(app.noteByText('Delete me')).toBeVisible();
  await expect(app.toolbar().getByRole('button', { name: 'Redo' })).toBeEnabled();

  await app.redo();
  await expect(app.noteByText('Delete me')).toHaveCount(0);
  await expect(app.notes()).toHaveCount(1);

  // Undo again, and the note is back for good: it is stored, not just drawn.
  await app.undo();
  await app.reload();
  await expect(app.noteByText('Delete me')).toBeVisible();
  await expect(app.notes()).toHaveCount(2);
});

test('a new step after an undo clears redo: the undone note does not come back', async ({
  app,
}) => {
  await app.createWorkshop('Redo cleared');
  await app.addNote('Undone');
  // One step: a new note is added with its text.
  await app.undo();
  await expect(app.notes()).toHaveCount(0);
  await expect(app.toolbar().getByRole('button', { name: 'Redo' })).toBeEnabled();

  await app.addNote('A new step');
  await expect(app.toolbar().getByRole('button', { name: 'Redo' })).toBeDisabled();
  await app.page.keyboard.press('Control+Shift+z');
  await expect(app.noteByText('Undone')).toHaveCount(0);
  await app.reload();
  await expect(app.notes()).toHaveCount(1);
  await expect(app.noteByText('A new step')).toBeVisible();
});

test('many quick changes are stored in order: a reload shows the last of each', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Quick changes');
  await app.addNote('Moving');
  const start = (await app.exportWorkshop()).json.records.notes[0];
  await app.selectNote('Moving');
  // Twenty moves as fast as the keyboard goes, each its own operation and write.
  for (let i = 0; i < 20; i += 1) await page.keyboard.press('ArrowRight');
  let text = 'Moving';
  for (const next of ['one', 'two', 'three', 'final text']) {
    await app.editNote(text, next);
    text = next;
  }
  await app.reload();
  await expect(app.noteByText('final text')).toBeVisible();
  const file = await app.exportWorkshop();
  const [note] = file.json.records.notes;
  expect(note?.text).toBe('final text');
  // React Flow moves a selected note 5 units per arrow press.
  expect(note?.x).toBe((start?.x ?? Number.NaN) + 100);
  const seqs = file.json.audit.map((entry) => entry.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i));
});
