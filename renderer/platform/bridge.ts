/**
 * The one module that talks to the desktop shell. In Electron the preload
 * exposes `window.debrief` (see shared/ipc/contract.ts); in browser mode there
 * is no bridge and the same capabilities fall back to web APIs (download link,
 * file picker). Nothing else in the renderer may touch `window.debrief`.
 */
import { BRIDGE_GLOBAL, type DebriefBridge, type MenuCommand } from '../../shared/ipc/contract';

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
  const url = URL.createObjectURL(new Blob([contents], { type: 'application/json' }));
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
