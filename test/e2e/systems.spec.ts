/**
 * The systems-interaction diagram, driven like a facilitator would: add
 * components from the palette, connect them by dragging between their
 * connection points, describe a failure mode in the inspector, mark the
 * incident path and highlight it, start from the bank template, reload, undo
 * and redo, and do it without a mouse.
 *
 * CSS exceptions (React Flow and the paint offer no accessible handle):
 *  - `settle` reads the viewport's transform to wait for fit animations;
 *  - the highlight check reads the painted opacity of the dimmed items.
 * Everything is found by role, accessible name and label.
 */
import type { Locator, Page } from '@playwright/test';
import { boxOf, expect, PICKUP, test, type Box, type Debrief } from './support/debrief';

test.use({ viewport: { width: 1280, height: 720 } });

const COMPONENT_NAME =
  /^(Service|Datastore|Queue|External dependency|Team or role|Process or control|Configuration setting|Monitoring \/ alerting): /;

function diagram(page: Page): Locator {
  return page.getByRole('region', { name: 'Systems diagram' });
}

function toolbar(page: Page): Locator {
  return page.getByRole('toolbar', { name: 'Systems diagram tools' });
}

/** A component by its accessible name's start ("Service: API gateway"). */
function componentNamed(page: Page, start: string): Locator {
  const escaped = start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return diagram(page).getByRole('group', { name: new RegExp(`^${escaped}(,|$)`) });
}

function inspector(page: Page, heading: 'Component' | 'Interaction'): Locator {
  return page.getByRole('complementary', { name: heading });
}

/** Waits until the viewport has stopped moving (fit and centring animate). */
async function settle(page: Page): Promise<void> {
  const transform = () =>
    page.evaluate(
      () => document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '',
    );
  let last = '';
  for (let i = 0; i < 40; i += 1) {
    await page.waitForTimeout(80);
    const now = await transform();
    if (now === last) return;
    last = now;
  }
}

async function openSystems(app: Debrief): Promise<void> {
  await app.page.getByRole('button', { name: 'Systems', exact: true }).click();
  await expect(diagram(app.page)).toHaveAttribute('aria-busy', 'false');
}

async function reloadSystems(app: Debrief): Promise<void> {
  await app.reload({ wall: false });
  // The board is part of the route: the reload comes back to the diagram.
  await expect(diagram(app.page)).toHaveAttribute('aria-busy', 'false');
  await settle(app.page);
}

/** "Add service" (or another kind), type the name, Enter. */
async function addComponent(page: Page, kind: string, name: string): Promise<Locator> {
  await toolbar(page)
    .getByRole('button', { name: `Add ${kind}`, exact: true })
    .click();
  const editor = diagram(page).getByRole('textbox', { name: /name$/ });
  await expect(editor).toBeFocused();
  await editor.fill(name);
  await editor.press('Enter');
  await expect(editor).toHaveCount(0);
  const added = componentNamed(page, `${kind.charAt(0).toUpperCase()}${kind.slice(1)}: ${name}`);
  await expect(added).toBeVisible();
  return added;
}

const center = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Presses on `from`, moves in steps like a hand to `to`, releases. */
async function dragBetween(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = center(await from.boundingBox().then((b) => b ?? { x: 0, y: 0, width: 0, height: 0 }));
  const b = center(await to.boundingBox().then((x) => x ?? { x: 0, y: 0, width: 0, height: 0 }));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + PICKUP, a.y + PICKUP);
  await page.mouse.move(b.x, b.y, { steps: 12 });
  await page.mouse.up();
}

/** The connection points of two cards that face each other (the right of one, the left of the other…). */
async function facingHandles(
  page: Page,
  source: { locator: Locator; name: string },
  target: { locator: Locator; name: string },
): Promise<[Locator, Locator]> {
  const a = center(await boxOf(source.locator));
  const b = center(await boxOf(target.locator));
  const horizontal = Math.abs(b.x - a.x) >= Math.abs(b.y - a.y);
  const [from, to] = horizontal
    ? b.x > a.x
      ? ['right', 'left']
      : ['left', 'right']
    : b.y > a.y
      ? ['bottom', 'top']
      : ['top', 'bottom'];
  return [
    source.locator.getByLabel(`Connect ${source.name} (${from})`),
    target.locator.getByLabel(`Connect ${target.name} (${to})`),
  ];
}

