/**
 * Nothing is lost and nothing forks: a second window on the same workshop,
 * text being typed at a reload, a damaged record in the library, and files
 * that continue, precede or fork the stored history.
 */
import { expect } from '@playwright/test';
import { boxOf, Debrief, offsetBetween, test } from './support/debrief';

test('a second window on the same workshop is read-only, follows the first, and can edit once the first lets go', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Shared wall');
  await app.addNote('From the first window');
  await app.expectSaved();

  const second = new Debrief(await page.context().newPage());
  await second.page.goto(page.url());
  await expect(second.page.getByRole('heading', { name: 'Shared wall', level: 1 })).toBeVisible();
  await second.expectWallReady();
  await expect(second.page.getByText(/open in another Debrief window/)).toBeVisible();
  await expect(second.noteByText('From the first window')).toBeVisible();
  await expect(second.toolbar().getByRole('button', { name: 'Add note' })).toBeDisabled();

  // The first window's saved changes reach the second one.
  await app.addNote('Added while both are open');
  await expect(second.noteByText('Added while both are open')).toBeVisible();

  // Nothing can be dragged in the read-only window (a drag there pans the wall instead).
  const first = second.noteByText('From the first window');
  const other = second.noteByText('Added while both are open');
  const apart = offsetBetween(await boxOf(first), await boxOf(other));
  await second.dragNote('From the first window', 120, 80);
  expect(offsetBetween(await boxOf(first), await boxOf(other))).toEqual(apart);

  // The first window closes the workshop: the second may edit, on top of what was stored.
  await app.goHome();
  await expect(second.notice(/you can edit it here now/)).toBeVisible();
  await expect(second.page.getByText(/open in another Debrief window/)).toHaveCount(0);
  await second.addNote('Now the second window writes');
  const file = await second.exportWorkshop();
  expect(file.json.records.notes.map((n) => n.text).sort()).toEqual([
    'Added while both are open',
    'From the first window',
    'Now the second window writes',
  ]);
  const seqs = file.json.audit.map((entry) => entry.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i));
});

test('text being typed in a note or an incident field survives a reload', async ({ app, page }) => {
  await app.createWorkshop('Interrupted');
  await app.toolbar().getByRole('button', { name: 'Add note' }).click();
  await app.noteEditor().fill('Half a thought about the retry storm');
  await app.reload();
  // The note that was being written opens again with its text, still unsaved.
  await expect(app.noteEditor()).toHaveValue('Half a thought about the retry storm');
  await app.noteEditor().press('Enter');
  await expect(app.noteByText('Half a thought about the retry storm')).toBeVisible();
  await app.reload();
  await expect(app.noteByText('Half a thought about the retry storm')).toBeVisible();
  await expect(app.noteEditor()).toHaveCount(0);

  let form = await app.showDetails();
  await form.getByLabel('Summary').fill('Checkout returned 503s for 40 minutes');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Interrupted', level: 1 })).toBeVisible();
  form = await app.showDetails();
  await expect(form.getByLabel('Summary')).toHaveValue('Checkout returned 503s for 40 minutes');
  await expect(form.getByText(/Restored text you had not saved yet/)).toBeVisible();
  // Leaving the field saves the restored text, as it would have before the reload.
  await form.getByLabel('Summary').focus();
  await form.getByLabel('Impact').focus();
  await app.reload({ wall: false });
  form = await app.showDetails();
  await expect(form.getByLabel('Summary')).toHaveValue('Checkout returned 503s for 40 minutes');
  await expect(form.getByText(/Restored text/)).toHaveCount(0);
});

test('a damaged workshop record does not take the library down', async ({ app, page }) => {
  await app.createWorkshop('Healthy workshop');
  await app.goHome();
  // What an import from before timestamps were bounded could leave behind: a date in the
  // year 285,000, which the browser cannot format.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('debrief');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error(String(request.error)));
    });
    const tx = db.transaction('workshops', 'readwrite');
    tx.objectStore('workshops').put({
      id: 'from-the-future',
      title: 'From the future',
      incidentDate: null,
      authors: [],
      status: 'draft',
      severity: 'SEV2',
      summary: '',
      impact: '',
      trigger: '',
      detection: '',
      resolution: '',
      voteBudget: 5,
      createdAt: 9e15,
      updatedAt: 9e15,
      deletedAt: null,
    });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  });
  await page.reload();
  await expect(app.workshopRow('Healthy workshop')).toBeVisible();
  const damaged = app.workshopRow('From the future');
  await expect(damaged.getByRole('alert')).toContainText('stored data is damaged');
  await damaged.getByRole('button', { name: 'Delete From the future permanently' }).click();
  await page
    .getByRole('dialog', { name: 'Delete permanently?' })
    .getByRole('button', { name: 'Delete permanently' })
    .click();
  await expect(app.workshopRow('From the future')).toHaveCount(0);
  await app.openWorkshop('Healthy workshop');
});

test('a file that continues the workshop updates it; an older file comes in as a copy', async ({
  app,
  browser,
}) => {
  await app.createWorkshop('Evolving');
  await app.addNote('Written here');
  const first = await app.exportWorkshop();

  // Someone else imports the export, adds to it and sends it back.
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const colleague = new Debrief(await context.newPage());
  await colleague.openHome();
  await colleague.importFile(first.path);
  await expect(colleague.notice('Imported “Evolving”.')).toBeVisible();
  await colleague.expectWallReady();
  await colleague.addNote('Written by a colleague');
  const continued = await colleague.exportWorkshop();

  await app.goHome();
  await app.importFile(continued.path);
  const dialog = app.page.getByRole('dialog', { name: 'This workshop is already in your library' });
  await expect(dialog).toContainText('The file continues it');
  // A note written in place is one change (note.add with its text).
  await expect(dialog).toContainText('plus 1 change made since');
  await expect(dialog).toContainText('The file is newer');
  await expect(dialog.getByRole('term')).toHaveText(['In your library', 'In the file (newer)']);
  await dialog.getByRole('button', { name: 'Update with the file' }).click();
  await expect(app.notice('Updated “Evolving”.')).toBeVisible();
  await app.expectWallReady();
  await expect(app.noteByText('Written by a colleague')).toBeVisible();
  await expect(app.noteByText('Written here')).toBeVisible();

  // The first export is now behind: it can only come in as a copy (or replace, if insisted).
  await app.goHome();
  await app.importFile(first.path);
  await expect(dialog).toContainText('The file is an older version of it');
  await dialog.getByRole('button', { name: 'Import as a copy' }).click();
  await expect(app.notice('Imported a copy: “Evolving (imported copy)”.')).toBeVisible();
  await app.expectWallReady();
  await expect(app.notes()).toHaveCount(1);
  await app.goHome();
  expect((await app.libraryTitles()).sort()).toEqual(['Evolving', 'Evolving (imported copy)']);
  // Closing the context deletes its downloads, so only now.
  await context.close();
});
