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
export const SaveWorkshopFileRequestSchema = z.object({
  suggestedName: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\\:*?"<>|\0]+$/, 'must be a plain file name'),
  contents: z.string().max(100 * 1024 * 1024),
});
export type SaveWorkshopFileRequest = z.infer<typeof SaveWorkshopFileRequestSchema>;

export type SaveWorkshopFileResult =
  | { readonly status: 'saved'; readonly fileName: string }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly message: string };

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
  /** Subscribes to application-menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
