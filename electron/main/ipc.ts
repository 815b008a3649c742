/**
 * The main-process side of shared/ipc/contract.ts: one handler per channel.
 * Every handler first refuses callers that are not pages of app://debrief,
 * then parses its payload with the contract's schema, and only then runs.
 * Never register a channel without `handle`, never add a generic
 * "invoke anything" channel, and never use a payload field the schema did not check.
 */
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  type FileFilter,
  type IpcMain,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import { z } from 'zod';
import {
  CHANNELS,
  SaveFigureFileRequestSchema,
  SaveWorkshopFileRequestSchema,
  type AppInfo,
  type FigureFormat,
  type OpenWorkshopFileResult,
  type SaveFigureFileRequest,
  type SaveFigureFileResult,
  type SaveWorkshopFileRequest,
  type SaveWorkshopFileResult,
} from '../../shared/ipc/contract.js';
import { isTrustedSenderUrl } from '../security/appOrigin.js';
import { withFigureExtension, writeFigureFile } from '../services/figureFiles.js';
import {
  readWorkshopFile,
  withWorkshopExtension,
  writeWorkshopFile,
} from '../services/workshopFiles.js';

/** Channels the renderer invokes; menuCommand flows the other way. */
export type InvokeChannel = Exclude<
  (typeof CHANNELS)[keyof typeof CHANNELS],
  typeof CHANNELS.menuCommand
>;

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Channels without arguments still get a schema, so stray arguments are refused too. */
export const NO_PAYLOAD = z.undefined();

export const isTrustedSender: SenderCheck = (event) => {
  try {
    return isTrustedSenderUrl(event.senderFrame?.url);
  } catch {
    // Reading a frame that navigated away or was destroyed throws: not trusted.
    return false;
  }
};

export function handle<Schema extends z.ZodType, Result>(
  ipcMain: Pick<IpcMain, 'handle'>,
  channel: InvokeChannel,
  schema: Schema,
  fn: (payload: z.output<Schema>, event: IpcMainInvokeEvent) => Result | Promise<Result>,
  isTrusted: SenderCheck = isTrustedSender,
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    if (!isTrusted(event)) {
      throw new Error(`IPC "${channel}" refused: the sender is not a Debrief page.`);
    }
    if (args.length > 1) {
      throw new Error(
        `IPC "${channel}" refused: expected at most one argument, got ${args.length}.`,
      );
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      throw new Error(
        `IPC "${channel}" refused an invalid payload: ${z.prettifyError(parsed.error)}`,
      );
    }
    return fn(parsed.data, event);
  });
}

const WORKSHOP_SAVE_FILTER: FileFilter = { name: 'Debrief workshop', extensions: ['debrief.json'] };
// Opening also offers plain .json, for files renamed by a mail client or a
// file system that kept only the last extension.
const WORKSHOP_OPEN_FILTERS: FileFilter[] = [
  { name: 'Debrief workshop', extensions: ['debrief.json', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

function documentsFolder(): string | undefined {
  try {
    return app.getPath('documents');
  } catch {
    return undefined;
  }
}

function describeDialogError(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `The file dialog could not be shown: ${detail}`;
}

export function appInfo(): AppInfo {
  return { version: app.getVersion(), platform: process.platform, shell: 'desktop' };
}

/**
 * Shows the save dialog (attached to the sender's window when there is one) with
 * `fileName` in the documents folder as the default. Returns the chosen path, or the
 * result to hand back when there is none (cancelled, or the dialog failed).
 */
async function chooseSavePath(
  event: IpcMainInvokeEvent,
  fileName: string,
  options: Omit<SaveDialogOptions, 'defaultPath' | 'properties'>,
): Promise<{ readonly filePath: string } | SaveWorkshopFileResult> {
  const folder = documentsFolder();
  const full: SaveDialogOptions = {
    ...options,
    defaultPath: folder === undefined ? fileName : path.join(folder, fileName),
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  let filePath: string | undefined;
  try {
    const parent = BrowserWindow.fromWebContents(event.sender);
    const choice = parent
      ? await dialog.showSaveDialog(parent, full)
      : await dialog.showSaveDialog(full);
    filePath = choice.canceled ? undefined : choice.filePath;
  } catch (error) {
    return { status: 'failed', message: describeDialogError(error) };
  }
  if (filePath === undefined || filePath === '') return { status: 'cancelled' };
  return { filePath };
}

export async function saveWorkshopFile(
  request: SaveWorkshopFileRequest,
  event: IpcMainInvokeEvent,
): Promise<SaveWorkshopFileResult> {
  const chosen = await chooseSavePath(event, withWorkshopExtension(request.suggestedName), {
    title: 'Export workshop',
    buttonLabel: 'Export',
    filters: [WORKSHOP_SAVE_FILTER],
  });
  if (!('filePath' in chosen)) return chosen;
  return writeWorkshopFile(chosen.filePath, request.contents);
}

const FIGURE_SAVE_FILTERS: Record<FigureFormat, FileFilter> = {
  svg: { name: 'SVG image', extensions: ['svg'] },
  png: { name: 'PNG image', extensions: ['png'] },
};

/** Saves an exported figure (SVG text, or PNG bytes sent as base64) where the user chooses. */
export async function saveFigureFile(
  request: SaveFigureFileRequest,
  event: IpcMainInvokeEvent,
): Promise<SaveFigureFileResult> {
  const chosen = await chooseSavePath(
    event,
    withFigureExtension(request.suggestedName, request.format),
    {
      title: 'Export figure',
      buttonLabel: 'Export',
      filters: [FIGURE_SAVE_FILTERS[request.format]],
    },
  );
  if (!('filePath' in chosen)) return chosen;
  return writeFigureFile(chosen.filePath, request);
}

export async function openWorkshopFile(event: IpcMainInvokeEvent): Promise<OpenWorkshopFileResult> {
  const folder = documentsFolder();
  const options: OpenDialogOptions = {
    title: 'Import workshop',
    buttonLabel: 'Import',
    ...(folder === undefined ? {} : { defaultPath: folder }),
    filters: WORKSHOP_OPEN_FILTERS,
    properties: ['openFile'],
  };
  let filePath: string | undefined;
  try {
    const parent = BrowserWindow.fromWebContents(event.sender);
    const choice = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options);
    filePath = choice.canceled ? undefined : choice.filePaths[0];
  } catch (error) {
    return { status: 'failed', message: describeDialogError(error) };
  }
  if (filePath === undefined) return { status: 'cancelled' };
  return readWorkshopFile(filePath);
}

export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>): void {
  handle(ipcMain, CHANNELS.appInfo, NO_PAYLOAD, appInfo);
  handle(ipcMain, CHANNELS.saveWorkshopFile, SaveWorkshopFileRequestSchema, saveWorkshopFile);
  handle(ipcMain, CHANNELS.saveFigureFile, SaveFigureFileRequestSchema, saveFigureFile);
  handle(ipcMain, CHANNELS.openWorkshopFile, NO_PAYLOAD, (_payload, event) =>
    openWorkshopFile(event),
  );
}
