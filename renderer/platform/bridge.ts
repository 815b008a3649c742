/**
 * The one module that talks to the desktop shell. In Electron the preload
 * exposes `window.debrief` (see shared/ipc/contract.ts); in browser mode there
 * is no bridge and the same capabilities fall back to web APIs (download link,
 * file picker). Nothing else in the renderer may touch `window.debrief`.
 */
import { bytesToBase64 } from '../../shared/figures/base64';
import {
  BRIDGE_GLOBAL,
  type DebriefBridge,
  type MenuCommand,
  type SaveFigureFileRequest,
} from '../../shared/ipc/contract';

function desktopBridge(): DebriefBridge | null {
  const candidate = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
  return typeof candidate === 'object' && candidate !== null ? (candidate as DebriefBridge) : null;
}

export type SaveOutcome =
  | {
      status: 'saved';
      /** The name it was saved under (in the browser: the name the download was given). */
      fileName: string;
      /**
       * Where it went: a place the user chose in the save dialog, or, in the browser,
       * wherever the browser puts downloads (the Downloads folder, unless the user changed it).
       */
      to: 'chosen' | 'downloads';
    }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

export type PickedFile =
  | { status: 'picked'; fileName: string; text: string; byteLength: number }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

export async function saveTextFile(suggestedName: string, contents: string): Promise<SaveOutcome> {
  const bridge = desktopBridge();
  if (bridge) {
    const result = await bridge.saveWorkshopFile({ suggestedName, contents });
    return result.status === 'saved'
      ? { status: 'saved', fileName: result.fileName, to: 'chosen' }
      : result;
  }
  return download(suggestedName, new Blob([contents], { type: 'application/json' }));
}

/** Browser mode: a download link, clicked; the file goes wherever the browser puts downloads. */
function download(suggestedName: string, blob: Blob): SaveOutcome {
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = suggestedName;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoke on the next tick: the download has taken its own reference by then.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return { status: 'saved', fileName: suggestedName, to: 'downloads' };
}

/** An exported figure: the SVG's text, or the PNG's bytes. */
export type FigureData =
  | { readonly kind: 'svg'; readonly text: string }
  | { readonly kind: 'png'; readonly bytes: Uint8Array };

/**
 * Saves an exported figure: in the desktop shell through the save dialog (the PNG
 * travels as base64, as the contract wants), in the browser as a download. A refusal
 * by the shell (a payload its schema rejects) comes back as a failed outcome with the
 * shell's message, not as an exception.
 */
export async function saveFigureFile(
  suggestedName: string,
  data: FigureData,
): Promise<SaveOutcome> {
  const bridge = desktopBridge();
  if (bridge) {
    const request: SaveFigureFileRequest =
      data.kind === 'svg'
        ? { suggestedName, format: 'svg', data: data.text }
        : { suggestedName, format: 'png', data: bytesToBase64(data.bytes) };
    try {
      const result = await bridge.saveFigureFile(request);
      return result.status === 'saved'
        ? { status: 'saved', fileName: result.fileName, to: 'chosen' }
        : result;
    } catch (error) {
      return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  }
  const blob =
    data.kind === 'svg'
      ? new Blob([data.text], { type: 'image/svg+xml' })
      : // A copy, so the Blob owns a plain ArrayBuffer whatever backed the caller's view.
        new Blob([data.bytes.slice()], { type: 'image/png' });
  return download(suggestedName, blob);
}

/** Lets the user choose a workshop file and reads it as text. */
export async function pickWorkshopFile(accept: string): Promise<PickedFile> {
  const bridge = desktopBridge();
  if (bridge) {
    const result = await bridge.openWorkshopFile();
    return result.status === 'opened'
      ? {
          status: 'picked',
          fileName: result.fileName,
          text: result.contents,
          byteLength: result.byteLength,
        }
      : result;
  }
  const file = await new Promise<File | null>((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
  if (!file) return { status: 'cancelled' };
  try {
    return {
      status: 'picked',
      fileName: file.name,
      text: await file.text(),
      byteLength: file.size,
    };
  } catch (error) {
    return { status: 'failed', message: `Could not read ${file.name}: ${String(error)}` };
  }
}

export function onMenuCommand(listener: (command: MenuCommand) => void): () => void {
  return desktopBridge()?.onMenuCommand(listener) ?? (() => undefined);
}
