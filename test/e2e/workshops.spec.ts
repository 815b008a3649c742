/**
 * The home screen and the workshop header: creating, the incident details
 * form, trash and restore, duplicating.
 */
import { expect, expectInside, test } from './support/debrief';

test('creates a workshop and lists it in the library', async ({ app, page }) => {
  await app.openHome();
  await expect(page.getByText('No workshops yet.')).toBeVisible();

  await app.createWorkshop('Card payments declined, 14 March');
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  await expect(app.notes()).toHaveCount(0);
  await expect(app.wall(), 'an empty wall is ready to use, not busy').toHaveAttribute(
    'aria-busy',
    'false',
  );

  await app.goHome();
  const row = app.workshopRow('Card payments declined, 14 March');
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell', { name: 'SEV3' })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Draft' })).toBeVisible();

  await page.reload();
  await expect(app.workshopRow('Card payments declined, 14 March')).toBeVisible();
  await app.openWorkshop('Card payments declined, 14 March');
});

test('the new-workshop form refuses an empty title', async ({ app, page }) => {
  await app.openHome();
  await page.getByRole('button', { name: 'New workshop' }).click();
  const dialog = page.getByRole('dialog', { name: 'New workshop' });
  await dialog.getByRole('button', { name: 'Create workshop' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(dialog.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.libraryRows()).toHaveCount(0);
});

test('incident details save when a field loses focus and survive a reload', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Checkout 503s');
  let form = await app.showDetails();

  await form
    .getByLabel('Summary')
    .fill('For 52 minutes about 30% of checkouts failed with HTTP 503.');
  await form.getByLabel('Summary').press('Tab');
  await app.expectSaved();
  await form.getByLabel('Impact').fill('About 4,100 orders lost.');
  await form.getByLabel('Authors').fill('Dana Okafor, Eli Marsh');
  await form.getByLabel('Authors').blur();
  await form.getByLabel('Incident date').fill('2026-03-12');
  await form.getByLabel('Severity').selectOption('SEV2');
  await form.getByLabel('Status').selectOption({ label: 'In review' });
  await form.getByLabel('Title').fill('Checkout 503s during the newsletter spike');
  await form.getByLabel('Title').press('Tab');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Checkout 503s during the newsletter spike',
  );

  await app.reload({ wall: false });
  form = await app.showDetails();
  await expect(form.getByLabel('Title')).toHaveValue('Checkout 503s during the newsletter spike');
  await expect(form.getByLabel('Summary')).toHaveValue(
    'For 52 minutes about 30% of checkouts failed with HTTP 503.',
  );
  await expect(form.getByLabel('Impact')).toHaveValue('About 4,100 orders lost.');
  await expect(form.getByLabel('Authors')).toHaveValue('Dana Okafor, Eli Marsh');
  await expect(form.getByLabel('Incident date')).toHaveValue('2026-03-12');
  await expect(form.getByLabel('Severity')).toHaveValue('SEV2');
  await expect(form.getByLabel('Status')).toHaveValue('in_review');

  await app.goHome();
  const row = app.workshopRow('Checkout 503s during the newsletter spike');
  await expect(row.getByRole('cell', { name: 'SEV2' })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'In review' })).toBeVisible();
});

test('moves a workshop to the trash and back: Undo in the notice, then Restore', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Payments outage');
  await app.addNote('Gateway timeouts');
  await app.goHome();
  await app.createWorkshop('DNS expiry');
  await app.goHome();
  await expect(app.libraryRows()).toHaveCount(2);

  await app.trashWorkshop('Payments outage');
  const notice = app.notice('“Payments outage” moved to the trash.');
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(app.workshopRow('Payments outage')).toBeVisible();
  await expect(app.trash()).toHaveCount(0);

  await app.trashWorkshop('Payments outage');
  // The home screen says when the trash is stored; reloading before that would test nothing.
  await app.expectSaved();
  await page.reload();
  await expect(app.trash().getByText('Payments outage', { exact: true })).toBeVisible();
  await expect(app.workshopRow('Payments outage')).toHaveCount(0);
  await app.trash().getByRole('button', { name: 'Restore Payments outage' }).click();
  await expect(app.workshopRow('Payments outage')).toBeVisible();
  await expect(app.trash()).toHaveCount(0);
  await expect(app.libraryRows()).toHaveCount(2);

  await app.openWorkshop('Payments outage');
  await expect(app.noteByText('Gateway timeouts')).toBeVisible();
});

test('duplicates a workshop with its notes and clusters; the copy is independent', async ({
  app,
}) => {
  await app.createWorkshop('Original');
  await app.addNote('Alert fired late');
  await app.addNote('Dashboard hid errors');
  await app.selectNotes(['Alert fired late', 'Dashboard hid errors']);
  await app.clusterSelected();
  await app.renameCluster('Unnamed cluster', 'Detection');
  await app.selectNote('Alert fired late');
  await app.colourSelected('pink');
  await app.goHome();

  await app.page.getByRole('button', { name: 'Duplicate Original', exact: true }).click();
  await expect(app.workshopRow('Original (copy)')).toBeVisible();
  await expect(app.workshopRow('Original')).toBeVisible();

  await app.openWorkshop('Original (copy)');
  await expect(app.notes()).toHaveCount(2);
  await expectInside(app.noteByText('Alert fired late'), app.clusterByName('Detection'));
  await expectInside(app.noteByText('Dashboard hid errors'), app.clusterByName('Detection'));
  await app.expectNoteColour('Alert fired late', 'pink');
  await app.addNote('Only in the copy');
  await app.expectSaved();
  await app.goHome();

  await app.openWorkshop('Original');
  await expect(app.noteByText('Alert fired late')).toBeVisible();
  await expect(app.notes()).toHaveCount(2);
  await expect(app.noteByText('Only in the copy')).toHaveCount(0);
});
