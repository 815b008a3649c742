/**
 * Screenshots of the boards as the room sees them: the realistic wall
 * (test/fixtures/roomWall.ts) with 15 and 60 notes at 1280×720 (a projector)
 * and 1920×1080, fitted, plus presenting mode; a 5 whys typed with the
 * keyboard and the systems diagram's bank template at 1280×720. Look at them after any change
 * to how the wall draws; the README shows the best one.
 *
 *   npm run build && npx tsx test/screenshots/take.ts [--out DIR]
 *
 * Serves dist/renderer with the app's own loopback host, drives Debian's
 * Chromium through the UI like a user (import, open), writes PNGs to DIR
 * (default docs/screenshots).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startLocalHost } from '../../electron/host/localHost';
import { chromiumLaunchOptions } from '../chromium';
import { roomWall } from '../fixtures/roomWall';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = path.resolve(outIndex >= 0 ? (args[outIndex + 1] ?? '') : 'docs/screenshots');

/** Presenting shots only at projector size: that is where the room reads them. */
const SHOTS = [
  { notes: 15, width: 1280, height: 720, presenting: true },
  { notes: 60, width: 1280, height: 720, presenting: true },
  { notes: 15, width: 1920, height: 1080, presenting: false },
  { notes: 60, width: 1920, height: 1080, presenting: false },
] as const;

async function openWall(page: Page, notes: number): Promise<string> {
  const wall = roomWall(notes, { votes: 4 });
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import workshop' }).click();
  await (
    await chooser
  ).setFiles({
    name: wall.fileName,
    mimeType: 'application/json',
    buffer: Buffer.from(wall.contents),
  });
  // Importing opens the workshop.
  await page.getByRole('heading', { name: wall.title, level: 1 }).waitFor();
  await page.locator('[aria-label="Sticky-note wall"][aria-busy="false"]').waitFor();
  await page.waitForTimeout(400);
  return wall.title;
}

/** A three-level 5 whys typed as a facilitator would, and the bank template, at projector size. */
async function canvases(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'New workshop' }).click();
  const dialog = page.getByRole('dialog', { name: 'New workshop' });
  await dialog.getByLabel('Title').fill('Card payments declined');
  await dialog.getByRole('button', { name: 'Create workshop' }).click();
  await page.getByRole('button', { name: '5 whys', exact: true }).click();
  await page.getByRole('button', { name: 'Start with the problem statement' }).first().click();
  const steps: (readonly [string, string])[] = [
    ['', 'Tab'],
    ['The primary database stopped accepting writes', 'Tab'],
    ['The disk filled up with audit logs', 'Enter'],
    ['Failover did not start automatically', 'Escape'],
    ['', 'ArrowLeft'],
    ['', 'Enter'],
    ['The alert went to a retired channel', 'Tab'],
    ['The on-call engineer forgot to update the paging list', 'Escape'],
  ];
  for (const [text, key] of steps) {
    if (text) await page.keyboard.type(text);
    await page.keyboard.press(key);
    await page.waitForTimeout(250);
  }
  await page.keyboard.press('Escape');
  await page.keyboard.press('f');
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(out, 'whys-1280x720.png') });
  await page.getByRole('button', { name: 'Systems', exact: true }).click();
  await page
    .getByRole('button', { name: /bank template/ })
    .first()
    .click();
  await page.waitForTimeout(1200);
  await page.screenshot({ path: path.join(out, 'systems-bank-template-1280x720.png') });
  console.log('canvases: done');
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const host = await startLocalHost({
    root: path.resolve('dist/renderer'),
    host: '127.0.0.1',
    port: 0,
  });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    for (const shot of SHOTS) {
      const context = await browser.newContext({
        viewport: { width: shot.width, height: shot.height },
        baseURL: host.url,
      });
      const page = await context.newPage();
      await openWall(page, shot.notes);
      const name = `wall-${shot.notes}-notes-${shot.width}x${shot.height}`;
      await page.screenshot({ path: path.join(out, `${name}.png`) });
      if (!shot.presenting) {
        console.log(`${name}: done`);
        await context.close();
        continue;
      }
      await page.keyboard.press('p');
      await page.waitForTimeout(600);
      await page.screenshot({ path: path.join(out, `${name}-presenting.png`) });
      await page.keyboard.press(']');
      await page.waitForTimeout(600);
      await page.screenshot({ path: path.join(out, `${name}-presenting-cluster.png`) });
      console.log(`${name}: done`);
      await context.close();
    }
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      baseURL: host.url,
    });
    await canvases(await context.newPage());
    await context.close();
  } finally {
    await browser.close();
    await host.close();
  }
  console.log(`Screenshots in ${out}`);
}

await main();