test('build a small diagram: add, connect, annotate, mark the path, highlight, reload, undo', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Payments outage');
  await openSystems(app);
  await expect(page.getByText('No systems yet.')).toBeVisible();

  const mobile = await addComponent(page, 'service', 'Mobile app');
  const gateway = await addComponent(page, 'service', 'API gateway');
  // The second one went beside the first, not on top of it.
  const [mb, gb] = [await boxOf(mobile), await boxOf(gateway)];
  const overlap =
    mb.x < gb.x + gb.width &&
    gb.x < mb.x + mb.width &&
    mb.y < gb.y + gb.height &&
    gb.y < mb.y + mb.height;
  expect(overlap).toBe(false);

  // Connect by dragging from a connection point of one card to one of the other.
  const [from, to] = await facingHandles(
    page,
    { locator: mobile, name: 'Mobile app' },
    { locator: gateway, name: 'API gateway' },
  );
  await mobile.hover();
  await dragBetween(page, from, to);
  const call = diagram(page).getByRole('group', {
    name: 'Request / call from Mobile app to API gateway',
  });
  await expect(call).toHaveCount(1);
  // The new interaction is selected: its inspector is open to set its kind and label.
  const lineInspector = inspector(page, 'Interaction');
  await expect(lineInspector).toBeVisible();
  await lineInspector.getByLabel('Label').fill('API calls');
  await lineInspector.getByLabel('Label').press('Enter');
  const labelled = diagram(page).getByRole('group', {
    name: 'Request / call from Mobile app to API gateway: API calls',
  });
  await expect(labelled).toHaveCount(1);

  // Annotate a failure mode on the gateway, and put both on the incident path.
  await gateway.getByText('API gateway', { exact: true }).click();
  const panel = inspector(page, 'Component');
  await expect(panel.getByLabel('Name')).toHaveValue('API gateway');
  await panel.getByLabel('Failure mode').fill('Thread pool exhausted by retries');
  await panel.getByLabel('Failure mode').press('Enter');
  await expect(
    gateway.getByRole('img', { name: 'Failure mode: Thread pool exhausted by retries' }),
  ).toBeVisible();
  await panel.getByRole('checkbox', { name: 'Circuit breaker' }).check();
  await expect(gateway.getByRole('img', { name: 'Guardrail: Circuit breaker' })).toBeVisible();
  await panel.getByRole('checkbox', { name: 'On the incident path' }).check();
  await expect(componentNamed(page, 'Service: API gateway, on the incident path')).toBeVisible();

  await mobile.getByText('Mobile app', { exact: true }).click();
  await inspector(page, 'Component')
    .getByRole('checkbox', { name: 'On the incident path' })
    .check();
  await expect(componentNamed(page, 'Service: Mobile app, on the incident path')).toBeVisible();

  // Highlight: the path stays, everything else is dimmed (the line is not on the path yet).
  await toolbar(page).getByRole('button', { name: 'Highlight incident path' }).click();
  await expect(
    toolbar(page).getByRole('button', { name: 'Highlight incident path' }),
  ).toHaveAttribute('aria-pressed', 'true');
  await expect(
    page.getByRole('status').filter({ hasText: 'Incident path highlighted' }),
  ).toBeVisible();
  // Painted opacity (CSS exception): the line off the path is faint, the cards on it are not.
  await expect(labelled).toHaveCSS('opacity', '0.25');
  const gatewayCard = componentNamed(page, 'Service: API gateway');
  await expect(gatewayCard).toHaveCSS('opacity', '1');
  await toolbar(page).getByRole('button', { name: 'Highlight incident path' }).click();
  await expect(labelled).toHaveCSS('opacity', '1');

  // Undo and redo from the keyboard: the last step was Mobile app joining the path.
  await page.keyboard.press('Escape');
  await diagram(page).focus();
  await page.keyboard.press('Control+z');
  await expect(componentNamed(page, 'Service: Mobile app')).not.toHaveAccessibleName(
    /on the incident path/,
  );
  await page.keyboard.press('Control+y');
  await expect(componentNamed(page, 'Service: Mobile app, on the incident path')).toBeVisible();

  // Delete with the key, undo from the notice: the gateway and its line come back.
  await gateway.getByText('API gateway', { exact: true }).click();
  await page.keyboard.press('Delete');
  await expect(componentNamed(page, 'Service: API gateway')).toHaveCount(0);
  await expect(labelled).toHaveCount(0);
  const notice = app.notice('Deleted 1 component.');
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(componentNamed(page, 'Service: API gateway, on the incident path')).toBeVisible();
  await expect(labelled).toHaveCount(1);

  // Everything is still there after a reload.
  await reloadSystems(app);
  await expect(componentNamed(page, 'Service: Mobile app, on the incident path')).toBeVisible();
  await expect(componentNamed(page, 'Service: API gateway, on the incident path')).toBeVisible();
  await expect(labelled).toHaveCount(1);
  await expect(
    componentNamed(page, 'Service: API gateway').getByRole('img', {
      name: 'Failure mode: Thread pool exhausted by retries',
    }),
  ).toBeVisible();
  await expect(
    componentNamed(page, 'Service: API gateway').getByRole('img', {
      name: 'Guardrail: Circuit breaker',
    }),
  ).toBeVisible();
});

