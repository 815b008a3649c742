/**
 * The contract between the renderer and the desktop shell. The preload exposes
 * exactly `DebriefBridge` (checked with `satisfies`), each method a one-line
 * call of one channel; the main process registers one handler per channel and
 * parses every payload with the schema here before any service runs.
 * Never add a generic send/invoke: each capability gets a named method.
 */
import { z } from 'zod';

/** The global name the preload exposes the bridge under (`window.debrief`). */
export const BRIDGE_GLOBAL = 'debrief';

export const CHANNELS = {
  appInfo: 'app:info',
  saveWorkshopFile: 'workshop-file:save',
  openWorkshopFile: 'workshop-file:open',
  saveFigureFile: 'figure:save',
  menuCommand: 'menu:command',
} as const;

export const MENU_COMMANDS = ['undo', 'redo', 'export', 'import', 'home', 'add-note'] as const;
export const MenuCommandSchema = z.enum(MENU_COMMANDS);
export type MenuCommand = z.infer<typeof MenuCommandSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  shell: z.literal('desktop'),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** Filenames are suggestions shown in the save dialog; the user picks the real path. */
const SuggestedFileNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/\\:*?"<>|\0]+$/, 'must be a plain file name');

export const SaveWorkshopFileRequestSchema = z.object({
  suggestedName: SuggestedFileNameSchema,
  contents: z.string().max(100 * 1024 * 1024),
});
export type SaveWorkshopFileRequest = z.infer<typeof SaveWorkshopFileRequestSchema>;

export type SaveWorkshopFileResult =
  | { readonly status: 'saved'; readonly fileName: string }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly message: string };

export const FIGURE_FORMATS = ['svg', 'png'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/**
 * The largest figure the shell writes, in characters of `data` (SVG text, or a PNG as
 * base64). A diagram of hundreds of boxes is well under 1 MB as SVG and a few MB as a
 * 2x PNG; the bound keeps one IPC message from holding the main process's memory.
 */
export const MAX_FIGURE_DATA_CHARS = 20 * 1024 * 1024;

/** The 8-byte PNG signature, base64-encoded: every PNG's data starts with it. */
const PNG_BASE64_PREFIX = 'iVBORw0KGgo';

/**
 * A figure to save: the SVG's text, or the PNG's bytes as base64 (a string, so the
 * payload is plain data whatever the IPC serialiser does with typed arrays). The data
 * must at least look like what its format says, so a `.png` is never text and a `.svg`
 * never a binary blob.
 */
export const SaveFigureFileRequestSchema = z.discriminatedUnion('format', [
  z.strictObject({
    suggestedName: SuggestedFileNameSchema,
    format: z.literal('svg'),
    data: z
      .string()
      .min(1)
      .max(MAX_FIGURE_DATA_CHARS)
      .refine(
        (text) => /^\s*(<\?xml[^>]*\?>\s*)?<svg[\s>]/.test(text.slice(0, 512)),
        'must be an SVG document',
      ),
  }),
  z.strictObject({
    suggestedName: SuggestedFileNameSchema,
    format: z.literal('png'),
    data: z
      .base64()
      .min(1)
      .max(MAX_FIGURE_DATA_CHARS)
      .refine((text) => text.startsWith(PNG_BASE64_PREFIX), 'must be a PNG image'),
  }),
]);
export type SaveFigureFileRequest = z.infer<typeof SaveFigureFileRequestSchema>;
export type SaveFigureFileResult = SaveWorkshopFileResult;

export type OpenWorkshopFileResult =
  | {
      readonly status: 'opened';
      readonly fileName: string;
      readonly contents: string;
      readonly byteLength: number;
    }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly message: string };

export interface DebriefBridge {
  appInfo(): Promise<AppInfo>;
  saveWorkshopFile(request: SaveWorkshopFileRequest): Promise<SaveWorkshopFileResult>;
  openWorkshopFile(): Promise<OpenWorkshopFileResult>;
  saveFigureFile(request: SaveFigureFileRequest): Promise<SaveFigureFileResult>;
  /** Subscribes to application-menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
