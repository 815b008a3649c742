/**
 * A whole workshop survives a reload and a round trip through a file (export,
 * delete, import back); broken files are refused with a clear message and
 * change nothing.
 */
import { fileURLToPath } from 'node:url';
import type { Debrief } from './support/debrief';
import { expect, expectInside, expectOutside, test } from './support/debrief';

const FIXTURE_V1 = fileURLToPath(new URL('../fixtures/workshop-v1.debrief.json', import.meta.url));

const TITLE = 'Checkout 503s during the newsletter spike';
// In the order they are added: new notes go to the first free spot around the
// centre of the view, so the first and third end up one above the other.
const NOTES = {
  alert: 'Error-rate alert fired 40 minutes late',
  rollback: 'Rollback took 3 minutes',
  dashboards: 'Dashboards sample only successful requests',
  pool: 'DB pool fixed at 10 since 2021',
} as const;

/** Builds a workshop with every kind of content, through the UI. */
async function buildSampleWorkshop(app: Debrief): Promise<void> {
  await app.createWorkshop(TITLE);
  for (const text of Object.values(NOTES)) await app.addNote(text);

  await app.selectNotes([NOTES.alert, NOTES.dashboards]);
  await app.colourSelected('pink');
  await app.clusterSelected();
  await app.renameCluster('Unnamed cluster', 'Detection gaps');
  await app.selectNote(NOTES.rollback);
  await app.colourSelected('green');

  await app.votesPerPerson().fill('3');
  await app.vote(NOTES.alert);
  await app.vote(NOTES.alert);
  await app.vote(NOTES.pool);
  await expect(app.toolbar().getByText('0 of 3 votes left')).toBeVisible();

  const form = await app.showDetails();
  await form.getByLabel('Severity').selectOption('SEV2');
  await form.getByLabel('Summary').fill('For 52 minutes about 30% of checkouts failed.');
  await form.getByLabel('Authors').fill('Dana Okafor, Eli Marsh');
  await form.getByLabel('Authors').press('Tab');
  await app.showWall();
  await app.expectSaved();
}

