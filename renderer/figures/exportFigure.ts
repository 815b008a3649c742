/**
 * Export of the two analysis canvases (the 5-whys tree and the systems
 * diagram) as SVG or PNG, for slides. The figure is drawn from the open
 * workshop's records by shared/figures (the same code the signed report will
 * use), never captured from the screen, so it does not depend on the zoom,
 * the panels that are open or the theme. PNG is that SVG, rasterised at 2×
 * on a white ground.
 */
import { localDate, safeFileNamePart } from '../../shared/pipeline/fileName';
import { systemsFigure } from '../../shared/figures/systemsFigure';
import { whysFigure } from '../../shared/figures/whysFigure';
import type { WorkshopState } from '../../shared/registry';
import { saveFigureFile, type FigureData } from '../platform/bridge';
import { getAppStore } from '../store/useAppStore';

export type FigureCanvas = 'whys' | 'systems';
export type FigureFileFormat = 'svg' | 'png';

export interface FigureOptions {
  /** Systems diagram only: the incident path heavy, everything else light grey. */
  readonly highlightPath?: boolean;
}

const CANVAS_NAMES: Record<FigureCanvas, string> = {
  whys: '5 whys',
  systems: 'systems diagram',
};

/** How the canvas is named in notices ("Exported the 5 whys …"). */
const CANVAS_IN_SENTENCE: Record<FigureCanvas, string> = {
  whys: 'the 5 whys',
  systems: 'the systems diagram',
};

/**
 * `2026-03-14 Checkout outage - 5 whys.svg`: named like the workshop's own export
 * (incident date, or today while it is unknown; the title made safe for every
 * file system), so a folder of exports sorts by incident.
 */
export function figureFileName(
  workshop: { readonly title: string; readonly incidentDate: string | null },
  canvas: FigureCanvas,
  format: FigureFileFormat,
  options: FigureOptions = {},
  now: number = Date.now(),
): string {
  const date = workshop.incidentDate ?? localDate(now);
  const title = safeFileNamePart(workshop.title) || 'Workshop';
  const path = canvas === 'systems' && options.highlightPath === true ? ' (incident path)' : '';
  return `${date} ${title} - ${CANVAS_NAMES[canvas]}${path}.${format}`;
}

/** Whether the canvas has anything to draw yet. */
export function hasFigureContent(state: WorkshopState, canvas: FigureCanvas): boolean {
  return (canvas === 'whys' ? state.records.whyNodes : state.records.components).size > 0;
}

/** The canvas of `state` as an SVG document (deterministic for the same records). */
export function buildFigure(
  state: WorkshopState,
  canvas: FigureCanvas,
  options: FigureOptions = {},
): string {
  const { records, workshop } = state;
  const title = `${workshop.title} – ${CANVAS_NAMES[canvas]}`;
  if (canvas === 'whys') {
    return whysFigure({
      whyNodes: records.whyNodes.values(),
      factors: records.factors.values(),
      factorLinks: records.factorLinks.values(),
      title,
    });
  }
  return systemsFigure({
    components: records.components.values(),
    interactions: records.interactions.values(),
    zones: records.zones.values(),
    factors: records.factors.values(),
    factorLinks: records.factorLinks.values(),
    title,
    highlightPath: options.highlightPath === true,
  });
}

/**
 * Browsers refuse canvases beyond about 16,384 px a side or 268 million pixels
 * (and draw nothing at all, silently); stay well inside, giving up sharpness on
 * a very large diagram rather than the whole image.
 */
const MAX_CANVAS_SIDE = 16_384;
const MAX_CANVAS_PIXELS = 100_000_000;

export function rasterScale(width: number, height: number, wanted = 2): number {
  const w = Math.max(1, width);
  const h = Math.max(1, height);
  return Math.min(
    wanted,
    MAX_CANVAS_SIDE / w,
    MAX_CANVAS_SIDE / h,
    Math.sqrt(MAX_CANVAS_PIXELS / (w * h)),
  );
}

/** The SVG's own size, from its root element's width and height (our figures always set both). */
function svgSize(svg: string): { width: number; height: number } {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const read = (name: string) => Number(new RegExp(`\\s${name}="([0-9.]+)"`).exec(root)?.[1]);
  const width = read('width');
  const height = read('height');
  if (!(width > 0) || !(height > 0)) throw new Error('the figure has no size');
  return { width, height };
}

/** Draws the SVG on a white canvas at 2× (less for a huge diagram) and encodes it as PNG. */
async function rasterise(svg: string): Promise<Uint8Array> {
  const { width, height } = svgSize(svg);
  const scale = rasterScale(width, height);
  // A blob: URL of our own SVG: same-origin, so the canvas stays readable (not
  // tainted), and allowed by the app's img-src policy.
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the figure could not be drawn as an image'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this window cannot draw images');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => {
      canvas.toBlob(resolve, 'image/png');
    });
    if (!blob) throw new Error('the image is too large to encode');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** An error's message as the end of a sentence (one full stop, whatever the message ended with). */
const describe = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\.+$/, '');

/**
 * Exports a canvas of the open workshop and tells the user where it went (or why it
 * did not). Never throws: every failure becomes an error notice.
 */
export async function exportFigure(
  canvas: FigureCanvas,
  format: FigureFileFormat,
  options: FigureOptions = {},
): Promise<void> {
  const store = getAppStore().getState();
  const open = store.open;
  const what = CANVAS_IN_SENTENCE[canvas];
  const label = format.toUpperCase();
  if (!open) {
    store.notify('error', `Open a workshop to export ${what}.`);
    return;
  }
  if (!hasFigureContent(open.state, canvas)) {
    store.notify('info', `There is nothing on ${what} to export yet.`);
    return;
  }
  let data: FigureData;
  try {
    const svg = buildFigure(open.state, canvas, options);
    data =
      format === 'svg' ? { kind: 'svg', text: svg } : { kind: 'png', bytes: await rasterise(svg) };
  } catch (error) {
    store.notify('error', `Could not export ${what} as ${label}: ${describe(error)}.`);
    return;
  }
  const outcome = await saveFigureFile(
    figureFileName(open.state.workshop, canvas, format, options),
    data,
  );
  if (outcome.status === 'saved') {
    // As for workshop exports: in the browser the file goes wherever downloads go,
    // without a dialog, so say where to look for it.
    store.notify(
      'info',
      outcome.to === 'downloads'
        ? `Saved ${what} to your Downloads folder as “${outcome.fileName}”.`
        : `Exported ${what} to “${outcome.fileName}”.`,
    );
  } else if (outcome.status === 'failed') {
    store.notify('error', `Could not export ${what} as ${label}: ${outcome.message}`);
  }
}
