/**
 * A whole workshop survives a reload and a round trip through a file (export,
 * delete, import back); broken files are refused with a plain message (the
 * technical detail behind a disclosure) and change nothing; a file of a workshop
 * already in the library says which copy is newer and what replacing discards;
 * exports are named after the incident.
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

  await app.setPhase('Vote');
  await app.votesPerPerson().fill('3');
  await app.vote(NOTES.alert);
  await app.vote(NOTES.alert);
  await app.vote(NOTES.pool);
  await expect(app.toolbar().getByText('0 of 3 left')).toBeVisible();

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
  await expect(app.toolbar().getByText('0 of 3 left')).toBeVisible();

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
  // No incident date was set: the export's date, then the title as written.
  expect(file.fileName).toMatch(
    /^\d{4}-\d{2}-\d{2} Checkout 503s during the newsletter spike\.debrief\.json$/,
  );
  await expect(app.notice(`Saved to your Downloads folder as “${file.fileName}”.`)).toBeVisible();
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
  await expect(dialog).toContainText('The copy in your library is newer');
  await expect(dialog).toContainText('Replacing discards 1 change made here since');
  await expect(dialog.getByRole('button', { name: 'Update with the file' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Replace…' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Replacing discards 1 change');
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
  // A version 1 file has no phase: it opens in the write phase, and voting opens on request.
  await app.setPhase('Vote');
  await expect(app.toolbar().getByText('3 of 3 left')).toBeVisible();

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

const TRUNCATED = 'The file ends early; it may be incomplete.';
const TAMPERED =
  'The file’s audit trail does not match its contents (it may have been edited by hand).';

const brokenFiles: {
  name: string;
  /** The plain sentence that says what is wrong. */
  reason: string;
  file: (original: string) => string | Buffer;
}[] = [
  {
    name: 'a truncated export',
    reason: TRUNCATED,
    file: (original) => original.slice(0, Math.floor(original.length / 2)),
  },
  {
    name: 'an export with a tampered audit entry',
    reason: TAMPERED,
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
    reason: TAMPERED,
    file: (original) => {
      const json = JSON.parse(original) as { records: { notes: { text: string }[] } };
      const note = json.records.notes[0];
      if (!note) throw new Error('The export has no notes to edit.');
      note.text = 'Nobody made a mistake';
      return JSON.stringify(json);
    },
  },
  {
    name: 'random junk',
    reason: 'This is not a Debrief workshop file: it is not text',
    file: () => junk(4096),
  },
  {
    name: 'JSON that is not a workshop',
    reason: 'This is not a Debrief workshop file.',
    file: () => '{"hello": "world"}',
  },
  {
    name: 'an export from a newer Debrief',
    reason: 'This file was made by a newer version of Debrief.',
    file: (original) => JSON.stringify({ ...(JSON.parse(original) as object), schemaVersion: 99 }),
  },
  { name: 'an empty file', reason: 'The file is empty', file: () => '' },
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
      await expect(alert.getByText('Technical details')).toBeVisible();
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

test('a truncated file says so in plain words, keeps the details behind a disclosure, and stores nothing', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Payments outage');
  await app.addNote('Retries doubled the load');
  const original = await app.exportWorkshop();
  await app.goHome();
  const before = await app.libraryTitles();

  const cut = original.text.slice(0, Math.floor(original.text.length * 0.7));
  await app.importFile({ name: 'Payments outage.debrief.json', contents: cut });

  const alert = app.alerts();
  await expect(alert).toContainText(
    `Import failed. ${TRUNCATED} Export it again from the original computer. Nothing was changed.`,
  );
  // The checker's words are there for whoever investigates, but not in the way.
  const details = alert.getByRole('group');
  const technical = alert.getByText(/stops after [\d,]+ characters/);
  await expect(technical).toBeHidden();
  await expect(alert).not.toContainText('JSON.parse', { useInnerText: true });
  await details.getByText('Technical details').click();
  await expect(technical).toBeVisible();
  await expect(technical).toContainText('JSON.parse:');

  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await app.libraryTitles()).toEqual(before);
  await app.openWorkshop('Payments outage');
  await expect(app.notes()).toHaveCount(1);
});

test('importing an older export names the newer copy and what replacing discards, and imports a copy', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Search latency');
  await app.addNote('Index rebuilt at peak');
  const exported = await app.exportWorkshop();
  await app.addNote('Cache warmed too late');
  await app.addNote('No load test for the new index');
  await app.expectSaved();
  await app.goHome();

  await app.importFile(exported.path);
  const dialog = page.getByRole('dialog', { name: 'This workshop is already in your library' });
  await expect(dialog).toContainText('The copy in your library is newer');
  await expect(dialog.getByRole('term')).toHaveText(['In your library (newer)', 'In the file']);
  // The two notes added after the export are what replacing would throw away.
  await expect(dialog).toContainText(
    /Replacing discards \d+ changes made here since .+ that the file does not have\./,
  );
  await expect(dialog).toContainText('Import as a copy keeps both');
  await dialog.getByRole('button', { name: 'Import as a copy' }).click();

  await expect(app.notice('Imported a copy: “Search latency (imported copy)”.')).toBeVisible();
  await app.expectWallReady();
  await expect(app.notes()).toHaveCount(1);
  await app.goHome();
  expect((await app.libraryTitles()).sort()).toEqual([
    'Search latency',
    'Search latency (imported copy)',
  ]);
  await app.openWorkshop('Search latency');
  await expect(app.notes()).toHaveCount(3);
});

test('the export is named after the incident date and title; the browser saves it to Downloads', async ({
  app,
}) => {
  await app.createWorkshop('Card payments: outage / EU');
  const form = await app.showDetails();
  await form.getByLabel('Incident date').fill('2026-11-03');
  await app.showWall();
  await app.expectSaved();

  const file = await app.exportWorkshop();
  // The title as written, with what Windows forbids in a file name left out.
  expect(file.fileName).toBe('2026-11-03 Card payments outage EU.debrief.json');
  expect(file.json.workshop.title).toBe('Card payments: outage / EU');
  await expect(
    app.notice(
      'Saved to your Downloads folder as “2026-11-03 Card payments outage EU.debrief.json”.',
    ),
  ).toBeVisible();
});