/** Checks everything buildSampleWorkshop made, as the user sees it. */
async function expectSampleWorkshop(app: Debrief): Promise<void> {
  await expect(app.page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(app.notes()).toHaveCount(4);
  for (const text of Object.values(NOTES)) await expect(app.noteByText(text)).toBeVisible();

  await app.expectNoteColour(NOTES.alert, 'pink');
  await app.expectNoteColour(NOTES.dashboards, 'pink');
  await app.expectNoteColour(NOTES.pool, 'yellow');
  await app.expectNoteColour(NOTES.rollback, 'green');

  await expect(app.clusters()).toHaveCount(1);
  const cluster = app.clusterByName('Detection gaps');
  await expectInside(app.noteByText(NOTES.alert), cluster);
  await expectInside(app.noteByText(NOTES.dashboards), cluster);
  await expectOutside(app.noteByText(NOTES.pool), cluster);
  await expectOutside(app.noteByText(NOTES.rollback), cluster);

  await expect(app.votesOn(NOTES.alert, 2)).toBeVisible();
  await expect(app.votesOn(NOTES.pool, 1)).toBeVisible();
  await expect(app.votesOn(NOTES.rollback, 0)).toBeVisible();
  await expect(app.toolbar().getByText('0 of 3 votes left')).toBeVisible();

  const form = await app.showDetails();
  await expect(form.getByLabel('Severity')).toHaveValue('SEV2');
  await expect(form.getByLabel('Summary')).toHaveValue(
    'For 52 minutes about 30% of checkouts failed.',
  );
  await expect(form.getByLabel('Authors')).toHaveValue('Dana Okafor, Eli Marsh');
  await app.showWall();
}

test('a reload finds notes, colours, clusters, votes and incident details as they were', async ({
  app,
}) => {
  await buildSampleWorkshop(app);
  await app.reload();
  await expectSampleWorkshop(app);
});

test('export, delete, import back: the workshop comes back whole', async ({ app, page }) => {
  await buildSampleWorkshop(app);
  const file = await app.exportWorkshop();
  expect(file.fileName).toMatch(
    /^checkout-503s-during-the-newsletter-spike-\d{4}-\d{2}-\d{2}\.debrief\.json$/,
  );
  expect(file.json.format).toBe('debrief-workshop');
  expect(file.json.schemaVersion).toBe(2);
  expect(file.json.records.notes).toHaveLength(4);
  expect(file.json.audit.length).toBeGreaterThan(10);

  await app.goHome();
  await app.trashWorkshop(TITLE);

  // It is still in the trash, and its history has moved on since the export (it was
  // trashed), so the file is an older version: replacing it must be asked for twice.
  await app.importFile(file.path);
  const dialog = page.getByRole('dialog', { name: 'This workshop is already in your library' });
  await expect(dialog).toContainText('(in the trash)');
  await expect(dialog).toContainText('The file is an older version of it');
  await expect(dialog.getByRole('button', { name: 'Update with the file' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Replace…' }).click();
  await expect(dialog.getByRole('alert')).toContainText('cannot be undone');
  await dialog.getByRole('button', { name: 'Discard my history and replace' }).click();

  await expect(app.notice(`Replaced with the file: “${TITLE}”.`)).toBeVisible();
  await app.expectWallReady();
  await expectSampleWorkshop(app);

  await app.goHome();
  await expect(app.workshopRow(TITLE)).toBeVisible();
  await expect(app.trash()).toHaveCount(0);
});

test('imports a version 1 file; after deleting it permanently it imports without asking', async ({
  app,
  page,
}) => {
  await app.openHome();
  await app.importFile(FIXTURE_V1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await app.expectWallReady();
  await expect(app.notes()).toHaveCount(7);
  await expect(app.clusterByName('Detection gaps')).toBeVisible();
  await expect(app.clusterByName('Capacity')).toBeVisible();
  await expectInside(
    app.noteByText('DB connection pool fixed at 10 since 2021'),
    app.clusterByName('Capacity'),
  );
  await app.expectNoteColour('Rollback took 3 minutes thanks to the deploy pipeline', 'green');
  await expect(app.toolbar().getByText('3 of 3 votes left')).toBeVisible();

  await app.goHome();
  await app.trashWorkshop(TITLE);
  await app.purgeWorkshop(TITLE);
  await expect(app.libraryRows()).toHaveCount(0);

  await app.importFile(FIXTURE_V1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await app.expectWallReady();
  await expect(app.notes()).toHaveCount(7);
});

/** Deterministic junk: bytes from a small linear congruential generator. */
function junk(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let seed = 20260314;
  for (let i = 0; i < length; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = seed % 256;
  }
  return bytes;
}

const brokenFiles: {
  name: string;
  /** The part of the message that says what is wrong. */
  reason: string;
  file: (original: string) => string | Buffer;
}[] = [
  {
    name: 'a truncated export',
    reason: 'The file is not valid JSON',
    file: (original) => original.slice(0, Math.floor(original.length / 2)),
  },
  {
    name: 'an export with a tampered audit entry',
    reason: 'The audit trail does not verify',
    file: (original) => {
      const json = JSON.parse(original) as { audit: { operation: { actorId: string } }[] };
      const entry = json.audit[1];
      if (!entry) throw new Error('The export has too few audit entries to tamper with.');
      entry.operation.actorId = 'someone-else';
      return JSON.stringify(json);
    },
  },
  {
    name: 'an export whose notes were edited',
    reason: 'do not match its audit trail',
    file: (original) => {
      const json = JSON.parse(original) as { records: { notes: { text: string }[] } };
      const note = json.records.notes[0];
      if (!note) throw new Error('The export has no notes to edit.');
      note.text = 'Nobody made a mistake';
      return JSON.stringify(json);
    },
  },
  { name: 'random junk', reason: 'The file is not valid JSON', file: () => junk(4096) },
  {
    name: 'JSON that is not a workshop',
    reason: 'This is not a Debrief workshop file',
    file: () => '{"hello": "world"}',
  },
];

test('importing a broken file fails clearly and changes nothing', async ({ app, page }) => {
  await app.createWorkshop('Keep me');
  await app.addNote('Still here');
  const original = await app.exportWorkshop();
  await app.goHome();
  const before = await app.libraryTitles();

  for (const broken of brokenFiles) {
    await test.step(broken.name, async () => {
      await app.importFile({ name: 'broken.debrief.json', contents: broken.file(original.text) });
      const alert = app.alerts();
      await expect(alert).toContainText('Import failed');
      await expect(alert).toContainText(broken.reason);
      await expect(alert).toContainText('Nothing was changed.');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await expect(page.getByRole('heading', { name: 'Workshops', level: 2 })).toBeVisible();
      expect(await app.libraryTitles()).toEqual(before);
      await alert.getByRole('button', { name: 'Dismiss message' }).click();
      await expect(alert).toHaveCount(0);
    });
  }

  await app.openWorkshop('Keep me');
  await expect(app.noteByText('Still here')).toBeVisible();
  await expect(app.notes()).toHaveCount(1);
});