test('start from the bank template, find it after a reload, and undo it in one step', async ({
  app,
  page,
}) => {
  await app.createWorkshop('Card authorisation outage');
  await openSystems(app);
  await toolbar(page).getByRole('button', { name: 'Start from bank template' }).click();
  await settle(page);

  const components = diagram(page).getByRole('group', { name: COMPONENT_NAME });
  const zones = diagram(page).getByRole('group', { name: /^Zone: / });
  await expect(components).toHaveCount(19);
  await expect(zones).toHaveCount(7);
  await expect(componentNamed(page, 'Service: API gateway, in Edge')).toBeVisible();
  await expect(
    diagram(page).getByRole('group', {
      name: 'Request / call from Mobile app to API gateway: API calls',
    }),
  ).toHaveCount(1);
  // On a diagram that is not empty, the template is offered beside it instead.
  await expect(toolbar(page).getByRole('button', { name: 'Add bank template' })).toBeVisible();

  // Fitted on a 1280×720 projector, every component is on screen and its name legible.
  const board = await boxOf(diagram(page));
  for (const card of await components.all()) {
    const box = await boxOf(card);
    expect(box.x).toBeGreaterThanOrEqual(board.x - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(board.x + board.width + 1);
    expect(box.y + box.height).toBeLessThanOrEqual(board.y + board.height + 1);
    // Cards are 200 diagram units wide with 24-unit names: 14 px names need a zoom of 0.58.
    expect(box.width / 200).toBeGreaterThanOrEqual(0.575);
  }

  // Undo history lives in this window: undo and redo before reloading.
  // One undo takes the whole template away; redo brings it back.
  await toolbar(page).getByRole('button', { name: 'Undo' }).click();
  await expect(components).toHaveCount(0);
  await expect(zones).toHaveCount(0);
  await toolbar(page).getByRole('button', { name: 'Redo' }).click();
  await expect(components).toHaveCount(19);

  // Auto-layout is one step too: it rearranges the template, and one undo puts it back.
  const mobile = componentNamed(page, 'Service: Mobile app');
  const ledger = componentNamed(page, 'Datastore: Ledger');
  const offset = async () => {
    const a = await boxOf(mobile);
    const b = await boxOf(ledger);
    const zoom = a.width / 200;
    return { dx: Math.round((b.x - a.x) / zoom), dy: Math.round((b.y - a.y) / zoom) };
  };
  await settle(page);
  const placed = await offset();
  await toolbar(page).getByRole('button', { name: 'Auto-layout' }).click();
  await settle(page);
  await expect(components).toHaveCount(19);
  expect(await offset()).not.toEqual(placed);
  await toolbar(page).getByRole('button', { name: 'Undo' }).click();
  await expect.poll(offset).toEqual(placed);

  await reloadSystems(app);
  await expect(components).toHaveCount(19);
  await expect(zones).toHaveCount(7);
  await expect(componentNamed(page, 'Datastore: Ledger, in Core banking')).toBeVisible();
});

test('keyboard only: name, Tab, F2 rename, arrows nudge, Delete, Ctrl+Z', async ({ app, page }) => {
  await app.createWorkshop('Keyboard systems');
  await openSystems(app);
  const { keyboard } = page;

  await toolbar(page).getByRole('button', { name: 'Add datastore' }).press('Enter');
  const editor = diagram(page).getByRole('textbox', { name: 'Datastore name' });
  await expect(editor).toBeFocused();
  // Esc cancels: a new component left unnamed never reaches the diagram.
  await keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(diagram(page).getByRole('group', { name: COMPONENT_NAME })).toHaveCount(0);

  await addComponent(page, 'datastore', 'Ledger');
  const ledger = componentNamed(page, 'Datastore: Ledger');
  // Named with Enter: the card has focus, so its keys work at once. F2 renames.
  await expect(ledger).toBeFocused();
  await keyboard.press('F2');
  const rename = diagram(page).getByRole('textbox', { name: 'Datastore name' });
  await expect(rename).toBeFocused();
  await rename.fill('General ledger');
  await keyboard.press('Enter');
  const renamed = componentNamed(page, 'Datastore: General ledger');
  await expect(renamed).toBeFocused();

  await addComponent(page, 'queue', 'Payment queue');
  const queue = componentNamed(page, 'Queue: Payment queue');

  // Tab reaches the components, in reading order.
  await diagram(page).focus();
  await app.tabTo(renamed);
  await keyboard.press('Space');
  await expect(inspector(page, 'Component').getByLabel('Name')).toHaveValue('General ledger');
  const before = await boxOf(renamed);
  const reference = await boxOf(queue);
  // Each press is one move: 5 units, 20 with Shift.
  await keyboard.press('ArrowRight');
  await keyboard.press('Shift+ArrowDown');
  const zoom = before.width / 200;
  await expect
    .poll(async () => {
      const now = await boxOf(renamed);
      const ref = await boxOf(queue);
      return {
        dx: Math.round((now.x - ref.x - (before.x - reference.x)) / zoom),
        dy: Math.round((now.y - ref.y - (before.y - reference.y)) / zoom),
      };
    })
    .toEqual({ dx: 5, dy: 20 });
  // A nudged component is pinned: auto-layout leaves it where it is.
  await expect(
    inspector(page, 'Component').getByRole('checkbox', { name: 'Pinned' }),
  ).toBeChecked();

  await keyboard.press('Delete');
  await expect(renamed).toHaveCount(0);
  await expect(app.notice('Deleted 1 component.')).toBeVisible();
  await keyboard.press('Control+z');
  await expect(renamed).toBeVisible();
  await keyboard.press('Escape');
  await expect(inspector(page, 'Component')).toHaveCount(0);
});
