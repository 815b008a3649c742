/**
 * Saves exported figures (the 5-whys tree and the systems diagram, as SVG or
 * PNG) at a path the user already chose in a native dialog. Plain Node, so it
 * is tested without Electron. The request was parsed by the contract's schema
 * before anything here runs (its data is an SVG document or valid base64 of a
 * PNG); this only names, decodes and writes, with the same atomic write and
 * readable failures as workshop files.
 */
import type {
  FigureFormat,
  SaveFigureFileRequest,
  SaveFigureFileResult,
} from '../../shared/ipc/contract.js';
import { safeFileNamePart } from '../../shared/pipeline/fileName.js';
import { writeFileAtomically } from './workshopFiles.js';

export const FIGURE_EXTENSIONS: Record<FigureFormat, string> = { svg: '.svg', png: '.png' };

/** The longest name (before the extension) the save dialog is offered, in UTF-8 bytes. */
const MAX_BASE_NAME_BYTES = 200;

/**
 * The save dialog's default name for a suggested one: `Outage - 5 whys` becomes
 * `Outage - 5 whys.svg`. An extension of either figure format is replaced (a PNG is
 * never offered as `chart.svg.png`), and the rest goes through the same rules as the
 * renderer's file names (shared/pipeline/fileName.ts), so whatever the renderer sent,
 * the dialog never starts from a name the disk would refuse or display misleadingly.
 */
export function withFigureExtension(name: string, format: FigureFormat): string {
  const trimmed = name.trim();
  const lower = trimmed.toLowerCase();
  const known = Object.values(FIGURE_EXTENSIONS).find((ext) => lower.endsWith(ext));
  const base = known === undefined ? trimmed : trimmed.slice(0, -known.length);
  return `${safeFileNamePart(base, MAX_BASE_NAME_BYTES) || 'figure'}${FIGURE_EXTENSIONS[format]}`;
}

/** The bytes to write: the SVG as UTF-8, the PNG decoded from base64. */
export function figureBytes(request: Pick<SaveFigureFileRequest, 'format' | 'data'>): Uint8Array {
  return request.format === 'png'
    ? Buffer.from(request.data, 'base64')
    : Buffer.from(request.data, 'utf8');
}

/** Writes the figure atomically at `filePath`; never throws (failures are `failed` results). */
export function writeFigureFile(
  filePath: string,
  request: Pick<SaveFigureFileRequest, 'format' | 'data'>,
): Promise<SaveFigureFileResult> {
  return writeFileAtomically(filePath, figureBytes(request));
}
